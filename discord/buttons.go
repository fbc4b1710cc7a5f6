package discord

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/partnerbot/partnerbot"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/corpus"
)

// parseCustomID splits "pb:<action>:<id>".
func parseCustomID(s string) (action string, id int64, ok bool) {
	rest, found := strings.CutPrefix(s, customPrefix)
	if !found {
		return "", 0, false
	}
	action, num, found := strings.Cut(rest, ":")
	if !found {
		return "", 0, false
	}
	id, err := strconv.ParseInt(num, 10, 64)
	if err != nil || id <= 0 {
		return "", 0, false
	}
	return action, id, true
}

// button handles a click on an answer's buttons. Every action reads or
// writes the store, so each is deferred (ephemeral) to a worker.
func (b *Bot) button(_ context.Context, i *discordgo.Interaction, d discordgo.MessageComponentInteractionData) reply {
	action, id, ok := parseCustomID(d.CustomID)
	if !ok || b.opts.Store == nil {
		return immediate(text(expiredText, true))
	}
	switch action {
	case actionUp, actionDown:
		vote := 1
		if action == actionDown {
			vote = -1
		}
		return deferred(true, func(ctx context.Context, _ Sender) []message {
			return []message{b.vote(ctx, i, id, vote)}
		})
	case actionSources:
		return deferred(true, func(ctx context.Context, _ Sender) []message {
			return b.sourcesOf(ctx, id)
		})
	case actionThread:
		return deferred(true, func(ctx context.Context, send Sender) []message {
			return []message{b.openThread(ctx, i, id, send)}
		})
	case actionHandoff:
		if b.opts.Support == nil || i.GuildID == "" {
			return immediate(text(expiredText, true))
		}
		return deferred(true, func(ctx context.Context, send Sender) []message {
			return []message{b.handoff(ctx, i, id, send)}
		})
	case actionDismiss:
		if r, refused := b.refuseModerator(i, actionDismiss); refused {
			return r
		}
		return deferred(true, func(ctx context.Context, _ Sender) []message {
			return b.dismissGap(ctx, i, id)
		})
	}
	return immediate(text(expiredText, true))
}

// vote records a 👍 (+1) or 👎 (-1).
func (b *Bot) vote(ctx context.Context, i *discordgo.Interaction, questionID int64, vote int) message {
	err := b.opts.Store.RecordFeedback(ctx, questionID, b.userHash(userID(i)), vote, b.opts.Now())
	switch {
	case errors.Is(err, partnerbot.ErrNotFound):
		return text(answerMissing, true)
	case err != nil:
		b.log.Error("record feedback", "interaction_id", i.ID, "question_id", questionID, b.errAttr(err))
		return text(failedText, true)
	case vote > 0:
		return text(feedbackUpText, true)
	}
	b.addGap(ctx, partnerbot.GapDownvote, questionID, userID(i))
	return text(feedbackDownTxt, true)
}

// sourcesOf shows the full passages an answer cites, the quote in bold,
// with each article's title, outlet, date and ID.
func (b *Bot) sourcesOf(ctx context.Context, questionID int64) []message {
	rec, err := b.opts.Store.Question(ctx, questionID)
	if err != nil {
		if !errors.Is(err, partnerbot.ErrNotFound) {
			b.log.Error("read question", "question_id", questionID, b.errAttr(err))
		}
		return []message{text(answerMissing, true)}
	}
	if len(rec.Citations) == 0 {
		return []message{text("That answer cites no articles.", true)}
	}
	z := b.sanitizer()
	l := layout{title: z.clip("Sources: "+rec.Question, maxTitle), color: answerColor}
	for n, c := range rec.Citations {
		l.blocks = append(l.blocks, z.passageBlocks(n+1, c, b.opts.Passage)...)
	}
	return messages(l.pages(), nil, true)
}

// passageBlocks shows citation n's passage (the quote alone when the
// passage is gone) and its details.
func (z sanitizer) passageBlocks(n int, c partnerbot.Citation, passage func(string) (corpus.Passage, bool)) []block {
	name := z.sourceName(n, c, maxFieldName)
	body := ""
	if p, ok := passage(c.ChunkID); ok {
		body = z.highlight(p.Text, c.Quote)
	}
	if body == "" || textLen(body) > maxDescription-textLen(name)-8 {
		body = blockquote(z.text(c.Quote))
	}
	var out []block
	if desc := "**" + name + "**\n" + body; textLen(desc) <= maxDescription {
		out = append(out, block{desc: desc})
	} else {
		out = append(out, block{desc: "**" + name + "**\n" + tooLongQuote})
	}
	details := []string{}
	if c.Outlet != "" {
		details = append(details, "Outlet: "+z.clip(c.Outlet, 100))
	}
	if c.Date != "" {
		details = append(details, "Date: "+z.clip(c.Date, 100))
	}
	details = append(details, "Article ID: "+code(c.DocID, 120), "Passage: "+code(c.ChunkID, 130))
	out = append(out, block{field: &discordgo.MessageEmbedField{Name: "Details", Value: strings.Join(details, "\n")}})
	return out
}

// highlight is the passage with the quote in bold, sanitised.
func (z sanitizer) highlight(passage, quote string) string {
	i := strings.Index(passage, quote)
	if i < 0 || quote == "" {
		return blockquote(z.text(passage))
	}
	return blockquote(z.text(passage[:i]) + "**" + z.text(quote) + "**" + z.text(passage[i+len(quote):]))
}

// threadRights are what a member needs to start a thread and write in it.
const threadRights = discordgo.PermissionCreatePublicThreads | discordgo.PermissionSendMessagesInThreads

// mayThread reports whether channel permissions let a member start a
// thread and write in it: the bot starts follow-up threads for members
// only where they could themselves.
func mayThread(perms int64) bool {
	return perms&discordgo.PermissionAdministrator != 0 || perms&threadRights == threadRights
}

// openThread opens a thread from the answer message, seeded with the
// question and answer as its history, and points the member to it.
func (b *Bot) openThread(ctx context.Context, i *discordgo.Interaction, questionID int64, send Sender) message {
	rec, err := b.opts.Store.Question(ctx, questionID)
	if err != nil || i.Message == nil {
		return text(answerMissing, true)
	}
	if i.Member != nil && !mayThread(i.Member.Permissions) {
		return text(noThreadRights, true)
	}
	th, err := send.StartThread(ctx, i.ChannelID, i.Message.ID, threadStart(rec.Question))
	threadID := ""
	switch {
	case err == nil:
		threadID = th.ID
	case restCode(err) == 160004: // the message already has a thread: its ID is the message's
		threadID = i.Message.ID
	default:
		b.log.Warn("start thread", "interaction_id", i.ID, "message_id", i.Message.ID, b.errAttr(err))
		return text(noThreadText, true)
	}
	b.threads.add(threadID)
	if err := b.opts.Store.SetThread(ctx, questionID, threadID); err != nil {
		b.log.Error("seed thread history", "question_id", questionID, "thread_id", threadID, b.errAttr(err))
	}
	if th != nil {
		if _, err := send.Send(ctx, threadID, text(threadSeedText, false).send()); err != nil {
			b.log.Warn("seed thread message", "thread_id", threadID, b.errAttr(err))
		}
	}
	return text(fmt.Sprintf("Ask your follow-up in <#%s>.", threadID), true)
}
