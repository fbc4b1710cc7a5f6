package bot

import (
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/corpus"
)

// quoteOf is text, quoted whole, as a candidate of the article doc.
func quoteOf(doc, text string) judged {
	return judged{candidate: &candidate{doc: &corpus.Document{ID: doc}, text: text}, quote: text}
}

// TestConflictNoteNamesEachFigureOnce checks that a figure in several
// disagreeing pairs is named once: a pair found from each side, and a
// third article, give three parts, not six.
func TestConflictNoteNamesEachFigureOnce(t *testing.T) {
	a := quoteOf("a", "After 28 years of diplomatic relations")
	b := quoteOf("b", "the nearly 30 years of diplomatic relations")
	c := quoteOf("c", "some 29 years of diplomatic relations")
	ans := partnerbot.Answer{Language: "en", Citations: []partnerbot.Citation{
		{DocID: "a", Quote: a.quote}, {DocID: "b", Quote: b.quote}, {DocID: "c", Quote: c.quote}}}
	cs := findConflicts(false, []judged{a, b, c}, []judged{a, b, c}, nil)
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

// TestEventOrdinalsSettleYesNo: a yes/no question about an ordinal ("the
// first to visit?") is shown another article's different ordinal for the
// same event, even from a sentence not likely enough to answer by itself,
// with a note that does not call them a contradiction; other questions, and
// other events, are not.
func TestEventOrdinalsSettleYesNo(t *testing.T) {
	lex := seedEngine(t).state.Load().index.Lexicon()
	judge := func(doc, text string) judged {
		return judged{candidate: &candidate{doc: &corpus.Document{ID: doc}, text: text}}
	}
	first := judge("a", "The meeting marks the first time the council chair has paid a formal visit at the invitation of the mayor.")
	first.quote = first.text
	third := judge("b", "The meeting marks the third time a council chair has visited the town since the charter was signed.")
	other := judge("c", "The fair marks the second time the town has hosted a harvest festival.")
	tests := []struct {
		question string
		want     int // quotes
	}{
		{"Is this the first time the council chair visited?", 2},
		{"was this the 1st visit by a council chair", 2},
		{"Which council chair was the first to visit?", 1}, // not yes/no
		{"How long did the visit last?", 1},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			events := settlesByEvents(read(lex.Parse(tt.question)))
			chosen, cs := addConflicts(events, []judged{first}, []judged{first}, []judged{first, other, third}, 3)
			if len(chosen) != tt.want {
				t.Fatalf("got %d quotes, want %d", len(chosen), tt.want)
			}
			if tt.want == 1 {
				return
			}
			if chosen[1].quote != third.text {
				t.Errorf("added quote %q, want %q", chosen[1].quote, third.text)
			}
			ans := partnerbot.Answer{Language: "en", Citations: []partnerbot.Citation{
				{DocID: "a", Quote: first.text}, {DocID: "b", Quote: third.text}}}
			if got, want := conflictNote(ans, cs), "Read these together: [1] says “first time the council chair”, [2] says “third time a council chair”."; got != want {
				t.Errorf("note = %q, want %q", got, want)
			}
		})
	}
}

func TestEventFigures(t *testing.T) {
	tests := []struct {
		text      string
		wantValue string // of the one event, or "" for none
	}{
		{"It was the third time the chair had visited.", "3"},
		{"It was the 3rd time the chair had visited.", "3"},
		{"It was the twenty-first time the chair had visited.", ""},
		{"It is the third largest market.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := ""
			for _, f := range figures(tt.text) {
				if f.event {
					got = f.value
				}
			}
			if got != tt.wantValue {
				t.Errorf("event value = %q, want %q", got, tt.wantValue)
			}
		})
	}
}

// TestAddConflictsKeepsBothSides: when the answer already holds as many
// quotes as it may, the other article's figure replaces the weakest quote
// no conflict is about, never the figure it disagrees with.
func TestAddConflictsKeepsBothSides(t *testing.T) {
	trade := quoteOf("a", "Bilateral trade turnover surpassed $123.86 billion in 2022.")
	presidents := quoteOf("b", "Since the normalisation of relations in 1995, all US Presidents have visited Vietnam.")
	seven := quoteOf("c", "To date, Vietnam has coordinated with the US to repatriate the remains of more than 700 US soldiers missing in the war.")
	other := quoteOf("d", "Vietnam and the U.S. have worked together to repatriate the remains of 733 U.S. soldiers missing in Vietnam during the war.")
	chosen := []judged{trade, presidents, seven}
	got, cs := addConflicts(false, chosen, append(chosen, other), append(chosen, other), 3)
	if len(cs) == 0 {
		t.Fatal("no conflict found between 700 and 733 soldiers")
	}
	var quotes []string
	for _, j := range got {
		quotes = append(quotes, j.quote)
	}
	if len(got) != 3 || !containsSentence(got, seven) || !containsSentence(got, other) || !containsSentence(got, trade) {
		t.Errorf("quotes %q; want the trade figure and both soldiers' figures", quotes)
	}
	ans := partnerbot.Answer{Language: "en"}
	for _, j := range got {
		ans.Citations = append(ans.Citations, partnerbot.Citation{DocID: j.doc.ID, Quote: j.quote})
	}
	if note := conflictNote(ans, cs); !strings.Contains(note, "700") || !strings.Contains(note, "733") {
		t.Errorf("note %q, want both figures", note)
	}
}
