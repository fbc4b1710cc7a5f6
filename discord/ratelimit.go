package discord

import (
	"context"
	"math"
	"sync"
	"time"
)

// limiter is a token bucket per key (guild and user): a bucket holds up to
// perMinute tokens, refills at perMinute a minute, and each question takes
// one. perMinute may differ from call to call (a guild's setting changed);
// the bucket keeps its tokens, capped at the new size.
type limiter struct {
	now func() time.Time

	mu      sync.Mutex
	buckets map[string]*tokenBucket
}

// tokenBucket is one key's tokens as of last.
type tokenBucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets is how many buckets are kept before full ones are forgotten.
const maxBuckets = 10000

// newLimiter returns a limiter on clock now.
func newLimiter(now func() time.Time) *limiter {
	return &limiter{now: now, buckets: map[string]*tokenBucket{}}
}

// take spends one of key's tokens. When none is left it reports false and
// how long until one is.
func (l *limiter) take(key string, perMinute int) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.refill(key, perMinute, now)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	perSecond := float64(perMinute) / 60
	return false, time.Duration((1 - b.tokens) / perSecond * float64(time.Second))
}

// refund gives key back the token a refused question took.
func (l *limiter) refund(key string, perMinute int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.buckets[key]; ok {
		b.tokens = math.Min(b.tokens+1, float64(perMinute))
	}
}

// refill brings key's bucket up to now; l.mu must be held.
func (l *limiter) refill(key string, perMinute int, now time.Time) *tokenBucket {
	size := float64(perMinute)
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			l.forgetFull(perMinute, now)
		}
		b = &tokenBucket{tokens: size, last: now}
		l.buckets[key] = b
		return b
	}
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens += elapsed.Minutes() * size
		b.last = now
	}
	b.tokens = math.Min(b.tokens, size)
	return b
}

// forgetFull drops buckets that have refilled (a new bucket starts full,
// so forgetting them changes nothing); l.mu must be held.
func (l *limiter) forgetFull(perMinute int, now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Minutes()*float64(perMinute) >= float64(perMinute) {
			delete(l.buckets, k)
		}
	}
}

// waitSeconds is wait rounded up to whole seconds, at least one.
func waitSeconds(wait time.Duration) int {
	return max(1, int(math.Ceil(wait.Seconds())))
}

// rates caches each guild's rate limit setting.
type rates struct {
	mu sync.Mutex
	m  map[string]int // guild → per minute; 0 means the default
}

// perMinute returns guild's rate: its setting, read once from the store,
// else def.
func (b *Bot) perMinute(ctx context.Context, guildID string) int {
	def := b.opts.RatePerMinute
	if guildID == "" || b.opts.Store == nil {
		return def
	}
	b.rates.mu.Lock()
	n, ok := b.rates.m[guildID]
	b.rates.mu.Unlock()
	if !ok {
		v, set, err := b.opts.Store.RatePerMinute(ctx, guildID)
		if err != nil {
			b.log.Warn("read rate limit setting", "guild_id", guildID, "err", err)
			return def
		}
		if set {
			n = v
		}
		b.rates.mu.Lock()
		b.rates.m[guildID] = n
		b.rates.mu.Unlock()
	}
	if n <= 0 {
		return def
	}
	return n
}

// setPerMinute updates the cached rate after /config ratelimit.
func (b *Bot) setPerMinute(guildID string, n int) {
	b.rates.mu.Lock()
	defer b.rates.mu.Unlock()
	b.rates.m[guildID] = n
}

// allow takes a token for the user in guild; when refused it calls the
// hook and returns the friendly message.
func (b *Bot) allow(ctx context.Context, guildID, userID string) (undo func(), refusal string) {
	key := guildID + "/" + userID
	n := b.perMinute(ctx, guildID)
	ok, wait := b.limiter.take(key, n)
	if !ok {
		b.opts.Hooks.rateLimited()
		return nil, rateLimitedText(wait)
	}
	return func() { b.limiter.refund(key, n) }, ""
}
