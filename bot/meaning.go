package bot

import (
	"strings"

	"github.com/partnerbot/partnerbot/retrieval"
)

// meaning measures how close in meaning a question's words come to the
// words of candidate sentences, by the embedded word vectors. It remembers
// each sentence word's cosines to the question's words, so a question costs
// one cosine for each pair of a distinct sentence word and a question word.
// It lives for one question.
type meaning struct {
	wv     *retrieval.WordVectors
	words  []int32             // the row of each word of each group, -1 when none
	groups [][]int             // for each group of the query, indexes into words
	own    []int               // indexes into words of the question's own groups
	cos    map[int32][]float64 // sentence row → cosine to each of words
}

func newMeaning(q retrieval.Query) *meaning {
	m := &meaning{wv: retrieval.Glove(), cos: map[int32][]float64{}}
	for _, g := range q.Groups {
		var idx []int
		for _, w := range strings.Fields(g.Word) {
			idx = append(idx, len(m.words))
			m.words = append(m.words, m.wv.ID(w))
			if !g.Context && m.wv.ID(w) >= 0 {
				m.own = append(m.own, len(m.words)-1)
			}
		}
		m.groups = append(m.groups, idx)
	}
	return m
}

// row returns a sentence word's cosines to the question's words.
func (m *meaning) row(r int32) []float64 {
	if c, ok := m.cos[r]; ok {
		return c
	}
	c := make([]float64, len(m.words))
	for i, w := range m.words {
		c[i] = m.wv.Cosine(w, r)
	}
	m.cos[r] = c
	return c
}

// nearest returns, for each question word, the best cosine to any of a
// sentence's rows.
func (m *meaning) nearest(rows []int32) []float64 {
	best := make([]float64, len(m.words))
	for _, r := range rows {
		for i, c := range m.row(r) {
			best[i] = max(best[i], c)
		}
	}
	return best
}

// closest is how close a sentence comes to group gi, given its nearest:
// the best cosine of each of the group's words, averaged over them.
func (m *meaning) closest(gi int, nearest []float64) float64 {
	idx := m.groups[gi]
	if len(idx) == 0 {
		return 0
	}
	sum := 0.0
	for _, i := range idx {
		sum += nearest[i]
	}
	return sum / float64(len(idx))
}

// precision is how much of a sentence is about the question: the mean,
// over its words, of the best cosine to one of the question's own words.
func (m *meaning) precision(rows []int32) float64 {
	if len(rows) == 0 || len(m.own) == 0 {
		return 0
	}
	sum := 0.0
	for _, r := range rows {
		c := m.row(r)
		best := 0.0
		for _, i := range m.own {
			best = max(best, c[i])
		}
		sum += best
	}
	return sum / float64(len(rows))
}
