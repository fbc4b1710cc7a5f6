package discord

import (
	"fmt"
	"slices"
	"strings"

	"github.com/partnerbot/partnerbot"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/bot"
)

// answerColor is the accent of answer embeds.
const answerColor = 0x2E7D32

// tooLongQuote stands in for a quote that fits nowhere whole.
const tooLongQuote = "(This quote is too long to show here; use Sources to read it.)"

// answerView says where an answer is shown, which decides its buttons.
type answerView struct {
	questionID int64 // the logged question; 0 when nothing was logged
	followUp   bool  // offer "Follow up" (not inside a thread already)
	handoff    bool  // offer "Still need help?" (in a server with the support loop)
	// writing marks an answer the model is still writing: its footer says
	// so, and it has no buttons yet.
	writing bool
}

// writingNote ends the footer of an answer still being written.
const writingNote = " · writing…"

// renderAnswer lays out an answer. An answer is an embed: the question as
// title, the answer text as description (split at sentence boundaries,
// never inside a quote), each citation as a numbered field holding the
// block-quoted verbatim quote with the article's title and date, and the
// mode in the footer. A quote too long for a field gets a description of
// its own; one too long even for that is left out with a pointer to
// Sources, never cut. A decline is plain text. Buttons go on the first
// message.
func (z sanitizer) renderAnswer(a partnerbot.Answer, v answerView) []message {
	if a.Abstained || len(a.Citations) == 0 {
		msgs := z.contentMessages(a.Text, nil, false)
		if len(msgs) > 0 && v.questionID > 0 {
			v.followUp = false // nothing to follow up
			msgs[0].Components = v.buttons(false)
		}
		return msgs
	}
	if len(a.Claims) > 0 {
		return z.renderClaims(a, v)
	}
	quotes := make([]string, len(a.Citations))
	cites := make([]block, len(a.Citations))
	for i, c := range a.Citations {
		quotes[i] = c.Quote
		cites[i] = z.citationBlock(i+1, c)
	}
	descs := z.split(a.Text, quoteSpans(a.Text, quotes, bot.Neutralize), maxDescription)
	l := layout{title: z.clip(a.Question, maxTitle), footer: modeFooter(a.Mode), color: answerColor}
	for {
		// The quotes are the evidence: when everything does not fit, the
		// answer text is shortened, a sentence-split chunk at a time.
		l.blocks = nil
		for _, d := range descs {
			l.blocks = append(l.blocks, block{desc: d})
		}
		l.blocks = append(l.blocks, cites...)
		if len(l.pack()) <= maxMessages || len(descs) <= 1 {
			return messages(l.pages(), v.buttons(true), false)
		}
		descs = descs[:len(descs)-1]
		l.footer = modeFooter(a.Mode) + " · shortened to fit Discord"
	}
}

// renderClaims lays out a generative answer claim by claim: each
// sentence, with its markers, in an embed's description, and under it, as
// fields, the quotes it is the first to cite; a quote cited again is
// pointed at by its number, not repeated. When everything does not fit,
// whole claims are left out from the end, with their quotes, so no
// sentence is ever shown without its evidence. The answer's notes come
// first, where no cut reaches them.
func (z sanitizer) renderClaims(a partnerbot.Answer, v answerView) []message {
	var groups [][]block
	shown := map[int]bool{}
	for _, c := range a.Claims {
		var g []block
		for _, d := range z.split(c.Text+markers(c.Citations), nil, maxDescription) {
			g = append(g, block{desc: d})
		}
		for _, n := range c.Citations {
			if n >= 1 && n <= len(a.Citations) && !shown[n] {
				shown[n] = true
				g = append(g, z.citationBlock(n, a.Citations[n-1]))
			}
		}
		groups = append(groups, g)
	}
	footer := modeFooter(a.Mode)
	if v.writing {
		footer += writingNote
	}
	var notes []block // first, so that no cut for length leaves them out
	for _, n := range a.Notes {
		notes = append(notes, block{desc: z.clip(n, maxDescription)})
	}
	l := layout{title: z.clip(a.Question, maxTitle), footer: footer, color: answerColor}
	for {
		l.blocks = slices.Clone(notes)
		for _, g := range groups {
			l.blocks = append(l.blocks, g...)
		}
		if len(l.pack()) <= maxMessages || len(groups) <= 1 {
			var row []discordgo.MessageComponent
			if !v.writing {
				row = v.buttons(true)
			}
			msgs := messages(l.pages(), row, false)
			if e := msgs[0].Embeds; v.writing && len(e) > 0 {
				// Only the first message is shown while the model
				// writes: it says so, however long the answer so far.
				e[len(e)-1].Footer = &discordgo.MessageEmbedFooter{Text: l.footer}
			}
			return msgs
		}
		groups = groups[:len(groups)-1]
		l.footer = footer + " · shortened to fit Discord"
	}
}

// markers writes citation numbers as a sentence ends with them: " [1] [2]".
func markers(ns []int) string {
	var b strings.Builder
	for _, n := range ns {
		fmt.Fprintf(&b, " [%d]", n)
	}
	return b.String()
}

// curatedFooter marks an answer the moderators wrote or approved.
const curatedFooter = "✅ Approved by the moderators"

// modeFooter names how the answer was composed.
func modeFooter(mode string) string {
	if mode == partnerbot.Curated {
		return curatedFooter
	}
	if mode == "" {
		mode = partnerbot.Extractive
	}
	return mode + " answer"
}

// citationBlock is citation n: a field when it fits, else a description.
func (z sanitizer) citationBlock(n int, c partnerbot.Citation) block {
	name := z.sourceName(n, c, maxFieldName)
	quote := blockquote(z.text(c.Quote))
	if textLen(quote) <= maxFieldValue {
		return block{field: &discordgo.MessageEmbedField{Name: name, Value: quote}}
	}
	if desc := "**" + name + "**\n" + quote; textLen(desc) <= maxDescription {
		return block{desc: desc}
	}
	return block{field: &discordgo.MessageEmbedField{Name: name, Value: tooLongQuote}}
}

// sourceName is "[n] Title (Date)", the title clipped to fit limit.
func (z sanitizer) sourceName(n int, c partnerbot.Citation, limit int) string {
	prefix := fmt.Sprintf("[%d] ", n)
	suffix := ""
	if c.Date != "" {
		suffix = " (" + z.clip(c.Date, 40) + ")"
	}
	title := c.Title
	if title == "" {
		title = c.DocID
	}
	return prefix + z.clip(title, limit-textLen(prefix)-textLen(suffix)) + suffix
}

// blockquote prefixes every line of s with "> ".
func blockquote(s string) string {
	return "> " + strings.ReplaceAll(s, "\n", "\n> ")
}

// Button custom IDs are "pb:<action>:<ID>": a logged question's, or for
// the moderators' buttons a gap's.
const (
	actionUp      = "up"
	actionDown    = "down"
	actionSources = "src"
	actionThread  = "thread"
	actionHandoff = "help"
	actionDismiss = "gapx"
	customPrefix  = "pb:"
)

// handoffLabel is the hand-off button's label.
const handoffLabel = "Still need help?"

// customID is the custom ID of a button acting on a logged question.
func customID(action string, questionID int64) string {
	return fmt.Sprintf("%s%s:%d", customPrefix, action, questionID)
}

// buttons is the row under an answer: 👍 and 👎, then Sources when asked
// for, Follow up and Still need help? as the view offers them. There are
// none without a logged question to point at.
func (v answerView) buttons(sources bool) []discordgo.MessageComponent {
	if v.questionID <= 0 {
		return nil
	}
	id := v.questionID
	row := discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Style: discordgo.SecondaryButton, Emoji: &discordgo.ComponentEmoji{Name: "👍"}, CustomID: customID(actionUp, id)},
		discordgo.Button{Style: discordgo.SecondaryButton, Emoji: &discordgo.ComponentEmoji{Name: "👎"}, CustomID: customID(actionDown, id)},
	}}
	if sources {
		row.Components = append(row.Components, discordgo.Button{Style: discordgo.SecondaryButton, Label: "Sources", CustomID: customID(actionSources, id)})
	}
	if v.followUp {
		row.Components = append(row.Components, discordgo.Button{Style: discordgo.PrimaryButton, Label: "Follow up", CustomID: customID(actionThread, id)})
	}
	if v.handoff {
		row.Components = append(row.Components, discordgo.Button{Style: discordgo.SecondaryButton, Label: handoffLabel,
			Emoji: &discordgo.ComponentEmoji{Name: "🙋"}, CustomID: customID(actionHandoff, id)})
	}
	return []discordgo.MessageComponent{row}
}
