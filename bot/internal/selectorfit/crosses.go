package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/partnerbot/partnerbot/bot"
)

// defaultCrosses are the pairs of features whose products the selector
// weighs besides the features: how a sentence covers the question, crossed
// with the kind of question (open, why, yes/no, or asking for a date or
// figure the sentence lacks), and its coverage crossed with how much of
// the question the articles never speak of. Chosen on four folds of the
// labelled sets grouped by set (fitted on three, measured on the fourth,
// with the engine): questions answered or declined rightly were 2,769 of
// 3,600 without crosses, 2,858 with the kinds', 2,838 crossing every
// feature with the kinds, and 2,877 with these.
var defaultCrosses = slices.Concat(
	cross([]string{"coverage", "soft_coverage", "similarity", "missing", "soft_missing", "coverage_gap", "new_terms", "length"},
		[]string{"kind_open", "why", "yes_no", "shape_miss"}),
	cross([]string{"coverage", "soft_coverage", "similarity"}, []string{"absent", "unknown"}))

// cross pairs each of a with each of b.
func cross(a, b []string) [][2]string {
	var out [][2]string
	for _, x := range a {
		for _, y := range b {
			out = append(out, [2]string{x, y})
		}
	}
	return out
}

// joinCrosses writes crosses as the -crosses flag takes them.
func joinCrosses(cs [][2]string) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, c[0]+"*"+c[1])
	}
	return strings.Join(parts, ",")
}

// parseCrosses reads the -crosses flag: comma-separated a*b pairs of
// feature names; none for "".
func parseCrosses(s string) ([][2]string, error) {
	var out [][2]string
	for _, p := range split(s) {
		a, b, ok := strings.Cut(p, "*")
		if !ok {
			return nil, fmt.Errorf("-crosses: %q is not a pair a*b", p)
		}
		pair := [2]string{strings.TrimSpace(a), strings.TrimSpace(b)}
		for _, f := range pair {
			if !slices.Contains(bot.FeatureNames(), f) {
				return nil, fmt.Errorf("-crosses: %q is not a feature", f)
			}
		}
		if slices.Contains(out, pair) {
			return nil, fmt.Errorf("-crosses: %s*%s is given twice", pair[0], pair[1])
		}
		out = append(out, pair)
	}
	return out, nil
}

// crossed is parts with each candidate's features followed by the
// crosses' products, as the selector weighs them.
func crossed(parts []part, crosses [][2]string) []part {
	shape := blank(crosses)
	out := slices.Clone(parts)
	for i, p := range out {
		xs := make([][]float64, len(p.x))
		for c, x := range p.x {
			var f bot.Features
			copy(f[:], x)
			xs[c] = shape.Inputs(&f)
		}
		out[i].x = xs
	}
	return out
}
