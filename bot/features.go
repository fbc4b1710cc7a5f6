package bot

import (
	"math"
	"slices"

	"github.com/partnerbot/partnerbot/retrieval"
)

// featureNames name what the selector weighs of a candidate sentence, in
// the order of Features. Each is computed once, in features.
var featureNames = [...]string{
	"coverage",       // weighted share of the question's words the sentence holds
	"soft_coverage",  // the same, counting a word's closest neighbour in meaning
	"fits",           // holds the kind of thing asked for (a date, a figure, a name…)
	"kind_open",      // the question asks for no particular kind of thing
	"names",          // names every name the question gives
	"numbers",        // holds a number the question gives, if it gives any
	"focus",          // covers what a "what/which/how many" question is about
	"passage_rank",   // 1 / the rank of the passage it comes from
	"lexical_rank",   // 1 / the passage's rank in BM25 (0 when unranked)
	"vector_rank",    // 1 / the passage's rank in vector search (0 when unranked)
	"similarity",     // cosine of its and the question's mean word vectors
	"proximity",      // how tightly the question's words sit together in it
	"near_answer",    // a date or figure sits next to the question's words
	"missing",        // share of the question's weight it leaves uncovered
	"top_missing",    // weight of the rarest word it leaves uncovered, over the rarest asked
	"soft_missing",   // the same, counting how close in meaning its words come
	"unknown",        // share of the question's weight the articles never use
	"coverage_gap",   // its coverage less the best candidate's
	"soft_gap",       // its soft coverage less the best candidate's
	"length",         // log of its length in words
	"why",            // the question asks why
	"why_reason",     // the question asks why and the sentence gives a reason
	"pairs",          // share of the question's word pairs that stand close together in it
	"top_covered",    // it holds the question's most specific word
	"yes_no",         // the question asks yes or no
	"soft_precision", // mean over its content words of the closest question word's cosine
	"absent",         // share of the question's weight no retrieved sentence comes close to
}

// Features are a candidate's values for featureNames.
type Features [len(featureNames)]float64

// FeatureNames returns the names of the features, in order.
func FeatureNames() []string { return featureNames[:] }

// features fills in every judged candidate's features; gaps are measured
// against the best of all.
func features(all []judged, q retrieval.Query, k kind) {
	bestCov, bestSoft := 0.0, 0.0
	for _, j := range all {
		bestCov = max(bestCov, j.cov)
		bestSoft = max(bestSoft, j.soft)
	}
	unknown := unknownShare(q)
	absent := absentShare(all, q)
	qmean, qrows := questionMean(q)
	for i := range all {
		j := &all[i]
		x := &j.x
		x[0] = j.cov
		x[1] = j.soft
		x[2] = b2f(j.fits && k != kindOther)
		x[3] = b2f(k == kindOther)
		x[4] = b2f(j.names)
		x[5] = b2f(j.numbers)
		x[6] = b2f(j.focused)
		x[7] = 1 / float64(j.rank)
		x[8] = inverse(j.lexRank)
		x[9] = inverse(j.vecRank)
		x[10] = retrieval.Similarity(qmean, j.mean)
		x[len(featureNames)-2] = softPrecision(j.candidate, qrows)
		x[len(featureNames)-1] = absent
		x[11] = proximity(j.candidate, q)
		x[12] = 10 * nearAnswer(j.candidate, q, k)
		x[13] = missingShare(q, j.covered)
		x[14] = topMissing(q, j.covered)
		x[15] = j.softMissing
		x[16] = unknown
		x[17] = j.cov - bestCov
		x[18] = j.soft - bestSoft
		x[19] = math.Log1p(float64(len(j.seq)))
		x[20] = b2f(k == kindWhy)
		x[21] = b2f(k == kindWhy && hasReasonCue(j.norm))
		x[22] = pairs(j.candidate, q)
		x[23] = 1 - topMissing(q, j.covered)
		x[24] = b2f(k == kindYesNo)
	}
}

// closeCos is the cosine at which a word counts as close to a question word
// for absentShare.
const closeCos = 0.6

// absentShare is the share of a question's own weight on words that no
// candidate sentence holds or comes within closeCos of: what the passages
// do not talk about at all, as "served" in "what was served at the
// banquet".
func absentShare(all []judged, q retrieval.Query) float64 {
	wv := retrieval.Glove()
	var absent, total float64
	for gi, g := range q.Groups {
		if g.Context {
			continue
		}
		total += g.Weight
		found := false
		for _, j := range all {
			if j.covered[gi] || wv.Closest(g.Word, j.vecs) >= closeCos {
				found = true
				break
			}
		}
		if !found {
			absent += g.Weight
		}
	}
	if total == 0 {
		return 0
	}
	return absent / total
}

// unknownShare is the share of a question's own weight on words that no
// article uses: "what did Kishida say" asks about someone absent.
func unknownShare(q retrieval.Query) float64 {
	var unknown, total float64
	for _, g := range q.Groups {
		if g.Context {
			continue
		}
		total += g.Weight
		if !g.Known {
			unknown += g.Weight
		}
	}
	if total == 0 {
		return 0
	}
	return unknown / total
}

// missingShare is the share of a question's own weight that covered leaves
// out.
func missingShare(q retrieval.Query, covered []bool) float64 {
	var missing, total float64
	for gi, g := range q.Groups {
		if g.Context {
			continue
		}
		total += g.Weight
		if !covered[gi] {
			missing += g.Weight
		}
	}
	if total == 0 {
		return 1
	}
	return missing / total
}

// pairs is the share of adjacent pairs of the question's own words whose
// terms stand within three words of each other in the sentence: "climate
// change", "founding father", "first time".
func pairs(c *candidate, q retrieval.Query) float64 {
	var own []retrieval.Group
	for _, g := range q.Groups {
		if !g.Context {
			own = append(own, g)
		}
	}
	if len(own) < 2 {
		return 0
	}
	found := 0
	for i := range own[1:] {
		if near(c.seq, own[i].Terms, own[i+1].Terms, 3) {
			found++
		}
	}
	return float64(found) / float64(len(own)-1)
}

// near reports whether a term of a and a term of b stand within window
// words of each other in seq.
func near(seq, a, b []string, window int) bool {
	for i, t := range seq {
		if !slices.Contains(a, t) {
			continue
		}
		for j := max(0, i-window); j <= min(len(seq)-1, i+window); j++ {
			if j != i && slices.Contains(b, seq[j]) {
				return true
			}
		}
	}
	return false
}

// topMissing is the weight of the most specific question word a sentence
// leaves uncovered, relative to the question's most specific word: missing
// "Japan" in "when did Vietnam and Japan upgrade…" weighs heavily.
func topMissing(q retrieval.Query, covered []bool) float64 {
	var top, missing float64
	for gi, g := range q.Groups {
		if g.Context {
			continue
		}
		top = max(top, g.Weight)
		if !covered[gi] {
			missing = max(missing, g.Weight)
		}
	}
	if top == 0 {
		return 0
	}
	return missing / top
}

// softCoverage is coverage where a group the sentence lacks counts the
// cosine between its word and the sentence's closest word in meaning. It
// also returns the weight of the question word the sentence comes least
// close to, relative to the most specific word asked.
func softCoverage(c *candidate, q retrieval.Query) (cov, missing float64) {
	wv := retrieval.Glove()
	var own, total, top float64
	for _, g := range q.Groups {
		if g.Context {
			continue
		}
		v := groupValue(c, g)
		if v < 1 {
			v = max(v, wv.Closest(g.Word, c.vecs))
		}
		own += g.Weight * v
		total += g.Weight
		top = max(top, g.Weight)
		missing = max(missing, g.Weight*(1-v))
	}
	if total == 0 {
		return 0, 0
	}
	return own / total, missing / top
}

// questionMean is the mean word vector of the question's own words, and
// their rows.
func questionMean(q retrieval.Query) ([]float32, []int32) {
	wv := retrieval.Glove()
	var rows []int32
	for _, g := range q.Groups {
		if !g.Context {
			rows = append(rows, wv.IDs(g.Word)...)
		}
	}
	return wv.Mean(rows), rows
}

// softPrecision is how much of the sentence is about the question: the
// mean, over its content words, of the best cosine to a question word.
func softPrecision(c *candidate, qrows []int32) float64 {
	wv := retrieval.Glove()
	if len(c.contentVecs) == 0 || len(qrows) == 0 {
		return 0
	}
	sum := 0.0
	for _, r := range c.contentVecs {
		best := 0.0
		for _, q := range qrows {
			best = max(best, wv.Cosine(r, q))
		}
		sum += best
	}
	return sum / float64(len(c.contentVecs))
}

func inverse(rank int) float64 {
	if rank <= 0 {
		return 0
	}
	return 1 / float64(rank)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
