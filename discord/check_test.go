package discord

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/bwmarrin/discordgo"
)

// display is what a reader sees of sanitised markdown: backslash escapes
// resolved and zero-width spaces gone.
func display(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		if rs[i] == '\\' && i+1 < len(rs) && escapable(rs[i+1]) {
			i++
		}
		b.WriteRune(rs[i])
	}
	return strings.ReplaceAll(b.String(), zwsp, "")
}

// escapable reports whether a backslash before r is an escape: Discord
// escapes ASCII punctuation and symbols.
func escapable(r rune) bool {
	return r <= unicode.MaxASCII && (unicode.IsPunct(r) || unicode.IsSymbol(r))
}

// unquote removes the "> " block-quote prefix from every line.
func unquote(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "> ")
	}
	return strings.Join(lines, "\n")
}

var (
	liveMention = regexp.MustCompile(`@everyone|@here|<@[!&]?\d|<#\d|</[\w-]`)
	liveScheme  = regexp.MustCompile(`(?i)[a-z][a-z0-9+.\-]*://`)
)

// liveProblems lists what in sanitised text could ping or link: mention
// syntax, an unescaped "](" (a masked link) and a scheme not broken
// (unless part of an allowed URL).
func liveProblems(s string, allowed map[string]bool) []string {
	var out []string
	if m := liveMention.FindString(s); m != "" {
		out = append(out, "live mention "+m)
	}
	rest := s
	for u := range allowed {
		rest = strings.ReplaceAll(rest, u, "")
	}
	if m := liveScheme.FindString(rest); m != "" {
		out = append(out, "live link "+m)
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		if rs[i] == '\\' && i+1 < len(rs) && escapable(rs[i+1]) {
			i++
			continue
		}
		if rs[i] == ']' && i+1 < len(rs) && rs[i+1] == '(' {
			out = append(out, "masked link at rune "+fmt.Sprint(i))
		}
	}
	return out
}

// limitProblems lists every Discord limit a message breaks.
func limitProblems(m message) []string {
	var out []string
	check := func(what string, n, max int) {
		if n > max {
			out = append(out, fmt.Sprintf("%s: %d > %d", what, n, max))
		}
	}
	check("content", textLen(m.Content), maxContent)
	check("embeds", len(m.Embeds), maxEmbeds)
	check("action rows", len(m.Components), maxActionRows)
	total := 0
	for i, e := range m.Embeds {
		check(fmt.Sprintf("embed %d title", i), textLen(e.Title), maxTitle)
		check(fmt.Sprintf("embed %d description", i), textLen(e.Description), maxDescription)
		check(fmt.Sprintf("embed %d fields", i), len(e.Fields), maxFields)
		if e.Footer != nil {
			check(fmt.Sprintf("embed %d footer", i), textLen(e.Footer.Text), maxFooter)
		}
		for j, f := range e.Fields {
			check(fmt.Sprintf("embed %d field %d name", i, j), textLen(f.Name), maxFieldName)
			check(fmt.Sprintf("embed %d field %d value", i, j), textLen(f.Value), maxFieldValue)
			if f.Name == "" || f.Value == "" {
				out = append(out, fmt.Sprintf("embed %d field %d is empty", i, j))
			}
		}
		if e.Title == "" && e.Description == "" && len(e.Fields) == 0 {
			out = append(out, fmt.Sprintf("embed %d is empty", i))
		}
		total += embedLen(e)
	}
	check("embed total", total, maxEmbedTotal)
	for _, row := range m.Components {
		r, ok := row.(discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range r.Components {
			if bt, ok := c.(discordgo.Button); ok {
				check("custom id", len(bt.CustomID), maxCustomID)
			}
		}
	}
	if m.Content == "" && len(m.Embeds) == 0 {
		out = append(out, "empty message")
	}
	return out
}

// texts returns every piece of text a message shows.
func texts(m message) []string {
	out := []string{m.Content}
	for _, e := range m.Embeds {
		out = append(out, e.Title, e.Description)
		if e.Footer != nil {
			out = append(out, e.Footer.Text)
		}
		for _, f := range e.Fields {
			out = append(out, f.Name, f.Value)
		}
	}
	return out
}

// checkMessages fails t for any limit broken or live syntax shown.
func checkMessages(t testing.TB, msgs []message, allowed map[string]bool) {
	t.Helper()
	if len(msgs) > maxMessages {
		t.Errorf("%d messages, want at most %d", len(msgs), maxMessages)
	}
	for k, m := range msgs {
		for _, p := range limitProblems(m) {
			t.Errorf("message %d: %s", k, p)
		}
		for _, s := range texts(m) {
			for _, p := range liveProblems(s, allowed) {
				t.Errorf("message %d: %s in %q", k, p, s)
			}
		}
	}
}

// shownWhole reports whether quote appears whole, as a reader sees it,
// in one of the messages' texts (block-quote prefixes removed).
func shownWhole(msgs []message, quote string) bool {
	want := strings.ReplaceAll(strings.ToValidUTF8(quote, "\uFFFD"), zwsp, "")
	for _, m := range msgs {
		for _, s := range texts(m) {
			if strings.Contains(unquote(display(s)), want) {
				return true
			}
		}
	}
	return false
}

// hasText reports whether any message shows s.
func hasText(msgs []message, s string) bool {
	for _, m := range msgs {
		for _, x := range texts(m) {
			if strings.Contains(x, s) {
				return true
			}
		}
	}
	return false
}
