package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/retrieval"
)

// figure is a number an article states, with what it counts.
type figure struct {
	value   string   // digits, without thousands separators
	surface string   // as printed, with its qualifier and the next words
	about   []string // the terms that follow it
	// event: an ordinal of an event ("the third time the council has
	// met"), which settles a yes/no question ("the first meeting?")
	// however unlikely its sentence is to answer by itself.
	event bool
}

// eventOrdinalRe finds an ordinal written as a word before "time".
var eventOrdinalRe = regexp.MustCompile(`(?i)\b(` + strings.Join(retrieval.OrdinalWords(), "|") + `)\s+time\b`)

var figureRe = regexp.MustCompile(`(?i)\b((?:more than|over|nearly|almost|about|around|some|at least|up to)\s+)?(\$?)(\d[\d,]*(?:\.\d+)?)((?:st|nd|rd|th)\b|%|\s+(?:billion|million|percent)\b)?`)

// figures lists the counted quantities in a sentence. Bare years are left
// out: they date things rather than count them.
func figures(text string) []figure {
	var out []figure
	for _, m := range figureRe.FindAllStringSubmatchIndex(text, -1) {
		value := strings.ReplaceAll(text[m[6]:m[7]], ",", "")
		if isYear(value) && m[4] == m[5] && m[8] < 0 {
			continue
		}
		about := termsAfter(text[m[1]:])
		surface := surfaceAt(text, m[0], m[1], 2)
		_, ordinal := retrieval.OrdinalNumber(strings.ToLower(strings.TrimSpace(text[m[6]:m[1]])))
		event := ordinal && len(about) > 0 && about[0] == "time"
		out = append(out, figure{value: value, surface: surface, about: about, event: event})
	}
	for _, m := range eventOrdinalRe.FindAllStringSubmatchIndex(text, -1) {
		if m[2] > 0 && text[m[2]-1] == '-' {
			continue // "twenty-first time": not the first
		}
		value, ok := retrieval.OrdinalNumber(retrieval.Words(text[m[2]:m[3]])[0])
		if !ok {
			continue
		}
		about := termsAfter(text[m[3]:])
		out = append(out, figure{value: value, surface: surfaceAt(text, m[0], m[1], 3), about: about, event: true})
	}
	return out
}

// termsAfter is what a figure counts: the first four terms of the text
// that follows it, read from a bounded window of it, so that a passage
// with many figures costs in proportion to its length.
func termsAfter(rest string) []string {
	about := retrieval.Terms(window(rest))
	return about[:min(4, len(about))]
}

// afterWindow is how much of the text after a figure is read: more than
// four terms and three words take.
const afterWindow = 200

// window is the start of s, at most afterWindow bytes, cut before the
// last word it would split (or at a rune, in a run with no space).
func window(s string) string {
	if len(s) <= afterWindow {
		return s
	}
	if i := strings.LastIndexByte(s[:afterWindow+1], ' '); i > 0 {
		return s[:i]
	}
	cut := afterWindow
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// surfaceAt is a figure as printed: text[start:end] and the next n words,
// without trailing punctuation.
func surfaceAt(text string, start, end, n int) string {
	words := strings.Fields(window(text[end:]))
	s := text[start:end] + " " + strings.Join(words[:min(n, len(words))], " ")
	return strings.TrimRight(strings.TrimSpace(s), ",.;:")
}

// disagree reports whether two figures count the same thing differently:
// different values followed by the same term and sharing at least two of
// the terms that follow. For events the term is always "time", so the
// two must share two terms after it.
func disagree(a, b figure) bool {
	if a.value == b.value || len(a.about) == 0 || len(b.about) == 0 || a.about[0] != b.about[0] {
		return false
	}
	if a.event {
		return len(a.about) > 1 && len(b.about) > 1 &&
			retrieval.Containment(set(a.about[1:]), set(b.about[1:]))*float64(min(len(a.about), len(b.about))-1) >= 2
	}
	return retrieval.Containment(set(a.about), set(b.about))*float64(min(len(a.about), len(b.about))) >= 2
}

// conflict is a pair of quotes from different articles that disagree.
type conflict struct {
	a, b   judged
	fa, fb figure
}

// findConflicts looks, for each chosen quote, for a sentence from another
// article that gives a different figure for the same thing: an eligible
// one, or, with events (a yes/no question about an ordinal: "the first to
// visit?"), any candidate giving another ordinal of the same event.
func findConflicts(events bool, chosen, eligible, all []judged) []conflict {
	var out []conflict
	for _, c := range chosen {
		for _, fa := range figures(c.text) {
			pool := eligible
			if fa.event {
				if !events {
					continue
				}
				pool = all
			}
			for _, p := range pool {
				if p.doc == c.doc {
					continue
				}
				for _, fb := range figures(p.text) {
					if disagree(fa, fb) {
						out = append(out, conflict{a: c, b: p, fa: fa, fb: fb})
						goto next
					}
				}
			}
		next:
		}
	}
	return out
}

// addConflicts adds to chosen each sentence from another article that
// disagrees with a chosen one (see findConflicts), dropping the weakest
// quote no conflict is about, other than the best, to stay within max (or
// going past it when there is none). An event's sentence is quoted
// whole, as it may not be eligible, and so not clipped.
func addConflicts(events bool, chosen, eligible, all []judged, max int) ([]judged, []conflict) {
	chosen = slices.Clone(chosen) // the caller's stays as it was
	cs := findConflicts(events, chosen, eligible, all)
	var sides []judged
	for _, c := range cs {
		sides = append(sides, c.a, c.b)
	}
	for i := range cs {
		if cs[i].fb.event {
			cs[i].b.quote = cs[i].b.text
		}
		if containsSentence(chosen, cs[i].b) {
			continue
		}
		if len(chosen) >= max {
			// chosen is best first: drop the last that is no side, but
			// never the best.
			for k := len(chosen) - 1; k > 0; k-- {
				if !containsSentence(sides, chosen[k]) {
					chosen = slices.Delete(chosen, k, k+1)
					break
				}
			}
		}
		chosen = append(chosen, cs[i].b)
	}
	return chosen, cs
}

// settlesByEvents reports whether a question is settled by the ordinals of
// events: a yes/no question that gives an ordinal of its own ("is he the
// first to visit?").
func settlesByEvents(r reading) bool { return r.kind == kindYesNo && asksOrdinal(r.q) }

// asksOrdinal reports whether a question of its own gives an ordinal.
func asksOrdinal(q retrieval.Query) bool {
	for _, g := range q.Groups {
		if !g.Context && retrieval.IsOrdinal(g.Word) {
			return true
		}
	}
	return false
}

// conflictNote describes the disagreements, pointing at citation numbers.
func conflictNote(a partnerbot.Answer, cs []conflict) string {
	m := msgs(a.Language)
	var parts []string
	seen := map[string]bool{} // each figure once, however many pairs it is in
	events := true            // every pair counts an event: they need not contradict
	for _, c := range cs {
		ia, ib := citationOf(a, c.a), citationOf(a, c.b)
		if ia < 0 || ib < 0 {
			continue
		}
		events = events && c.fa.event
		for _, p := range []string{
			fmt.Sprintf(m.differFigures, fmt.Sprintf("[%d]", ia+1), "“"+c.fa.surface+"”"),
			fmt.Sprintf(m.differFigures, fmt.Sprintf("[%d]", ib+1), "“"+c.fb.surface+"”"),
		} {
			if !seen[p] {
				seen[p] = true
				parts = append(parts, p)
			}
		}
	}
	if len(parts) == 0 {
		return ""
	}
	if events {
		return fmt.Sprintf(m.differEvents, strings.Join(parts, ", "))
	}
	return fmt.Sprintf(m.differ, strings.Join(parts, ", "))
}

// citationOf returns the index of the citation quoting j, or -1.
func citationOf(a partnerbot.Answer, j judged) int {
	for i, c := range a.Citations {
		if c.DocID == j.doc.ID && c.Quote == j.quote {
			return i
		}
	}
	return -1
}

// figureValues returns the counted quantities a sentence gives: its
// figures' values and its ordinals ("fifth" as "5th"). With about set, only
// the quantities followed within four words by one of its terms count: for
// "how many partners", "fifth … partner" does and "10th anniversary" does
// not.
func figureValues(text string, about map[string]bool) map[string]bool {
	out := map[string]bool{}
	near := func(terms []string) bool {
		if about == nil {
			return true
		}
		for _, t := range terms[:min(4, len(terms))] {
			if about[t] {
				return true
			}
		}
		return false
	}
	for _, f := range figures(text) {
		if near(f.about) {
			out[f.value] = true
		}
	}
	words := retrieval.Words(text)
	for i, w := range words {
		if !retrieval.IsOrdinal(w) && !slices.Contains(quantifiers, w) {
			continue
		}
		var next []string
		for _, n := range words[i+1:] {
			if t, ok := retrieval.Term(n); ok {
				next = append(next, t)
			}
		}
		if near(next) {
			out[w] = true
		}
	}
	return out
}

// quantifiers answer "how many" without a figure: "all US Presidents".
var quantifiers = []string{"all", "every", "none", "several"}

// addsValues reports whether values holds any value not in seen, and adds
// them.
func addsValues(seen, values map[string]bool) bool {
	added := false
	for v := range values {
		if !seen[v] {
			seen[v] = true
			added = true
		}
	}
	return added
}
