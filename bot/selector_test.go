package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot"
)

func TestDefaultSelectorParses(t *testing.T) {
	s, err := DefaultSelector()
	if err != nil {
		t.Fatal(err)
	}
	if s.Threshold <= 0 || s.Threshold >= 1 {
		t.Errorf("threshold %v is not a probability strictly between 0 and 1", s.Threshold)
	}
	if len(s.FittedOn) == 0 {
		t.Error("selector.json does not say what it was fitted on")
	}
}

func TestParseSelectorRefuses(t *testing.T) {
	good, err := DefaultSelector()
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]func(s *Selector){
		"features renamed": func(s *Selector) { s.Features = slices.Clone(s.Features); s.Features[0] = "other" },
		"feature missing":  func(s *Selector) { s.Features = s.Features[1:] },
		"weights short":    func(s *Selector) { s.Rank = s.Rank[1:] },
		"accept short":     func(s *Selector) { s.Accept = s.Accept[:len(s.Accept)-1] },
		"cross unknown": func(s *Selector) {
			s.Crosses = append(slices.Clone(s.Crosses), [2]string{"coverage", "other"})
			s.Mean, s.Scale, s.Rank = append(slices.Clone(s.Mean), 0), append(slices.Clone(s.Scale), 1), append(slices.Clone(s.Rank), 0)
			s.Accept = slices.Insert(slices.Clone(s.Accept), len(s.Rank)-1, 0)
		},
		"scale tiny":         func(s *Selector) { s.Scale = slices.Clone(s.Scale); s.Scale[0] = 1e-320 },
		"cross unweighed":    func(s *Selector) { s.Crosses = append(slices.Clone(s.Crosses), [2]string{"coverage", "fits"}) },
		"accept_top below 0": func(s *Selector) { s.AcceptTop = -1 },
	}
	for name, spoil := range tests {
		t.Run(name, func(t *testing.T) {
			s := *good
			spoil(&s)
			b, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ParseSelector(b); !errors.Is(err, ErrSelector) {
				t.Errorf("err = %v, want ErrSelector", err)
			}
		})
	}
	if _, err := ParseSelector([]byte("not json")); !errors.Is(err, ErrSelector) {
		t.Errorf("not JSON: err = %v, want ErrSelector", err)
	}
}

func TestSelectorProbMonotoneInScore(t *testing.T) {
	n := len(featureNames)
	s := &Selector{Features: FeatureNames(), Mean: make([]float64, n), Scale: make([]float64, n),
		Rank: make([]float64, n), Accept: make([]float64, n+2)}
	s.Accept[n] = 1 // weight on the rank score
	z := make([]float64, n)
	lo, hi := s.Prob(z, -1, 0), s.Prob(z, 1, 0)
	if !(lo < 0.5 && hi > 0.5 && lo+hi > 0.999 && lo+hi < 1.001) {
		t.Errorf("Prob(score -1) = %v, Prob(score 1) = %v; want a logistic curve through 0.5", lo, hi)
	}
}

func TestSelectorInputsCross(t *testing.T) {
	tests := []struct {
		name    string
		crosses [][2]string
		want    []float64 // the inputs past the features
	}{
		{"none", nil, nil},
		{"one", [][2]string{{"coverage", "fits"}}, []float64{0.5 * 2}},
		{"two, one squared", [][2]string{{"coverage", "fits"}, {"fits", "fits"}}, []float64{0.5 * 2, 2 * 2}},
	}
	var x Features
	x[fCoverage], x[fFits] = 0.5, 2
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := len(featureNames) + len(tt.crosses)
			s := &Selector{Features: FeatureNames(), Crosses: tt.crosses, Mean: make([]float64, n),
				Scale: make([]float64, n), Rank: make([]float64, n), Accept: make([]float64, n+2)}
			unchecked := s.Inputs(&x)
			if err := s.Check(); err != nil {
				t.Fatal(err)
			}
			got := s.Inputs(&x)
			if !slices.Equal(got[:len(featureNames)], x[:]) || !slices.Equal(got[len(featureNames):], tt.want) {
				t.Errorf("Inputs = %v, want the features then %v", got, tt.want)
			}
			if !slices.Equal(unchecked, got) {
				t.Errorf("before Check, Inputs = %v, want %v", unchecked, got)
			}
		})
	}
}

func FuzzParseSelector(f *testing.F) {
	f.Add(selectorJSON)
	f.Add([]byte(`{"features":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseSelector(b)
		if err != nil {
			return
		}
		var x Features
		if p := s.Prob(s.Standardise(&x), 0, 0); math.IsNaN(p) || p < 0 || p > 1 {
			t.Fatalf("Prob = %v", p)
		}
	})
}

func TestExplainTracesTheAnswer(t *testing.T) {
	e := seedEngine(t)
	tests := []struct {
		question string
		declined bool
	}{
		{"What was the value of bilateral trade in 2022?", false},
		{"What is the capital of Australia?", true},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			tr, err := e.Explain(context.Background(), partnerbot.Question{Text: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			if tr.Answer.Abstained != tt.declined {
				t.Fatalf("abstained = %v, want %v: %s", tr.Answer.Abstained, tt.declined, tr.Answer.Text)
			}
			if len(tr.Passages) == 0 || len(tr.Parts) != 1 {
				t.Fatalf("trace has %d passages and %d parts", len(tr.Passages), len(tr.Parts))
			}
			p := tr.Parts[0]
			if len(p.Candidates) == 0 {
				t.Fatal("no candidates traced")
			}
			for i, c := range p.Candidates {
				if len(c.Features) != len(tr.Features) {
					t.Fatalf("candidate %d has %d features, want %d", i, len(c.Features), len(tr.Features))
				}
				if i > 0 && c.Score > p.Candidates[i-1].Score {
					t.Errorf("candidates not in rank order at %d", i)
				}
			}
			if tt.declined && (p.Reason == "" || len(p.Chosen) > 0) {
				t.Errorf("a decline must give a reason and choose nothing: %q %v", p.Reason, p.Chosen)
			}
			if !tt.declined {
				if len(p.Chosen) == 0 {
					t.Fatal("an answer chose nothing")
				}
				for _, c := range p.Candidates {
					if c.Sentence == p.Chosen[0] && c.P < tr.Threshold {
						t.Errorf("chose %q at p %.2f, under the threshold %.2f", c.Sentence, c.P, tr.Threshold)
					}
				}
			}
			a, err := e.Answer(context.Background(), partnerbot.Question{Text: tt.question})
			if err != nil || a.Text != tr.Answer.Text {
				t.Errorf("Explain's answer differs from Answer's: %q vs %q (%v)", tr.Answer.Text, a.Text, err)
			}
		})
	}
}

// TestAnswerLeadsFromAcceptTop checks that an answer leads only with a
// sentence of the selector's AcceptTop best-ranked: here the ranker puts
// the sentences that cover the question least first, and Accept vouches
// only for the one that covers it most, which so ranks last.
func TestAnswerLeadsFromAcceptTop(t *testing.T) {
	ix := seedEngine(t).Index()
	n := len(featureNames)
	sel := func(top int) *Selector {
		s := &Selector{Features: FeatureNames(), Mean: make([]float64, n), Scale: make([]float64, n),
			Rank: make([]float64, n), Accept: make([]float64, n+2), AcceptTop: top, Threshold: 0.5}
		s.Rank[fCoverage] = -10
		s.Accept[fCoverage], s.Bias = 40, -30 // p ≥ 0.5 from coverage 0.75
		return s
	}
	q := partnerbot.Question{Text: "When did Biden arrive in Hanoi?"}
	tests := []struct {
		top      int
		declined bool
	}{
		{0, false}, // any rank may lead
		{2, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.top), func(t *testing.T) {
			tr, err := New(ix, Options{Selector: sel(tt.top)}).Explain(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Answer.Abstained != tt.declined {
				t.Fatalf("abstained = %v, want %v: %s", tr.Answer.Abstained, tt.declined, tr.Answer.Text)
			}
			if want := "no sentence of the best 2"; tt.declined && !strings.Contains(tr.Parts[0].Reason, want) {
				t.Errorf("reason %q, want it to say %q", tr.Parts[0].Reason, want)
			}
		})
	}
}
