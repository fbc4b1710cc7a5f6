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
		{"entries and a particle", "lang gieng\tneighbours\n\nnhe\t\n", map[string]string{"lang gieng": "neighbours", "nhe": ""}, false},
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
				if !errors.Is(err, ErrWordList) {
					t.Errorf("err = %v, want ErrWordList", err)
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
// keeps: it adds to the hand-written glossary rather than overriding it,
// its key is words as Words folds them, it is not a word translate drops on
// purpose, it translates (a name mapped to itself adds nothing), and its key
// is not English text that could make an English question look Vietnamese.
func TestVietnameseWords(t *testing.T) {
	words, err := parseWordList(vietnameseWordsTSV)
	if err != nil {
		t.Fatal(err)
	}
	if len(words) < 100 {
		t.Fatalf("%d entries, want the whole list", len(words))
	}
	for k, v := range words {
		if _, ok := vietnamese[k]; ok {
			t.Errorf("%q is in the domain glossary too", k)
		}
		if _, ok := vietnameseGeneral[k]; ok {
			t.Errorf("%q is in the general glossary too", k)
		}
		if got := strings.Join(Words(k), " "); got != k {
			t.Errorf("%q folds to %q: translate never sees it", k, got)
		}
		if vietnameseStopwords[k] || slices.Contains([]string{"nam", "viet", "nao", "gi"}, k) {
			t.Errorf("%q is a word translate handles itself", k)
		}
		if v != "" && strings.Join(Words(v), " ") == k {
			t.Errorf("%q translates to itself", k)
		}
		english := true
		for _, w := range strings.Fields(k) {
			english = english && (IsEnglishWord(w) || stopwords[w])
		}
		if english {
			t.Errorf("%q reads as English", k)
		}
	}
}

func TestParseTranslatesWordList(t *testing.T) {
	lex := seedIndex(t, Options{}).Lexicon()
	q := lex.Parse("vn co quan he dac biet voi nhung nuoc lang gieng nao")
	var got []string
	for _, g := range q.Groups {
		got = append(got, g.Word)
	}
	for _, w := range []string{"neighbours", "special"} {
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
			if !errors.Is(err, ErrWordList) {
				t.Fatalf("err %v is not ErrWordList", err)
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
