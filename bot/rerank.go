package bot

import (
	"cmp"
	"slices"

	"github.com/partnerbot/partnerbot/retrieval"
)

// bestScores records, in best, each passage's best rank score among the
// candidate sentences js: what the selector makes of the likeliest answer
// it holds. A sentence counts for the best-ranked retrieved passage that
// holds it.
func bestScores(best map[string]float64, js []judged) {
	for _, j := range js {
		if s, ok := best[j.chunk]; !ok || j.score > s {
			best[j.chunk] = j.score
		}
	}
}

// rerank orders hits by their best sentence's rank score (see bestScores),
// best first: the passage holding the sentence the selector judges likeliest
// to answer leads. Passages holding no candidate follow, in retrieval
// order, as do ties. The hits are renumbered from 1; hits is not changed.
func rerank(hits []retrieval.Hit, best map[string]float64) []retrieval.Hit {
	out := slices.Clone(hits)
	slices.SortStableFunc(out, func(a, b retrieval.Hit) int {
		sa, okA := best[a.Passage.ID]
		sb, okB := best[b.Passage.ID]
		switch {
		case okA && okB:
			return cmp.Compare(sb, sa)
		case okA:
			return -1
		case okB:
			return 1
		}
		return 0
	})
	for i := range out {
		out[i].Rank = i + 1
	}
	return out
}
