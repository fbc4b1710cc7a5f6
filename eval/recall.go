package eval

import (
	"context"
	"fmt"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/retrieval"
)

// RecallAt is, for each depth in ks, the share of the answerable questions
// with a relevant passage (see Result.HitRank) among the first k retrieved
// in mode: what a model shown k passages could at best answer. Each depth
// is searched on its own, in retrieval's order (Engine.Search); the engine
// orders the passages it retrieves by their best sentence before a model
// sees them, which changes which come first, not which are among them.
func RecallAt(ctx context.Context, e *bot.Engine, qs []Question, mode retrieval.Mode, ks []int) (map[int]float64, error) {
	found := map[int]int{}
	answerable := 0
	for _, q := range qs {
		if !q.Answerable {
			continue
		}
		answerable++
		for _, k := range ks {
			hits, err := e.Search(ctx, partnerbot.Question{Text: q.Question, Mode: string(mode)}, k)
			if partnerbot.UserMessage(err) != "" {
				break // the question is refused as asked: nothing retrieved
			}
			if err != nil {
				return nil, fmt.Errorf("question %s: %w", q.ID, err)
			}
			for _, h := range hits {
				if relevant(q, h.Passage) {
					found[k]++
					break
				}
			}
		}
	}
	out := map[int]float64{}
	for _, k := range ks {
		if answerable > 0 {
			out[k] = float64(found[k]) / float64(answerable)
		}
	}
	return out, nil
}
