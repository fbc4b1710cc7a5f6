package retrieval

import (
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/partnerbot/partnerbot/corpus"
)

// bm25 is an Okapi BM25 index over passages, on the terms Terms produces.
// Each posting carries its term's saturated, length-normalised frequency,
// so a search only multiplies by IDF and adds.
type bm25 struct {
	n        int // passages
	postings map[string][]posting
	scratch  sync.Pool // *bm25Scratch, sized n
}

type posting struct {
	passage int32
	weight  float32 // tf·(k1+1) / (tf + k1·(1-b+b·len/avgLen))
}

const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

func newBM25(terms [][]string) *bm25 {
	ix := &bm25{n: len(terms), postings: map[string][]posting{}}
	total := 0
	for _, ts := range terms {
		total += len(ts)
	}
	avg := 1.0
	if len(terms) > 0 && total > 0 {
		avg = float64(total) / float64(len(terms))
	}
	tf := map[string]int{}
	for i, ts := range terms {
		clear(tf)
		for _, t := range ts {
			tf[t]++
		}
		norm := bm25K1 * (1 - bm25B + bm25B*float64(len(ts))/avg)
		for t, f := range tf {
			w := float64(f) * (bm25K1 + 1) / (float64(f) + norm)
			ix.postings[t] = append(ix.postings[t], posting{int32(i), float32(w)})
		}
	}
	ix.scratch.New = func() any { return newBM25Scratch(ix.n) }
	return ix
}

// passageTerms analyses every passage once, for the indexes built on terms.
func passageTerms(passages []corpus.Passage) [][]string {
	out := make([][]string, len(passages))
	for i, p := range passages {
		out[i] = Terms(p.Text)
	}
	return out
}

// withReferents adds to each passage's terms the people its sentences
// name only by title (see corpus.Referents), once per mention: "the
// General Secretary" counts as "Trong" where the article says who that is.
func withReferents(c *corpus.Corpus, passages []corpus.Passage, terms [][]string) [][]string {
	out := make([][]string, len(terms))
	for i, p := range passages {
		out[i] = terms[i]
		rs := c.Referents(p.DocID)
		for s := p.First; s <= p.Last && s < len(rs); s++ {
			for _, name := range rs[s] {
				if t, ok := Term(name); ok {
					out[i] = append(slices.Clip(out[i]), t)
				}
			}
		}
	}
	return out
}

func (ix *bm25) idf(term string) float64 {
	n := float64(ix.n)
	df := float64(len(ix.postings[term]))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// search scores passages against the query's groups and returns the n
// best that match at all. A group adds the best score of its alternatives,
// each scaled by its weight, so a word and its synonyms never count twice.
// Names and numbers count half again; context groups count half.
func (ix *bm25) search(q Query, n int) []scored {
	sc := ix.scratch.Get().(*bm25Scratch)
	defer ix.scratch.Put(sc)
	for _, g := range q.Groups {
		for _, a := range g.Alts {
			// A phrase scores the mean of its terms, so it counts fully
			// only where all of its words are.
			for _, t := range a.Terms {
				w := ix.idf(t) / float64(len(a.Terms))
				for _, p := range ix.postings[t] {
					sc.alt.add(int(p.passage), w*float64(p.weight))
				}
			}
			for _, p := range sc.alt.touched {
				sc.best.max(int(p), a.Weight*sc.alt.val[p])
			}
			sc.alt.reset()
		}
		scale := 1.0
		switch {
		case g.Context:
			scale = 0.5
		case g.Entity || g.Numeric:
			scale = 1.5 // names and numbers pin a question down
		}
		for _, p := range sc.best.touched {
			sc.total.add(int(p), scale*sc.best.val[p])
		}
		sc.best.reset()
	}
	h := topHeap{n: n}
	for _, p := range sc.total.touched {
		h.push(rowScore{p, sc.total.val[p]})
	}
	sc.total.reset()
	top := h.sorted()
	out := make([]scored, len(top))
	for i, t := range top {
		out[i] = scored{int(t.row), t.score}
	}
	return out
}

// bm25Scratch holds one search's running sums.
type bm25Scratch struct{ alt, best, total accumulator }

func newBM25Scratch(n int) *bm25Scratch {
	return &bm25Scratch{newAccumulator(n), newAccumulator(n), newAccumulator(n)}
}

// accumulator is a dense array of per-passage sums that remembers which
// entries it touched, so resetting costs what was used, not the corpus size.
type accumulator struct {
	val     []float64
	used    []bool
	touched []int32
}

func newAccumulator(n int) accumulator {
	return accumulator{val: make([]float64, n), used: make([]bool, n)}
}

func (a *accumulator) mark(p int) {
	if !a.used[p] {
		a.used[p] = true
		a.touched = append(a.touched, int32(p))
	}
}

func (a *accumulator) add(p int, v float64) { a.mark(p); a.val[p] += v }

func (a *accumulator) max(p int, v float64) { a.mark(p); a.val[p] = math.Max(a.val[p], v) }

func (a *accumulator) reset() {
	for _, p := range a.touched {
		a.val[p], a.used[p] = 0, false
	}
	a.touched = a.touched[:0]
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
