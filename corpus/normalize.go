package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize is the project's one matching normalisation. Quotes are verified,
// evaluation phrases are matched and search terms are folded with it, always
// in these steps:
//
//  1. Unicode NFKD, then every combining mark (category M) is removed;
//  2. đ and Đ become d (NFKD does not decompose them);
//  3. lower case;
//  4. curly quotes become straight ones: ‘ ’ ‚ ‛ → ' and “ ” „ ‟ → ";
//  5. runs of white space become one space, and the ends are trimmed.
//
// Invalid UTF-8 bytes are dropped.
func Normalize(s string) string {
	out, _ := normalize(s, false)
	return out
}

// NormalizeOffsets is Normalize that also reports, for every byte of the
// result, the byte offset in s of the rune it came from. It lets a match found
// in normalised text be mapped back to the verbatim original.
func NormalizeOffsets(s string) (string, []int) {
	return normalize(s, true)
}

func normalize(s string, withOffsets bool) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	var offs []int
	if withOffsets {
		offs = make([]int, 0, len(s))
	}
	emit := func(r rune, at int) {
		n := b.Len()
		b.WriteRune(r)
		for ; withOffsets && n < b.Len(); n++ {
			offs = append(offs, at)
		}
	}
	space := false // a space is owed before the next rune
	put := func(p rune, at int) {
		p = fold(p)
		switch {
		case p < 0:
			return
		case unicode.IsSpace(p):
			space = b.Len() > 0
			return
		}
		if space {
			emit(' ', at)
			space = false
		}
		emit(p, at)
	}
	var dec [32]byte
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		at := i
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
		case r < utf8.RuneSelf:
			put(r, at)
		default:
			parts := norm.NFKD.AppendString(dec[:0], s[at:i])
			for len(parts) > 0 {
				p, n := utf8.DecodeRune(parts)
				parts = parts[n:]
				put(p, at)
			}
		}
	}
	return b.String(), offs
}

// fold applies steps 1–4 of Normalize to one rune of an NFKD decomposition.
// It returns -1 for runes that are dropped.
func fold(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	switch r {
	case 'đ', 'Đ':
		return 'd'
	case '‘', '’', '‚', '‛':
		return '\''
	case '“', '”', '„', '‟':
		return '"'
	}
	if unicode.Is(unicode.M, r) {
		return -1
	}
	return unicode.ToLower(r)
}
