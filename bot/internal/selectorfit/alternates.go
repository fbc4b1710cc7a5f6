package main

import (
	"cmp"
	"slices"
	"strings"

	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/eval"
	"github.com/partnerbot/partnerbot/retrieval"
)

// altParams are how alternates are learned. The defaults were chosen
// leave-one-set-out on the ten fitting sets (see README, Evaluation).
type altParams struct {
	minCount     int     // questions a pair must come from
	minPrecision float64 // share of the questions leaving the term uncovered whose answer holds the alternate
	minLift      float64 // that share over the alternate's share of all sentences
	top          int     // alternates kept per term, best first
	weight       float64 // what an alternate counts for, against the word's own term
}

var alt = altParams{minCount: 2, minPrecision: 0.1, minLift: 2, top: 3, weight: 0.6}

// lesson is what one answerable question teaches: the first terms of the
// words it asks that the lexicon widens and its answer's sentences lack,
// and the terms those sentences add that it does not use.
type lesson struct {
	written   string // the question as writtenAs gives it
	uncovered []string
	added     []string
}

// lessons reads each answerable question of qs once. asked reads a
// question as the engine does (its own words, not a wrapper such as
// "ignore your rules", which would learn to stand for whatever the answer
// said), with no alternates of its own.
func lessons(c *corpus.Corpus, asked func(string) []retrieval.Group, qs []eval.Question) []lesson {
	var out []lesson
	for _, q := range qs {
		answer := answerTerms(c, q)
		if len(answer) == 0 {
			continue
		}
		own := map[string]bool{}
		groups := asked(q.Question)
		for _, g := range groups {
			for _, t := range g.Terms {
				own[t] = true
			}
		}
		l := lesson{written: writtenAs(q)}
		for _, g := range groups {
			if widened(g) && !slices.ContainsFunc(g.Terms, func(t string) bool { return answer[t] }) {
				l.uncovered = append(l.uncovered, g.Terms[0])
			}
		}
		for t := range answer {
			if !own[t] {
				l.added = append(l.added, t)
			}
		}
		out = append(out, l)
	}
	return out
}

// learnAlternates learns, from lessons, which terms stand for a
// question's term in the sentences that answer it. For every question word
// the answer's sentences do not hold (by any of its terms), each term
// those sentences add is counted once per question; a pair is kept when it
// comes from minCount questions, from at least minPrecision of the
// questions that leave the word uncovered, and that share is minLift
// times the term's share of all sentences (counts).
func learnAlternates(ls []lesson, counts sentences, p altParams) *retrieval.Alternates {
	uncovered := map[string]int{}
	pairs := map[[2]string]int{}
	for _, l := range ls {
		for _, w := range l.uncovered {
			uncovered[w]++
			for _, t := range l.added {
				pairs[[2]string{w, t}]++
			}
		}
	}
	type cand struct {
		term      string
		count     int
		precision float64
	}
	kept := map[string][]cand{}
	for pair, count := range pairs {
		precision := float64(count) / float64(uncovered[pair[0]])
		lift := precision / (float64(counts.df[pair[1]]) / float64(counts.n))
		if count >= p.minCount && precision >= p.minPrecision && lift >= p.minLift {
			kept[pair[0]] = append(kept[pair[0]], cand{pair[1], count, precision})
		}
	}
	a := &retrieval.Alternates{Weight: p.weight, Terms: map[string][]string{}}
	for k, cs := range kept {
		slices.SortFunc(cs, func(x, y cand) int {
			return cmp.Or(cmp.Compare(y.precision, x.precision), cmp.Compare(y.count, x.count), strings.Compare(x.term, y.term))
		})
		for _, c := range cs[:min(p.top, len(cs))] {
			a.Terms[k] = append(a.Terms[k], c.term)
		}
	}
	return a
}

// widened reports whether the lexicon widens g with alternates: a single
// word, not a number or a name.
func widened(g retrieval.Group) bool {
	return !g.Context && !g.Numeric && len(g.Names) == 0 && len(strings.Fields(g.Word)) == 1
}

// answerTerms are the terms of the sentences of q's sources that hold one
// of its evidence phrases.
func answerTerms(c *corpus.Corpus, q eval.Question) map[string]bool {
	terms := map[string]bool{}
	if !q.Answerable {
		return terms
	}
	for _, d := range c.Documents() {
		if !slices.Contains(q.Sources, d.ID) {
			continue
		}
		for i := range d.Sentences {
			if s := d.Sentence(i); holdsAny(corpus.Normalize(s), q.Evidence) {
				for _, t := range retrieval.Terms(s) {
					terms[t] = true
				}
			}
		}
	}
	return terms
}

// sentences are how many sentences hold each term (df), and how many
// there are (n).
type sentences struct {
	df map[string]int
	n  int
}

// countSentences counts the sentences of c.
func countSentences(c *corpus.Corpus) sentences {
	s := sentences{df: map[string]int{}}
	for _, d := range c.Documents() {
		for i := range d.Sentences {
			s.n++
			for _, t := range slices.Compact(slices.Sorted(slices.Values(retrieval.Terms(d.Sentence(i))))) {
				s.df[t]++
			}
		}
	}
	return s
}

// writtenAs is a question's words, whatever their case and punctuation:
// two questions written alike give the same.
func writtenAs(q eval.Question) string { return strings.Join(retrieval.Words(q.Question), " ") }
