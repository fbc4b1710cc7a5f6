package bot

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot"
)

func ExampleWriteTrace() {
	tr := Trace{
		Passages: []PassageTrace{
			{Rank: 1, ChunkID: "003#01", Score: 0.5, FusedRank: 2, LexicalRank: 3, VectorRank: 1, Best: ptr(9.5)},
			{Rank: 2, ChunkID: "001#04", Score: 1, FusedRank: 1, LexicalRank: 1, VectorRank: 0},
		},
		Features:  []string{"coverage", "fits"},
		Threshold: 0.4,
		Parts: []PartTrace{{
			English: "what was trade in 2022", Kind: "quantity", Words: []string{"trade", "2022"},
			Candidates: []CandidateTrace{
				{ChunkID: "003#01", Sentence: "Trade reached $123.86 billion in 2022.", Features: []float64{1, 1}, Score: 9.5, P: 0.93},
				{ChunkID: "003#01", Sentence: "Trade grew.", Features: []float64{0.5, 0}, Score: 2, P: 0.05},
			},
			Chosen: []string{"Trade reached $123.86 billion in 2022."},
		}},
		Answer: partnerbot.Answer{Text: "Trade reached $123.86 billion in 2022. [1]", Mode: partnerbot.Extractive,
			Citations: []partnerbot.Citation{{DocID: "003", Title: "Trade", ChunkID: "003#01"}}},
	}
	WriteTrace(os.Stdout, tr)
	// Output:
	// Passages, by their best sentence's score (then rank in retrieval: fused, BM25, vector; 0 = not ranked):
	//    1  003#01                        best sentence   9.50  fused  2  bm25  3  vector  1  score 0.500
	//    2  001#04                        no candidate  fused  1  bm25  1  vector  0  score 1.000
	//
	// Part 1: "what was trade in 2022"
	//   kind: quantity
	//   words: trade, 2022
	//   candidates (2; best 2 shown; answers when p ≥ 0.400, and a list's neighbours or a conflicting figure may join it):
	//   * p 0.930  score   9.50  003#01  Trade reached $123.86 billion in 2022.
	//        coverage=1.00 fits=1.00
	//     p 0.050  score   2.00  003#01  Trade grew.
	//        coverage=0.50
	//   chose 1 sentence(s), marked *
	//
	// Answer:
	// Trade reached $123.86 billion in 2022. [1]
	//
	// Sources:
	//   [1] Trade — 003 (passage 003#01)
	//
	// (extractive answer)
}

func ptr[T any](v T) *T { return &v }

// TestExplainAgreesWithAnswer: what the trace marks as chosen is what the
// answer quotes, every passage it cites is among the trace's passages, and
// the trace says why the answer took its shape.
func TestExplainAgreesWithAnswer(t *testing.T) {
	e := seedEngine(t)
	for _, q := range []string{
		"How many US soldiers' remains have been repatriated?",                             // a conflict's other figure joins
		"What was bilateral trade in 2022, and what was the trade target for 2030?",        // a part left out
		"Which other countries has Vietnam got comprehensive strategic partnerships with?", // lists weighed beyond retrieval
		"Which leaders did Biden meet?",                                                    // a list's neighbours
		"When did Biden arrive in Hanoi?",
	} {
		t.Run(q, func(t *testing.T) {
			tr, err := e.Explain(context.Background(), partnerbot.Question{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			if tr.Reason == "" || tr.Reason != tr.Answer.Reason {
				t.Errorf("trace reason %q, answer's %q", tr.Reason, tr.Answer.Reason)
			}
			var chosen []string
			for _, p := range tr.Parts {
				chosen = append(chosen, p.Chosen...)
			}
			passages := map[string]bool{}
			for _, p := range tr.Passages {
				passages[p.ChunkID] = true
			}
			for _, c := range tr.Answer.Citations {
				if !passages[c.ChunkID] {
					t.Errorf("cites %s, which the trace's passages lack", c.ChunkID)
				}
				if !slices.ContainsFunc(chosen, func(s string) bool { return strings.Contains(s, c.Quote) || strings.Contains(c.Quote, s) }) {
					t.Errorf("quotes %q, which no part marks as chosen (%q)", c.Quote, chosen)
				}
			}
			for _, s := range chosen {
				if !slices.ContainsFunc(tr.Answer.Citations, func(c partnerbot.Citation) bool { return strings.Contains(s, c.Quote) || strings.Contains(c.Quote, s) }) {
					t.Errorf("marks %q as chosen, which the answer does not quote", s)
				}
			}
		})
	}
}
