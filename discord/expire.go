package discord

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnerbot/partnerbot"
)

// expiredPerRound is how many jobs past their deadline a replica takes a
// round of RunJobs: telling each asker costs up to three calls to
// Discord.
const expiredPerRound = 5

// expiring runs one batch of expired jobs' notices at a time, beside
// RunJobs's rounds, whose renewals must not wait for Discord.
type expiring struct {
	busy atomic.Bool
	wg   sync.WaitGroup
}

// start reports whether a new batch may start, and counts it as running.
func (e *expiring) start() bool {
	if !e.busy.CompareAndSwap(false, true) {
		return false
	}
	e.wg.Add(1)
	return true
}

// done ends the batch start began.
func (e *expiring) done() {
	e.busy.Store(false)
	e.wg.Done()
}

// Wait waits for the running batch, if any.
func (e *expiring) Wait() { e.wg.Wait() }

// expireJobs takes the jobs whose deadline passed while no replica had
// room to answer them, tells their askers, and finishes them, so nobody
// who asked is left waiting without a word: a question asked by message
// gets a reply saying it went unanswered; an /ask's token no longer takes
// one, so its expiry is logged. The batch runs beside the rounds, one at a
// time, within half a lease: a job not told by then, or at a shutdown,
// stays leased and is taken again, here or elsewhere, once the lease runs
// out (a notice already posted is found then, and not posted twice).
func (b *Bot) expireJobs(ctx context.Context, now time.Time, send Sender) {
	if !b.expiring.start() {
		return
	}
	go func() {
		defer b.expiring.done()
		ctx, cancel := context.WithTimeout(ctx, b.opts.Lease/2)
		defer cancel()
		jobs, err := b.opts.Jobs.TakeExpiredJobs(ctx, b.opts.Replica, now, now.Add(b.opts.Lease), expiredPerRound)
		if err != nil {
			if ctx.Err() == nil {
				b.log.Error("take expired jobs", b.errAttr(err))
			}
			return
		}
		var left []string
		for _, job := range jobs {
			switch _, working := b.active.state(job.ID); {
			case working:
				// This replica still works on it (its renewals failed for
				// a lease): its own answer, or its own notice, comes; and
				// the job stays held.
				b.log.Info("expired job taken back by the replica still working on it", "job", job.ID)
			case ctx.Err() == nil && b.expired(ctx, job, send):
				b.finishJob(ctx, job.ID)
			default:
				left = append(left, job.ID)
			}
		}
		b.release(ctx, left)
	}()
}

// expired deals with a job taken past its deadline, and reports whether
// it is done with: told, or nothing to tell. A job of a kind this build
// does not know (a newer build's) is left for a replica that knows it.
func (b *Bot) expired(ctx context.Context, job partnerbot.Job, send Sender) bool {
	switch kind := jobKind(job.Payload); kind {
	case "":
		b.log.Error("question expired unanswered: no replica had room to answer it before Discord's deadline, which no longer takes a reply",
			"job", job.ID, "takeovers", job.Takeovers)
		return true
	case jobMessage:
	default:
		b.log.Info("expired job of a kind this build does not know; left for another replica", "job", job.ID, "kind", kind)
		return false
	}
	var j messageJob
	if err := json.Unmarshal(job.Payload, &j); err != nil || j.MessageID == "" || j.ChannelID == "" {
		b.dropJob(ctx, job, err)
		return true // dropJob finished it already
	}
	return b.tellExpired(ctx, j, job.Deadline, send)
}

// tellExpired replies to a message whose question went unanswered past
// its deadline, saying so, unless it needs no answer any more: its thread
// was handed to people, or its answer, or this notice, was posted after
// all. The reply goes beside the message, or in the thread it asked in.
// It reports false when Discord failed the reply for now: the job is then
// left to be tried again.
func (b *Bot) tellExpired(ctx context.Context, j messageJob, deadline time.Time, send Sender) bool {
	if b.settledBefore(ctx, send, j) {
		return true
	}
	where := j.ChannelID // a follow-up's thread, or a post's, or beside it
	if !j.FollowUp && !j.InPlace {
		where = j.MessageID // the thread its owner may have started
	}
	switch {
	case b.answeredIn(ctx, send, where, j.MessageID, j.BotID):
		b.log.Info("expired question was answered before its owner died", "message_id", j.MessageID)
		return true
	case b.toldBefore(ctx, send, j, deadline):
		b.log.Info("expired question's notice was posted before", "message_id", j.MessageID)
		return true
	}
	msg := text(expiredQuestionText, false)
	msg.ReplyTo = reference(j.message())
	_, err := send.Send(ctx, j.ChannelID, msg.send())
	switch {
	case err == nil:
		b.log.Error("question asked by message expired unanswered: no replica had room to answer it in time; its author was told",
			"message_id", j.MessageID)
		return true
	case ctx.Err() != nil || passing(err):
		b.log.Warn("expired question's notice not sent; tried again later", "message_id", j.MessageID, b.errAttr(err))
		return false
	}
	b.log.Error("question asked by message expired unanswered, and its author could not be told", "message_id", j.MessageID, b.errAttr(err))
	return true
}

// noticeSearch is how long before the deadline the messages are read for
// a notice posted before: a notice is posted after it.
const noticeSearch = time.Minute

// toldBefore reports whether the bot already replied to j's message with
// the expired notice: a replica that posted it and died before finishing
// the job, or whose post Discord took and reported failed. It reads the
// messages from shortly before the deadline on, where the notice is,
// however busy the channel was while the question waited.
func (b *Bot) toldBefore(ctx context.Context, send Sender, j messageJob, deadline time.Time) bool {
	l, ok := send.(messageLister)
	if !ok || j.BotID == "" {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, b.opts.AnswerTimeout)
	defer cancel()
	msgs, err := l.Messages(ctx, j.ChannelID, snowflakeAt(deadline.Add(-noticeSearch)), 100)
	if err != nil {
		b.log.Warn("read messages", "channel_id", j.ChannelID, b.errAttr(err))
		return false
	}
	for _, m := range msgs {
		if m.Author != nil && m.Author.ID == j.BotID && m.Content == expiredQuestionText &&
			m.MessageReference != nil && m.MessageReference.MessageID == j.MessageID {
			return true
		}
	}
	return false
}

// discordEpoch is the first millisecond of 2015, from which Discord's
// snowflakes count.
const discordEpoch = 1420070400000

// snowflakeAt is the smallest snowflake of a moment: a message listing
// after it starts there.
func snowflakeAt(t time.Time) string {
	ms := max(t.UnixMilli()-discordEpoch, 0)
	return strconv.FormatInt(ms<<22, 10)
}
