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

// verifyCitations keeps the citations whose quote is in the passage they
// name, and reports how many it dropped.
func verifyCitations(c *corpus.Corpus, cites []Citation) ([]Citation, int) {
	kept := cites[:0:0]
	for _, ct := range cites {
		p, ok := c.Passage(ct.ChunkID)
		if ok && p.DocID == ct.DocID && Verify(ct.Quote, p.Text) {
			kept = append(kept, ct)
		}
	}
	return kept, len(cites) - len(kept)
}
