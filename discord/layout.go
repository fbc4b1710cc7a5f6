package discord

import "github.com/bwmarrin/discordgo"

// block is one unit of a reply laid out in embeds: a description of its
// own or a field. Blocks are placed whole, in order; text in them is
// already sanitised and within its own limit.
type block struct {
	desc  string
	field *discordgo.MessageEmbedField
}

// size is the block's share of the 6000-unit message total.
func (b block) size() int {
	if b.field != nil {
		return textLen(b.field.Name) + textLen(b.field.Value)
	}
	return textLen(b.desc)
}

// layout is a reply as embeds: a title on the first, a footer on the last,
// and blocks in between.
type layout struct {
	title, footer string
	color         int
	blocks        []block
}

// omittedNote replaces what did not fit in maxMessages messages.
const omittedNote = "Some of this reply didn't fit in Discord's limits and was left out."

// pages packs the layout into at most maxMessages messages: what does not
// fit is left out with a note.
func (l layout) pages() [][]*discordgo.MessageEmbed {
	pages := l.pack()
	if len(pages) > maxMessages {
		pages = pages[:maxMessages]
		last := pages[len(pages)-1]
		if len(last) == maxEmbeds {
			last = last[:maxEmbeds-1]
		}
		pages[len(pages)-1] = append(last, &discordgo.MessageEmbed{Color: l.color, Description: omittedNote})
	}
	if l.footer != "" {
		last := pages[len(pages)-1]
		last[len(last)-1].Footer = &discordgo.MessageEmbedFooter{Text: l.footer}
	}
	return pages
}

// pack packs the layout into as many messages as it takes: each message
// at most 10 embeds and 6000 units in all (room kept for the footer and
// the omitted note), each embed at most 25 fields. A description block
// fills an empty embed or starts one; fields join the current embed while
// they fit.
func (l layout) pack() [][]*discordgo.MessageEmbed {
	budget := maxEmbedTotal - textLen(l.footer) - textLen(omittedNote)
	var (
		pages [][]*discordgo.MessageEmbed
		cur   *discordgo.MessageEmbed
		used  int
	)
	newEmbed := func(need int) {
		if len(pages) == 0 || len(pages[len(pages)-1]) == maxEmbeds || used+need > budget {
			pages = append(pages, nil)
			used = 0
		}
		cur = &discordgo.MessageEmbed{Color: l.color}
		pages[len(pages)-1] = append(pages[len(pages)-1], cur)
	}
	newEmbed(textLen(l.title))
	cur.Title = l.title
	used += textLen(l.title)
	for _, b := range l.blocks {
		n := b.size()
		switch {
		case b.field == nil && cur.Description == "" && len(cur.Fields) == 0 && used+n <= budget:
		case b.field != nil && len(cur.Fields) < maxFields && used+n <= budget:
		default:
			newEmbed(n)
		}
		if b.field != nil {
			cur.Fields = append(cur.Fields, b.field)
		} else {
			cur.Description = b.desc
		}
		used += n
	}
	return pages
}

// messages turns pages into messages, components on the first.
func messages(pages [][]*discordgo.MessageEmbed, components []discordgo.MessageComponent, ephemeral bool) []message {
	out := make([]message, len(pages))
	for i, p := range pages {
		out[i] = message{Embeds: p, Ephemeral: ephemeral}
	}
	if len(out) > 0 {
		out[0].Components = components
	}
	return out
}

// contentMessages splits sanitised-on-the-way text into plain messages.
func (z sanitizer) contentMessages(raw string, protect []span, ephemeral bool) []message {
	chunks := z.split(raw, protect, maxContent)
	if len(chunks) > maxMessages {
		chunks = append(chunks[:maxMessages-1], omittedNote)
	}
	out := make([]message, len(chunks))
	for i, c := range chunks {
		out[i] = text(c, ephemeral)
	}
	return out
}
