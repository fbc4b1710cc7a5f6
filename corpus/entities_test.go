package corpus

import (
	"errors"
	"slices"
	"testing"
)

func TestParseAliases(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		want    Aliases
		wantErr bool
	}{
		{"empty file", "", Aliases{}, false},
		{"names and aliases", "Nguyen Phu Trong: [ông Trọng, party chief]\nMcCain: [Mc Cain]\n",
			Aliases{"Nguyen Phu Trong": {"ông Trọng", "party chief"}, "McCain": {"Mc Cain"}}, false},
		{"space trimmed", "' Hanoi ': [' Ha Noi ']", Aliases{"Hanoi": {"Ha Noi"}}, false},
		{"not a mapping", "- a\n- b\n", nil, true},
		{"aliases not a list", "Hanoi: Ha Noi\n", nil, true},
		{"name given twice", "Hanoi: [a]\nHanoi: [b]\n", nil, true},
		{"alias without letters", "Hanoi: ['--']\n", nil, true},
		{"empty name", "'': [a]\n", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAliases([]byte(tt.raw))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				if !errors.Is(err, ErrAliases) {
					t.Errorf("err = %v, want ErrAliases", err)
				}
				return
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for k, v := range tt.want {
				if !slices.Equal(got[k], v) {
					t.Errorf("aliases of %q = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func FuzzParseAliases(f *testing.F) {
	f.Add([]byte("Nguyen Phu Trong: [ông Trọng]\n"))
	f.Add([]byte("a: [b, c]\nd: []\n"))
	f.Add([]byte("{"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		a, err := ParseAliases(raw)
		if err != nil {
			if !errors.Is(err, ErrAliases) {
				t.Fatalf("err %v is not ErrAliases", err)
			}
			return
		}
		for name, as := range a {
			for _, s := range append([]string{name}, as...) {
				if checkName(s) != nil {
					t.Fatalf("accepted bad name or alias %q", s)
				}
			}
		}
	})
}

func TestEntities(t *testing.T) {
	doc := func(id, text string, aliases Aliases) *Document {
		d, err := Parse(id, []byte(text), Meta{Title: id})
		if err != nil {
			t.Fatal(err)
		}
		d.Aliases = aliases
		return d
	}
	docs := []*Document{
		doc("a", "Chancellor Maren Oskvold met Premier Tibo Raskin in Vellmar Harbour. "+
			"Later, Oskvold said the talks went well. The harbour is large. "+
			"Additionally, the two sides agreed on fisheries, Vellmar, Tarn and Oskby.", nil),
		doc("b", "In reply, Raskin thanked Maren Oskvold.", Aliases{"Maren Oskvold": {"the Chancellor of Tarn"}, "Tarn Union": {"TU"}}),
	}
	c, err := New(docs, ChunkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Entity{}
	for _, e := range c.Entities() {
		got[e.Name] = e
	}
	tests := []struct {
		name      string
		wantShort string
		aliases   []string
	}{
		{"Maren Oskvold", "oskvold", []string{"the Chancellor of Tarn"}},
		{"Tibo Raskin", "raskin", nil},
		{"Tarn Union", "", []string{"TU"}}, // from the aliases file only
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := got[tt.name]
			if !ok {
				t.Fatalf("no entity %q among %v", tt.name, c.Entities())
			}
			if e.Short != tt.wantShort {
				t.Errorf("Short = %q, want %q", e.Short, tt.wantShort)
			}
			if !slices.Equal(e.Aliases, tt.aliases) {
				t.Errorf("Aliases = %q, want %q", e.Aliases, tt.aliases)
			}
		})
	}
	for _, not := range []string{"Vellmar Harbour", "Additionally", "Vellmar Tarn", "Chancellor Maren Oskvold"} {
		if _, ok := got[not]; ok {
			t.Errorf("entity %q, want none: a word written in lower case, a sentence opener, a list or a title", not)
		}
	}
}

func TestEmbeddedEntities(t *testing.T) {
	docs, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(docs, ChunkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, e := range c.Entities() {
		if Normalize(e.Name) == "nguyen phu trong" {
			found = true
			if e.Short != "trong" || len(e.Aliases) == 0 {
				t.Errorf("entity %+v, want the short form trong and aliases from %s", e, AliasesFile)
			}
		}
	}
	if !found {
		t.Errorf("no entity for the General Secretary among %d", len(c.Entities()))
	}
}
