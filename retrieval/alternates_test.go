package retrieval

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/corpus"
)

func TestParseAlternates(t *testing.T) {
	tests := []struct {
		name, in string
		wantErr  bool
	}{
		{"valid", `{"weight": 0.6, "terms": {"mood": ["atmospher", "tone"]}}`, false},
		{"empty table", `{"weight": 0.6, "terms": {}}`, false},
		{"digits and accents", `{"weight": 1, "terms": {"2023": ["nam"], "café": ["coffe"]}}`, false},
		{"not JSON", `{"weight": 0.6,`, true},
		{"no weight", `{"terms": {}}`, true},
		{"weight over one", `{"weight": 1.5, "terms": {}}`, true},
		{"negative weight", `{"weight": -0.1, "terms": {}}`, true},
		{"key with a space", `{"weight": 0.6, "terms": {"sit down": ["talk"]}}`, true},
		{"upper case", `{"weight": 0.6, "terms": {"Mood": ["atmospher"]}}`, true},
		{"control character", `{"weight": 0.6, "terms": {"mood": ["atmo\u0007"]}}`, true},
		{"alternate is the term", `{"weight": 0.6, "terms": {"mood": ["mood"]}}`, true},
		{"alternate twice", `{"weight": 0.6, "terms": {"mood": ["tone", "tone"]}}`, true},
		{"no alternates", `{"weight": 0.6, "terms": {"mood": []}}`, true},
		{"too many alternates", `{"weight": 0.6, "terms": {"mood": ["a","b","c","d","e","f","g","h","i"]}}`, true},
		{"overlong term", `{"weight": 0.6, "terms": {"` + strings.Repeat("x", 65) + `": ["a"]}}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAlternates([]byte(tt.in))
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Fatalf("err = %v, want error: %v", err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrAlternates) {
				t.Errorf("err = %v, want ErrAlternates", err)
			}
		})
	}
}

func TestDefaultAlternates(t *testing.T) {
	a, err := DefaultAlternates()
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Terms) == 0 || len(a.FittedOn) == 0 {
		t.Errorf("embedded alternates: %d terms, fitted on %q; want some of each", len(a.Terms), a.FittedOn)
	}
}

// TestAlternatesWidenQuery checks that a question word's group holds its
// alternates at the table's weight, only when the index has them, and
// that search then finds the sentence written in the alternate's words.
func TestAlternatesWidenQuery(t *testing.T) {
	d := &corpus.Document{ID: "a", Title: "A", Text: "The talks took place in a friendly atmosphere.\nTrade rose by a tenth last year.\nThe leaders planted a tree."}
	c, err := corpus.New([]*corpus.Document{d}, corpus.ChunkOptions{MaxSentences: 1})
	if err != nil {
		t.Fatal(err)
	}
	table := &Alternates{Weight: 0.5, Terms: map[string][]string{"mood": {"atmospher"}}}
	tests := []struct {
		name       string
		alts       *Alternates
		wantWeight float64 // of "atmospher" in the group of "mood"; 0 for absent
	}{
		{"table", table, 0.5},
		{"none", NoAlternates, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := Build(context.Background(), c, Options{Alternates: tt.alts})
			if err != nil {
				t.Fatal(err)
			}
			q := ix.Lexicon().Parse("what was the mood?")
			if len(q.Groups) != 1 {
				t.Fatalf("groups %+v, want one for mood", q.Groups)
			}
			got := 0.0
			if i := slices.Index(q.Groups[0].Terms, "atmospher"); i >= 0 {
				got = q.Groups[0].Weights[i]
			}
			if got != tt.wantWeight {
				t.Errorf("weight of atmospher = %v, want %v (terms %q)", got, tt.wantWeight, q.Groups[0].Terms)
			}
			hits, err := ix.Search(context.Background(), q, BM25, 3)
			if err != nil {
				t.Fatal(err)
			}
			found := len(hits) > 0 && strings.Contains(hits[0].Passage.Text, "atmosphere")
			if found != (tt.wantWeight > 0) {
				t.Errorf("bm25 finds the atmosphere sentence first: %v, want %v (%d hits)", found, tt.wantWeight > 0, len(hits))
			}
		})
	}
}

func FuzzParseAlternates(f *testing.F) {
	f.Add([]byte(`{"weight": 0.6, "terms": {"mood": ["atmospher"]}}`))
	f.Add([]byte(`{"weight": 1e308, "terms": {"": [""]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ParseAlternates(b)
		if err != nil {
			return
		}
		if a.Weight <= 0 || a.Weight > 1 || len(a.Terms) > maxAlternateKeys {
			t.Fatalf("accepted weight %v with %d terms", a.Weight, len(a.Terms))
		}
		for k, alts := range a.Terms {
			if !isTerm(k) || len(alts) == 0 || len(alts) > maxAlternatesPer {
				t.Fatalf("accepted %q: %q", k, alts)
			}
		}
	})
}
