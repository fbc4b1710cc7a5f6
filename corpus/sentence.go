package corpus

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/english"
)

// abbreviations the English Punkt model does not know but news text uses.
var abbreviations = []string{
	"u.s", "u.k", "u.n", "p.m", "a.m", "jr", "sr", "mr", "mrs", "ms", "dr",
	"gen", "lt", "col", "sen", "rep", "gov", "st", "no", "vs", "approx", "est",
}

var splitter = sync.OnceValues(func() (*sentences.DefaultSentenceTokenizer, error) {
	t, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		return nil, err
	}
	for _, a := range abbreviations {
		t.AbbrevTypes.Add(a)
	}
	return t, nil
})

// splitMu serialises the Punkt tokenizer, which is not documented as safe
// for concurrent use.
var splitMu sync.Mutex

// SplitSentences returns the sentences of text as byte spans. Line breaks
// always end a sentence, since articles put headlines, datelines and
// paragraphs on lines of their own; within a line the Punkt model decides,
// so abbreviations such as "U.S." and "p.m.", decimals such as "$123.86" and
// names such as "Hà Nội" do not break a sentence. Spans exclude surrounding
// white space, and blank lines yield none.
func SplitSentences(text string) []Span {
	tok, err := splitter()
	var spans []Span
	for lineStart := 0; lineStart < len(text); {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		line := text[lineStart:lineEnd]
		if err != nil {
			spans = appendTrimmed(spans, text, lineStart, lineEnd)
		} else {
			splitMu.Lock()
			parts := tok.Tokenize(line)
			splitMu.Unlock()
			for _, p := range parts {
				spans = appendTrimmed(spans, text, lineStart+p.Start, lineStart+p.End)
			}
		}
		lineStart = lineEnd + 1
	}
	return spans
}

// MaxSentenceBytes bounds a sentence: a longer run without a sentence end
// (a table, a list, text from a PDF) is cut at white space into pieces of
// at most this size, so no sentence or passage grows without bound. The
// articles' longest sentence is 847 bytes.
const MaxSentenceBytes = 2000

// appendTrimmed appends text[start:end] without its surrounding white space,
// unless nothing is left, in pieces of at most MaxSentenceBytes.
func appendTrimmed(spans []Span, text string, start, end int) []Span {
	for end-start > MaxSentenceBytes {
		cut := start + MaxSentenceBytes
		if i := strings.LastIndexFunc(text[start:cut], unicode.IsSpace); i > 0 {
			cut = start + i
		} else {
			for cut > start && !utf8.RuneStart(text[cut]) {
				cut--
			}
			if cut == start { // not UTF-8: any cut will do
				cut = start + MaxSentenceBytes
			}
		}
		spans = appendPiece(spans, text, start, cut)
		start = cut
	}
	return appendPiece(spans, text, start, end)
}

// appendPiece appends text[start:end] without its surrounding white space,
// unless nothing is left.
func appendPiece(spans []Span, text string, start, end int) []Span {
	for start < end {
		r, size := rune(text[start]), 1
		if r >= 0x80 {
			r, size = decodeRune(text[start:end])
		}
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := lastRune(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	if start == end {
		return spans
	}
	return append(spans, Span{start, end})
}
