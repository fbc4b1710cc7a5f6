package bot

import (
	"math"
	"slices"

	"github.com/partnerbot/partnerbot/retrieval"
)

// The features the selector weighs of a candidate sentence, by index into
// Features.
const (
	fCoverage      = iota // weighted share of the question's words the sentence holds
	fSoftCoverage         // the same, counting a word's closest neighbour in meaning
	fFits                 // holds the kind of thing asked for (a date, a figure, a name…)
	fKindOpen             // the question asks for no particular kind of thing
	fNames                // names every name the question gives
	fNumbers              // holds a number the question gives, if it gives any
	fFocus                // covers what a "what/which/how many" question is about
	fPassageRank          // 1 / the rank of the passage it comes from
	fLexicalRank          // 1 / the passage's rank in BM25 (0 when unranked)
	fVectorRank           // 1 / the passage's rank in vector search (0 when unranked)
	fSimilarity           // cosine of its and the question's mean word vectors
	fProximity            // how tightly the question's words sit together in it
	fNearAnswer           // a date or figure sits next to the question's words
	fMissing              // share of the question's weight it leaves uncovered
	fTopMissing           // weight of the rarest word it leaves uncovered, over the rarest asked
	fSoftMissing          // the same, counting how close in meaning its words come
	fUnknown              // share of the question's weight the articles never use
	fCoverageGap          // its coverage less the best candidate's
	fSoftGap              // its soft coverage less the best candidate's
	fLength               // log of its length in words
	fWhy                  // the question asks why
	fWhyReason            // the question asks why and the sentence gives a reason
	fPairs                // share of the question's word pairs that stand close together in it
	fYesNo                // the question asks yes or no
	fSoftPrecision        // mean over its content words of the closest question word's cosine
	fAbsent               // share of the question's weight no retrieved sentence comes close to
	fNewTerms             // log of how many of its terms the question does not use: what it adds
	fShapeMiss            // the question asks for a date, figure, amount or length of time, and it holds none
	nFeatures
)

// featureNames name the features in selector.json.
var featureNames = [nFeatures]string{
	fCoverage: "coverage", fSoftCoverage: "soft_coverage", fFits: "fits", fKindOpen: "kind_open",
	fNames: "names", fNumbers: "numbers", fFocus: "focus", fPassageRank: "passage_rank",
	fLexicalRank: "lexical_rank", fVectorRank: "vector_rank", fSimilarity: "similarity",
	fProximity: "proximity", fNearAnswer: "near_answer", fMissing: "missing", fTopMissing: "top_missing",
	fSoftMissing: "soft_missing", fUnknown: "unknown", fCoverageGap: "coverage_gap", fSoftGap: "soft_gap",
	fLength: "length", fWhy: "why", fWhyReason: "why_reason", fPairs: "pairs", fYesNo: "yes_no",
	fSoftPrecision: "soft_precision", fAbsent: "absent", fNewTerms: "new_terms", fShapeMiss: "shape_miss",
}

// Features are a candidate's values for featureNames.
type Features [nFeatures]float64

// FeatureNames returns the names of the features, in order.
func FeatureNames() []string { return featureNames[:] }

// features fills in every judged candidate's features; gaps are measured
// against the best of all.
func features(all []judged, q retrieval.Query, k kind, m *meaning) {
	bestCov, bestSoft := 0.0, 0.0
	for _, j := range all {
		bestCov = max(bestCov, j.cov)
		bestSoft = max(bestSoft, j.soft)
	}
	unknown := unknownShare(q)
	absent := absentShare(all, q, m)
	qmean := questionMean(q)
	asked := map[string]bool{}
	for _, g := range q.Groups {
		for _, t := range g.Terms {
			asked[t] = true
		}
	}
	for i := range all {
		j := &all[i]
		x := &j.x
		x[fCoverage] = j.cov
		x[fSoftCoverage] = j.soft
		x[fFits] = b2f(j.fits && k != kindOther)
		x[fKindOpen] = b2f(k == kindOther)
		x[fNames] = b2f(j.names)
		x[fNumbers] = b2f(j.numbers)
		x[fFocus] = b2f(j.focused)
		x[fPassageRank] = 1 / float64(j.rank)
		x[fLexicalRank] = inverse(j.lexRank)
		x[fVectorRank] = inverse(j.vecRank)
		x[fSimilarity] = retrieval.Similarity(qmean, j.mean)
		x[fProximity] = proximity(j.candidate, q)
		x[fNearAnswer] = 10 * nearAnswer(j.candidate, q, k)
		x[fMissing] = missingShare(q, j.covered)
		x[fTopMissing] = topMissing(q, j.covered)
		x[fSoftMissing] = j.softMissing
		x[fUnknown] = unknown
		x[fCoverageGap] = j.cov - bestCov
		x[fSoftGap] = j.soft - bestSoft
		x[fLength] = math.Log1p(float64(len(j.seq)))
		x[fWhy] = b2f(k == kindWhy)
		x[fWhyReason] = b2f(k == kindWhy && hasReasonCue(j.norm))
		x[fPairs] = pairs(j.candidate, q)
		x[fYesNo] = b2f(k == kindYesNo)
		x[fSoftPrecision] = m.precision(j.contentVecs)
		x[fAbsent] = absent
		x[fNewTerms] = math.Log1p(float64(newTerms(j.candidate, asked)))
		x[fShapeMiss] = b2f(k.shaped() && !j.fits)
	}
}

// newTerms counts the sentence's terms that the question does not use: a
// sentence that only restates the question ("the policy of four no's" for
// "what are the four no's?") adds nothing.
func newTerms(c *candidate, asked map[string]bool) int {
	n := 0
	for t := range c.terms {
		if !asked[t] {
			n++
		}
	}
	return n
}

// closeCos is the cosine at which a word counts as close to a question word
// for absentShare.
const closeCos = 0.6

// absentShare is the share of a question's own weight on words that no
// candidate sentence holds or comes within closeCos of: what the passages
// do not talk about at all, as "served" in "what was served at the
// banquet".
func absentShare(all []judged, q retrieval.Query, m *meaning) float64 {
	var absent, total float64
	for gi, g := range q.Groups {
		if g.Context {
			continue
		}
		total += g.Weight
		found := false
		for _, j := range all {
			if j.covered[gi] || m.closest(gi, j.nearest) >= closeCos {
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
func softCoverage(c *candidate, q retrieval.Query, m *meaning, nearest []float64) (cov, missing float64) {
	var own, total, top float64
	for gi, g := range q.Groups {
		if g.Context {
			continue
		}
		v := groupValue(c, g)
		if v < 1 {
			v = max(v, m.closest(gi, nearest))
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

// questionMean is the mean word vector of the question's own words.
func questionMean(q retrieval.Query) []float32 {
	wv := retrieval.Glove()
	var rows []int32
	for _, g := range q.Groups {
		if !g.Context {
			rows = append(rows, wv.IDs(g.Word)...)
		}
	}
	return wv.Mean(rows)
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
