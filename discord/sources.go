package discord

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/corpus"
)

// sources handles /sources: the list of articles, or one article's
// details when the article option names one. It reads only memory, so it
// answers at once.
func (b *Bot) sources(d discordgo.ApplicationCommandInteractionData) message {
	docs := b.opts.Documents()
	z := newSanitizer(docs)
	id := strings.TrimSpace(stringOption(d.Options, optArticle))
	if id == "" {
		return z.articleList(docs)
	}
	for _, doc := range docs {
		if doc.ID == id {
			return z.article(doc)
		}
	}
	return text(unknownDocText, true)
}

// articleList is one line per article, in one message; articles past
// what fits are counted, not shown.
func (z sanitizer) articleList(docs []*corpus.Document) message {
	if len(docs) == 0 {
		return text("I have no articles loaded.", true)
	}
	title := fmt.Sprintf("%d articles", len(docs))
	footer := "Use /sources article:<ID> for one article's details."
	budget := maxEmbedTotal - textLen(title) - textLen(footer)
	var (
		descs []string
		cur   []string
		size  int // of cur
		total int
	)
	for i, d := range docs {
		line := z.articleLine(d)
		n := textLen(line) + 1
		if more := fmt.Sprintf("…and %d more.", len(docs)-i); total+n+textLen(more) > budget {
			if size+textLen(more) > maxDescription {
				descs, cur, size = append(descs, strings.Join(cur, "\n")), nil, 0
			}
			cur = append(cur, more)
			break
		}
		if size+n > maxDescription {
			descs, cur, size = append(descs, strings.Join(cur, "\n")), nil, 0
		}
		cur, size, total = append(cur, line), size+n, total+n
	}
	descs = append(descs, strings.Join(cur, "\n"))
	m := message{Ephemeral: true}
	for _, d := range descs {
		m.Embeds = append(m.Embeds, &discordgo.MessageEmbed{Description: d, Color: answerColor})
	}
	m.Embeds[0].Title = title
	m.Embeds[len(m.Embeds)-1].Footer = &discordgo.MessageEmbedFooter{Text: footer}
	return m
}

// articleLine is "`ID` — Title (Outlet, Date)".
func (z sanitizer) articleLine(d *corpus.Document) string {
	meta := []string{}
	for _, s := range []string{d.Outlet, d.Date} {
		if s != "" {
			meta = append(meta, z.clip(s, 60))
		}
	}
	line := code(d.ID, 80) + " — " + z.clip(d.Title, 200)
	if len(meta) > 0 {
		line += " (" + strings.Join(meta, ", ") + ")"
	}
	return line
}

// article is one article's details and opening passage.
func (z sanitizer) article(d *corpus.Document) message {
	e := &discordgo.MessageEmbed{Title: z.clip(d.Title, maxTitle), Color: answerColor}
	add := func(name, value string) {
		if value != "" {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: value, Inline: true})
		}
	}
	add("Article ID", code(d.ID, maxFieldValue))
	add("Outlet", z.clip(d.Outlet, maxFieldValue))
	add("Date", z.clip(d.Date, maxFieldValue))
	add("Language", z.clip(d.Language, maxFieldValue))
	if d.URL != "" {
		add("URL", z.clip(d.URL, maxFieldValue))
	}
	add("Passages", fmt.Sprint(len(d.Passages)))
	if len(d.Passages) > 0 {
		if lede := z.split(d.Passages[0].Text, nil, 1500); len(lede) > 0 {
			e.Description = blockquote(lede[0])
			if len(lede) > 1 {
				e.Description += "\n> …"
			}
		}
	}
	return message{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true}
}

// autocomplete suggests articles for /sources: up to 25 whose ID or title
// contains what was typed, ignoring case and diacritics.
func (b *Bot) autocomplete(d discordgo.ApplicationCommandInteractionData) []*discordgo.ApplicationCommandOptionChoice {
	if d.Name != cmdSources {
		return nil
	}
	typed := ""
	for _, o := range d.Options {
		if o != nil && o.Focused {
			typed, _ = o.Value.(string)
		}
	}
	want := corpus.Normalize(typed)
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, doc := range b.opts.Documents() {
		if len(out) == maxChoices {
			break
		}
		if want != "" && !strings.Contains(corpus.Normalize(doc.ID), want) && !strings.Contains(corpus.Normalize(doc.Title), want) {
			continue
		}
		if textLen(doc.ID) > maxChoiceValue {
			continue // cannot be a choice's value
		}
		name := doc.Title
		if doc.Date != "" {
			name += " (" + doc.Date + ")"
		}
		if name = plain(name, maxChoiceName); name == "" {
			name = plain(doc.ID, maxChoiceName)
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: doc.ID})
	}
	return out
}
