package discord

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Leases grants named leases, so that exactly one replica holds the
// gateway. The stores implement it, shared between replicas.
type Leases interface {
	// TryLease gives holder the lease called name until until when it is
	// free, ran out by now, or is holder's already, and returns who holds
	// it afterwards.
	TryLease(ctx context.Context, name, holder string, now, until time.Time) (string, error)
	// ReleaseLease gives the lease up, if holder holds it.
	ReleaseLease(ctx context.Context, name, holder string) error
}

// gatewayLease names the lease on the gateway connection.
const gatewayLease = "gateway"

// RunLeased serves the gateway like Run, but only while this replica
// holds the gateway lease: it waits for the lease (trying each third of
// Options.Lease), opens a session from newSession, renews the lease as
// often, and closes the session as soon as a renewal is overdue, before
// the lease can run out and pass to another replica. When the holder dies,
// its lease runs out and a waiting replica opens the gateway within about
// Options.Lease. When ctx ends it gives the lease up, drains the answers in
// flight and returns like Run.
func (b *Bot) RunLeased(ctx context.Context, leases Leases, newSession func() (*discordgo.Session, error)) error {
	if !b.running.CompareAndSwap(false, true) {
		return errors.New("run: bot already running")
	}
	every := b.opts.Lease / 3
	for ctx.Err() == nil && !b.dead.Load() {
		if !b.acquire(ctx, leases, every) {
			break
		}
		err := b.hold(ctx, leases, every, newSession)
		if errors.Is(err, ErrUnauthorized) {
			break
		}
		if err != nil {
			b.log.Error("gateway", b.errAttr(err))
			sleep(ctx, every)
		}
	}
	return b.drainAfterRun()
}

// acquire waits until this replica holds the gateway lease; it reports
// false when ctx ends first.
func (b *Bot) acquire(ctx context.Context, leases Leases, every time.Duration) bool {
	logged := ""
	for {
		now := b.opts.Now()
		tctx, cancel := context.WithTimeout(ctx, every)
		holder, err := leases.TryLease(tctx, gatewayLease, b.opts.Replica, now, now.Add(b.opts.Lease))
		cancel()
		switch {
		case err != nil && ctx.Err() == nil:
			b.log.Error("gateway lease", b.errAttr(err))
		case holder == b.opts.Replica:
			return true
		case holder != logged:
			b.log.Info("gateway held by another replica", "holder", holder)
			logged = holder
		}
		if !sleep(ctx, every) {
			return false
		}
	}
}

// hold serves one gateway session while the lease lasts.
func (b *Bot) hold(ctx context.Context, leases Leases, every time.Duration, newSession func() (*discordgo.Session, error)) error {
	gctx, lose := context.WithCancel(ctx)
	defer lose()
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		b.renew(gctx, leases, every, lose)
	}()
	defer func() {
		lose()
		<-renewed
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), every)
		defer cancel()
		if err := leases.ReleaseLease(rctx, gatewayLease, b.opts.Replica); err != nil {
			b.log.Warn("release gateway lease", b.errAttr(err))
		}
		b.opts.Hooks.gatewayHeld(false)
		b.log.Info("gateway given up")
	}()
	b.opts.Hooks.gatewayHeld(true)
	b.log.Info("gateway lease taken")
	s, err := newSession()
	if err != nil {
		return err
	}
	remove, err := b.connect(gctx, s)
	if err != nil || remove == nil {
		return err
	}
	defer remove()
	b.wait(gctx)
	if err := s.Close(); err != nil {
		b.log.Warn("close discord session", b.errAttr(err))
	}
	if b.dead.Load() {
		return fmt.Errorf("run: %w", ErrUnauthorized)
	}
	return nil
}

// renew renews the gateway lease every interval, and calls lose when the
// lease passed to another replica or a renewal is overdue: two thirds of
// the lease gone without one. A renewal that hangs (a database that stopped
// answering, a full pool) is given up when it would be overdue, so the
// gateway closes before the lease can pass to another replica.
func (b *Bot) renew(ctx context.Context, leases Leases, every time.Duration, lose func()) {
	last := b.opts.Now()
	for sleep(ctx, every) {
		now := b.opts.Now()
		left := 2*every - now.Sub(last)
		if left <= 0 {
			b.log.Error("gateway lease overdue; closing the gateway")
			lose()
			return
		}
		tctx, cancel := context.WithTimeout(ctx, left)
		holder, err := leases.TryLease(tctx, gatewayLease, b.opts.Replica, now, now.Add(b.opts.Lease))
		cancel()
		switch {
		case err == nil && holder == b.opts.Replica:
			last = now
			continue
		case err == nil:
			b.log.Error("gateway lease lost", "holder", holder)
			lose()
			return
		case ctx.Err() != nil:
			return
		}
		b.log.Error("renew gateway lease", b.errAttr(err))
		if b.opts.Now().Sub(last) >= 2*every {
			b.log.Error("gateway lease overdue; closing the gateway")
			lose()
			return
		}
	}
}

// sleep waits d, or until ctx ends; it reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
