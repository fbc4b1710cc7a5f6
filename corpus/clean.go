package corpus

import (
	"regexp"
	"strings"
)

// Cleaned is the result of Clean: the article text and what the boilerplate
// said about the article before it was removed.
type Cleaned struct {
	Text    string
	Title   string   // a headline line, when the article opens with one
	Date    string   // from a "date 2023-09-14" marker
	Outlet  string   // from a sign-off such as "— VNS"
	Removed []string // the lines and fragments removed, for operators
}

var (
	pressCounter = regexp.MustCompile(`^There were [\d,]+ press releases posted in the last [\d,]+ hours and [\d,]+ in the last [\d,]+ days\.$`)
	dateMarker   = regexp.MustCompile(`^date (\d{4}-\d{2}-\d{2})\b\s*`)
	photoCredit  = regexp.MustCompile(`(?i)(\(\s*photo\s*:[^)]*\)|\bphoto\s*:\s*[\p{L}\s.&/-]{1,40})\s*$`)
	signOff      = regexp.MustCompile(`[.!?"”’)]\s*([—–-]\s*([A-Z]{2,6}))$`)
	wireEnd      = regexp.MustCompile(`\./\.$`) // the sentence's stop, then the "/." end mark
)

// maxCaption is the longest line that is treated as a photo caption.
const maxCaption = 300

// Clean removes what is not article content and keeps the rest verbatim:
//   - a press-release site's "There were N press releases posted…" counter;
//   - a leading "date YYYY-MM-DD" marker (kept as Date);
//   - photo captions, lines ending in a credit such as "(Photo: VNA)", which
//     pages often print twice;
//   - any other line repeated straight after itself;
//   - wire sign-offs at the very end: the "/." of "./." and "— VNS" (kept
//     as Outlet).
//
// Line ends become "\n", lines lose trailing space, and runs of blank lines
// become one. A short opening line with no final punctuation, followed by a
// blank line, is reported as Title and kept in the text.
func Clean(raw string) Cleaned {
	var c Cleaned
	raw = strings.ToValidUTF8(raw, "")
	raw = strings.ReplaceAll(raw, "\r\n", "\n")
	raw = strings.ReplaceAll(raw, "\r", "\n")
	var kept []string
	prev := ""
	for _, line := range strings.Split(raw, "\n") {
		line = strings.TrimRight(line, " \t\u00a0")
		trimmed := strings.TrimSpace(line)
		if m := dateMarker.FindStringSubmatch(trimmed); m != nil && len(kept) == 0 {
			c.Date = m[1]
			c.Removed = append(c.Removed, m[0])
			trimmed = strings.TrimSpace(trimmed[len(m[0]):])
			line = trimmed
		}
		switch {
		case trimmed == "":
			if len(kept) > 0 && kept[len(kept)-1] != "" {
				kept = append(kept, "")
			}
			continue
		case pressCounter.MatchString(trimmed),
			len(trimmed) <= maxCaption && photoCredit.MatchString(trimmed),
			trimmed == prev:
			c.Removed = append(c.Removed, trimmed)
			continue
		}
		prev = trimmed
		kept = append(kept, line)
	}
	text := strings.TrimSpace(strings.Join(kept, "\n"))
	text, c.Outlet = trimSignOffs(text, &c.Removed)
	c.Text = text
	c.Title = headline(text)
	return c
}

// trimSignOffs removes wire sign-offs from the end of text and returns the
// outlet a sign-off names.
func trimSignOffs(text string, removed *[]string) (string, string) {
	outlet := ""
	for {
		if wireEnd.MatchString(text) {
			*removed = append(*removed, "/.")
			text = strings.TrimSuffix(text, "/.")
			continue
		}
		if m := signOff.FindStringSubmatch(text); m != nil && outlet == "" {
			outlet = m[2]
			*removed = append(*removed, m[1])
			text = strings.TrimSpace(strings.TrimSuffix(text, m[1]))
			continue
		}
		return text, outlet
	}
}

// headline returns the first line of text when it reads as a headline: short,
// without closing punctuation, and followed by a blank line.
func headline(text string) string {
	first, rest, ok := strings.Cut(text, "\n")
	if !ok || !strings.HasPrefix(rest, "\n") || len(first) > 200 {
		return ""
	}
	if strings.ContainsAny(first[len(first)-1:], ".!?:;,\"”’)") {
		return ""
	}
	return strings.TrimSpace(first)
}
