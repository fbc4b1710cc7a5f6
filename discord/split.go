package discord

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a half-open byte range of a text that must not be cut: a quote.
type span struct{ start, end int }

// split cuts raw into chunks that each fit limit units once sanitised,
// returning them sanitised. It cuts after a sentence (. ! ? … 。 ！ ？
// followed by white space, or a line break), never inside a protected
// span; a sentence too long on its own is cut between words, and a word
// too long between characters. A protected span is cut only when it alone
// cannot fit in limit, which callers avoid by giving a quote a place of
// its own.
func (z sanitizer) split(raw string, protect []span, limit int) []string {
	var pieces []string
	next := 0 // where the unit after u starts in raw
	for _, u := range sentenceUnits(raw, protect) {
		at := next
		next += len(u)
		if textLen(z.text(strings.TrimSpace(u))) <= limit {
			pieces = append(pieces, u)
			continue
		}
		for _, w := range wordUnits(u, at, protect) {
			if textLen(z.text(strings.TrimSpace(w))) <= limit {
				pieces = append(pieces, w)
				continue
			}
			pieces = append(pieces, z.hardSplit(w, limit)...)
		}
	}
	return z.pack(pieces, limit)
}

// packSlack is how far below the limit packing starts checking exactly:
// sanitising two pieces together can differ from sanitising them apart
// only where a mention or URL spans the join.
const packSlack = 8

// pack joins consecutive pieces while the sanitised result fits. Sizes are
// summed piece by piece and checked exactly only near the limit, so
// packing is linear in the text.
func (z sanitizer) pack(pieces []string, limit int) []string {
	var (
		out []string
		cur []string
		est int
	)
	fits := func(ps []string) bool {
		return textLen(z.text(strings.TrimSpace(strings.Join(ps, "")))) <= limit
	}
	// emit outputs the longest head of cur that fits (all of it, but for
	// an unexpected join) and keeps the rest.
	emit := func() {
		k := len(cur)
		for k > 1 && !fits(cur[:k]) {
			k--
		}
		if s := z.text(strings.TrimSpace(strings.Join(cur[:k], ""))); s != "" {
			out = append(out, s)
		}
		cur, est = cur[k:], 0
		for _, p := range cur {
			est += textLen(z.text(p))
		}
	}
	for _, p := range pieces {
		n := textLen(z.text(p))
		if len(cur) > 0 && est+n+packSlack > limit && !fits(append(cur[:len(cur):len(cur)], p)) {
			emit()
		}
		cur = append(cur, p)
		est += n
	}
	for len(cur) > 0 {
		emit()
	}
	return out
}

// sentenceUnits cuts raw after sentence ends and line breaks that fall
// outside every protected span; the units concatenate back to raw.
func sentenceUnits(raw string, protect []span) []string {
	var out []string
	start := 0
	inside := func(i int) bool { return insideSpan(i, protect) }
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRuneInString(raw[i:])
		next := i + size
		cut := -1
		switch {
		case r == '\n':
			cut = next
		case r == '。' || r == '！' || r == '？':
			cut = next
		case r == '.' || r == '!' || r == '?' || r == '…':
			j := next
			for j < len(raw) && strings.ContainsRune(`"'”’)]`, rune(raw[j])) {
				j++ // closing quotes and brackets stay with their sentence
			}
			if j < len(raw) && (raw[j] == ' ' || raw[j] == '\n' || raw[j] == '\t') {
				for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t') {
					j++
				}
				cut = j
			}
		}
		if cut > start && !inside(cut) {
			out = append(out, raw[start:cut])
			start = cut
		}
		i = next
	}
	if start < len(raw) {
		out = append(out, raw[start:])
	}
	return out
}

// insideSpan reports whether offset i falls strictly inside a protected
// span.
func insideSpan(i int, protect []span) bool {
	for _, p := range protect {
		if i > p.start && i < p.end {
			return true
		}
	}
	return false
}

// spanEdge reports whether offset i starts or ends a protected span.
func spanEdge(i int, protect []span) bool {
	for _, p := range protect {
		if p.start < p.end && (i == p.start || i == p.end) {
			return true
		}
	}
	return false
}

// wordUnits cuts s, which starts at offset at of the text protect refers
// to, after each run of white space outside the protected spans, and at
// their edges, so a quote in a sentence too long to keep whole stays one
// unit.
func wordUnits(s string, at int, protect []span) []string {
	var out []string
	start := 0
	space := false
	for i, r := range s {
		isSpace := unicode.IsSpace(r)
		cut := (space && !isSpace && !insideSpan(at+i, protect)) || spanEdge(at+i, protect)
		if cut && i > start {
			out = append(out, s[start:i])
			start = i
		}
		space = isSpace
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// hardSplit cuts s between characters into the longest pieces that fit
// limit once sanitised, not just before a joining character where that can
// be helped. A piece has at most limit runes, which bounds the search.
func (z sanitizer) hardSplit(s string, limit int) []string {
	var out []string
	for s != "" {
		var ends []int // byte offset after each of the first limit runes
		for i := 0; i < len(s) && len(ends) < limit; {
			_, size := utf8.DecodeRuneInString(s[i:]) // 1 for an invalid byte, which RuneLen(U+FFFD) is not
			i += size
			ends = append(ends, i)
		}
		lo, hi := 1, len(ends)
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if textLen(z.text(s[:ends[mid-1]])) <= limit {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		n := lo
		for n > 1 && ends[n-1] < len(s) && joinsNext(s[ends[n-1]:]) {
			n--
		}
		if n == 1 && lo > 1 {
			n = lo // a run of joining characters too long to keep whole
		}
		out = append(out, s[:ends[n-1]])
		s = s[ends[n-1]:]
	}
	return out
}

// joinsNext reports whether s starts with a joining character.
func joinsNext(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return joinsPrevious(r)
}

// quoteSpans finds each quote in text (as given, or as bot.Neutralize
// leaves it) and returns where they are.
func quoteSpans(text string, quotes []string, neutralize func(string) string) []span {
	var out []span
	for _, q := range quotes {
		for _, form := range []string{q, neutralize(q)} {
			if form == "" {
				continue
			}
			found := false
			for from := 0; ; {
				i := strings.Index(text[from:], form)
				if i < 0 {
					break
				}
				found = true
				out = append(out, span{from + i, from + i + len(form)})
				from += i + len(form)
			}
			if found {
				break
			}
		}
	}
	return out
}
