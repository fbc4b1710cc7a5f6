package bot

import (
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/retrieval"
)

func TestClipKeepsTheReason(t *testing.T) {
	e := seedEngine(t)
	lex := e.state.Load().index.Lexicon()
	text := "Because trade between the towns had doubled, and because both councils wanted closer ties in a region that keeps changing, the council welcomes the signing of a new agreement between the two towns, known by a long and formal name that goes on for quite a while and then for a little while more, which both councils mean to sign again next year."
	tests := []struct {
		question string
		wantFrom string // the quote starts here
	}{
		{"Why did the council welcome the new agreement?", "Because trade"},
		{"What did the council welcome?", "the council welcomes"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			r := read(lex.Parse(tt.question))
			c := &candidate{text: text, norm: corpus.Normalize(text), terms: set(retrieval.Terms(text))}
			covered := make([]bool, len(r.q.Groups))
			for i, g := range r.q.Groups {
				for _, term := range g.Terms {
					covered[i] = covered[i] || c.terms[term]
				}
			}
			got := clip(text, r.q, covered, r.kind, r.asked, nil)
			if !strings.HasPrefix(got, tt.wantFrom) {
				t.Errorf("clip = %q, want it to start with %q", got, tt.wantFrom)
			}
		})
	}
}
