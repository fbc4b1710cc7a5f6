package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/retrieval"
)

// benchQuestions are a mix of kinds: facts, typos, Vietnamese, declines.
var benchQuestions = []string{
	"What was the value of bilateral trade in 2022?",
	"When was the Comprehensive Partnership established?",
	"which vietnamese leaders did biden meet?",
	"bilaterl trade turnovr 2022",
	"Thương mại song phương năm 2022 là bao nhiêu?",
	"How many US troops will be stationed in Vietnam?",
	"Who is the coach of Vietnam's football team?",
	"How many US soldiers' remains have been repatriated?",
}

// BenchmarkAnswer times one extractive answer, per retrieval mode; compare
// the modes with benchstat or `partnerbot bench`.
func BenchmarkAnswer(b *testing.B) {
	e := seedEngine(b)
	for _, mode := range []retrieval.Mode{retrieval.BM25, retrieval.Vector, retrieval.Hybrid} {
		b.Run(string(mode), func(b *testing.B) {
			ctx := context.Background()
			for i := 0; b.Loop(); i++ {
				if _, err := e.Answer(ctx, partnerbot.Question{Text: benchQuestions[i%len(benchQuestions)], Mode: string(mode)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAnswerOneLineArticle times an answer from an article that is one
// line of 200 kB with no sentence end and a figure every few words (a
// table, a PDF dump): its cost must grow with the text's length, not its
// square (it took seconds when each figure read all the text after it).
func BenchmarkAnswerOneLineArticle(b *testing.B) {
	var text strings.Builder
	for i := 0; text.Len() < 200_000; i++ {
		fmt.Fprintf(&text, "trade with Vietnam reached %d billion dollars in 20%02d and ", i%500, i%30)
	}
	d, err := corpus.Parse("oneline", []byte(text.String()), corpus.Meta{Title: "One line"})
	if err != nil {
		b.Fatal(err)
	}
	c, err := corpus.New([]*corpus.Document{d}, corpus.ChunkOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ix, err := retrieval.Build(context.Background(), c, retrieval.Options{})
	if err != nil {
		b.Fatal(err)
	}
	e := New(ix, Options{})
	ctx := context.Background()
	for b.Loop() {
		if _, err := e.Answer(ctx, partnerbot.Question{Text: "What was the value of trade in 2022?"}); err != nil {
			b.Fatal(err)
		}
	}
}
