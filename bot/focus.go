package bot

import (
	"regexp"
	"strings"

	"github.com/partnerbot/partnerbot/retrieval"
)

// focus returns the indexes in q.Groups of the question's focus: the noun
// phrase a "what", "which", "how many" or "how much" question asks about
// ("what was Vietnam's trade surplus" → trade surplus, "how many US troops"
// → US troops, "what did China's foreign ministry say" → foreign ministry),
// or nil when the question has none. An answer that does not cover its
// focus answers a different question.
func focus(q retrieval.Query) []int {
	words := strings.Fields(q.English)
	start, subject := -1, false
	for i, w := range words {
		switch w {
		case "how":
			if i+1 < len(words) && (words[i+1] == "many" || words[i+1] == "much") {
				start = i + 2
			}
		case "what", "which":
			start = i + 1
			if start < len(words) && (isCopula(words[start]) || isAuxiliary(words[start])) {
				subject = isAuxiliary(words[start])
				start++
			}
			for start < len(words) && determiners[words[start]] {
				start++
			}
		}
		if start >= 0 {
			break
		}
	}
	if start < 0 || start >= len(words) {
		return nil
	}
	var phrase []string
	for _, w := range words[start:] {
		_, content := retrieval.Term(w)
		switch {
		case len(phrase) == 0 && content && isPossessor(q.Text, w):
			continue // "Vietnam's trade surplus": the possessor is not the focus
		case !content || verbForm(w) || len(phrase) == maxFocus,
			subject && len(phrase) > 0 && retrieval.CanBeVerb(w): // "what did Trong call…"
		default:
			phrase = append(phrase, w)
			continue
		}
		break
	}
	var out []int
	for _, w := range phrase {
		for gi, g := range q.Groups {
			if !g.Context && (g.Word == w || strings.HasPrefix(g.Word, w+" ") || strings.HasSuffix(g.Word, " "+w)) {
				out = append(out, gi)
				break
			}
		}
	}
	return out
}

// maxFocus is the longest focus phrase, in words.
const maxFocus = 3

// verbForm reports whether a word looks like a verb form ("called",
// "going"), which ends a noun phrase.
func verbForm(w string) bool {
	return len(w) > 4 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing"))
}

// determiners may stand between "what" and its noun: "what is the…".
var determiners = map[string]bool{"the": true, "a": true, "an": true}

// isPossessor reports whether the question writes word with a possessive
// "'s", as in "Vietnam's".
func isPossessor(text, word string) bool {
	re, err := regexp.Compile(`(?i)\b` + regexp.QuoteMeta(word) + `['’]s\b`)
	return err == nil && re.MatchString(foldForMatch(text))
}

func foldForMatch(s string) string { return strings.ToLower(s) }
