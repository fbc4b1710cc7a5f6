package discord

import (
	"unicode"

	"github.com/bwmarrin/discordgo"
)

// Discord's documented limits on what a bot sends. Lengths are counted by
// textLen, in UTF-16 code units: Discord's clients count JavaScript string
// length, and a UTF-16 count is never below a code-point count, so text
// that fits here fits however Discord (or the fake) counts.
const (
	maxContent     = 2000
	maxTitle       = 256
	maxDescription = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxEmbedTotal  = 6000 // title, description, field names and values, footer and author, across a message's embeds
	maxEmbeds      = 10
	maxActionRows  = 5
	maxChoices     = 25
	maxChoiceName  = 100
	maxChoiceValue = 100
	maxThreadName  = 100
	maxCustomID    = 100
)

// maxMessages bounds how many messages one reply may take; what does not
// fit is left out with a note, never cut mid-quote.
const maxMessages = 4

// textLen is the length of s as Discord counts it: UTF-16 code units.
// Characters outside the Basic Multilingual Plane (most emoji, rare CJK)
// count two.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		if r > 0xFFFF {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// embedLen is an embed's size toward the 6000-unit message total.
func embedLen(e *discordgo.MessageEmbed) int {
	n := textLen(e.Title) + textLen(e.Description)
	if e.Footer != nil {
		n += textLen(e.Footer.Text)
	}
	if e.Author != nil {
		n += textLen(e.Author.Name)
	}
	for _, f := range e.Fields {
		n += textLen(f.Name) + textLen(f.Value)
	}
	return n
}

// joinsPrevious reports whether r belongs to the character before it
// (a combining mark, a zero-width joiner, a variation selector or an emoji
// modifier), so text is never cut just before it.
func joinsPrevious(r rune) bool {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc):
		return true
	case r == '\u200d', r >= '\ufe00' && r <= '\ufe0f', r >= 0x1F3FB && r <= 0x1F3FF, r >= 0xE0020 && r <= 0xE007F:
		return true
	}
	return false
}
