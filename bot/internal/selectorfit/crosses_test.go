package main

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/partnerbot/partnerbot/bot"
)

func TestParseCrosses(t *testing.T) {
	tests := []struct {
		flag    string
		want    [][2]string
		wantErr bool
	}{
		{"", nil, false},
		{"coverage*why", [][2]string{{"coverage", "why"}}, false},
		{"coverage*why, length*yes_no", [][2]string{{"coverage", "why"}, {"length", "yes_no"}}, false},
		{"coverage", nil, true},
		{"coverage*nothing", nil, true},
		{"coverage * why", [][2]string{{"coverage", "why"}}, false},
		{"coverage*why,coverage*why", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.flag, func(t *testing.T) {
			got, err := parseCrosses(tt.flag)
			if (err != nil) != tt.wantErr || !slices.Equal(got, tt.want) {
				t.Errorf("parseCrosses(%q) = %v, %v; want %v, error %v", tt.flag, got, err, tt.want, tt.wantErr)
			}
		})
	}
	if got, err := parseCrosses(joinCrosses(defaultCrosses)); err != nil || !slices.Equal(got, defaultCrosses) {
		t.Errorf("the default crosses do not read back: %v", err)
	}
}

// TestFitSelectorWithCrosses checks that a selector fitted with crosses
// is one the engine reads, and that it learns a signal only a cross holds:
// as a question's kind can turn what a feature means, feature 0 is high in
// the answer where feature 1 is set for the whole part, and low where not.
func TestFitSelectorWithCrosses(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	parts := synthetic(300, 3, r)
	for i, p := range parts {
		flip := i%2 == 1
		for c, x := range p.x {
			x[1] = 1
			if flip {
				x[1] = 0
				if p.y[c] {
					x[0] -= 6 // the answer's feature 0 is 3 under the rest's
				}
			}
		}
	}
	names := bot.FeatureNames()
	crosses := [][2]string{{names[0], names[1]}}
	sel, _ := fitSelector(parts, crosses, 5, 1)
	b, err := json.Marshal(sel)
	if err != nil {
		t.Fatal(err)
	}
	read, err := bot.ParseSelector(b)
	if err != nil {
		t.Fatalf("the engine refuses the fitted selector: %v", err)
	}
	right, answerable := 0, 0
	for _, p := range parts {
		if !p.answerable {
			continue
		}
		answerable++
		xs := make([]bot.Features, len(p.x))
		for i, x := range p.x {
			copy(xs[i][:], x)
		}
		if p.y[read.Weigh(xs)[0].Index] {
			right++
		}
	}
	if float64(right) < 0.9*float64(answerable) {
		t.Errorf("best-ranked candidate right for %d of %d answerable parts, want 90%%", right, answerable)
	}
}
