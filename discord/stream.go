package discord

import (
	"context"
	"sync"

	"github.com/partnerbot/partnerbot"

	"github.com/bwmarrin/discordgo"
)

// progress shows an answer while the model writes it: show takes each
// longer verified answer (from the engine's goroutine, without blocking
// it), and an editor goroutine edits the deferred response with the latest
// one, at most once every Options.EditInterval, so a fast model does not
// spend the interaction's edit budget; discordgo waits out any 429 that
// still comes. stop ends the editing and returns once no edit is in
// flight, so the final answer's edit always comes last. The first edit
// waits, like every edit, until the deferral is delivered (see finish).
// Without Options.Stream there is nothing to show: show is nil.
func (b *Bot) progress(ctx context.Context, i *discordgo.Interaction, send Sender) (show func(partnerbot.Answer), stop func()) {
	if b.opts.Stream == nil {
		return nil, func() {}
	}
	var (
		mu      sync.Mutex
		pending *partnerbot.Answer
		wake    = make(chan struct{}, 1)
		quit    = make(chan struct{})
		done    = make(chan struct{})
	)
	go func() {
		defer close(done)
		for edits := 0; ; edits++ {
			select {
			case <-wake:
			case <-quit:
				return
			}
			mu.Lock()
			a := pending
			pending = nil
			mu.Unlock()
			if a == nil {
				continue // a wake for an answer an earlier edit already took
			}
			if b.active.lost(i.ID) {
				return // another replica took the question over and answers it
			}
			msgs := b.sanitizer().renderAnswer(*a, answerView{writing: true})
			if len(msgs) == 0 {
				continue
			}
			if _, err := send.EditOriginal(ctx, i, msgs[0].edit()); err != nil {
				b.log.Warn("show the answer so far", "interaction_id", i.ID, "edit", edits+1, b.errAttr(err))
				return // the final edit still comes, and reports its own failure
			}
			if !b.pause(quit) {
				return
			}
		}
	}()
	show = func(a partnerbot.Answer) {
		mu.Lock()
		pending = &a
		mu.Unlock()
		select {
		case wake <- struct{}{}:
		default: // an edit is already due; it will take the latest
		}
	}
	stop = func() {
		close(quit)
		<-done
	}
	return show, stop
}

// pause waits Options.EditInterval between two edits; false means quit
// came first.
func (b *Bot) pause(quit <-chan struct{}) bool {
	select {
	case <-b.opts.After(b.opts.EditInterval):
		return true
	case <-quit:
		return false
	}
}

// gatedSender holds every edit of the original response until the response
// it edits has been delivered (or ackWait passed): an answer shown while it
// is written must not overtake the deferral.
type gatedSender struct {
	Sender
	gate *gate
}

// EditOriginal edits the original response once it is delivered.
func (s gatedSender) EditOriginal(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) (*discordgo.Message, error) {
	if err := s.gate.wait(ctx); err != nil {
		return nil, err
	}
	return s.Sender.EditOriginal(ctx, i, e)
}
