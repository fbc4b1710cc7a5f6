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
	text := "Based on the foundations mentioned above, for the benefits of the people of both countries and the desire to enhance cooperation towards peace in a new context, the country welcomes the establishment of a new high-level relationship between the two countries, known by a long and formal name that goes on for a while."
	tests := []struct {
		question string
		wantFrom string // the quote starts here
	}{
		{"Why did the country welcome the new high-level relationship?", "Based on"},
		{"What did the country welcome?", "the country welcomes"},
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
