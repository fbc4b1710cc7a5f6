package bot

import (
	"regexp"
	"strings"

	"github.com/partnerbot/partnerbot/retrieval"
)

// This file holds what the engine knows about English dates: month and day
// names and how years are written.

// months are the English month names, January first.
var months = retrieval.MonthNames()

// weekdays are the English day names, Monday first.
var weekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// yearPattern matches a year as articles write one: 1800 to 2099.
const yearPattern = `(?:1[89]\d\d|20\d\d)`

// yearRe matches a year anywhere in text.
var yearRe = regexp.MustCompile(`\b` + yearPattern + `\b`)

// isYear reports whether a word or term is a year.
func isYear(w string) bool {
	return len(w) == 4 && yearRe.MatchString(w)
}

// unambiguousMonths are the month names that are never another word:
// "may" is also a verb.
func unambiguousMonths() []string {
	var out []string
	for _, m := range months {
		if m != "may" {
			out = append(out, m)
		}
	}
	return out
}

// monthTerms are the index terms of the month names but "may".
var monthTerms = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range unambiguousMonths() {
		if t, ok := retrieval.Term(w); ok {
			m[t] = true
		}
	}
	return m
}()

// alternation writes words as a regexp group: "(?:a|b|c)".
func alternation(words ...[]string) string {
	var all []string
	for _, ws := range words {
		for _, w := range ws {
			all = append(all, regexp.QuoteMeta(w))
		}
	}
	return "(?:" + strings.Join(all, "|") + ")"
}
