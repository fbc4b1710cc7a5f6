package bot

import (
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/retrieval"
)

// TestConflictNoteNamesEachFigureOnce checks that a figure in several
// disagreeing pairs is named once: a pair found from each side, and a
// third article, give three parts, not six.
func TestConflictNoteNamesEachFigureOnce(t *testing.T) {
	quote := func(doc, text string) judged {
		return judged{candidate: &candidate{doc: &corpus.Document{ID: doc}, text: text}, quote: text}
	}
	a := quote("a", "After 28 years of diplomatic relations")
	b := quote("b", "the nearly 30 years of diplomatic relations")
	c := quote("c", "some 29 years of diplomatic relations")
	ans := partnerbot.Answer{Language: "en", Citations: []partnerbot.Citation{
		{DocID: "a", Quote: a.quote}, {DocID: "b", Quote: b.quote}, {DocID: "c", Quote: c.quote}}}
	cs := findConflicts(retrieval.Query{}, []judged{a, b, c}, []judged{a, b, c}, nil)
	if len(cs) < 3 {
		t.Fatalf("found %d conflicts, want one from each quote", len(cs))
	}
	got := conflictNote(ans, cs)
	for _, part := range []string{`[1] says “28 years of”`, `[2] says “nearly 30 years of”`, `[3] says “some 29 years of”`} {
		if n := strings.Count(got, part); n != 1 {
			t.Errorf("%q appears %d times, want once: %s", part, n, got)
		}
	}
	if n := strings.Count(got, " says "); n != 3 {
		t.Errorf("note names %d figures, want 3: %s", n, got)
	}
}

// TestEventOrdinalsSettleYesNo: a question that asks about an ordinal ("the
// first to visit?") is shown another article's different ordinal for the
// same event, even from a sentence not likely enough to answer by itself,
// with a note that does not call them a contradiction; other questions are
// not.
func TestEventOrdinalsSettleYesNo(t *testing.T) {
	lex := seedEngine(t).state.Load().index.Lexicon()
	judge := func(doc, text string) judged {
		return judged{candidate: &candidate{doc: &corpus.Document{ID: doc}, text: text}}
	}
	first := judge("a", "The visit marks the first time the US President has paid a State visit at the invitation of the leader.")
	first.quote = first.text
	fifth := judge("b", "The visit marks the fifth time a US president has visited the country since relations were normalised.")
	other := judge("c", "The visit marks the fifth anniversary of the agreement.")
	tests := []struct {
		question string
		want     int // quotes
	}{
		{"Is Biden the first US president to visit?", 2},
		{"was this the 1st visit by a us president", 2},
		{"How long did the visit last?", 1},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			chosen, cs := addConflicts(lex.Parse(tt.question), []judged{first}, []judged{first}, []judged{first, other, fifth}, 3)
			if len(chosen) != tt.want {
				t.Fatalf("got %d quotes, want %d", len(chosen), tt.want)
			}
			if tt.want == 1 {
				return
			}
			if chosen[1].quote != fifth.text {
				t.Errorf("added quote %q, want %q", chosen[1].quote, fifth.text)
			}
			ans := partnerbot.Answer{Language: "en", Citations: []partnerbot.Citation{
				{DocID: "a", Quote: first.text}, {DocID: "b", Quote: fifth.text}}}
			if got, want := conflictNote(ans, cs), "Read these together: [1] says “first time the US President”, [2] says “fifth time a US president”."; got != want {
				t.Errorf("note = %q, want %q", got, want)
			}
		})
	}
}
