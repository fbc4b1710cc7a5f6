package eval

import (
	"testing"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/corpus"
)

// TestRelevant checks that a passage is relevant only when it comes from a
// listed source and holds an evidence phrase, matched after Normalize.
func TestRelevant(t *testing.T) {
	q := Question{
		Sources:  []string{"doc-a", "doc-b"},
		Evidence: []string{"Việt Nam", "comprehensive   strategic “partnership”"},
	}
	cases := []struct {
		name string
		q    Question
		p    corpus.Passage
		want bool
	}{
		{"evidence in a listed source", q, corpus.Passage{DocID: "doc-a", Text: "Leaders of Việt Nam met."}, true},
		{"second listed source", q, corpus.Passage{DocID: "doc-b", Text: "Leaders of Việt Nam met."}, true},
		{"diacritics and case folded", q, corpus.Passage{DocID: "doc-a", Text: "leaders of VIET NAM met"}, true},
		{"đ folded", Question{Sources: []string{"doc-a"}, Evidence: []string{"Đà Nẵng"}},
			corpus.Passage{DocID: "doc-a", Text: "cleanup at Da Nang Airport"}, true},
		{"quotes and spaces folded", q, corpus.Passage{DocID: "doc-a", Text: "a Comprehensive Strategic\n\"Partnership\" was"}, true},
		{"evidence in an unlisted source", q, corpus.Passage{DocID: "doc-c", Text: "Leaders of Việt Nam met."}, false},
		{"listed source without evidence", q, corpus.Passage{DocID: "doc-a", Text: "Leaders of the US met."}, false},
		{"evidence split across words", q, corpus.Passage{DocID: "doc-a", Text: "Viet and Nam"}, false},
		{"no evidence listed", Question{Sources: []string{"doc-a"}}, corpus.Passage{DocID: "doc-a", Text: "anything"}, false},
		{"empty evidence phrase matches nothing", Question{Sources: []string{"doc-a"}, Evidence: []string{"", "  "}},
			corpus.Passage{DocID: "doc-a", Text: "anything"}, false},
		{"no sources listed", Question{Evidence: []string{"anything"}}, corpus.Passage{DocID: "doc-a", Text: "anything"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := relevant(tc.q, tc.p); got != tc.want {
				t.Errorf("relevant = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestMatchesAll checks that an answer must match every group, by any one
// of the group's alternatives, after Normalize.
func TestMatchesAll(t *testing.T) {
	cases := []struct {
		name   string
		answer string
		groups [][]string
		want   bool
	}{
		{"one group, one alternative", "Biden arrived on September 10.", [][]string{{"september 10"}}, true},
		{"second alternative", "Vietnam is the US's 7th largest partner.", [][]string{{"seventh", "7th"}}, true},
		{"Vietnamese folded", "Việt Nam and the US", [][]string{{"viet nam"}}, true},
		{"folded both ways", "viet nam and the US", [][]string{{"Việt Nam"}}, true},
		{"all groups match", "Biden met Trong in Hanoi.", [][]string{{"biden"}, {"hanoi", "ha noi"}}, true},
		{"one group misses", "Biden met Trong.", [][]string{{"biden"}, {"hanoi", "ha noi"}}, false},
		{"no alternative matches", "In 2013.", [][]string{{"2023", "twenty twenty-three"}}, false},
		{"no groups", "anything at all", nil, true},
		{"empty alternative matches nothing", "anything at all", [][]string{{""}}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := matchesAll(corpus.Normalize(tc.answer), tc.groups); got != tc.want {
				t.Errorf("matchesAll(%q, %q) = %v, want %v", tc.answer, tc.groups, got, tc.want)
			}
		})
	}
}

// TestFailed checks which results the report lists as failures: anything
// that counts against a metric at depth k.
func TestFailed(t *testing.T) {
	cases := []struct {
		name string
		r    Result
		want bool
	}{
		{"correct, hit at k", Result{Answerable: true, Correct: true, HitRank: 5}, false},
		{"correct, hit below k", Result{Answerable: true, Correct: true, HitRank: 6}, true},
		{"correct, no hit", Result{Answerable: true, Correct: true}, true},
		{"wrong answer", Result{Answerable: true, HitRank: 1}, true},
		{"invalid citation", Result{Answerable: true, Correct: true, HitRank: 1, Citations: make([]partnerbot.Citation, 2), ValidCitations: 1}, true},
		{"excluded phrase", Result{Answerable: true, Correct: true, HitRank: 1, Violations: []string{"@everyone"}}, true},
		{"declined", Result{Answerable: false, Abstained: true}, false},
		{"declined with a citation", Result{Answerable: false, Abstained: true, Citations: make([]partnerbot.Citation, 1), ValidCitations: 1}, true},
		{"answered the unanswerable", Result{Answerable: false}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := failed(tc.r, 5); got != tc.want {
				t.Errorf("failed = %v, want %v", got, tc.want)
			}
		})
	}
}
