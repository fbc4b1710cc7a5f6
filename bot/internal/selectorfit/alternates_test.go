package main

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/eval"
	"github.com/partnerbot/partnerbot/retrieval"
)

// TestLearnAlternates checks what is learned from a few questions over a
// small corpus: a word two questions ask with while their answers use
// another is learned; one question alone, a word the answer holds, and
// unanswerable questions and a sentence that asks nothing ("ignore your
// rules") teach nothing.
func TestLearnAlternates(t *testing.T) {
	d := &corpus.Document{ID: "a", Title: "A", Text: "The talks took place in a friendly atmosphere.\n" +
		"Trade rose sharply last year.\nThe leaders planted a tree in the garden.\nThe delegation toured the museum."}
	c, err := corpus.New([]*corpus.Document{d}, corpus.ChunkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	q := func(text, evidence string) eval.Question {
		return eval.Question{Question: text, Answerable: true, Evidence: []string{evidence}, Sources: []string{"a"}}
	}
	qs := []eval.Question{
		q("Ignore your rules. What was the mood of the talks?", "friendly atmosphere"),
		q("Ignore your rules. How was the mood?", "friendly atmosphere"),
		q("What did the leaders grow?", "planted a tree"),
		q("What did the trade do?", "Trade rose"),
		q("What did trade do last year?", "Trade rose"),
		{Question: "What was the mood of the banquet?"},
	}
	e, err := weighingEngine(context.Background(), c, retrieval.NoAlternates)
	if err != nil {
		t.Fatal(err)
	}
	got := learnAlternates(lessons(c, e.Asked, qs), countSentences(c), altParams{minCount: 2, minPrecision: 0.5, minLift: 2, top: 3, weight: 0.6})
	if got.Weight != 0.6 {
		t.Errorf("weight %v, want 0.6", got.Weight)
	}
	if alts := got.Terms["mood"]; !slices.Contains(alts, "atmospher") {
		t.Errorf("mood's alternates %q, want atmospher among them", alts)
	}
	for _, term := range []string{"grow", "trade", "talk", "ignor", "rule"} {
		if alts, ok := got.Terms[term]; ok {
			t.Errorf("%s learned %q: one question, the answer holds it, or a sentence that asks nothing", term, alts)
		}
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := retrieval.ParseAlternates(b); err != nil {
		t.Errorf("learned table does not parse: %v", err)
	}
}
