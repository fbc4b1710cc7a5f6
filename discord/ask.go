package discord

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/bot"

	"github.com/bwmarrin/discordgo"
)

// question is one question to answer, from /ask or a message.
type question struct {
	text                         string
	guildID, channelID, threadID string // threadID when asked in (or answered into) a thread
	userID                       string
	history                      []partnerbot.Turn
	received                     time.Time
	ref                          string // interaction or message ID, for the log
}

// ask handles /ask: it checks the question and the asker's rate at once,
// and defers the answer to a worker.
func (b *Bot) ask(ctx context.Context, i *discordgo.Interaction, d discordgo.ApplicationCommandInteractionData, send Sender) reply {
	q := question{
		text: strings.TrimSpace(stringOption(d.Options, optQuestion)), guildID: i.GuildID,
		channelID: i.ChannelID, userID: userID(i), received: b.opts.Now(), ref: i.ID,
	}
	if err := partnerbot.Validate(q.text); err != nil {
		return immediate(text(partnerbot.UserMessage(err), true))
	}
	inThread := b.isBotThread(ctx, i.ChannelID)
	if b.opts.RestrictAsk && !inThread && !b.channelAllowed(ctx, send, i.GuildID, i.ChannelID) {
		return immediate(text(notAllowedText, true))
	}
	undo, refusal := b.allow(ctx, i.GuildID, q.userID)
	if refusal != "" {
		return immediate(text(refusal, true))
	}
	j := &askJob{InteractionID: i.ID, AppID: i.AppID, Token: i.Token, Question: q.text,
		GuildID: i.GuildID, ChannelID: i.ChannelID, UserID: q.userID, InThread: inThread, Received: q.received}
	r := deferred(false, b.work(*j, i))
	r.undo, r.job = undo, j
	return r
}

// answer answers q, logs it and tells the hooks. With show set (and
// Options.Stream), show sees the answer while it is written. The ID is the
// logged question's, 0 when there is no store or logging failed (the
// answer is still given).
func (b *Bot) answer(ctx context.Context, q question, show func(partnerbot.Answer)) (partnerbot.Answer, int64, error) {
	pq := partnerbot.Question{Text: q.text, History: q.history}
	a, curated := b.curatedFor(ctx, q)
	var err error
	switch {
	case curated: // the moderators' answer comes first
	case show != nil:
		a, err = b.opts.Stream(ctx, pq, show)
	default:
		a, err = b.opts.Answer(ctx, pq)
	}
	if err != nil {
		kind := "error"
		switch {
		case partnerbot.UserMessage(err) != "":
			return partnerbot.Answer{}, 0, err // the asker's question, not a failure
		case errors.Is(err, context.DeadlineExceeded):
			kind = "timeout"
		case errors.Is(err, context.Canceled):
			kind = "canceled"
		}
		b.opts.Hooks.answerFailed(kind)
		b.log.Error("answer failed", "ref", q.ref, "kind", kind, b.errAttr(err))
		return partnerbot.Answer{}, 0, err
	}
	if a.Question == "" {
		a.Question = q.text
	}
	latency := b.opts.Now().Sub(q.received)
	id := b.logQuestion(ctx, q, a, latency)
	b.opts.Hooks.answered(a, latency)
	if a.Abstained {
		b.addGap(ctx, partnerbot.GapDeclined, id, q.userID)
	}
	attrs := []any{"ref", q.ref, "question_id", id, "guild_id", q.guildID, "channel_id", q.channelID,
		"mode", a.Mode, "abstained", a.Abstained, "citations", len(a.Citations), "latency_ms", latency.Milliseconds(),
		"prompt_tokens", a.Usage.PromptTokens, "completion_tokens", a.Usage.CompletionTokens}
	if a.Fallback != nil {
		fallback := b.errAttr(a.Fallback)
		fallback.Key = "fallback"
		attrs = append(attrs, fallback)
		b.log.Warn(bot.FallbackCause(a.Fallback), "ref", q.ref, "question_id", id, b.errAttr(a.Fallback))
	}
	b.log.Info("answered", attrs...)
	return a, id, nil
}

// logQuestion appends the question to the store's log.
func (b *Bot) logQuestion(ctx context.Context, q question, a partnerbot.Answer, latency time.Duration) int64 {
	if b.opts.Store == nil {
		return 0
	}
	mode := a.Mode
	if mode != partnerbot.Generative && mode != partnerbot.Curated {
		mode = partnerbot.Extractive
	}
	id, err := b.opts.Store.LogQuestion(ctx, partnerbot.QuestionRecord{
		At: b.opts.Now(), GuildID: q.guildID, ChannelID: q.channelID, ThreadID: q.threadID,
		UserHash: b.userHash(q.userID), Question: q.text, Answer: a.Text, Citations: a.Citations,
		Abstained: a.Abstained, Mode: mode, LatencyMS: float64(latency) / float64(time.Millisecond),
		PromptTokens: a.Usage.PromptTokens, CompletionTokens: a.Usage.CompletionTokens,
	})
	if err != nil {
		b.log.Error("log question", "ref", q.ref, b.errAttr(err))
		return 0
	}
	return id
}

// history is a thread's earlier turns, oldest first.
func (b *Bot) history(ctx context.Context, threadID string) []partnerbot.Turn {
	if b.opts.Store == nil {
		return nil
	}
	turns, err := b.opts.Store.ThreadHistory(ctx, threadID, b.opts.HistoryTurns)
	if err != nil {
		b.log.Warn("thread history", "thread_id", threadID, b.errAttr(err))
	}
	return turns
}

// failureText is what the asker reads when answering failed.
func failureText(err error) string {
	if m := partnerbot.UserMessage(err); m != "" {
		return m
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return timeoutText
	}
	return failedText
}

// sanitizer is a sanitizer for the current articles.
func (b *Bot) sanitizer() sanitizer { return newSanitizer(b.opts.Documents()) }

// isBotThread reports whether channelID is a thread the bot opened, or
// one whose history the store knows (opened before a restart).
func (b *Bot) isBotThread(ctx context.Context, channelID string) bool {
	if channelID == "" {
		return false
	}
	if b.threads.has(channelID) {
		return true
	}
	if b.opts.Store == nil {
		return false
	}
	turns, err := b.opts.Store.ThreadHistory(ctx, channelID, 1)
	if err != nil {
		b.log.Warn("thread lookup", "channel_id", channelID, b.errAttr(err))
		return false
	}
	if len(turns) > 0 {
		b.threads.add(channelID)
		return true
	}
	return false
}

// channelAllowed reports whether the bot answers mentions in a channel:
// an empty allow-list means everywhere, and a thread is allowed when the
// channel it is in is.
func (b *Bot) channelAllowed(ctx context.Context, send Sender, guildID, channelID string) bool {
	if b.opts.Store == nil || guildID == "" {
		return true
	}
	ids, err := b.opts.Store.AllowedChannels(ctx, guildID)
	if err != nil {
		b.log.Warn("allowed channels", "guild_id", guildID, b.errAttr(err))
		return true
	}
	if len(ids) == 0 {
		return true
	}
	if slices.Contains(ids, channelID) {
		return true
	}
	ch, err := b.channelInfo(ctx, send, channelID)
	if err != nil {
		b.log.Warn("read channel for the allow-list", "channel_id", channelID, b.errAttr(err))
		return false
	}
	return ch.IsThread() && slices.Contains(ids, ch.ParentID)
}
