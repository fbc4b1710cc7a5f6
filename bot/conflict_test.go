package bot

import (
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/corpus"
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
	cs := findConflicts([]judged{a, b, c}, []judged{a, b, c})
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
