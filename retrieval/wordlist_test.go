package retrieval

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseWordList(t *testing.T) {
	tests := []struct {
		name, in string
		want     map[string]string
		wantErr  bool
	}{
		{"entries and a particle", "lang gieng\tneighbours\n\nnhe\t-\n", map[string]string{"lang gieng": "neighbours", "nhe": ""}, false},
		{"no translation", "nhe\t\n", map[string]string{"nhe": ""}, false},
		{"no tab", "lang gieng neighbours\n", nil, true},
		{"diacritics in the key", "láng giềng\tneighbours\n", nil, true},
		{"upper case", "Lang\tneighbours\n", nil, true},
		{"double space", "lang  gieng\tneighbours\n", nil, true},
		{"value not plain", "lang gieng\tNeighbours!\n", nil, true},
		{"a key twice", "nhe\t\nnhe\t\n", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseWordList([]byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				if !errors.Is(err, errWordList) {
					t.Errorf("err = %v, want errWordList", err)
				}
				return
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%q = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

// TestVietnameseWords checks the rules every entry of the embedded word list
// keeps. Folding merges Vietnamese words, so an entry must not take over a
// word it does not mean:
//   - it has two words or more: one folded syllable has many readings
//     ("trong" is trong, trọng and the name Trọng);
//   - none of its words is part of a name the articles use;
//   - it does not end in the start of a glossary phrase ("co quan" would
//     split "có quan hệ");
//   - it adds to the hand-written glossary rather than overriding it;
//   - its key is words as Words folds them, so translate can see it;
//   - it translates to words, never to a number or ordinal, and not to
//     itself.
func TestVietnameseWords(t *testing.T) {
	words, err := parseWordList(vietnameseWordsTSV)
	if err != nil {
		t.Fatal(err)
	}
	if len(words) < 100 {
		t.Fatalf("%d entries, want the whole list", len(words))
	}
	names := seedIndex(t, Options{}).Lexicon().names.parts
	for k, v := range words {
		for _, bad := range wordListProblems(k, v, names) {
			t.Errorf("%q: %s", k, bad)
		}
	}
}

// wordListProblems lists the rules of TestVietnameseWords an entry breaks.
func wordListProblems(k, v string, names map[string]bool) []string {
	var out []string
	fields := strings.Fields(k)
	if len(fields) < 2 {
		out = append(out, "one word")
	}
	for _, w := range fields {
		if names[w] {
			out = append(out, "holds the name word "+w)
		}
	}
	for i := 1; i < len(fields); i++ {
		tail := strings.Join(fields[i:], " ") + " "
		for _, g := range []map[string]string{vietnamese, vietnameseGeneral} {
			for hk := range g {
				if strings.HasPrefix(hk, tail) {
					out = append(out, "ends where the glossary phrase "+hk+" starts")
				}
			}
		}
	}
	_, inDomain := vietnamese[k]
	_, inGeneral := vietnameseGeneral[k]
	if inDomain || inGeneral {
		out = append(out, "in the glossary too")
	}
	if got := strings.Join(Words(k), " "); got != k {
		out = append(out, "folds to "+got)
	}
	for _, w := range Words(v) {
		if isNumeric(w) || IsOrdinal(w) {
			out = append(out, "translates to the number "+w)
		}
	}
	if v != "" && strings.Join(Words(v), " ") == k {
		out = append(out, "translates to itself")
	}
	return out
}

func TestParseTranslatesWordList(t *testing.T) {
	lex := seedIndex(t, Options{}).Lexicon()
	q := lex.Parse("vn co quan he dac biet voi nhung nuoc lang gieng nao")
	var got []string
	for _, g := range q.Groups {
		got = append(got, g.Word)
	}
	for _, w := range []string{"neighbours", "special", "relations"} {
		if !slices.Contains(got, w) {
			t.Errorf("Parse words %v lack %q", got, w)
		}
	}
}

func FuzzParseWordList(f *testing.F) {
	f.Add([]byte("lang gieng\tneighbours\nnhe\t\n"))
	f.Add([]byte("a\tb\nb"))
	f.Add([]byte("\t\n\t\t"))
	f.Fuzz(func(t *testing.T, b []byte) {
		words, err := parseWordList(b)
		if err != nil {
			if !errors.Is(err, errWordList) {
				t.Fatalf("err %v is not errWordList", err)
			}
			return
		}
		for k, v := range words {
			if !plainWords(k) || (v != "" && !plainWords(v)) {
				t.Fatalf("accepted %q\t%q", k, v)
			}
		}
	})
}
