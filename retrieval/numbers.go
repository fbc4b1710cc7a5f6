package retrieval

import (
	"regexp"
	"slices"
	"strconv"
)

// This file holds what the analysis knows about English numbers: number
// words, ordinals and how Words writes them, and the month names days are
// counted in.

// cardinals are the English number words, smallest first.
var cardinals = []string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"ten", "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand",
	"million", "billion"}

// CardinalWords returns the English number words, smallest first: "one"
// to "twelve", the tens to "fifty", "hundred", "thousand", "million" and
// "billion".
func CardinalWords() []string { return append([]string(nil), cardinals...) }

// countWords say how many things an answer has: "two ways", "several
// reasons".
var countWords = func() map[string]bool {
	m := setOf(`several few`)
	for _, w := range cardinals[1:10] { // two to ten
		m[w] = true
	}
	return m
}()

// ordinals are the ordinal words Words writes as numerals.
var ordinals = map[string]string{
	"first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
	"sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
	"eleventh": "11th", "twelfth": "12th", "thirteenth": "13th", "twentieth": "20th", "firsts": "1st",
}

// OrdinalWords returns the English ordinal words Words writes as numerals
// ("first" … "thirteenth", "twentieth"), sorted.
func OrdinalWords() []string {
	out := make([]string, 0, len(ordinals))
	for w := range ordinals {
		if w != "firsts" {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}

// months are the English month names, January first.
var months = []string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

// MonthNames returns the English month names, January first.
func MonthNames() []string { return slices.Clone(months) }

// datePrepositions are the words before a month name that make "may" one.
var datePrepositions = []string{"on", "in", "of", "by", "until", "from", "since", "before", "after"}

// dayOrdinals writes a day of the month given as an ordinal as the
// articles write it, a cardinal: "September 10th" and "the 10th of
// September" are "September 10".
func dayOrdinals(words []string) []string {
	at := func(i int) string {
		if i < 0 || i >= len(words) {
			return ""
		}
		return words[i]
	}
	out := slices.Clone(words)
	for i, w := range words {
		n, ok := OrdinalNumber(w)
		if day, err := strconv.Atoi(n); !ok || err != nil || day < 1 || day > 31 {
			continue
		}
		// After its month ("may" only as a date: "on May 3rd", not "may
		// 3rd countries"), or before "of" and its month.
		after := slices.Contains(months, at(i-1)) && (at(i-1) != "may" || slices.Contains(datePrepositions, at(i-2)))
		if after || at(i+1) == "of" && slices.Contains(months, at(i+2)) {
			out[i] = n
		}
	}
	return out
}

// ordinalNumeral matches a numeral with an ordinal ending, typed right or
// not: "7th", "7nth", "21st".
var ordinalNumeral = regexp.MustCompile(`^(\d+)(st|nd|rd|th|nth|rth|tht)$`)

// IsOrdinal reports whether a word from Words is an ordinal: "1st", "7th".
func IsOrdinal(w string) bool {
	_, ok := OrdinalNumber(w)
	return ok
}

// OrdinalNumber returns the number of an ordinal word from Words: "5" for
// "5th" (which "fifth" becomes); ok is false for any other word.
func OrdinalNumber(w string) (string, bool) {
	m := ordinalNumeral.FindStringSubmatch(w)
	if m == nil || (m[2] != "st" && m[2] != "nd" && m[2] != "rd" && m[2] != "th") {
		return "", false
	}
	return m[1], true
}

// ordinal writes a raw word that is an ordinal as Words does ("seventh",
// "7nth" → "7th"); ok is false for any other word.
func ordinal(w string) (string, bool) {
	if o, ok := ordinals[w]; ok {
		return o, true
	}
	if m := ordinalNumeral.FindStringSubmatch(w); m != nil {
		return m[1] + ordinalSuffix(m[1]), true
	}
	return "", false
}

func ordinalSuffix(n string) string {
	if len(n) >= 2 && n[len(n)-2] == '1' {
		return "th"
	}
	switch n[len(n)-1] {
	case '1':
		return "st"
	case '2':
		return "nd"
	case '3':
		return "rd"
	}
	return "th"
}
