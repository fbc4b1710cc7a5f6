package bot

import "strings"

// reasonCues are the words and phrases with which English gives a reason
// or a purpose. A "why" question is answered by a sentence that holds one;
// the selector weighs that, it does not require it.
var reasonCues = []string{
	"because", "due to", "owing to", "thanks to", "driven by", "as a result", "result of",
	"in order to", "so that", "so as to", "aims to", "aimed at", "aim of", "purpose",
	"reason", "reasons", "factor", "factors", "stems from", "lies in", "given that",
	"since the", "based on", "on the basis", "motivated", "in light of", "amid", "to ensure",
	"to promote", "to contribute", "to help", "demonstrates", "shows that", "reflects",
}

// hasReasonCue reports whether normalised text gives a reason.
func hasReasonCue(norm string) bool {
	padded := " " + norm + " "
	for _, c := range reasonCues {
		if strings.Contains(padded, " "+c+" ") || strings.Contains(padded, " "+c+",") {
			return true
		}
	}
	return false
}
