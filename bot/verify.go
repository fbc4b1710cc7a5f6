package bot

import (
	"strings"

	"github.com/partnerbot/partnerbot/corpus"
)

// minQuote is the shortest quote, after normalisation, worth showing.
const minQuote = 12

// Verify reports whether quote appears verbatim in passage once both are
// normalised with corpus.Normalize. Quotes too short to mean anything fail.
func Verify(quote, passage string) bool {
	q := corpus.Normalize(quote)
	if len(q) < minQuote {
		return false
	}
	return strings.Contains(corpus.Normalize(passage), q)
}
