package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/partnerbot/partnerbot/corpus"
)

// minQuote is the shortest quote, after normalisation, worth showing.
const minQuote = 12

// Verify reports whether quote appears verbatim in passage once both are
// normalised with corpus.Normalize, as whole words: a quote that starts or
// ends inside a word or a number ("surpassing $12" of "$123.86") fails, as
// it would say what the passage does not. Quotes too short to mean
// anything fail.
func Verify(quote, passage string) bool {
	q := corpus.Normalize(quote)
	if len(q) < minQuote {
		return false
	}
	return wholeIndex(corpus.Normalize(passage), q) >= 0
}

// wholeIndex is the index of the first occurrence of q in s that neither
// starts nor ends inside a word or a number of s, or -1.
func wholeIndex(s, q string) int {
	for from := 0; from <= len(s)-len(q); {
		i := strings.Index(s[from:], q)
		if i < 0 {
			return -1
		}
		i += from
		if wholeAt(s, i, i+len(q)) {
			return i
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		from = i + size
	}
	return -1
}

// wholeAt reports whether s[i:j] has a word or number edge at both ends:
// a letter or digit at an end of it is not continued in s by another, nor
// a digit by a decimal or thousands mark and a digit ("123" in "123.86").
func wholeAt(s string, i, j int) bool {
	first, _ := utf8.DecodeRuneInString(s[i:])
	last, _ := utf8.DecodeLastRuneInString(s[:j])
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[j:])
	if i > 0 && wordRune(first) && wordRune(before) {
		return false
	}
	if j < len(s) && wordRune(last) && wordRune(after) {
		return false
	}
	if unicode.IsDigit(last) && (after == '.' || after == ',') && j+1 < len(s) && isDigitByte(s[j+1]) {
		return false
	}
	if unicode.IsDigit(first) && (before == '.' || before == ',') && i >= 2 && isDigitByte(s[i-2]) {
		return false
	}
	return true
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }
