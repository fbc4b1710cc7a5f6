package discord

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnerbot/partnerbot"
)

// expiredPerRound is how many jobs past their deadline a replica expires
// a round of RunJobs: each costs a message or two to Discord.
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

// expireJobs ends the jobs whose deadline passed while no replica had
// room to answer them, and tells their askers so where Discord still lets
// it: a question asked by message gets a reply saying it went unanswered;
// an /ask's token no longer takes a reply, so its expiry is only logged.
// Nobody who asked is left waiting without a word. While the last round's
// notices are still being sent, it does nothing: their jobs stay for the
// next round.
func (b *Bot) expireJobs(ctx context.Context, now time.Time, send Sender) {
	if !b.expiring.start() {
		return
	}
	go func() {
		defer b.expiring.done()
		sctx, cancel := context.WithTimeout(ctx, b.jobRound())
		jobs, err := b.opts.Jobs.ExpireJobs(sctx, now, expiredPerRound)
		cancel()
		if err != nil {
			if ctx.Err() == nil {
				b.log.Error("expire jobs", b.errAttr(err))
			}
			return
		}
		// Once expired, a job is this replica's to tell, even at a
		// shutdown; one delivery's time bounds the batch.
		tctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), deliverTimeout)
		defer cancel()
		for _, job := range jobs {
			b.expired(tctx, job, send)
		}
	}()
}

// expired tells the asker of an expired job, if it was asked by message,
// that it went unanswered.
func (b *Bot) expired(ctx context.Context, job partnerbot.Job, send Sender) {
	var j messageJob
	if json.Unmarshal(job.Payload, &j) != nil || j.Kind != jobMessage || j.MessageID == "" || j.ChannelID == "" {
		b.log.Error("question expired unanswered: no replica had room to answer it before Discord's deadline",
			"job", job.ID, "takeovers", job.Takeovers)
		return
	}
	b.log.Error("question asked by message expired unanswered: no replica had room to answer it in time; its author is told",
		"message_id", j.MessageID, "takeovers", job.Takeovers)
	b.tellExpired(ctx, j, send)
}

// tellExpired replies to a message whose question went unanswered past
// its deadline, saying so, unless it needs no answer any more: its thread
// was handed to people, or its answer was posted after all (by a replica
// that died before marking it done). The reply goes beside the message,
// or in the thread it asked in.
func (b *Bot) tellExpired(ctx context.Context, j messageJob, send Sender) {
	if b.settledBefore(ctx, send, j) {
		return
	}
	where := j.ChannelID // a follow-up's thread, or a post's, or beside it
	if !j.FollowUp && !j.InPlace {
		where = j.MessageID // the thread its owner may have started
	}
	if b.answeredIn(ctx, send, where, j.MessageID, j.BotID) {
		b.log.Info("expired question was answered before its owner died", "message_id", j.MessageID)
		return
	}
	b.replyTo(ctx, send, j.message(), expiredQuestionText)
}
