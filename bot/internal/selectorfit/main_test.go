package main

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/retrieval"
)

// synthetic makes parts whose answering candidate has feature 0 higher
// than the rest by signal, and unanswerable parts whose candidates all
// have it low.
func synthetic(n int, signal float64, r *rand.Rand) []part {
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
				x[0] += signal
			}
			p.x, p.y = append(p.x, x), append(p.y, answer)
		}
		parts = append(parts, p)
	}
	return parts
}

func TestFitSelectorLearnsTheSignal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	// A signal of 4 standard deviations: at 3, the best-ranked candidate
	// answers for about nine parts in ten even with the true weights.
	sel, _ := fitSelector(synthetic(200, 4, r), nil, 5, 1)
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
	for _, p := range synthetic(100, 4, r) {
		if !p.answerable {
			continue
		}
		answerable++
		best, bestScore := 0, -1e9
		for c, x := range p.x {
			var f bot.Features
			copy(f[:], x)
			z := sel.Standardise(&f)
			if s := sel.Score(z); s > bestScore {
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

// TestHeldOutcomesMatchTheEngine checks that the probabilities the
// threshold is chosen on, for held-back sets, are the engine's own: each
// part's best-ranked candidate weighed as Engine.Explain weighs it.
func TestHeldOutcomesMatchTheEngine(t *testing.T) {
	ctx := context.Background()
	c, err := embeddedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	sel, err := bot.DefaultSelector()
	if err != nil {
		t.Fatal(err)
	}
	alts, err := retrieval.DefaultAlternates()
	if err != nil {
		t.Fatal(err)
	}
	weighing, err := weighingEngine(ctx, c, alts)
	if err != nil {
		t.Fatal(err)
	}
	const dev = "../../../eval/testdata/dev.jsonl"
	qs, err := readSet(dev, c)
	if err != nil {
		t.Fatal(err)
	}
	parts, err := weighSet(ctx, weighing, dev, qs)
	if err != nil {
		t.Fatal(err)
	}
	outs := heldOutcomes(sel, parts)
	ix, err := retrieval.Build(ctx, c, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	engine := bot.New(ix, bot.Options{})
	var want []float64
	for _, q := range qs {
		tr, err := engine.Explain(ctx, partnerbot.Question{Text: q.Question})
		if err != nil {
			continue
		}
		for _, pt := range tr.Parts {
			if len(pt.Candidates) == 0 {
				continue
			}
			best := pt.Candidates[0]
			for _, cd := range pt.Candidates {
				if cd.Score > best.Score {
					best = cd
				}
			}
			want = append(want, best.P)
		}
	}
	if len(outs) != len(want) || len(want) < 100 {
		t.Fatalf("%d outcomes, %d parts weighed by the engine; want the same, and many", len(outs), len(want))
	}
	for i := range want {
		if math.Abs(outs[i].p-want[i]) > 1e-9 {
			t.Errorf("part %d: probability %.6f, the engine's %.6f", i, outs[i].p, want[i])
		}
	}
}

func TestDisjoint(t *testing.T) {
	for _, tc := range []struct {
		name         string
		fitted, held []string
		wantErr      bool
	}{
		{"apart", []string{"eval/testdata/dev.jsonl"}, []string{"eval/testdata/heldout.jsonl"}, false},
		{"same path", []string{"eval/testdata/dev.jsonl"}, []string{"eval/testdata/dev.jsonl"}, true},
		{"same file, written otherwise", []string{"eval/testdata/dev.jsonl"}, []string{"./eval/testdata/dev.jsonl"}, true},
		{"a weights file's record", fittedSets([]string{"dev.jsonl: 126 questions", heldNote + "heldout.jsonl: 120 questions"}),
			[]string{"eval/testdata/dev.jsonl"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := disjoint(tc.fitted, tc.held); (err != nil) != tc.wantErr {
				t.Errorf("disjoint(%v, %v) = %v, want an error: %v", tc.fitted, tc.held, err, tc.wantErr)
			}
		})
	}
}

// TestFitLogisticWeighsUnanswerable checks that weighing the rows of
// unanswerable questions by w fits as though each were there w times.
func TestFitLogisticWeighsUnanswerable(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	var rows, twice []row
	for range 200 {
		x := []float64{r.NormFloat64(), r.NormFloat64()}
		answerable := r.IntN(3) > 0
		y := answerable && x[0]+0.5*r.NormFloat64() > 0
		rw := row{x: x, y: y, answerable: answerable}
		rows, twice = append(rows, rw), append(twice, rw)
		if !answerable {
			twice = append(twice, rw)
		}
	}
	tests := []struct {
		name   string
		weight float64
		same   []row
		differ bool
	}{
		{"weight 2 is each unanswerable row twice", 2, twice, false},
		{"weight 1 is not", 1, twice, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, want := fitLogistic(rows, 1, tt.weight), fitLogistic(tt.same, 1, 1)
			near := true
			for i := range want {
				near = near && math.Abs(got[i]-want[i]) < 1e-6
			}
			if near == tt.differ {
				t.Errorf("weights %v against %v: near %v, want %v", got, want, near, !tt.differ)
			}
		})
	}
}
