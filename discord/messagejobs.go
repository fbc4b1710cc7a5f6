package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
)

// jobMessage is the kind of a messageJob's payload; an /ask job's payload
// (askJob) has none.
const jobMessage = "message"

// messageJob is what a replica needs to answer a mention or a follow-up
// in a thread and post the answer, whoever received the message: so a
// question asked by message is not lost with the replica that read it.
type messageJob struct {
	Kind      string    `json:"kind"` // jobMessage
	MessageID string    `json:"message_id"`
	ChannelID string    `json:"channel_id"`
	GuildID   string    `json:"guild_id"`
	AuthorID  string    `json:"author_id"`
	Question  string    `json:"question"`
	FollowUp  bool      `json:"follow_up"` // in a thread the bot answers in
	Mentioned bool      `json:"mentioned"` // it mentions the bot: answered even in a thread handed to people
	InPlace   bool      `json:"in_place"`  // its author may not start a thread: answered beside it
	Received  time.Time `json:"received"`
	// BotID is the bot's user, as the gateway told the replica that read
	// the message: one without the gateway does not know it.
	BotID string `json:"bot_id"`
}

// messageJobID is the job of the message with ID id.
func messageJobID(id string) string { return "message:" + id }

// message is as much of the message as answering it needs.
func (j messageJob) message() *discordgo.Message {
	return &discordgo.Message{ID: j.MessageID, ChannelID: j.ChannelID, GuildID: j.GuildID,
		Author: &discordgo.User{ID: j.AuthorID}}
}

// question is the question the job answers.
func (j messageJob) question() question {
	return question{text: j.Question, guildID: j.GuildID, channelID: j.ChannelID,
		userID: j.AuthorID, received: j.Received, ref: j.MessageID}
}

// recordMessage records a message's question as a job before a worker
// answers it, and returns the job's ID; "" without Jobs, when the job was
// recorded before (the message was delivered again), or when the store
// fails (the question is then answered without a job: a message, unlike
// an /ask, has acknowledged nothing yet).
func (b *Bot) recordMessage(ctx context.Context, j messageJob) string {
	id, _ := b.recordMessageJob(ctx, j)
	return id
}

// recordMessageJob is recordMessage, also reporting whether the job was
// recorded before.
func (b *Bot) recordMessageJob(ctx context.Context, j messageJob) (id string, again bool) {
	if b.opts.Jobs == nil {
		return "", false
	}
	id = messageJobID(j.MessageID)
	payload, err := b.jobPayload(j)
	if err == nil {
		job := partnerbot.Job{ID: id, Owner: b.opts.Replica, Payload: payload, Deadline: j.Received.Add(jobWindow)}
		err = b.opts.Jobs.AddJob(ctx, job, b.opts.Now().Add(b.opts.Lease))
	}
	switch {
	case errors.Is(err, partnerbot.ErrJobExists):
		b.log.Info("message's question recorded before; delivered again", "message_id", j.MessageID)
		return "", true
	case err != nil:
		b.log.Error("message's question not recorded; answered here only", "message_id", j.MessageID, b.errAttr(err))
		return "", false
	}
	b.active.add(id)
	return id, false
}

// jobPayload is a message job's payload, with its kind and the bot's user.
func (b *Bot) jobPayload(j messageJob) ([]byte, error) {
	j.Kind, j.BotID = jobMessage, load(&b.selfID)
	payload, err := json.Marshal(j)
	if err != nil {
		return nil, fmt.Errorf("message job: %w", err)
	}
	return payload, nil
}

// takeOverMessageJob answers a message's question another replica left.
func (b *Bot) takeOverMessageJob(ctx context.Context, job partnerbot.Job, send Sender) {
	var j messageJob
	if err := json.Unmarshal(job.Payload, &j); err != nil || j.MessageID == "" || j.ChannelID == "" {
		b.dropJob(ctx, job, err)
		return
	}
	b.tookOver(job, j.Received, "message_id", j.MessageID)
	if err := b.takeOverMessage(job, j, send); err != nil { // its lease runs out again and someone else takes it
		b.active.remove(job.ID)
		b.log.Warn("taken-over job not queued", "message_id", j.MessageID, "reason", err.Error())
	}
}

// takeOverMessage queues the answer to a taken-over message. The worker
// first finds where the answer goes, and whether it is there already: the
// owner may have died after posting it and before marking it done.
func (b *Bot) takeOverMessage(job partnerbot.Job, j messageJob, send Sender) error {
	return b.pool.submit(func(ctx context.Context) {
		if b.opts.Now().After(job.Deadline) { // expired before a worker was free
			if b.tellExpired(ctx, j, job.Deadline, send) {
				b.finishJob(ctx, job.ID)
			} else {
				b.active.remove(job.ID) // its lease runs out and it is taken again
			}
			return
		}
		m, q := j.message(), j.question()
		if b.settledBefore(ctx, send, j) {
			b.finishJob(ctx, job.ID)
			return
		}
		tctx, cancel := context.WithTimeout(ctx, b.opts.AnswerTimeout)
		target, replyTo, err := b.resumeTarget(tctx, send, j)
		cancel()
		switch {
		case errors.Is(err, ErrUnauthorized):
			b.finishJob(ctx, job.ID)
			return
		case err != nil: // its lease runs out again and it is tried again
			b.active.remove(job.ID)
			b.log.Warn("taken-over message: no place to answer for now; left for another try", "message_id", j.MessageID, b.errAttr(err))
			return
		}
		answered, stale := b.answers(ctx, send, target, j.MessageID, j.BotID)
		if answered {
			b.log.Info("message was answered before its owner died", "message_id", j.MessageID)
			b.finishJob(ctx, job.ID)
			return
		}
		if target != j.ChannelID || j.FollowUp {
			q.threadID = target
		}
		if j.FollowUp {
			q.history = b.history(ctx, target)
		}
		if !b.typing(ctx, send, m, target) {
			b.finishJob(ctx, job.ID)
			return
		}
		if b.replyWithAnswer(ctx, m, q, target, replyTo, send, job.ID) {
			b.markAnsweredAgain(ctx, send, stale)
		}
	})
}

// settledBefore reports whether a taken-over message needs no answer from
// this replica: its thread was handed to people meanwhile (unless the
// message mentioned the bot, which is answered even there), or its owner,
// unable to start a thread, answered beside it.
func (b *Bot) settledBefore(ctx context.Context, send Sender, j messageJob) bool {
	switch {
	case j.FollowUp && !j.Mentioned && b.silenced(ctx, j.ChannelID):
		b.log.Info("taken-over message's thread was handed to people; not answered", "message_id", j.MessageID)
		return true
	case !j.FollowUp && !j.InPlace && b.answeredIn(ctx, send, j.ChannelID, j.MessageID, j.BotID):
		b.log.Info("message was answered beside it before its owner died", "message_id", j.MessageID)
		return true
	}
	return false
}

// resumeTarget is the channel a taken-over message's answer goes to, and
// the message it replies to: its thread, started now unless its owner
// did, or beside it.
func (b *Bot) resumeTarget(ctx context.Context, send Sender, j messageJob) (target string, replyTo *discordgo.MessageReference, err error) {
	m := j.message()
	if j.FollowUp || j.InPlace {
		return j.ChannelID, reference(m), nil
	}
	th, err := send.StartThread(ctx, j.ChannelID, j.MessageID, threadStart(j.Question))
	switch {
	case err == nil:
		b.threads.add(th.ID)
		return th.ID, nil, nil
	case restCode(err) == 160004: // its owner started it: its ID is the message's
		b.threads.add(j.MessageID)
		return j.MessageID, nil, nil
	case errors.Is(err, ErrUnauthorized):
		return "", nil, err
	case passing(err): // Discord failing for now
		return "", nil, fmt.Errorf("start thread: %w", err)
	}
	b.log.Warn("start thread", "message_id", j.MessageID, b.errAttr(err))
	return j.ChannelID, reference(m), nil // a thread inside a thread, say: answer in place
}

// postedByBot reports whether the bot posted m itself, as an answer or a
// notice is, rather than as an interaction's response (an /ask run in the
// question's thread, whose response replies to nothing there).
func postedByBot(m *discordgo.Message) bool {
	return (m.Type == discordgo.MessageTypeDefault || m.Type == discordgo.MessageTypeReply) &&
		m.Interaction == nil && m.InteractionMetadata == nil
}

// messageLister is a Sender that can list a channel's messages.
type messageLister interface {
	Messages(ctx context.Context, channelID, afterID string, limit int) ([]*discordgo.Message, error)
}

// answeredIn reports whether the bot (user botID) has posted, in
// channelID after the message messageID, a reply to it, or, in the thread
// started from it (whose ID is the message's), a message that replies to
// nothing, not marked pending (see postParts). Without a way to list
// messages, when listing fails, or without botID, it reports false:
// answering twice is better than not at all.
func (b *Bot) answeredIn(ctx context.Context, send Sender, channelID, messageID, botID string) bool {
	answered, _ := b.answers(ctx, send, channelID, messageID, botID)
	return answered
}

// answers is answeredIn, also returning, when not answered, the first
// parts still marked pending that replicas which died left there.
func (b *Bot) answers(ctx context.Context, send Sender, channelID, messageID, botID string) (answered bool, stale []*discordgo.Message) {
	l, ok := send.(messageLister)
	if !ok || botID == "" {
		return false, nil
	}
	ctx, cancel := context.WithTimeout(ctx, b.opts.AnswerTimeout)
	defer cancel()
	msgs, err := l.Messages(ctx, channelID, messageID, 100)
	switch {
	case restCode(err) == discordgo.ErrCodeUnknownChannel: // no thread was started from it
		return false, nil
	case err != nil:
		b.log.Warn("read messages", "channel_id", channelID, b.errAttr(err))
		return false, nil
	}
	for _, m := range msgs {
		if m.Author == nil || m.Author.ID != botID || !postedByBot(m) {
			continue
		}
		ref := m.MessageReference
		// In the question's own thread the answer is the bot's message
		// that replies to nothing (its later parts reply to it); one that
		// replies answers another. An answer whose later parts were still
		// being sent when its replica died is marked pending: it is
		// answered again, and some parts then show twice, none is missing.
		if (ref != nil && ref.MessageID == messageID) || (channelID == messageID && ref == nil) {
			if !hasNote(m, pendingID) {
				return true, nil
			}
			stale = append(stale, m)
		}
	}
	return false, stale
}

// markAnsweredAgain replaces the pending mark on the first parts replicas
// that died left (see answers) with a note that the answer was sent again
// below, once it has been. Discord failing an edit for now, it is tried
// again, then later in the background (finishLater).
func (b *Bot) markAnsweredAgain(ctx context.Context, send Sender, stale []*discordgo.Message) {
	ed, ok := send.(messageEditor)
	if !ok || len(stale) == 0 {
		return
	}
	ctx, cancel := settle(ctx)
	defer cancel()
	for _, m := range stale {
		note := message{Components: withoutNote(m.Components, pendingID)}.withNote(againID, againText)
		b.editPosted(ctx, "note a dead replica's unfinished answer as sent again", func(ctx context.Context) error {
			_, err := ed.EditMessage(ctx, componentsEdit(m.ChannelID, m.ID, note.Components))
			return err
		}, "message_id", m.ID, "channel_id", m.ChannelID)
	}
}
