package bot

import (
	"fmt"
	"io"
	"strings"

	"github.com/partnerbot/partnerbot"
)

// WriteText writes an answer for a terminal: the answer, then each cited
// source with its title, outlet and date where known, and document ID.
// Mention syntax is neutralised everywhere.
func WriteText(w io.Writer, a partnerbot.Answer) error {
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
