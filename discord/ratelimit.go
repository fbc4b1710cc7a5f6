package discord

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/partnerbot/partnerbot"
)

// Limiter keeps the per-user rate limits: a token bucket per key (guild and
// user) of perMinute tokens. The stores implement it in the database, so a
// limit holds whichever replica a question reaches; without one the Bot
// keeps the buckets in memory.
type Limiter interface {
	// TakeToken spends one of key's tokens; when none is left it reports
	// false and how long until one is.
	TakeToken(ctx context.Context, key string, perMinute int, now time.Time) (ok bool, wait time.Duration, err error)
	// RefundToken gives back the token a question took when it could not
	// be queued.
	RefundToken(ctx context.Context, key string, perMinute int) error
}

// limiter is the in-memory Limiter.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]partnerbot.Bucket
}

// maxBuckets is how many buckets are kept before full ones are forgotten.
const maxBuckets = 10000

func newLimiter() *limiter {
	return &limiter{buckets: map[string]partnerbot.Bucket{}}
}

// TakeToken spends one of key's tokens.
func (l *limiter) TakeToken(_ context.Context, key string, perMinute int, now time.Time) (bool, time.Duration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, known := l.buckets[key]
	if !known && len(l.buckets) >= maxBuckets {
		l.forgetFull(perMinute, now)
	}
	b, ok, wait := b.Take(now, perMinute)
	l.buckets[key] = b
	return ok, wait, nil
}

// RefundToken gives key back a token.
func (l *limiter) RefundToken(_ context.Context, key string, perMinute int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.buckets[key]; ok {
		l.buckets[key] = b.Refund(perMinute)
	}
	return nil
}

// forgetFull drops buckets that have refilled; l.mu must be held.
func (l *limiter) forgetFull(perMinute int, now time.Time) {
	for k, b := range l.buckets {
		if b.Full(now, perMinute) {
			delete(l.buckets, k)
		}
	}
}

// waitSeconds is wait rounded up to whole seconds, at least one.
func waitSeconds(wait time.Duration) int {
	return max(1, int(math.Ceil(wait.Seconds())))
}

// perMinute returns guild's rate: its setting, read from the store on
// every question (so a change through any replica holds at once), else
// the default.
func (b *Bot) perMinute(ctx context.Context, guildID string) int {
	def := b.opts.RatePerMinute
	if guildID == "" || b.opts.Store == nil {
		return def
	}
	n, set, err := b.opts.Store.RatePerMinute(ctx, guildID)
	if err != nil {
		b.log.Warn("read rate limit setting", "guild_id", guildID, b.errAttr(err))
		return def
	}
	if !set || n <= 0 {
		return def
	}
	return n
}

// allow takes a token for the user in guild; when refused it calls the
// hook and returns the friendly message. When the limiter cannot be
// reached the question is let through, and the operator told.
func (b *Bot) allow(ctx context.Context, guildID, userID string) (undo func(), refusal string) {
	key := guildID + "/" + userID
	n := b.perMinute(ctx, guildID)
	ok, wait, err := b.limiter.TakeToken(ctx, key, n, b.opts.Now())
	if err != nil {
		b.log.Error("rate limit unavailable; question let through", "guild_id", guildID, b.errAttr(err))
		return func() {}, ""
	}
	if !ok {
		b.opts.Hooks.rateLimited()
		return nil, rateLimitedText(wait)
	}
	return func() {
		ctx, cancel := settle(ctx)
		defer cancel()
		if err := b.limiter.RefundToken(ctx, key, n); err != nil {
			b.log.Warn("refund rate limit token", "guild_id", guildID, b.errAttr(err))
		}
	}, ""
}
