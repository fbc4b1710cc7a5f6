package discord

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// reply is what a handler decided: a response to send at once and,
// optionally, work to finish later on a worker. The work's messages replace
// the original response (the first) and follow it up (the rest).
type reply struct {
	now   *discordgo.InteractionResponse
	later func(ctx context.Context, send Sender) []message
	// undo is called when the work cannot be queued (it refunds the
	// rate-limit token the question took).
	undo func()
	// job, for a question, is recorded before the deferral is sent, so
	// that another replica answers it if this one dies.
	job *askJob
}

// immediate is a reply that is only a message.
func immediate(m message) reply { return reply{now: m.response()} }

// deferred is a reply that shows "thinking…" and finishes in later.
func deferred(ephemeral bool, later func(ctx context.Context, send Sender) []message) reply {
	return reply{now: deferral(ephemeral), later: later}
}

// ackWait bounds how long deferred work waits to hear that its immediate
// response was delivered before sending anyway.
const ackWait = 10 * time.Second

// Interact handles one interaction, in either mode. It returns the
// response to send at once and a function to call with the outcome of
// sending it (nil error: delivered). Work that completes the response
// (answering a question, reading the store) is queued on the worker pool
// before Interact returns and starts at once, but sends its edit and
// follow-ups through send only after delivered is called (or ackWait
// passes), so an edit never overtakes the response it edits.
//
// In gateway mode Run calls it for every INTERACTION_CREATE and posts the
// response to the callback route; in HTTP interactions mode the caller
// writes the response as the HTTP reply, then calls delivered.
func (b *Bot) Interact(ctx context.Context, i *discordgo.Interaction, send Sender) (resp *discordgo.InteractionResponse, delivered func(error)) {
	return b.interact(ctx, i, send, 0)
}

// interact is Interact, waiting up to inline (when positive) for work to
// finish: work done in time is the response itself (type 4), and only
// slower work is deferred. This is arikawa cmdroute's Deferrable pattern;
// it saves the deferral and the edit's round trips.
func (b *Bot) interact(ctx context.Context, i *discordgo.Interaction, send Sender, inline time.Duration) (resp *discordgo.InteractionResponse, delivered func(error)) {
	release := b.pool.hold()
	defer release()
	r := b.route(ctx, i, send)
	if r.later == nil {
		return r.now, func(error) {}
	}
	if r.job != nil {
		if err := b.recordJob(ctx, *r.job); err != nil {
			// Without its job the question could be lost: refuse it now
			// rather than acknowledge it.
			b.log.Error("question not recorded; refused", "interaction_id", i.ID, b.errAttr(err))
			if r.undo != nil {
				r.undo()
			}
			return text(busyText, true).response(), func(error) {}
		}
	}
	g := newGate()
	var h *handoff
	if inline > 0 {
		h = newHandoff()
	}
	start := b.opts.Now()
	err := b.pool.submit(func(ctx context.Context) { b.finish(ctx, i, send, r, g, h, start) })
	if err != nil {
		if r.undo != nil {
			r.undo()
		}
		if r.job != nil {
			b.finishJob(ctx, i.ID)
		}
		return b.refuse(i, err), func(error) {}
	}
	if msgs, ok := h.wait(ctx, inline); ok {
		resp := msgs[0].response()
		resp.Data.Flags = r.now.Data.Flags // as private as the deferral would have been
		return resp, g.open
	}
	return r.now, g.open
}

// refuse is the reply when work cannot be queued; it is logged, since the
// question goes unanswered.
func (b *Bot) refuse(i *discordgo.Interaction, err error) *discordgo.InteractionResponse {
	b.log.Warn("interaction refused", "interaction_id", i.ID, "reason", err.Error(), "queued", b.pool.queued())
	return text(refusalText(err), true).response()
}

// refusalText tells an asker why the queue turned their question away.
func refusalText(err error) string {
	if errors.Is(err, errDraining) {
		return drainingText
	}
	return busyText
}

// route picks the handler for an interaction; send reads what the
// interaction does not say (the channel a thread is in).
func (b *Bot) route(ctx context.Context, i *discordgo.Interaction, send Sender) reply {
	switch i.Type {
	case discordgo.InteractionPing:
		return reply{now: pong()}
	case discordgo.InteractionApplicationCommand:
		return b.command(ctx, i, i.ApplicationCommandData(), send)
	case discordgo.InteractionApplicationCommandAutocomplete:
		return reply{now: choices(b.autocomplete(i.ApplicationCommandData()))}
	case discordgo.InteractionMessageComponent:
		return b.button(ctx, i, i.MessageComponentData())
	}
	return immediate(text(unknownText, true))
}

// command routes a slash command by name.
func (b *Bot) command(ctx context.Context, i *discordgo.Interaction, d discordgo.ApplicationCommandInteractionData, send Sender) reply {
	switch d.Name {
	case cmdAsk:
		return b.ask(ctx, i, d, send)
	case cmdSources:
		return immediate(b.sources(d))
	case cmdStats, cmdFeedback, cmdReindex, cmdConfig, cmdForum, cmdGaps, cmdCurate:
		return b.moderate(ctx, i, d)
	}
	return immediate(text(unknownText, true))
}

// finish runs deferred work on a worker and delivers its messages: when
// the handler still waits for them (h), the first is the response and the
// rest follow up; otherwise the first edits the deferral. A question's job
// is then done, unless delivering was cut short (by shutdown, or by
// deliverTimeout): then another replica takes it over.
func (b *Bot) finish(ctx context.Context, i *discordgo.Interaction, send Sender, r reply, g *gate, h *handoff, start time.Time) {
	actx, cancel := context.WithTimeout(ctx, b.opts.AnswerTimeout)
	defer cancel()
	// Edits made while the answer is written wait for the response they
	// edit; such an answer outlasts the inline wait and is deferred.
	msgs := r.later(actx, gatedSender{Sender: send, gate: g})
	ctx, cancelDelivery := context.WithTimeout(ctx, deliverTimeout)
	defer cancelDelivery()
	from := 0
	if h.give(sending(msgs)) {
		from = 1
		if len(msgs) == 1 && r.job == nil {
			return
		}
	}
	outcome := refused
	switch err := g.wait(ctx); {
	case err != nil:
		b.log.Warn("response not delivered; dropping its follow-up", "interaction_id", i.ID, b.errAttr(err))
	case from == len(msgs):
		outcome = delivered // the response was the whole answer
	default:
		outcome = b.deliver(ctx, i, send, msgs, from)
	}
	if r.job != nil {
		b.settleJob(ctx, i.ID, outcome)
	}
}

// delivery is how delivering an answer ended.
type delivery int

const (
	delivered  delivery = iota // every part went out
	refused                    // Discord refused it for good: there is nothing more to try
	unfinished                 // cut short, or Discord failing for now: another try may deliver it
	taken                      // another replica took the question over: it delivers the answer
)

// settleJob finishes a question's job, or, when its delivery is
// unfinished, stops renewing it, so its lease runs out and a replica (this
// one too) takes it over and delivers it (see answeredAlready).
func (b *Bot) settleJob(ctx context.Context, id string, outcome delivery) {
	switch outcome {
	case unfinished:
		b.active.remove(id)
		b.log.Warn("answer not delivered; left for another try", "interaction_id", id)
	case taken:
		b.active.remove(id)
	default:
		b.finishJob(ctx, id)
	}
}

// deliverTimeout bounds delivering an answer. It starts when the answer is
// ready, so an answer that ran out of Options.AnswerTimeout can still say
// so.
const deliverTimeout = 15 * time.Second

// deliver edits the original response with the first message and follows
// up with the rest; from 1, the first was the response and only the rest
// are sent. While the rest are on their way the first carries a pending
// mark (see sending); the original is edited once more, without it, after
// the last follow-up. So an original without the mark shows an answer
// whose every part went out: a replica that takes over the job of an
// owner that died mid-delivery (see answeredAlready) sends it again
// rather than leave it cut short. If a follow-up fails, the first
// message says that part of the answer is missing. If Discord refuses the
// first edit for good, a short apology replaces it, so no one is left with
// "thinking…"; if it fails for now (5xx, 429, the network) even after
// tries, or the delivery is cut short, the delivery is unfinished.
func (b *Bot) deliver(ctx context.Context, i *discordgo.Interaction, send Sender, msgs []message, from int) delivery {
	if len(msgs) == 0 {
		return delivered
	}
	if b.active.lost(i.ID) { // this replica stalled past the lease: another answers, or it expired
		b.log.Warn("answer not delivered: the question is no longer this replica's (taken over, or past its deadline)", "interaction_id", i.ID)
		return taken
	}
	if from == 0 {
		if outcome := b.editFirst(ctx, i, send, sending(msgs)[0], len(msgs)); outcome != delivered {
			return outcome
		}
	}
	if len(msgs) == 1 {
		return delivered
	}
	last := msgs[0]
	for k := 1; k < len(msgs); k++ {
		if _, err := send.Followup(ctx, i, msgs[k].followup()); err != nil {
			b.log.Error("deliver reply", "interaction_id", i.ID, "part", k+1, "of", len(msgs), b.errAttr(err))
			if ctx.Err() != nil {
				return unfinished // cut short: the pending mark stays, and a takeover sends it all
			}
			last = last.withNote(partsLostID, partsLostText) // a later part must not arrive without this one
			break
		}
	}
	err := b.editOriginal(ctx, i, send, last, "finish reply", len(msgs))
	if ctx.Err() != nil {
		return unfinished
	}
	if err != nil && passing(err) {
		go b.finishLater(func(ctx context.Context) error {
			_, err := send.EditOriginal(ctx, i, last.edit())
			return err
		}, "interaction_id", i.ID, "parts", len(msgs))
	}
	return delivered
}

// finishDelays are the waits before the last edit of an answer in several
// parts is tried again, in the background, when Discord kept failing it
// for now: every part is out, only the original's pending mark is stale.
var finishDelays = []time.Duration{10 * time.Second, time.Minute}

// finishLater makes the last edit of an answer in several parts (edit)
// again, after each of finishDelays, until Discord takes it or refuses
// it, or the bot stops; about says which answer, in the log.
func (b *Bot) finishLater(edit func(ctx context.Context) error, about ...any) {
	for _, d := range finishDelays {
		select {
		case <-b.pool.ctx.Done():
			return
		case <-b.opts.After(d):
		}
		ctx, cancel := context.WithTimeout(b.pool.ctx, deliverTimeout)
		err := edit(ctx)
		cancel()
		if err == nil {
			b.log.Info("finished reply later", about...)
			return
		}
		b.log.Warn("finish reply later", append(about, b.errAttr(err))...)
		if !passing(err) {
			return
		}
	}
	b.log.Error("reply left marked as still being sent; Discord kept failing its last edit", about...)
}

// editTries bounds editOriginal.
const editTries = 3

// editOriginal edits the original response with m, the first of n
// messages, trying again (the edit can be made again safely) while the
// failure is one that may pass: a 5xx, a 429 or the network. It returns
// the last error.
func (b *Bot) editOriginal(ctx context.Context, i *discordgo.Interaction, send Sender, m message, what string, n int) error {
	return retrying(ctx, editTries, 250*time.Millisecond, time.Second, func(try int) error {
		_, err := send.EditOriginal(ctx, i, m.edit())
		if err != nil {
			b.log.Error(what, "interaction_id", i.ID, "parts", n, "try", try, b.errAttr(err))
		}
		return err
	}, passing)
}

// passing reports whether a failed call to Discord may succeed if made
// again: a server error, a rate limit or the network, not a refusal.
func passing(err error) bool {
	status := restStatus(err)
	return !errors.Is(err, ErrUnauthorized) && (status == 0 || status == http.StatusTooManyRequests || status >= 500)
}

// editFirst edits the original response with m, the first of n messages.
// If Discord refuses it for good, a short apology replaces it.
func (b *Bot) editFirst(ctx context.Context, i *discordgo.Interaction, send Sender, m message, n int) delivery {
	err := b.editOriginal(ctx, i, send, m, "deliver reply", n)
	switch {
	case err == nil:
		return delivered
	case ctx.Err() != nil || passing(err):
		return unfinished
	}
	if restStatus(err) == http.StatusBadRequest {
		if _, err := send.EditOriginal(ctx, i, text(renderFailText, false).edit()); err != nil {
			b.log.Error("deliver apology", "interaction_id", i.ID, b.errAttr(err))
		}
	}
	return refused
}

// sending returns msgs as shown while their later parts are sent: the
// first marked pending when there are later parts. msgs is not changed.
func sending(msgs []message) []message {
	if len(msgs) < 2 {
		return msgs
	}
	out := slices.Clone(msgs)
	out[0] = out[0].withNote(pendingID, sendingText)
	return out
}

// handoff passes work's messages to a handler still waiting to respond,
// or tells the work that the handler deferred instead. Its methods do
// nothing on a nil *handoff: the handler does not wait.
type handoff struct {
	mu       sync.Mutex
	msgs     []message
	given    bool // msgs are the response
	deferred bool // the handler stopped waiting
	ready    chan struct{}
}

func newHandoff() *handoff { return &handoff{ready: make(chan struct{})} }

// give offers msgs as the response and reports whether the handler took
// them; false once it deferred.
func (h *handoff) give(msgs []message) bool {
	if h == nil || len(msgs) == 0 {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.deferred {
		return false
	}
	h.msgs, h.given = msgs, true
	close(h.ready)
	return true
}

// wait returns the messages given within d, or reports that the handler
// defers (after d, or when ctx ends); the work then edits the deferral.
func (h *handoff) wait(ctx context.Context, d time.Duration) ([]message, bool) {
	if h == nil {
		return nil, false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-h.ready:
	case <-t.C:
	case <-ctx.Done():
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.given {
		return h.msgs, true
	}
	h.deferred = true
	return nil, false
}

// gate tells deferred work that its immediate response was delivered.
type gate struct {
	once sync.Once
	ch   chan struct{}
	err  error
}

func newGate() *gate { return &gate{ch: make(chan struct{})} }

// open records the outcome of delivering the response.
func (g *gate) open(err error) {
	g.once.Do(func() {
		g.err = err
		close(g.ch)
	})
}

// wait returns the delivery error, ctx's error, or nil after ackWait.
func (g *gate) wait(ctx context.Context) error {
	t := time.NewTimer(ackWait)
	defer t.Stop()
	select {
	case <-g.ch:
		return g.err
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
