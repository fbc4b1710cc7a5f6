package bot

import (
	"regexp"
	"strings"
)

// partJoin finds where a second question starts inside one: a conjunction
// followed by a question word ("…in 2022, and what is the target…").
var partJoin = regexp.MustCompile(`(?i)(?:,\s*|\s+)(?:and|but|also|plus)\s+(?:what|when|where|who|whom|which|why|how|is|are|was|were|did|does|do|will|has|have|can)\b`)

// splitQuestion cuts a question into the questions it asks: at question
// marks, semicolons, and a conjunction that opens a new question. Parts
// with no letters are dropped.
func splitQuestion(text string) []string {
	var parts []string
	for _, s := range strings.FieldsFunc(text, func(r rune) bool { return r == '?' || r == ';' || r == '\n' }) {
		for {
			loc := partJoin.FindStringIndex(s)
			if loc == nil || loc[0] == 0 {
				break
			}
			parts = appendPart(parts, s[:loc[0]])
			s = strings.TrimLeft(s[loc[0]:], ", ")
			// drop the conjunction itself
			if i := strings.IndexByte(s, ' '); i > 0 {
				s = s[i+1:]
			}
		}
		parts = appendPart(parts, s)
	}
	return parts
}

func appendPart(parts []string, s string) []string {
	s = strings.TrimSpace(s)
	if strings.IndexFunc(s, isLetter) < 0 {
		return parts
	}
	return append(parts, s)
}

func isLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f
}
