package bot

import (
	"testing"

	"github.com/partnerbot/partnerbot/retrieval"
)

func TestHasReasonCue(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"the upgrade is driven by the interests of both countries", true},
		{"this is because trade grew", true},
		{"they met in hanoi on september 10", false},
		{"the because-less sentence", false},
	}
	for _, tt := range tests {
		if got := hasReasonCue(tt.text); got != tt.want {
			t.Errorf("hasReasonCue(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestPairsAndMissing(t *testing.T) {
	g := func(word string, weight float64, terms ...string) retrieval.Group {
		return retrieval.Group{Word: word, Terms: terms, Weight: weight, Alts: []retrieval.Alt{{Terms: terms, Weight: 1}}}
	}
	q := retrieval.Query{Groups: []retrieval.Group{g("climate", 2, "climat"), g("change", 1, "chang"), g("japan", 4, "japan")}}
	c := &candidate{seq: []string{"respond", "climat", "chang", "togeth"}}
	if got := pairs(c, q); got != 0.5 {
		t.Errorf("pairs = %v, want 0.5 (climate change near, change japan not)", got)
	}
	covered := []bool{true, true, false}
	if got := topMissing(q, covered); got != 1 {
		t.Errorf("topMissing = %v, want 1: the most specific word is missing", got)
	}
	if got := missingShare(q, covered); got != 4.0/7 {
		t.Errorf("missingShare = %v, want 4/7", got)
	}
	q.Groups[2].Context = true
	if got := topMissing(q, covered); got != 0 {
		t.Errorf("topMissing = %v with the missing word only context, want 0", got)
	}
}

func TestNewTerms(t *testing.T) {
	asked := map[string]bool{"polici": true, "four": true, "defenc": true}
	tests := []struct {
		name  string
		terms []string
		want  int
	}{
		{"restates the question", []string{"polici", "four", "defenc"}, 0},
		{"adds what the policy is", []string{"polici", "four", "allianc", "base", "side"}, 3},
		{"shares nothing", []string{"trade", "grew"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &candidate{terms: map[string]bool{}}
			for _, w := range tt.terms {
				c.terms[w] = true
			}
			if got := newTerms(c, asked); got != tt.want {
				t.Errorf("newTerms(%v) = %d, want %d", tt.terms, got, tt.want)
			}
		})
	}
}
