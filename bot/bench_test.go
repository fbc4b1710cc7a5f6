package bot

import (
	"context"
	"testing"

	"github.com/partnerbot/partnerbot"

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
