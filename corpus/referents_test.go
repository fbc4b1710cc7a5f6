package corpus

import (
	"slices"
	"strings"
	"testing"
)

func TestReferents(t *testing.T) {
	tests := []struct {
		name string
		text string
		want [][]string // per sentence
	}{
		{"a title bound to one name",
			"Talks began when Party General Secretary Maren Oskvold met President Tibo Raskin. " +
				"Later the General Secretary thanked the guest. Then the President left.",
			[][]string{nil, {"oskvold"}, {"raskin"}}},
		{"a title before two names stands for neither",
			"On Monday President Tibo Raskin met President Ada Lunde. Then the President spoke.",
			[][]string{nil, nil}},
		{"a shorter title ending the same way",
			"On Monday Party General Secretary Maren Oskvold spoke. Afterwards the Secretary left.",
			[][]string{nil, {"oskvold"}}},
		{"a title before a name is not a bare title",
			"On Monday General Secretary Maren Oskvold spoke. Then General Secretary Oskvold left.",
			[][]string{nil, nil}},
		{"a word that only qualifies an office is no title",
			"On Monday Party General Secretary Maren Oskvold spoke. The Party met in the State house.",
			[][]string{nil, nil}},
		{"an office of something else is not the bound title",
			"On Monday Party General Secretary Maren Oskvold met the visitors. Later Secretary of State Tibo Raskin spoke. The president of the bank left.",
			[][]string{nil, nil, nil}},
		{"no name, no binding",
			"The President spoke. The General Secretary listened.",
			[][]string{nil, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("a", []byte(tt.text), Meta{Title: "a"})
			if err != nil {
				t.Fatal(err)
			}
			c, err := New([]*Document{d}, ChunkOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := c.Referents(d.ID)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d sentences %q, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				if !slices.Equal(got[i], tt.want[i]) {
					t.Errorf("sentence %d %q: got %q, want %q", i, d.Sentence(i), got[i], tt.want[i])
				}
			}
		})
	}
}

func FuzzReferents(f *testing.F) {
	f.Add("Party General Secretary Maren Oskvold met President Tibo Raskin. The General Secretary thanked him.")
	f.Add("President of the United States Joseph R.Biden, Jr. met General Secretary of the Party. The President left")
	f.Add("The President. President President Ada Lunde. the president of")
	f.Fuzz(func(t *testing.T, text string) {
		d, err := Parse("a", []byte(text), Meta{Title: "a"})
		if err != nil {
			return
		}
		c, err := New([]*Document{d}, ChunkOptions{})
		if err != nil {
			return
		}
		got := c.Referents(d.ID)
		if len(got) != len(d.Sentences) {
			t.Fatalf("Referents gave %d sentences of %d", len(got), len(d.Sentences))
		}
		for i, names := range got {
			norm := Normalize(d.Text)
			for _, n := range names {
				if n == "" || !strings.Contains(norm, n) {
					t.Fatalf("sentence %d: referent %q is no word of the document", i, n)
				}
			}
		}
	})
}
