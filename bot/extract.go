package bot

import (
	"fmt"
	"maps"
	"slices"
	"sort"

	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/retrieval"
)

// candidate is a sentence from a retrieved passage that might be quoted.
type candidate struct {
	doc         *corpus.Document
	index       int    // the sentence's index in doc.Sentences
	chunk       string // the best-ranked retrieved passage holding it
	rank        int    // that passage's rank
	text        string
	norm        string
	terms       map[string]bool
	seq         []string        // the terms in order
	vecs        []int32         // word-vector rows of its words
	mean        []float32       // mean word vector of its content words
	contentVecs []int32         // word-vector rows of its content words
	lexRank     int             // its passage's rank in BM25, 0 if not ranked
	vecRank     int             // its passage's rank in vector search, 0 if not ranked
	prev        map[string]bool // terms of the sentence before, for "He met…"
	chunkTerms  map[string]bool // terms of its passage and the two sentences before
	shapes      *shapes         // the sentence's cached kind.fitsText, if any
	spans       *spanCache      // for the parts clip tries, if any
}

// judged is a candidate weighed against one question.
type judged struct {
	*candidate
	cov         float64   // weighted share of the question's groups it covers
	covered     []bool    // per group: covered
	fits        bool      // holds the kind of thing asked for
	named       bool      // mentions every name and, if asked, a number the question gives
	names       bool      // mentions every name the question gives
	numbers     bool      // mentions a number the question gives, if it gives any
	focused     bool      // covers the question's focus
	soft        float64   // coverage counting words close in meaning
	softMissing float64   // see softCoverage
	nearest     []float64 // per question word, the best cosine to one of its words
	x           Features  // features
	score       float64   // the selector's rank score
	p           float64   // the selector's probability that it answers
	quote       string    // the part worth quoting: the sentence, clipped if long
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
		ds := st.doc(d)
		chunkTerms := map[string]bool{}
		for i := h.Passage.First; i <= h.Passage.Last; i++ {
			for t := range ds.terms[i] {
				chunkTerms[t] = true
			}
		}
		for i := h.Passage.First; i <= h.Passage.Last; i++ {
			key := [2]int{di, i}
			if seen[key] {
				continue
			}
			seen[key] = true
			near := chunkTerms // read only; holds sentences First.. already
			if i-2 < h.Passage.First && i > 0 {
				near = maps.Clone(chunkTerms)
				for b := max(0, i-2); b < h.Passage.First; b++ {
					maps.Copy(near, ds.terms[b])
				}
			}
			c := &candidate{doc: d, index: i, chunk: h.Passage.ID, rank: h.Rank,
				text: d.Sentence(i), norm: ds.norms[i], terms: ds.terms[i], seq: ds.seqs[i], vecs: ds.vecs[i], mean: ds.means[i], contentVecs: ds.cvecs[i],
				lexRank: h.LexicalRank, vecRank: h.VectorRank,
				chunkTerms: near, shapes: &ds.shapes[i], spans: &st.spans}
			if i > 0 {
				c.prev = ds.terms[i-1]
			}
			out = append(out, c)
		}
	}
	return out
}

// prevWeight is how much a term counts when only the sentence before holds
// it: enough to follow a pronoun, not enough to stand in for the sentence.
// Measured leave-one-set-out on ten sets (1,404 questions, the 26-feature
// selector refitted for each value): 0.2 → 0.689 answered or declined
// rightly, 0.4 → 0.699, 0.6 → 0.692.
const prevWeight = 0.4

// partPhrase discounts a phrase the sentence holds only part of. Measured
// leave-one-set-out on ten sets (1,404 questions, the 27-feature selector
// refitted for each value): 0.6 → 0.705 answered or declined rightly, 0.8 →
// 0.706, 1 → 0.701.
const partPhrase = 0.8

// coveredAt is the groupValue at which a sentence counts as covering a
// question word. Measured leave-one-set-out on ten sets (1,404 questions,
// selector refitted for each value, the focus test left at 0.35): 0.25 →
// 0.694 answered or declined rightly, 0.35 → 0.706, 0.5 → 0.689.
const coveredAt = 0.35

// judge weighs a candidate against the question's groups. Context groups,
// from earlier turns, can only add to coverage.
// asked is askedWords(q).
func judge(c *candidate, r reading, m *meaning) judged {
	q, k, asked := r.q, r.kind, r.asked
	j := judged{candidate: c, covered: make([]bool, len(q.Groups)), fits: k.fits(c, asked)}
	var own, total, context float64
	for gi, g := range q.Groups {
		best := groupValue(c, g)
		j.covered[gi] = best >= coveredAt
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
	j.names, j.numbers = namesAndNumbers(c, q, k)
	j.focused = coversFocus(c, q, r.focus)
	j.named = j.names && j.numbers && j.focused
	j.nearest = m.nearest(c.vecs)
	j.soft, j.softMissing = softCoverage(c, q, m, j.nearest)
	return j
}

// listNeighbour reports whether j sits within two sentences of a chosen
// sentence of the same article and shares a question word it covers.
func listNeighbour(chosen []judged, j judged, q retrieval.Query) bool {
	for _, c := range chosen {
		if c.doc != j.doc || abs(c.index-j.index) > 2 {
			continue
		}
		for gi := range q.Groups {
			if c.covered[gi] && j.covered[gi] && !q.Groups[gi].Context {
				return true
			}
		}
	}
	return false
}

// groupValue is how well a sentence covers a group, 0 to 1: the best of
// its alternatives, a phrase counting by the share of its terms present,
// and a term only in the sentence before counting prevWeight.
func groupValue(c *candidate, g retrieval.Group) float64 {
	if (g.Word == "year" || g.Word == "years") && yearRe.MatchString(c.norm) {
		return 1 // "the year each one started": a year answers it
	}
	best := 0.0
	for _, a := range g.Alts {
		var in float64
		for _, t := range a.Terms {
			switch {
			case c.terms[t]:
				in++
			case c.prev[t]:
				in += prevWeight
			}
		}
		frac := in / float64(len(a.Terms))
		if len(a.Terms) > 1 && frac < 1 {
			frac *= partPhrase
		}
		best = max(best, a.Weight*frac)
	}
	return best
}

// selection is the outcome of choosing quotes for one (sub)question.
type selection struct {
	chosen   []judged
	eligible []judged // every sentence that could answer, best first
	all      []judged // every candidate, weighed (when declined too)
	reason   string   // why nothing was chosen
}

// choose picks the quotes that answer q. The selector weighs every
// sentence; the best-ranked that reaches the selector's threshold leads,
// if it is among the selector's AcceptTop best-ranked, then, among those
// that reach it too, sentences that name someone or somewhere new (for
// "who" and "which countries"), that cover a word still missing, that give
// a different figure, or that corroborate from another article. It returns
// no quotes when no sentence can lead. tr, when not nil, records every
// candidate.
func (e *Engine) choose(r reading, cands []*candidate, tr *PartTrace) selection {
	q, k, asked := r.q, r.kind, r.asked
	own := 0
	for _, g := range q.Groups {
		if !g.Context {
			own++
		}
	}
	if own == 0 {
		return tr.done(selection{reason: "no content words"})
	}
	var all []judged
	m := newMeaning(q)
	for _, c := range cands {
		all = append(all, judge(c, r, m))
	}
	features(all, q, k, m)
	sel := e.opts.Selector
	sel.weigh(all)
	// Clipping is costly: only sentences that may be quoted, or traced,
	// are clipped.
	quote := func(j *judged) {
		if j.quote == "" {
			j.quote = clip(j.text, q, j.covered, k, asked, j.spans)
		}
	}
	var eligible []judged
	for i := range all {
		if tr != nil || all[i].p >= sel.Threshold {
			quote(&all[i])
		}
		if all[i].p >= sel.Threshold {
			eligible = append(eligible, all[i])
		}
	}
	tr.record(all)
	if len(eligible) == 0 {
		if len(all) == 0 {
			return tr.done(selection{reason: "nothing retrieved"})
		}
		return tr.done(selection{all: all, reason: fmt.Sprintf("best sentence's probability %.2f is under the threshold %.2f", all[0].p, sel.Threshold)})
	}
	if top := sel.AcceptTop; top > 0 && !containsSentence(all[:min(top, len(all))], eligible[0]) {
		return tr.done(selection{all: all, reason: fmt.Sprintf("no sentence of the best %d by rank reaches the threshold %.2f", top, sel.Threshold)})
	}
	chosen := []judged{eligible[0]}
	covered := append([]bool(nil), eligible[0].covered...)
	// List: for "who" and "which countries", sentences that name someone
	// or somewhere new: ones that reach the threshold too, or the
	// sentences right around a chosen one that share its words ("He met…
	// He had a meeting with… The US President also met with…").
	if k == kindWho || k == kindCountries {
		names := namesIn(chosen[0].text)
		for _, j := range all {
			if len(chosen) >= e.opts.MaxQuotes {
				break
			}
			good := j.p >= sel.Threshold
			if (good || listNeighbour(chosen, j, q)) && j.fits && !containsSentence(chosen, j) && addsNames(names, j.text) {
				quote(&j)
				chosen = append(chosen, j)
				orInto(covered, j.covered)
			}
		}
	}
	// Fill gaps: a sentence that covers a group still missing.
	for _, j := range eligible[1:] {
		if len(chosen) >= e.opts.MaxQuotes {
			break
		}
		if addsCoverage(q, covered, j.covered) && !repeats(chosen, j) {
			chosen = append(chosen, j)
			orInto(covered, j.covered)
		}
	}
	// Figures: for "how many" and "how much", other sentences that give a
	// different figure, so the answer shows where the articles differ.
	if k == kindQuantity || k == kindMoney {
		about := focusTerms(r)
		seen := figureValues(chosen[0].text, about)
		for _, j := range eligible[1:] {
			if len(chosen) >= e.opts.MaxQuotes {
				break
			}
			if !containsSentence(chosen, j) && addsValues(seen, figureValues(j.text, about)) {
				chosen = append(chosen, j)
				orInto(covered, j.covered)
			}
		}
	}
	// Every other sentence likely enough to answer, best first.
	for _, j := range eligible[1:] {
		if len(chosen) >= e.opts.MaxQuotes {
			break
		}
		if !containsSentence(chosen, j) && !repeats(chosen, j) {
			chosen = append(chosen, j)
			orInto(covered, j.covered)
		}
	}
	return tr.done(selection{chosen: chosen, eligible: eligible, all: all})
}

// namesAndNumbers reports, separately, whether a sentence holds every named
// entity of the question, and whether it holds a number the question gives
// (true when it gives none).
func namesAndNumbers(c *candidate, q retrieval.Query, k kind) (names, numbersOK bool) {
	numbers, found := 0, 0
	names = true
	for _, g := range q.Groups {
		if g.Context || (k == kindWhen && retrieval.IsOrdinal(g.Word)) {
			continue // "when was it first set up": first is not a figure
		}
		has := false
		for _, t := range g.Terms {
			if c.terms[t] {
				has = true
				break
			}
		}
		if g.Critical() && !has {
			names = false
		}
		if g.Numeric {
			numbers++
			if has {
				found++
			}
		}
	}
	return names, numbers == 0 || found > 0
}

// focusTerms returns the terms of the head of the question's focus, or nil
// when it has none.
func focusTerms(r reading) map[string]bool {
	if len(r.focus) == 0 {
		return nil
	}
	return set(r.q.Groups[r.focus[len(r.focus)-1]].Terms)
}

// coversFocus reports whether a sentence covers the question's focus, when
// it has one.
// The passage around the sentence counts: "This is the most important
// outcome" covers "what did Trong call…" when Trong is named just before.
//
// The head of the phrase (its last word) must be covered, and at least half
// of the words before it, rounded up: "regional economic framework" is
// covered by "Economic Cooperation Framework", "GDP growth" is not by a
// sentence about trade growth.
func coversFocus(c *candidate, q retrieval.Query, f []int) bool {
	if len(f) == 0 {
		return true
	}
	has := func(gi int) bool { return groupValue(c, q.Groups[gi]) >= coveredAt || inChunk(c, q.Groups[gi]) }
	if !has(f[len(f)-1]) {
		return false
	}
	mods := f[:len(f)-1]
	covered := 0
	for _, gi := range mods {
		if has(gi) {
			covered++
		}
	}
	return covered >= (len(mods)+1)/2
}

// inChunk reports whether the candidate's passage holds every term of one
// of the group's alternatives.
func inChunk(c *candidate, g retrieval.Group) bool {
	for _, a := range g.Alts {
		all := true
		for _, t := range a.Terms {
			all = all && c.chunkTerms[t]
		}
		if all {
			return true
		}
	}
	return false
}

// proximity is how tightly the question's words sit together in the
// sentence: covered groups over the span of terms that holds them all, 0
// when fewer than two groups are covered.
func proximity(c *candidate, q retrieval.Query) float64 {
	pos := map[int][]int{} // group → positions
	for i, t := range c.seq {
		for gi, g := range q.Groups {
			if !g.Context && slices.Contains(g.Terms, t) {
				pos[gi] = append(pos[gi], i)
			}
		}
	}
	if len(pos) < 2 {
		return 0
	}
	type hit struct{ at, group int }
	var hits []hit
	for g, ps := range pos {
		for _, p := range ps {
			hits = append(hits, hit{p, g})
		}
	}
	sort.Slice(hits, func(a, b int) bool { return hits[a].at < hits[b].at })
	best := len(c.seq) + 1
	count := map[int]int{}
	lo := 0
	for hi := range hits {
		count[hits[hi].group]++
		for len(count) == len(pos) {
			best = min(best, hits[hi].at-hits[lo].at+1)
			count[hits[lo].group]--
			if count[hits[lo].group] == 0 {
				delete(count, hits[lo].group)
			}
			lo++
		}
	}
	return float64(len(pos)) / float64(best)
}

// nearAnswer rewards a sentence whose date or figure sits right next to
// the question's words: in "…the Comprehensive Partnership in 2013" the
// year answers, while a dateline far from them does not.
func nearAnswer(c *candidate, q retrieval.Query, k kind) float64 {
	if k != kindWhen && k != kindQuantity && k != kindMoney && k != kindDuration {
		return 0
	}
	best := len(c.seq)
	for i, t := range c.seq {
		if !answerTerm(k, t) {
			continue
		}
		for j, u := range c.seq {
			if j != i && coversTerm(q, u) {
				best = min(best, abs(i-j))
			}
		}
	}
	switch {
	case best <= 3:
		return 0.1
	case best <= 8:
		return 0.05
	}
	return 0
}

// answerTerm reports whether a term is the kind of thing asked for.
func answerTerm(k kind, t string) bool {
	if k == kindWhen {
		return monthTerms[t] || isYear(t)
	}
	return t != "" && t[0] >= '0' && t[0] <= '9'
}

// coversTerm reports whether a term stands for one of the question's own
// groups.
func coversTerm(q retrieval.Query, t string) bool {
	for _, g := range q.Groups {
		if !g.Context && slices.Contains(g.Terms, t) {
			return true
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

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

// repeats reports whether j says nearly what a chosen sentence says.
func repeats(chosen []judged, j judged) bool {
	for _, c := range chosen {
		if retrieval.Containment(c.terms, j.terms) >= 0.7 {
			return true
		}
	}
	return false
}
