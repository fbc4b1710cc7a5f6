package main

import (
	"math/rand/v2"
	"testing"

	"github.com/partnerbot/partnerbot/bot"
)

// synthetic makes parts whose answering candidate has feature 0 higher
// than the rest, and unanswerable parts whose candidates all have it low.
func synthetic(n int, r *rand.Rand) []part {
	width := len(bot.FeatureNames())
	var parts []part
	for i := range n {
		p := part{question: string(rune('a'+i%26)) + string(rune('a'+i/26)), answerable: i%4 != 0}
		for c := range 6 {
			x := make([]float64, width)
			for j := range x {
				x[j] = r.NormFloat64()
			}
			answer := p.answerable && c == 0
			if answer {
				x[0] += 3
			}
			p.x, p.y = append(p.x, x), append(p.y, answer)
		}
		parts = append(parts, p)
	}
	return parts
}

func TestFitSelectorLearnsTheSignal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sel, _ := fitSelector(synthetic(200, r), 5, 1)
	if sel.Rank[0] <= 0 {
		t.Fatalf("rank weight on the informative feature = %v, want > 0", sel.Rank[0])
	}
	for j := 1; j < len(sel.Rank); j++ {
		if abs(sel.Rank[j]) >= sel.Rank[0]/2 {
			t.Errorf("noise feature %d weighs %v against %v", j, sel.Rank[j], sel.Rank[0])
		}
	}
	// On fresh answerable parts the best-ranked candidate answers.
	right, answerable := 0, 0
	for _, p := range synthetic(100, r) {
		if !p.answerable {
			continue
		}
		answerable++
		best, bestScore := 0, -1e9
		for c, x := range p.x {
			var f bot.Features
			copy(f[:], x)
			z := sel.Standardise(&f)
			if s := sel.Score(&z); s > bestScore {
				best, bestScore = c, s
			}
		}
		if p.y[best] {
			right++
		}
	}
	if float64(right) < 0.9*float64(answerable) {
		t.Errorf("best-ranked candidate right for %d of %d answerable parts, want 90%%", right, answerable)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
