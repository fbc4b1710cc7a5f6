package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
)

// Jobs records each question between its arrival ("thinking…", for an
// /ask) and its answer, so that a question received by a replica that dies
// is answered by another. The stores implement it, shared between
// replicas.
type Jobs interface {
	// AddJob records a job, held by j.Owner until leaseUntil.
	AddJob(ctx context.Context, j partnerbot.Job, leaseUntil time.Time) error
	// RenewJobs extends owner's hold on the jobs ids that are not done,
	// and returns those of ids it no longer holds (done, or another
	// replica's since its lease ran out).
	RenewJobs(ctx context.Context, owner string, ids []string, until time.Time) (lost []string, err error)
	// TakeJobs hands owner, until until, up to limit jobs that are not
	// done, whose lease ran out by now and whose deadline is still ahead;
	// each once, whichever replicas ask at the same time.
	TakeJobs(ctx context.Context, owner string, now, until time.Time, limit int) ([]partnerbot.Job, error)
	// UpdateJob replaces the payload and deadline of a job j.Owner still
	// holds, and extends its lease to until; false when it no longer
	// holds it.
	UpdateJob(ctx context.Context, j partnerbot.Job, until time.Time) (bool, error)
	// TakeExpiredJobs hands owner, until until, up to limit jobs not done
	// whose deadline passed and whose lease ran out by now, the longest
	// overdue first; each once, whichever replicas ask at the same time.
	TakeExpiredJobs(ctx context.Context, owner string, now, until time.Time, limit int) ([]partnerbot.Job, error)
	// FinishJob marks a job done and forgets its payload.
	FinishJob(ctx context.Context, id string, now time.Time) error
	// WaitingJobs counts the jobs not done whose deadline is ahead.
	WaitingJobs(ctx context.Context, now time.Time) (int, error)
}

// jobWindow is how long after the interaction its token still takes a
// follow-up: Discord's 15 minutes, less a margin for clocks and delivery.
const jobWindow = 15*time.Minute - 30*time.Second

// askJob is what a replica needs to answer an /ask and deliver the
// answer through the interaction's follow-up webhook, whoever received it.
type askJob struct {
	InteractionID string    `json:"interaction_id"`
	AppID         string    `json:"app_id"`
	Token         string    `json:"token"`
	Question      string    `json:"question"`
	GuildID       string    `json:"guild_id"`
	ChannelID     string    `json:"channel_id"`
	UserID        string    `json:"user_id"`
	InThread      bool      `json:"in_thread"`
	Received      time.Time `json:"received"`
}

// interaction is enough of the interaction to edit its response.
func (j askJob) interaction() *discordgo.Interaction {
	return &discordgo.Interaction{ID: j.InteractionID, AppID: j.AppID, Token: j.Token,
		Type: discordgo.InteractionApplicationCommand, GuildID: j.GuildID, ChannelID: j.ChannelID}
}

// question is the question the job answers.
func (j askJob) question() question {
	return question{text: j.Question, guildID: j.GuildID, channelID: j.ChannelID,
		userID: j.UserID, received: j.Received, ref: j.InteractionID}
}

// work answers the job's question, showing the answer as it is written
// in i's response; its messages replace "thinking…".
func (b *Bot) work(j askJob, i *discordgo.Interaction) func(ctx context.Context, send Sender) []message {
	return func(ctx context.Context, send Sender) []message {
		q := j.question()
		if j.InThread {
			q.threadID = j.ChannelID
			q.history = b.history(ctx, j.ChannelID)
		}
		show, stop := b.progress(ctx, i, send)
		a, id, err := b.answer(ctx, q, show)
		stop()
		if err != nil {
			return []message{text(failureText(err), false)}
		}
		view := answerView{questionID: id, followUp: j.GuildID != "" && !j.InThread, handoff: b.handoffOffered(j.GuildID)}
		return b.sanitizer().renderAnswer(a, view)
	}
}

// active is the set of jobs this replica works on: those it holds, whose
// leases it renews, and those it lost to another replica while it worked
// (it stalled past their lease), whose answers it must not deliver.
type active struct {
	mu  sync.Mutex
	ids map[string]bool // job → held
}

func (a *active) add(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ids == nil {
		a.ids = map[string]bool{}
	}
	a.ids[id] = true
}

func (a *active) remove(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.ids, id)
}

// list is the jobs held.
func (a *active) list() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var ids []string
	for id, held := range a.ids {
		if held {
			ids = append(ids, id)
		}
	}
	return ids
}

// lose marks jobs as no longer this replica's, and returns those it was
// still working on (a job it has just finished is not among them).
func (a *active) lose(ids []string) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var lost []string
	for _, id := range ids {
		if held, ok := a.ids[id]; ok && held {
			a.ids[id] = false
			lost = append(lost, id)
		}
	}
	return lost
}

// state reports whether this replica works on a job (ok), and whether it
// still holds it or lost it to another replica.
func (a *active) state(id string) (held, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	held, ok = a.ids[id]
	return held, ok
}

// lost reports whether a job this replica worked on became another's.
func (a *active) lost(id string) bool {
	held, ok := a.state(id)
	return ok && !held
}

// recordJob records an /ask job before its deferral is sent; without Jobs
// there is nothing to record.
func (b *Bot) recordJob(ctx context.Context, j askJob) error {
	if b.opts.Jobs == nil {
		return nil
	}
	payload, err := json.Marshal(j)
	if err != nil {
		return fmt.Errorf("record job: %w", err)
	}
	now := b.opts.Now()
	job := partnerbot.Job{ID: j.InteractionID, Owner: b.opts.Replica, Payload: payload, Deadline: j.Received.Add(jobWindow)}
	if err := b.opts.Jobs.AddJob(ctx, job, now.Add(b.opts.Lease)); err != nil {
		return fmt.Errorf("record job: %w", err)
	}
	b.active.add(j.InteractionID)
	return nil
}

// finishJob marks a job done, once its answer is delivered (or cannot be).
func (b *Bot) finishJob(ctx context.Context, id string) {
	if b.opts.Jobs == nil || id == "" {
		return
	}
	b.active.remove(id)
	ctx, cancel := settle(ctx)
	defer cancel()
	if err := b.opts.Jobs.FinishJob(ctx, id, b.opts.Now()); err != nil {
		b.log.Error("finish job", "job", id, b.errAttr(err))
	}
}

// releaseJob gives up a job this replica will not answer, so another
// replica takes it over at once rather than when its lease runs out.
func (b *Bot) releaseJob(ctx context.Context, id string) {
	if b.opts.Jobs == nil || id == "" {
		return
	}
	b.active.remove(id)
	b.release(ctx, []string{id})
}

// release gives up jobs this replica holds and will not deal with now, so
// any replica may take them at once rather than when their lease runs out.
func (b *Bot) release(ctx context.Context, ids []string) {
	if len(ids) == 0 {
		return
	}
	ctx, cancel := settle(ctx)
	defer cancel()
	if _, err := b.opts.Jobs.RenewJobs(ctx, b.opts.Replica, ids, b.opts.Now()); err != nil {
		b.log.Error("release jobs", "jobs", ids, b.errAttr(err))
	}
}

// RunJobs keeps this replica's jobs leased and takes over the jobs of
// replicas that died, until ctx ends: every third of Options.Lease it
// renews its own, takes what has run out (a job per worker a round, while
// its queue has room),
// answers them and delivers the answers through send, which needs only
// the interactions' tokens. Without Options.Jobs it returns at once.
func (b *Bot) RunJobs(ctx context.Context, send Sender) {
	if b.opts.Jobs == nil {
		return
	}
	tick := time.NewTicker(b.jobRound())
	defer tick.Stop()
	defer b.expiring.Wait()
	for {
		b.tendJobs(ctx, send)
		select {
		case <-ctx.Done():
			b.holdWhileDraining()
			return
		case <-tick.C:
		}
	}
}

// holdWhileDraining keeps renewing the jobs this replica is still
// answering once RunJobs's context has ended, at a shutdown: the drain
// goes on for up to Options.DrainTimeout, longer than a lease, and a
// replica that took the jobs over would answer them a second time. When
// the drain is over (or gave up), it lets go of any left, so another
// replica need not wait out their lease.
func (b *Bot) holdWhileDraining() {
	ctx, cancel := context.WithTimeout(context.Background(), b.opts.DrainTimeout+b.opts.Lease)
	defer cancel()
	tick := time.NewTicker(b.jobRound())
	defer tick.Stop()
	for len(b.active.list()) > 0 {
		select {
		case <-b.pool.ctx.Done():
		case <-ctx.Done():
		case <-tick.C:
			b.renewJobs(ctx, b.opts.Now().Add(b.opts.Lease))
			continue
		}
		if n := len(b.active.list()); n > 0 {
			b.log.Warn("jobs left unanswered at shutdown; released to the other replicas", "jobs", n)
			b.renewJobs(context.WithoutCancel(ctx), b.opts.Now())
		}
		return
	}
}

// jobRound is how often RunJobs tends the jobs, and how long each of its
// calls to the store may take: a third of a lease, so a store that hangs
// cannot stall the renewals past the lease.
func (b *Bot) jobRound() time.Duration { return b.opts.Lease / 3 }

// renewJobs extends this replica's jobs' leases to until, within a round.
func (b *Bot) renewJobs(ctx context.Context, until time.Time) {
	ids := b.active.list()
	if len(ids) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, b.jobRound())
	defer cancel()
	lost, err := b.opts.Jobs.RenewJobs(ctx, b.opts.Replica, ids, until)
	if err != nil {
		b.log.Error("renew jobs", "jobs", len(ids), b.errAttr(err))
		return
	}
	if lost = b.active.lose(lost); len(lost) > 0 {
		b.log.Warn("jobs no longer held (taken over, or past their deadline) while answering them; their answers will not be delivered here", "jobs", lost)
	}
}

// tendJobs is one round of RunJobs, each call to the store bounded by
// the round.
func (b *Bot) tendJobs(ctx context.Context, send Sender) {
	now := b.opts.Now()
	until := now.Add(b.opts.Lease)
	b.renewJobs(ctx, until)
	wctx, cancel := context.WithTimeout(ctx, b.jobRound())
	n, err := b.opts.Jobs.WaitingJobs(wctx, now)
	cancel()
	if err == nil {
		b.opts.Hooks.jobsWaiting(n)
	}
	b.expireJobs(ctx, now, send)
	// At most a job per worker a round, and none while the queue is full:
	// jobs taken wait their turn here, leased, while an idle replica
	// could have answered them.
	room := min(b.opts.Queue-b.pool.queued(), b.opts.Workers)
	if room <= 0 {
		return
	}
	tctx, cancel := context.WithTimeout(ctx, b.jobRound())
	jobs, err := b.opts.Jobs.TakeJobs(tctx, b.opts.Replica, now, until, room)
	cancel()
	if err != nil {
		b.log.Error("take over jobs", b.errAttr(err))
		return
	}
	for _, job := range jobs {
		b.takeOver(ctx, job, send)
	}
}

// takeOver answers a job another replica left: an /ask, or a question
// asked by message.
func (b *Bot) takeOver(ctx context.Context, job partnerbot.Job, send Sender) {
	switch held, ok := b.active.state(job.ID); {
	case ok && held:
		// This replica still works on it (a forum post waiting for its
		// author's lines, or an answer being written): a renewal failed
		// and it took its own job back. It stays held, and answered once.
		b.log.Info("job taken back by the replica still working on it", "job", job.ID)
		return
	case ok:
		// An earlier try here, which lost the job, is still running and
		// will not deliver; the job is left for its lease to run out and
		// be taken again once that try is over.
		b.log.Info("job taken back while an earlier try here still runs; left for its lease", "job", job.ID)
		return
	}
	if kind := jobKind(job.Payload); kind != "" {
		if kind == jobMessage {
			b.takeOverMessageJob(ctx, job, send)
			return
		}
		// A newer build's: left for its lease to run out, for a replica
		// that knows it, rather than dropped.
		b.log.Info("job of a kind this build does not know; left for another replica", "job", job.ID, "kind", kind)
		return
	}
	var j askJob
	if err := json.Unmarshal(job.Payload, &j); err != nil || j.Token == "" {
		b.dropJob(ctx, job, err)
		return
	}
	b.tookOver(job, j.Received, "interaction_id", job.ID)
	i := j.interaction()
	err := b.pool.submit(func(ctx context.Context) {
		if b.opts.Now().After(job.Deadline) { // Discord no longer takes its answer
			b.log.Error("question expired unanswered: no replica had room to answer it before Discord's deadline, which no longer takes a reply", "interaction_id", job.ID)
			b.finishJob(ctx, job.ID)
			return
		}
		actx, cancel := context.WithTimeout(ctx, b.opts.AnswerTimeout)
		defer cancel()
		if b.answeredAlready(actx, i, send) {
			b.log.Info("job was answered before its owner died", "interaction_id", job.ID)
			b.finishJob(ctx, job.ID)
			return
		}
		msgs := b.work(j, i)(actx, send)
		ctx, cancelDelivery := context.WithTimeout(ctx, deliverTimeout)
		defer cancelDelivery()
		b.settleJob(ctx, job.ID, b.deliver(ctx, i, send, msgs, 0))
	})
	if err != nil { // its lease runs out again and someone else takes it
		b.active.remove(job.ID)
		b.log.Warn("taken-over job not queued", "interaction_id", job.ID, "reason", err.Error())
	}
}

// jobKind is the kind a job's payload names: jobMessage, a newer build's,
// or "" for an /ask's (which names none) and for one that cannot be read.
func jobKind(payload []byte) string {
	var kind struct {
		Kind string `json:"kind"`
	}
	json.Unmarshal(payload, &kind) // unreadable: no kind, and the /ask's reading fails too
	return kind.Kind
}

// dropJob finishes a job whose payload cannot be read (err, or a field
// missing when err is nil): no replica could answer it.
func (b *Bot) dropJob(ctx context.Context, job partnerbot.Job, err error) {
	b.log.Error("job unreadable; dropped", "job", job.ID, "err", fmt.Sprint(err))
	b.finishJob(ctx, job.ID)
}

// tookOver holds a job taken over, its question received at received,
// and says so in the metrics and the log, with about.
func (b *Bot) tookOver(job partnerbot.Job, received time.Time, about ...any) {
	b.active.add(job.ID)
	age := b.opts.Now().Sub(received)
	b.opts.Hooks.jobTakenOver(age)
	b.log.Warn("job taken over", append(about, "takeovers", job.Takeovers, "age_ms", age.Milliseconds())...)
}

// originalReader is a Sender that can read an interaction's original
// response back.
type originalReader interface {
	Original(ctx context.Context, i *discordgo.Interaction) (*discordgo.Message, error)
}

// answeredAlready reports whether the interaction's original response
// holds a finished answer: not "thinking…", nor an answer still being
// written, nor one whose later parts are still being sent. Its owner then
// delivered the answer, every part of it (see deliver), and died before
// marking the job done. Without a way to read it, it reports false (the
// edit replaces the response with the same answer).
func (b *Bot) answeredAlready(ctx context.Context, i *discordgo.Interaction, send Sender) bool {
	r, ok := send.(originalReader)
	if !ok {
		return false
	}
	m, err := r.Original(ctx, i)
	if err != nil {
		b.log.Warn("read original response", "interaction_id", i.ID, b.errAttr(err))
		return false
	}
	return m.Flags&discordgo.MessageFlagsLoading == 0 && (m.Content != "" || len(m.Embeds) > 0) && !stillWriting(m) && !hasNote(m, pendingID)
}

// stillWriting reports whether a message shows an answer the model is
// still writing.
func stillWriting(m *discordgo.Message) bool {
	for _, e := range m.Embeds {
		if e.Footer != nil && strings.Contains(e.Footer.Text, writingNote) {
			return true
		}
	}
	return false
}

// defaultReplica names this process: host and pid.
func defaultReplica() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}
