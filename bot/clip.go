package bot

import (
	"strings"

	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/retrieval"
)

// clipLen is the sentence length beyond which a quote is cut to the clauses
// that answer.
const clipLen = 300

// clip returns the part of a long sentence worth quoting: the shortest run
// of clauses (split at commas, semicolons and dashes) that covers every
// question group the whole sentence covers, and the date or number asked
// for, and for "why" the reason, when the sentence gives one. Short
// sentences, and sentences no run shortens by a third, come back
// whole. The result is always a verbatim substring of text.
// Parts are judged through spans, which may be nil.
func clip(text string, q retrieval.Query, covered []bool, k kind, asked map[string]bool, spans *spanCache) string {
	if len(text) <= clipLen {
		return text
	}
	clauses := splitClauses(text)
	if len(clauses) < 2 {
		return text
	}
	terms := make([]map[string]bool, len(clauses))
	for i, c := range clauses {
		terms[i] = set(retrieval.Terms(text[c.Start:c.End]))
	}
	// A reason the sentence gives is what "why" asks for: the run keeps one.
	reason := k == kindWhy && hasReasonCue(spans.candidate(text).norm)
	best := corpus.Span{Start: 0, End: len(text)}
	for i := range clauses {
		union := map[string]bool{}
		for j := i; j < len(clauses); j++ {
			for t := range terms[j] {
				union[t] = true
			}
			span := corpus.Span{Start: clauses[i].Start, End: clauses[j].End}
			if span.End-span.Start >= best.End-best.Start {
				break
			}
			c := spans.candidate(text[span.Start:span.End])
			if coversAll(q, covered, union) && k.fits(c, asked) && (!reason || hasReasonCue(c.norm)) {
				best = span
				break
			}
		}
	}
	if k != kindWhen && k != kindQuantity && k != kindMoney && k != kindDuration {
		// The answer to "which…" or "what…" usually follows the words
		// that match the question, often as a list: keep the rest of
		// the sentence.
		best.End = len(text)
	}
	if best.End-best.Start > len(text)*2/3 {
		return text
	}
	return strings.TrimRight(text[best.Start:best.End], ",;:—– ")
}

func coversAll(q retrieval.Query, covered []bool, have map[string]bool) bool {
	for gi, g := range q.Groups {
		if g.Context || !covered[gi] {
			continue
		}
		found := false
		for _, t := range g.Terms {
			if have[t] {
				found = true
				break
			}
		}
		if !found && !g.Known {
			continue
		}
		if !found {
			return false
		}
	}
	return true
}

// splitClauses cuts text after each ", ", "; " and around " — ".
func splitClauses(text string) []corpus.Span {
	var out []corpus.Span
	start := 0
	for i := 0; i < len(text); i++ {
		var cut, next int
		switch {
		case (text[i] == ',' || text[i] == ';') && i+1 < len(text) && text[i+1] == ' ':
			cut, next = i+1, i+2
		case strings.HasPrefix(text[i:], " — "):
			cut, next = i, i+len(" — ")
		default:
			continue
		}
		if cut > start {
			out = append(out, corpus.Span{Start: start, End: cut})
		}
		start = next
		i = next - 1
	}
	if start < len(text) {
		out = append(out, corpus.Span{Start: start, End: len(text)})
	}
	return out
}

func set(ss []string) map[string]bool {
	m := make(map[string]bool, len(ss))
	for _, s := range ss {
		m[s] = true
	}
	return m
}
