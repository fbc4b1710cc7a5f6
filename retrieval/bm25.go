package retrieval

import (
	"math"
	"sort"

	"github.com/partnerbot/partnerbot/corpus"
)

// bm25 is an Okapi BM25 index over passages, on the terms Terms produces.
type bm25 struct {
	k1, b    float64
	postings map[string][]posting
	lengths  []int
	avgLen   float64
}

type posting struct {
	passage int
	tf      int
}

func newBM25(passages []corpus.Passage) *bm25 {
	ix := &bm25{k1: 1.2, b: 0.75, postings: map[string][]posting{}, lengths: make([]int, len(passages))}
	total := 0
	for i, p := range passages {
		tf := map[string]int{}
		for _, t := range Terms(p.Text) {
			tf[t]++
			ix.lengths[i]++
		}
		total += ix.lengths[i]
		for t, n := range tf {
			ix.postings[t] = append(ix.postings[t], posting{i, n})
		}
	}
	if len(passages) > 0 {
		ix.avgLen = float64(total) / float64(len(passages))
	}
	return ix
}

func (ix *bm25) idf(term string) float64 {
	n := float64(len(ix.lengths))
	df := float64(len(ix.postings[term]))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// search scores every passage against the query's groups. A group adds the
// best score of its alternatives, each scaled by its weight, so a word and
// its synonyms never count twice. Names and numbers count half again; context
// groups count half.
func (ix *bm25) search(q Query) []scored {
	scores := map[int]float64{}
	for _, g := range q.Groups {
		best := map[int]float64{}
		for _, a := range g.Alts {
			// A phrase scores the mean of its terms, so it counts fully
			// only where all of its words are.
			alt := map[int]float64{}
			for _, t := range a.Terms {
				idf := ix.idf(t)
				for _, p := range ix.postings[t] {
					tf := float64(p.tf)
					norm := tf * (ix.k1 + 1) / (tf + ix.k1*(1-ix.b+ix.b*float64(ix.lengths[p.passage])/ix.avgLen))
					alt[p.passage] += idf * norm / float64(len(a.Terms))
				}
			}
			for p, v := range alt {
				best[p] = math.Max(best[p], a.Weight*v)
			}
		}
		scale := 1.0
		switch {
		case g.Context:
			scale = 0.5
		case g.Entity || g.Numeric:
			scale = 1.5 // names and numbers pin a question down
		}
		for p, s := range best {
			scores[p] += scale * s
		}
	}
	out := make([]scored, 0, len(scores))
	for p, s := range scores {
		out = append(out, scored{p, s})
	}
	sortScored(out)
	return out
}

// scored is a passage index with a score, higher is better.
type scored struct {
	passage int
	score   float64
}

func sortScored(s []scored) {
	sort.Slice(s, func(i, j int) bool {
		if s[i].score != s[j].score {
			return s[i].score > s[j].score
		}
		return s[i].passage < s[j].passage
	})
}
