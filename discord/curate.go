package discord

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/corpus"
)

// Bounds of curated answers.
const (
	maxCurated       = 200  // curated answers a guild's questions are matched against
	maxCuratedAnswer = 1500 // characters of a curated answer's text
	maxQuoteLen      = 600  // characters of one quote a moderator cites
)

// curatedFor is the guild's curated answer for q when one is close enough
// (Options.Similar at least Options.CuratedMatch, the closest winning),
// with its quotes verified again against the articles as they are now;
// one with a quote that no longer verifies is not served: its text would
// state an unverified claim, and its markers ([1], [2]) would point at the
// wrong quotes.
func (b *Bot) curatedFor(ctx context.Context, q question) (partnerbot.Answer, bool) {
	if b.opts.Support == nil || q.guildID == "" {
		return partnerbot.Answer{}, false
	}
	list, err := b.opts.Support.CuratedAnswers(ctx, q.guildID, maxCurated)
	if err != nil {
		b.log.Warn("curated answers unavailable; answering without them", "ref", q.ref, b.errAttr(err))
		return partnerbot.Answer{}, false
	}
	best, score := -1, 0.0
	for k, c := range list {
		if s := b.opts.Similar(q.text, c.Question); s >= b.opts.CuratedMatch && s > score {
			best, score = k, s
		}
	}
	if best < 0 {
		return partnerbot.Answer{}, false
	}
	c := list[best]
	cites := b.verified(c.Citations)
	if len(cites) < len(c.Citations) {
		b.log.Warn("a curated answer's quote no longer verifies; not served until a moderator edits it",
			"ref", q.ref, "curated_id", c.ID, "quotes", len(c.Citations), "verified", len(cites))
		return partnerbot.Answer{}, false
	}
	return curatedAnswer(q.text, c.Answer, cites, fmt.Sprintf("curated answer %d, similarity %.2f", c.ID, score)), true
}

// curatedAnswer is a curated answer as an Answer to question.
func curatedAnswer(question, text string, cites []partnerbot.Citation, reason string) partnerbot.Answer {
	return partnerbot.Answer{Question: question, Text: text, Citations: cites, Mode: partnerbot.Curated, Language: "en", Reason: reason}
}

// verified keeps the citations whose quote is still verbatim in its
// passage.
func (b *Bot) verified(cites []partnerbot.Citation) []partnerbot.Citation {
	var out []partnerbot.Citation
	for _, c := range cites {
		if p, ok := b.opts.Passage(c.ChunkID); ok && bot.Verify(c.Quote, p.Text) {
			out = append(out, c)
		}
	}
	return out
}

// citeQuote finds a quote in the articles, verbatim after normalisation, and
// cites it as the article prints it.
func citeQuote(docs []*corpus.Document, quote string) (partnerbot.Citation, bool) {
	for _, d := range docs {
		for _, p := range d.Passages {
			if !bot.Verify(quote, p.Text) {
				continue
			}
			return partnerbot.Citation{DocID: d.ID, Title: d.Title, Quote: verbatim(quote, p.Text),
				ChunkID: p.ID, Outlet: d.Outlet, Date: d.Date}, true
		}
	}
	return partnerbot.Citation{}, false
}

// verbatim is the span of passage that quote matches after
// normalisation, as the passage prints it; quote itself if none does.
func verbatim(quote, passage string) string {
	np, offs := corpus.NormalizeOffsets(passage)
	nq := corpus.Normalize(quote)
	i := strings.Index(np, nq)
	if i < 0 || nq == "" {
		return quote
	}
	start, last := offs[i], offs[i+len(nq)-1]
	_, size := utf8.DecodeRuneInString(passage[last:])
	return passage[start : last+size]
}

// quoteOptions are the quotes a /curate command gives, in order.
func quoteOptions(opts []*discordgo.ApplicationCommandInteractionDataOption) []string {
	var out []string
	for _, name := range []string{optQuote, optQuote2, optQuote3} {
		if q := strings.TrimSpace(stringOption(opts, name)); q != "" {
			out = append(out, q)
		}
	}
	return out
}

// citeAll cites every quote, or says which one is not in the articles.
func (b *Bot) citeAll(quotes []string) ([]partnerbot.Citation, string) {
	z := b.sanitizer()
	docs := b.opts.Documents()
	var cites []partnerbot.Citation
	for _, q := range quotes {
		if utf8.RuneCountInString(q) > maxQuoteLen {
			return nil, fmt.Sprintf("Quotes are at most %d characters; cite a shorter part.", maxQuoteLen)
		}
		c, ok := citeQuote(docs, q)
		if !ok {
			return nil, fmt.Sprintf("I can't find this quote word for word in any article: “%s”. Copy it exactly (/sources shows the articles); a quote is at least a few words.", z.clip(q, 300))
		}
		cites = append(cites, c)
	}
	if len(cites) == 0 {
		return nil, "A curated answer cites at least one quote from the articles (quote:), copied word for word."
	}
	return cites, ""
}

// curate handles /curate add|list|edit|retire.
func (b *Bot) curate(ctx context.Context, i *discordgo.Interaction, opts []*discordgo.ApplicationCommandInteractionDataOption) []message {
	if len(opts) == 0 || opts[0] == nil {
		return []message{text(unknownText, true)}
	}
	sub := opts[0]
	switch sub.Name {
	case subAdd:
		return b.curateAdd(ctx, i, sub.Options)
	case subList:
		return b.curatedList(ctx, i)
	case subEdit:
		return b.curateEdit(ctx, i, sub.Options)
	case subRetire:
		return b.curateRetire(ctx, i, int64(intOption(sub.Options, optID, 0)))
	}
	return []message{text(unknownText, true)}
}

// curateAdd saves a curated answer for a question, given or queued
// (item). Without an answer and quotes it approves the bot's own answer to
// the queued question, its quotes verified again. A queued item's group
// leaves the queue.
func (b *Bot) curateAdd(ctx context.Context, i *discordgo.Interaction, opts []*discordgo.ApplicationCommandInteractionDataOption) []message {
	item := int64(intOption(opts, optItem, 0))
	c := partnerbot.CuratedAnswer{GuildID: i.GuildID, Question: strings.TrimSpace(stringOption(opts, optQuestion)),
		Answer: strings.TrimSpace(stringOption(opts, optAnswer)), AuthorHash: b.userHash(userID(i)), At: b.opts.Now()}
	quotes := quoteOptions(opts)
	var group gapGroup
	if item > 0 {
		g, ok, err := b.groupOf(ctx, i.GuildID, item)
		if err != nil {
			b.log.Error("gaps", "interaction_id", i.ID, b.errAttr(err))
			return []message{text(failedText, true)}
		}
		if !ok {
			return []message{text("That item is no longer in the queue; give the question with question: instead.", true)}
		}
		group = g
		if c.Question == "" {
			c.Question = g.question
		}
	}
	if c.Question == "" {
		return []message{text("Give the question (question:) or an item of the gap queue (item:).", true)}
	}
	if full, err := b.curatedFull(ctx, i.GuildID); err != nil || full {
		if err != nil {
			b.log.Error("curated answers", "interaction_id", i.ID, b.errAttr(err))
			return []message{text(failedText, true)}
		}
		return []message{text(curatedFullText, true)}
	}
	if err := partnerbot.Validate(c.Question); err != nil {
		return []message{text(partnerbot.UserMessage(err), true)}
	}
	if c.Answer == "" && len(quotes) == 0 && item > 0 {
		if msg := b.approveLogged(ctx, &c, group.questionID); msg != "" {
			return []message{text(msg, true)}
		}
	} else if msg := b.fillCurated(&c, quotes); msg != "" {
		return []message{text(msg, true)}
	}
	id, err := b.opts.Support.AddCurated(ctx, c)
	if err != nil {
		b.log.Error("add curated answer", "interaction_id", i.ID, b.errAttr(err))
		return []message{text(failedText, true)}
	}
	if item > 0 {
		if _, err := b.dismissGroup(ctx, i.GuildID, group); err != nil {
			b.log.Error("dismiss gaps", "interaction_id", i.ID, b.errAttr(err))
		}
	}
	b.log.Info("curated answer saved", "interaction_id", i.ID, "curated_id", id, "quotes", len(c.Citations))
	return b.curatedPreview(c, fmt.Sprintf("Saved as curated answer #%d. Questions close to it now get it first, shown like this:", id))
}

// fillCurated sets the answer's text and citations from what the
// moderator wrote, or says what is missing.
func (b *Bot) fillCurated(c *partnerbot.CuratedAnswer, quotes []string) string {
	if c.Answer == "" {
		return "Write the answer (answer:) and cite at least one quote from the articles (quote:)."
	}
	if utf8.RuneCountInString(c.Answer) > maxCuratedAnswer {
		return fmt.Sprintf("A curated answer is at most %d characters.", maxCuratedAnswer)
	}
	cites, msg := b.citeAll(quotes)
	c.Citations = cites
	return msg
}

// approveLogged makes the bot's logged answer to a question the curated
// one, or says why it cannot be.
func (b *Bot) approveLogged(ctx context.Context, c *partnerbot.CuratedAnswer, questionID int64) string {
	rec, err := b.opts.Store.Question(ctx, questionID)
	if err != nil {
		return answerMissing
	}
	if rec.Abstained || len(rec.Citations) == 0 {
		return "I declined that question, so there is no answer to approve: write one with answer: and quote:."
	}
	// The bounds a written answer keeps, so that editing it later need
	// not rewrite it.
	if utf8.RuneCountInString(rec.Answer) > maxCuratedAnswer {
		return fmt.Sprintf("That answer is longer than a curated answer may be (%d characters): write a shorter one with answer: and quote:.", maxCuratedAnswer)
	}
	for _, ct := range rec.Citations {
		if utf8.RuneCountInString(ct.Quote) > maxQuoteLen {
			return fmt.Sprintf("A quote in that answer is longer than a curated answer's may be (%d characters): write one with answer: and quote:.", maxQuoteLen)
		}
	}
	c.Answer, c.Citations = rec.Answer, b.verified(rec.Citations)
	if len(c.Citations) < len(rec.Citations) {
		return "A quote in that answer no longer matches the articles: write one with answer: and quote:."
	}
	return ""
}

// curateEdit changes what a curated answer's options give: the question,
// the answer, and the quotes (all replaced when any is given).
func (b *Bot) curateEdit(ctx context.Context, i *discordgo.Interaction, opts []*discordgo.ApplicationCommandInteractionDataOption) []message {
	id := int64(intOption(opts, optID, 0))
	c, err := b.opts.Support.CuratedAnswer(ctx, i.GuildID, id)
	if errors.Is(err, partnerbot.ErrNotFound) {
		return []message{text(noCuratedText(id), true)}
	}
	if err != nil {
		b.log.Error("curated answer", "interaction_id", i.ID, b.errAttr(err))
		return []message{text(failedText, true)}
	}
	if q := strings.TrimSpace(stringOption(opts, optQuestion)); q != "" {
		if err := partnerbot.Validate(q); err != nil {
			return []message{text(partnerbot.UserMessage(err), true)}
		}
		c.Question = q
	}
	if a := strings.TrimSpace(stringOption(opts, optAnswer)); a != "" {
		c.Answer = a
	}
	quotes := quoteOptions(opts)
	if len(quotes) == 0 {
		quotes = make([]string, len(c.Citations))
		for k, ct := range c.Citations {
			quotes[k] = ct.Quote
		}
	}
	if msg := b.fillCurated(&c, quotes); msg != "" {
		return []message{text(msg, true)}
	}
	c.AuthorHash, c.At = b.userHash(userID(i)), b.opts.Now()
	if err := b.opts.Support.UpdateCurated(ctx, c); err != nil {
		if errors.Is(err, partnerbot.ErrNotFound) {
			return []message{text(noCuratedText(id), true)}
		}
		b.log.Error("update curated answer", "interaction_id", i.ID, b.errAttr(err))
		return []message{text(failedText, true)}
	}
	return b.curatedPreview(c, fmt.Sprintf("Curated answer #%d updated:", id))
}

// curateRetire retires a curated answer.
func (b *Bot) curateRetire(ctx context.Context, i *discordgo.Interaction, id int64) []message {
	err := b.opts.Support.RetireCurated(ctx, i.GuildID, id, b.opts.Now())
	switch {
	case errors.Is(err, partnerbot.ErrNotFound):
		return []message{text(noCuratedText(id), true)}
	case err != nil:
		b.log.Error("retire curated answer", "interaction_id", i.ID, b.errAttr(err))
		return []message{text(failedText, true)}
	}
	return []message{text(fmt.Sprintf("Retired curated answer #%d: questions like it get the bot's own answer again.", id), true)}
}

// noCuratedText says there is no such curated answer.
func noCuratedText(id int64) string {
	return fmt.Sprintf("There is no curated answer #%d here (see /curate list).", id)
}

// curatedFullText refuses a curated answer past maxCurated.
var curatedFullText = fmt.Sprintf("This server has %d curated answers, the most I match questions against. Retire one first (/curate retire).", maxCurated)

// curatedFull reports whether a guild has maxCurated curated answers, so
// that one more would never be served.
func (b *Bot) curatedFull(ctx context.Context, guildID string) (bool, error) {
	list, err := b.opts.Support.CuratedAnswers(ctx, guildID, maxCurated)
	return len(list) >= maxCurated, err
}

// curatedList lists the guild's curated answers, one short line each, in
// embeds that hold all maxCurated of them: first, marked, those with a
// quote that no longer verifies (they are not served until edited), then
// the rest, newest first.
func (b *Bot) curatedList(ctx context.Context, i *discordgo.Interaction) []message {
	list, err := b.opts.Support.CuratedAnswers(ctx, i.GuildID, maxCurated)
	if err != nil {
		b.log.Error("curated answers", "interaction_id", i.ID, b.errAttr(err))
		return []message{text(failedText, true)}
	}
	if len(list) == 0 {
		return []message{text("No curated answers yet: /curate add writes one, /gaps shows what needs one.", true)}
	}
	z := b.sanitizer()
	var broken, fine []string
	for _, c := range slices.Backward(list) {
		line := fmt.Sprintf("**#%d** “%s”", c.ID, z.clip(c.Question, 60))
		if len(b.verified(c.Citations)) < len(c.Citations) {
			broken = append(broken, "⚠️ "+line)
			continue
		}
		fine = append(fine, line)
	}
	if len(broken) > 0 { // one legend, so that a list of broken ones still fits
		broken = append([]string{"⚠️ a quote no longer matches the articles: not served until edited."}, broken...)
	}
	l := layout{title: fmt.Sprintf("Curated answers (%d of at most %d), newest first", len(list), maxCurated), color: answerColor}
	l.blocks = lineBlocks(slices.Concat(broken, fine))
	return messages(l.pages(), nil, true)
}

// lineBlocks packs lines into description blocks of at most listBlock
// units: two fill a message's embeds, so four messages hold about 23,000.
func lineBlocks(lines []string) []block {
	var out []block
	cur := ""
	for _, l := range lines {
		if cur != "" && textLen(cur)+1+textLen(l) > listBlock {
			out = append(out, block{desc: cur})
			cur = ""
		}
		if cur != "" {
			cur += "\n"
		}
		cur += l
	}
	if cur != "" {
		out = append(out, block{desc: cur})
	}
	return out
}

// listBlock is the size of a list's description blocks.
const listBlock = 2800

// curatedPreview shows a curated answer as askers will see it, after a
// note for the moderator.
func (b *Bot) curatedPreview(c partnerbot.CuratedAnswer, note string) []message {
	msgs := b.sanitizer().renderAnswer(curatedAnswer(c.Question, c.Answer, c.Citations, ""), answerView{})
	for k := range msgs {
		msgs[k].Ephemeral = true
	}
	if len(msgs) > 0 {
		msgs[0].Content = note
	}
	return msgs
}
