package bot

import (
	"context"
	"slices"
	"testing"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/retrieval"
)

func TestRerank(t *testing.T) {
	hit := func(id string, rank int) retrieval.Hit {
		return retrieval.Hit{Passage: corpus.Passage{ID: id}, Rank: rank}
	}
	hits := []retrieval.Hit{hit("a", 1), hit("b", 2), hit("c", 3), hit("d", 4)}
	for _, tc := range []struct {
		name string
		best map[string]float64
		want []string
	}{
		{"no candidates: retrieval order", nil, []string{"a", "b", "c", "d"}},
		{"best sentence first", map[string]float64{"a": 1, "b": 3, "c": 2, "d": -1}, []string{"b", "c", "a", "d"}},
		{"passages without a candidate follow, in order", map[string]float64{"c": -5}, []string{"c", "a", "b", "d"}},
		{"ties keep retrieval order", map[string]float64{"a": 2, "b": 2, "d": 2}, []string{"a", "b", "d", "c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := rerank(hits, tc.best)
			var ids []string
			for i, h := range got {
				ids = append(ids, h.Passage.ID)
				if h.Rank != i+1 {
					t.Errorf("%s has rank %d at position %d", h.Passage.ID, h.Rank, i+1)
				}
			}
			if !slices.Equal(ids, tc.want) {
				t.Errorf("order = %v, want %v", ids, tc.want)
			}
			if hits[0].Passage.ID != "a" || hits[3].Rank != 4 {
				t.Error("rerank changed its input")
			}
		})
	}
}

// TestRetrieveOrdersByBestSentence checks that Retrieve gives the passages
// in the order Explain reports, by their best sentence's score, that a
// deeper Retrieve only adds passages after them, and that a decline names
// the article of the first of them.
func TestRetrieveOrdersByBestSentence(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	declined := 0
	for _, text := range []string{
		"When did Biden arrive in Hanoi?",
		"Why did the two countries upgrade their relations?",
		"What was said about semiconductors and the East Sea?",
		"What is the boiling point of mercury in kelvin?",
	} {
		t.Run(text, func(t *testing.T) {
			q := partnerbot.Question{Text: text}
			tr, err := e.Explain(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.Retrieve(ctx, q, e.opts.K)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tr.Passages) {
				t.Fatalf("Retrieve gave %d passages, Explain %d", len(got), len(tr.Passages))
			}
			prev, scored := 0.0, true
			for i, p := range tr.Passages {
				if got[i].Passage.ID != p.ChunkID || got[i].Rank != i+1 {
					t.Errorf("position %d: Retrieve %s (rank %d), Explain %s", i+1, got[i].Passage.ID, got[i].Rank, p.ChunkID)
				}
				switch {
				case p.Best == nil:
					scored = false
				case !scored:
					t.Errorf("%s has a best sentence but follows a passage without one", p.ChunkID)
				case i > 0 && *p.Best > prev:
					t.Errorf("%s's best sentence (%.2f) outscores the one before it (%.2f)", p.ChunkID, *p.Best, prev)
				}
				if p.Best != nil {
					prev = *p.Best
				}
			}
			deeper, err := e.Retrieve(ctx, q, e.opts.K+6)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for i, h := range deeper {
				if i < len(got) && h.Passage.ID != got[i].Passage.ID {
					t.Errorf("deeper position %d: %s, want %s", i+1, h.Passage.ID, got[i].Passage.ID)
				}
				if seen[h.Passage.ID] || h.Rank != i+1 {
					t.Errorf("deeper position %d: %s (rank %d) repeated or misnumbered", i+1, h.Passage.ID, h.Rank)
				}
				seen[h.Passage.ID] = true
			}
			if a := tr.Answer; a.Abstained && len(got) > 0 {
				declined++
				var want, names []string
				for _, h := range got {
					if !slices.Contains(want, h.Passage.DocID) && len(want) < 3 {
						want = append(want, h.Passage.DocID)
					}
				}
				for _, s := range a.Closest {
					names = append(names, s.DocID)
				}
				if !slices.Equal(names, want) {
					t.Errorf("decline names %v, want the articles in passage order %v", names, want)
				}
			}
		})
	}
	if declined == 0 {
		t.Error("no question was declined: the closest articles went unchecked")
	}
}
