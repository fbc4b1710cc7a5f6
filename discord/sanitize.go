package discord

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/corpus"
)

// zwsp is a zero-width space: inserted to make syntax inert without
// changing what a reader sees.
const zwsp = "\u200b"

// sanitizer makes untrusted text (questions, answers, article text) safe to
// show in Discord markdown: mention syntax is neutralised (bot.Neutralize),
// markdown characters are escaped so nothing formats or links, and URLs
// that are not an article's own address are broken with a zero-width space
// so Discord does not link them. Escapes and zero-width spaces are
// invisible, so a quote still reads verbatim.
type sanitizer struct {
	allowed map[string]bool // article URLs, shown live
}

// newSanitizer allows the URLs of docs.
func newSanitizer(docs []*corpus.Document) sanitizer {
	z := sanitizer{allowed: map[string]bool{}}
	for _, d := range docs {
		if d != nil && d.URL != "" {
			z.allowed[d.URL] = true
		}
	}
	return z
}

// urlPattern finds anything with a scheme, and invite links Discord
// recognises without one.
var urlPattern = regexp.MustCompile(`(?i)[a-z][a-z0-9+.\-]*://[^\s<>]*|\b(?:discord(?:app)?\.com/invite|discord\.gg)/\S*`)

// citeMarker is an escaped citation number, "\[3\]", which is made
// readable again when no "(" follows (only "[…](" makes a link).
var citeMarker = regexp.MustCompile(`\\\[(\d{1,3})\\\]`)

// text sanitises s for display in markdown.
func (z sanitizer) text(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	last := 0
	for _, m := range urlPattern.FindAllStringIndex(s, -1) {
		start, end := m[0], m[1]
		u := strings.TrimRight(s[start:end], ".,;:!?)'\"]*_~|")
		end = start + len(u)
		escapeMarkdown(&b, s[last:start], lineStart(s, last))
		if z.allowed[u] {
			b.WriteString(u)
		} else {
			escapeMarkdown(&b, breakURL(u), false)
		}
		last = end
	}
	escapeMarkdown(&b, s[last:], lineStart(s, last))
	return bot.Neutralize(restoreMarkers(b.String()))
}

// lineStart reports whether offset i of s begins a line.
func lineStart(s string, i int) bool { return i == 0 || s[i-1] == '\n' }

// restoreMarkers turns "\[3\]" back into "[3]" unless "(" follows.
func restoreMarkers(s string) string {
	locs := citeMarker.FindAllStringSubmatchIndex(s, -1)
	if locs == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		if l[1] < len(s) && s[l[1]] == '(' {
			continue
		}
		b.WriteString(s[last:l[0]])
		b.WriteString("[" + s[l[2]:l[3]] + "]")
		last = l[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// breakURL makes u inert: a zero-width space after the scheme's colon, or
// before the dot of an invite domain.
func breakURL(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		return strings.ReplaceAll(u, "://", ":"+zwsp+"//")
	}
	if i := strings.IndexByte(u, '.'); i >= 0 {
		return u[:i] + zwsp + u[i:]
	}
	return u
}

// escapeMarkdown writes s with markdown escaped: \ * _ ~ ` | [ ] anywhere,
// and # - > + at the start of a line (headings, lists, quotes). Discord
// shows a backslash-escaped punctuation character as the character.
func escapeMarkdown(b *strings.Builder, s string, atLineStart bool) {
	start := atLineStart
	for _, r := range s {
		switch {
		case strings.ContainsRune("\\*_~`|[]", r):
			b.WriteByte('\\')
		case start && strings.ContainsRune("#->+", r):
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		switch {
		case r == '\n':
			start = true
		case r != ' ' && r != '\t':
			start = false
		}
	}
}

// plain is s for places Discord shows without markdown (thread names,
// autocomplete choices, button labels): mentions neutralised, white space
// collapsed, at most limit units, with "…" when cut.
func plain(s string, limit int) string {
	s = bot.Neutralize(strings.Join(strings.Fields(strings.ToValidUTF8(s, "")), " "))
	if textLen(s) <= limit {
		return s
	}
	return cutRunes(s, limit-1) + "…"
}

// cutRunes returns the longest prefix of s of at most limit units that
// does not end just before a joining character.
func cutRunes(s string, limit int) string {
	n, end := 0, 0
	for i, r := range s {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if n+w > limit {
			break
		}
		n += w
		end = i + utf8.RuneLen(r)
	}
	for end > 0 && end < len(s) {
		r, _ := utf8.DecodeRuneInString(s[end:])
		if !joinsPrevious(r) {
			break
		}
		_, size := utf8.DecodeLastRuneInString(s[:end])
		end -= size
	}
	return s[:end]
}

// clip sanitises raw and, when it is longer than limit units, cuts it at
// a word boundary where one is near and adds "…". It is for titles and
// summaries, never for quotes.
func (z sanitizer) clip(raw string, limit int) string {
	if out := z.text(raw); textLen(out) <= limit {
		return out
	}
	// The longest prefix whose sanitised form, plus "…", fits.
	runes := []rune(raw)
	lo, hi := 0, len(runes)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if textLen(z.text(string(runes[:mid])))+1 <= limit {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	for lo > 0 && lo < len(runes) && joinsPrevious(runes[lo]) {
		lo--
	}
	cut := string(runes[:lo])
	if i := strings.LastIndexAny(cut, " \n\t"); i > len(cut)*3/4 {
		cut = cut[:i]
	}
	out := z.text(strings.TrimRight(cut, " \n\t")) + "…"
	for textLen(out) > limit && cut != "" {
		// Sanitising is not quite monotonic (a URL's trailing dot, say):
		// shorten until it fits.
		_, size := utf8.DecodeLastRuneInString(cut)
		cut = cut[:len(cut)-size]
		out = z.text(cut) + "…"
	}
	return out
}

// code shows an identifier (a document or passage ID) verbatim as inline
// code, where Discord renders no markdown, mentions or links; backticks,
// which would end it, become a look-alike.
func code(id string, limit int) string {
	return "`" + strings.ReplaceAll(plain(id, limit-2), "`", "ˋ") + "`"
}
