package bot

import (
	"sort"
	"strings"

	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/retrieval"
)

// candidate is a sentence from a retrieved passage that might be quoted.
type candidate struct {
	doc   *corpus.Document
	index int    // the sentence's index in doc.Sentences
	chunk string // the best-ranked retrieved passage holding it
	rank  int    // that passage's rank
	text  string
	norm  string
	terms map[string]bool
	prev  map[string]bool // terms of the sentence before, for "He met…"
}

// judged is a candidate weighed against one question.
type judged struct {
	*candidate
	cov     float64 // weighted share of the question's groups it covers
	covered []bool  // per group: covered
	fits    bool    // holds the kind of thing asked for
	score   float64
	quote   string // the part worth quoting: the sentence, clipped if long
}

// candidates lists the sentences of the retrieved passages, each once, in
// retrieval order.
func (st *state) candidates(hits []retrieval.Hit) []*candidate {
	seen := map[[2]int]bool{}
	var out []*candidate
	for _, h := range hits {
		d, ok := st.corpus.Document(h.Passage.DocID)
		if !ok {
			continue
		}
		di := st.docIndex[d.ID]
		for i := h.Passage.First; i <= h.Passage.Last; i++ {
			key := [2]int{di, i}
			if seen[key] {
				continue
			}
			seen[key] = true
			c := &candidate{doc: d, index: i, chunk: h.Passage.ID, rank: h.Rank,
				text: d.Sentence(i), norm: st.norms[d.ID][i], terms: st.terms[d.ID][i]}
			if i > 0 {
				c.prev = st.terms[d.ID][i-1]
			}
			out = append(out, c)
		}
	}
	return out
}

// prevWeight is how much a term counts when only the sentence before holds
// it: enough to follow a pronoun, not enough to stand in for the sentence.
const prevWeight = 0.4

// judge weighs a candidate against the question's groups. Context groups,
// from earlier turns, can only add to coverage.
func judge(c *candidate, q retrieval.Query, k kind) judged {
	j := judged{candidate: c, covered: make([]bool, len(q.Groups)), fits: k.fits(c.norm)}
	var own, total, context float64
	for gi, g := range q.Groups {
		best := 0.0
		for ti, t := range g.Terms {
			switch {
			case c.terms[t]:
				best = max(best, g.Weights[ti])
			case c.prev[t]:
				best = max(best, prevWeight*g.Weights[ti])
			}
		}
		j.covered[gi] = best > 0
		if g.Context {
			context += 0.5 * g.Weight * best
			continue
		}
		own += g.Weight * best
		total += g.Weight
	}
	if total > 0 {
		j.cov = min(1, (own+context)/total)
	}
	j.score = j.cov + 0.05/float64(c.rank)
	if j.fits && k != kindOther {
		j.score += 0.15
	}
	j.quote = clip(c.text, q, j.covered, k)
	return j
}

// selection is the outcome of choosing quotes for one (sub)question.
type selection struct {
	chosen []judged
	reason string // why nothing was chosen
}

// choose picks the quotes that answer q: the best-scoring sentence that
// covers enough of the question and holds what it asks for, then sentences
// that cover what it misses, then a corroborating sentence from another
// article that scores nearly as well. It returns no quotes when the best
// coverage is too low, when a number or year the question names is in none
// of them, or when too much of the question's weight stays uncovered.
func (e *Engine) choose(q retrieval.Query, k kind, cands []*candidate) selection {
	own := 0
	for _, g := range q.Groups {
		if !g.Context {
			own++
		}
	}
	if own == 0 {
		return selection{reason: "no content words"}
	}
	var all []judged
	for _, c := range cands {
		all = append(all, judge(c, q, k))
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].score > all[b].score })
	var eligible []judged
	for _, j := range all {
		if j.cov >= e.opts.MinCoverage && j.fits {
			eligible = append(eligible, j)
		}
	}
	if len(eligible) == 0 {
		if len(all) > 0 && all[0].cov >= e.opts.MinCoverage {
			return selection{reason: "no sentence holds what the question asks for"}
		}
		return selection{reason: "coverage too low"}
	}
	chosen := []judged{eligible[0]}
	covered := append([]bool(nil), eligible[0].covered...)
	// Fill gaps: a sentence that covers a group still missing.
	for _, j := range eligible[1:] {
		if len(chosen) >= e.opts.MaxQuotes {
			break
		}
		if addsCoverage(q, covered, j.covered) && !repeats(chosen, j) && j.score >= 0.7*chosen[0].score {
			chosen = append(chosen, j)
			orInto(covered, j.covered)
		}
	}
	// Corroborate: the best sentence from another article, if nearly as good.
	if len(chosen) < e.opts.MaxQuotes {
		for _, j := range eligible[1:] {
			if j.score >= 0.9*chosen[0].score && !sameDoc(chosen, j) && !repeats(chosen, j) {
				chosen = append(chosen, j)
				orInto(covered, j.covered)
				break
			}
		}
	}
	if why := uncovered(q, covered); why != "" {
		return selection{reason: why}
	}
	return selection{chosen: chosen}
}

// uncovered explains what keeps covered groups from answering q, or "".
func uncovered(q retrieval.Query, covered []bool) string {
	var missing, total float64
	var words []string
	for gi, g := range q.Groups {
		if g.Context {
			continue
		}
		total += g.Weight
		if covered[gi] {
			continue
		}
		if g.Numeric {
			return "the articles do not mention " + g.Word
		}
		missing += g.Weight
		words = append(words, g.Word)
	}
	if total > 0 && missing/total >= maxMissing {
		return "uncovered: " + strings.Join(words, ", ")
	}
	return ""
}

// maxMissing is the share of a question's weight that may go uncovered.
const maxMissing = 0.45

func addsCoverage(q retrieval.Query, have, adds []bool) bool {
	for i, g := range q.Groups {
		if !g.Context && adds[i] && !have[i] && g.Weight > 1 {
			return true
		}
	}
	return false
}

func orInto(dst, src []bool) {
	for i := range dst {
		dst[i] = dst[i] || src[i]
	}
}

func sameDoc(chosen []judged, j judged) bool {
	for _, c := range chosen {
		if c.doc == j.doc {
			return true
		}
	}
	return false
}

// repeats reports whether j says nearly what a chosen sentence says.
func repeats(chosen []judged, j judged) bool {
	for _, c := range chosen {
		if overlap(c.terms, j.terms) >= 0.7 {
			return true
		}
	}
	return false
}

// overlap is the share of the smaller term set found in the other.
func overlap(a, b map[string]bool) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return 0
	}
	n := 0
	for t := range a {
		if b[t] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}
