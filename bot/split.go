package bot

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/partnerbot/partnerbot/corpus"
)

// splitSentences cuts text at question marks, semicolons and line breaks
// always, and at full stops, exclamation marks and colons that end a
// sentence (followed by a space, not inside "U.S." or "3:40").
func splitSentences(text string) []string {
	var out []string
	start := 0
	rs := []rune(text)
	for i, r := range rs {
		cut := false
		switch r {
		case '?', ';', '\n':
			cut = true
		case '.', '!', ':':
			next := i+1 == len(rs) || unicode.IsSpace(rs[i+1])
			abbrev := r == '.' && i >= 2 && rs[i-2] == '.' // "U.S."
			single := r == '.' && i >= 1 && unicode.IsLetter(rs[i-1]) && (i < 2 || !unicode.IsLetter(rs[i-2]))
			cut = next && !abbrev && !single
		}
		if cut {
			out = appendPart(out, string(rs[start:i+1]))
			start = i + 1
		}
	}
	return appendPart(out, string(rs[start:]))
}

// questionParts splits text into the questions it asks and the rest. A
// sentence that is a question, or that joins two questions with "and",
// gives parts; joined reports, for each part, whether it was cut from a
// sentence by a conjunction (and so asks something even without a question
// word of its own). Sentences that ask nothing (a preamble, an instruction)
// are returned as context. Text with no question in it is one question, as
// "trade 2022" is.
func questionParts(text string) (parts []string, joined []bool, context string) {
	var rest []string
	for _, s := range splitSentences(text) {
		if !isQuestion(s) {
			rest = append(rest, s)
			continue
		}
		cut := false
		if vi := splitVietnamese(s); len(vi) > 1 {
			for i, v := range vi {
				parts, joined = append(parts, v), append(joined, i > 0)
			}
			continue
		}
		for {
			loc := partJoin.FindStringIndex(s)
			if loc == nil || loc[0] == 0 {
				break
			}
			if n := len(parts); len(appendPart(parts, s[:loc[0]])) > n {
				parts, joined = append(parts, strings.TrimSpace(s[:loc[0]])), append(joined, true)
			}
			cut = true
			s = strings.TrimLeft(s[loc[0]:], ", ")
			if i := strings.IndexByte(s, ' '); i > 0 {
				s = s[i+1:] // the conjunction itself
			}
		}
		if n := len(parts); len(appendPart(parts, s)) > n {
			parts, joined = append(parts, strings.TrimSpace(s)), append(joined, cut)
		}
	}
	if len(parts) == 0 {
		return []string{strings.TrimSpace(text)}, []bool{false}, ""
	}
	return parts, joined, strings.Join(rest, " ")
}

// splitVietnamese cuts a Vietnamese sentence at "và" ("and") where the
// words on both sides each hold a question word: "Biden đến Hà Nội khi nào
// và ở lại bao lâu?" asks two things. Otherwise it returns s whole.
func splitVietnamese(s string) []string {
	var out []string
	start := 0 // where the part being read begins
	for _, loc := range vietnameseAnd.FindAllStringIndex(s, -1) {
		if asksVietnamese(s[start:loc[0]]) && asksVietnamese(s[loc[1]:]) {
			out = appendPart(out, s[start:loc[0]])
			start = loc[1]
		}
	}
	return appendPart(out, s[start:])
}

// asksVietnamese reports whether text holds a Vietnamese question word,
// with or without its diacritics (see vietnameseWhWords).
func asksVietnamese(text string) bool {
	if vietnameseQuestionWord.MatchString(corpus.Normalize(text)) {
		return true
	}
	composed := norm.NFC.String(strings.ToLower(text)) // "mấy" typed as m, a, ◌̂, ◌́, y
	for _, w := range strings.FieldsFunc(composed, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if slices.Contains(vietnameseAccentedWhWords, w) {
			return true
		}
	}
	return false
}

// isQuestion reports whether a sentence asks something.
func isQuestion(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, "?") || questionStart.MatchString(s) || questionWord.MatchString(s) || asksVietnamese(s)
}

func appendPart(parts []string, s string) []string {
	s = strings.TrimSpace(s)
	if strings.IndexFunc(s, unicode.IsLetter) < 0 && strings.IndexFunc(s, unicode.IsDigit) < 0 {
		return parts
	}
	return append(parts, s)
}
