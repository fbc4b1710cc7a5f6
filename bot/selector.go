package bot

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Selector is the fitted model that chooses the sentence that answers and
// decides when to decline. It has two stages, both linear over the
// standardised inputs (see Inputs): the features of featureNames, then the
// product of each pair of Crosses, so that what a sentence's coverage says
// can depend on the kind of question asked.
//
//   - Rank scores every candidate sentence of a question; the highest
//     scoring one is the best answer the passages hold. It is a conditional
//     logit: fitted so that, within each question, the sentences that answer
//     outscore the rest.
//   - Accept turns a sentence's inputs, its rank score and its margin over
//     the best other sentence into the probability that it answers. An
//     answer leads with the best-ranked sentence of the AcceptTop best that
//     reaches Threshold; a question with none is declined.
//
// It is data, written by bot/internal/selectorfit from labelled question
// sets and embedded as selector.json.
type Selector struct {
	Features []string    `json:"features"`
	Crosses  [][2]string `json:"crosses,omitempty"` // pairs of features whose product is an input too
	Mean     []float64   `json:"mean"`              // one per input
	Scale    []float64   `json:"scale"`
	Rank     []float64   `json:"rank"`
	Accept   []float64   `json:"accept"` // one per input, then score and margin
	Bias     float64     `json:"bias"`   // Accept's intercept
	// AcceptTop is how many of a part's best-ranked candidates Accept was
	// fitted on: an answer must lead with one of them, where Accept's
	// probability is fitted, not extrapolated. Sentences that join the lead
	// (see Engine.choose) may rank lower. 0 lets any candidate lead.
	AcceptTop int `json:"accept_top,omitempty"`
	// Threshold is the probability a sentence must reach to be quoted.
	Threshold float64 `json:"threshold"`
	// FittedOn names the question sets and counts behind the weights, for
	// people reading the file.
	FittedOn []string `json:"fitted_on,omitempty"`

	cross [][2]int // Crosses, as indices into Features; set by Check
}

//go:embed selector.json
var selectorJSON []byte

// ErrSelector marks a selector file that does not fit this engine.
var ErrSelector = errors.New("bad selector")

// DefaultSelector is the embedded selector.
func DefaultSelector() (*Selector, error) { return ParseSelector(selectorJSON) }

// ParseSelector reads a selector and checks it (see Check).
func ParseSelector(b []byte) (*Selector, error) {
	var s Selector
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSelector, err)
	}
	if err := s.Check(); err != nil {
		return nil, err
	}
	return &s, nil
}

// Check checks that s weighs exactly the features this engine computes, in
// order, and crosses of them, with one finite number for each input, and
// readies the crosses for Inputs.
func (s *Selector) Check() error {
	if !slices.Equal(s.Features, featureNames[:]) {
		return fmt.Errorf("%w: features %v, engine computes %v", ErrSelector, s.Features, featureNames)
	}
	cross, err := crossIndices(s.Crosses)
	if err != nil {
		return err
	}
	n := len(featureNames) + len(cross)
	if len(s.Mean) != n || len(s.Scale) != n || len(s.Rank) != n || len(s.Accept) != n+2 {
		return fmt.Errorf("%w: want %d means, scales and rank weights and %d accept weights", ErrSelector, n, n+2)
	}
	for _, sc := range s.Scale {
		if sc != 0 && math.Abs(sc) < minScale {
			return fmt.Errorf("%w: a scale of %g is too small to divide by", ErrSelector, sc)
		}
	}
	if s.AcceptTop < 0 {
		return fmt.Errorf("%w: accept_top %d is negative", ErrSelector, s.AcceptTop)
	}
	for _, x := range slices.Concat([]float64{s.Bias, s.Threshold}, s.Mean, s.Scale, s.Rank, s.Accept) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%w: a number is not finite", ErrSelector)
		}
	}
	s.cross = cross
	return nil
}

// minScale is the smallest scale a selector may standardise by: selectorfit
// writes a feature's standard deviation, or 1 when it has none.
const minScale = 1e-9

// crossIndices are the features' indices of each pair of crosses.
func crossIndices(crosses [][2]string) ([][2]int, error) {
	out := make([][2]int, len(crosses))
	for i, c := range crosses {
		for k, name := range c {
			j := slices.Index(featureNames[:], name)
			if j < 0 {
				return nil, fmt.Errorf("%w: cross of %q, which is not a feature", ErrSelector, name)
			}
			out[i][k] = j
		}
	}
	return out, nil
}

// Inputs returns what the selector weighs of raw features x: the features,
// then the product of each pair of Crosses.
func (s *Selector) Inputs(x *Features) []float64 {
	cross := s.cross
	if len(cross) != len(s.Crosses) { // not checked: a selector built in code
		var err error
		if cross, err = crossIndices(s.Crosses); err != nil {
			panic(err) // a programming error: ParseSelector refuses it
		}
	}
	in := make([]float64, 0, len(x)+len(cross))
	in = append(in, x[:]...)
	for _, c := range cross {
		in = append(in, x[c[0]]*x[c[1]])
	}
	return in
}

// Standardise returns the inputs of x centred and scaled as in fitting.
func (s *Selector) Standardise(x *Features) []float64 {
	z := s.Inputs(x)
	for i, v := range z {
		sc := s.Scale[i]
		if sc == 0 {
			sc = 1
		}
		z[i] = (v - s.Mean[i]) / sc
	}
	return z
}

// Score is the rank score of standardised inputs z.
func (s *Selector) Score(z []float64) float64 {
	sum := 0.0
	for i, v := range z {
		sum += s.Rank[i] * v
	}
	return sum
}

// Prob is the probability that a sentence answers, from its standardised
// inputs, its rank score and its margin over the best other candidate.
func (s *Selector) Prob(z []float64, score, margin float64) float64 {
	sum := s.Bias
	for i, v := range z {
		sum += s.Accept[i] * v
	}
	n := len(z)
	sum += s.Accept[n]*score + s.Accept[n+1]*margin
	if math.IsNaN(sum) {
		return 0 // weights that overflow vouch for nothing
	}
	return 1 / (1 + math.Exp(-sum))
}

// Weighed is one candidate as the selector weighs it.
type Weighed struct {
	Index  int     // its place among the features weighed
	Score  float64 // its rank score
	Margin float64 // its score less the best other candidate's
	P      float64 // the probability that it answers
}

// Weigh weighs the candidates of one question part from their raw
// features, as the engine does: best first by rank score (ties keep their
// order), each with its margin over the best other candidate (none when it
// is alone) and its probability.
func (s *Selector) Weigh(xs []Features) []Weighed {
	zs := make([][]float64, len(xs))
	w := make([]Weighed, len(xs))
	for i := range xs {
		zs[i] = s.Standardise(&xs[i])
		w[i] = Weighed{Index: i, Score: s.Score(zs[i])}
	}
	slices.SortStableFunc(w, func(a, b Weighed) int { return cmp.Compare(b.Score, a.Score) })
	for i := range w {
		other := w[i].Score
		switch {
		case len(w) == 1:
		case i == 0:
			other = w[1].Score
		default:
			other = w[0].Score
		}
		w[i].Margin = w[i].Score - other
		w[i].P = s.Prob(zs[w[i].Index], w[i].Score, w[i].Margin)
	}
	return w
}

// weigh sets every candidate's score and probability and sorts them best
// first (see Weigh).
func (s *Selector) weigh(all []judged) {
	xs := make([]Features, len(all))
	for i := range all {
		xs[i] = all[i].x
	}
	sorted := make([]judged, 0, len(all))
	for _, w := range s.Weigh(xs) {
		j := all[w.Index]
		j.score, j.p = w.Score, w.P
		sorted = append(sorted, j)
	}
	copy(all, sorted)
}
