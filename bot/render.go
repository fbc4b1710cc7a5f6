package bot

import (
	"fmt"
	"io"
	"strings"

	"github.com/partnerbot/partnerbot"
)

// WriteText writes an answer for a terminal: the answer, then each cited
// source with its title, outlet and date where known, and document ID. A
// generative answer is written claim by claim instead, each sentence
// followed by the quotes it is the first to cite, each with its source.
// Mention syntax is neutralised everywhere.
func WriteText(w io.Writer, a partnerbot.Answer) error {
	if len(a.Claims) > 0 {
		return writeClaims(w, a)
	}
	var b strings.Builder
	b.WriteString(Neutralize(a.Text))
	b.WriteString("\n")
	if len(a.Citations) > 0 {
		b.WriteString("\nSources:\n")
		for i, c := range a.Citations {
			fmt.Fprintf(&b, "  [%d] %s — %s (passage %s)\n", i+1, Neutralize(sourceLabel(c.Title, c.Outlet, c.Date)), c.DocID, c.ChunkID)
		}
	}
	fmt.Fprintf(&b, "\n(%s answer)\n", a.Mode)
	_, err := io.WriteString(w, b.String())
	return err
}

// sourceLabel is "Title, Outlet, Date", leaving out what is unknown.
func sourceLabel(title, outlet, date string) string {
	parts := []string{title}
	for _, s := range []string{outlet, date} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// writeClaims writes a generative answer with every quote once, under the
// first sentence that cites it.
func writeClaims(w io.Writer, a partnerbot.Answer) error {
	var b strings.Builder
	shown := map[int]bool{}
	for _, c := range a.Claims {
		b.WriteString(Neutralize(c.Text))
		for _, n := range c.Citations {
			fmt.Fprintf(&b, " [%d]", n)
		}
		b.WriteString("\n")
		for _, n := range c.Citations {
			if n < 1 || n > len(a.Citations) || shown[n] {
				continue
			}
			shown[n] = true
			ct := a.Citations[n-1]
			fmt.Fprintf(&b, "    [%d] “%s”\n        — %s — %s (passage %s)\n", n, Neutralize(ct.Quote),
				Neutralize(sourceLabel(ct.Title, ct.Outlet, ct.Date)), ct.DocID, ct.ChunkID)
		}
	}
	fmt.Fprintf(&b, "\n(%s answer)\n", a.Mode)
	_, err := io.WriteString(w, b.String())
	return err
}
