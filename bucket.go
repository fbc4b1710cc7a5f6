package partnerbot

import (
	"math"
	"time"
)

// Bucket is one key's token bucket for a rate limit of perMinute
// questions a minute: it holds up to perMinute tokens, refills at
// perMinute a minute, and each question takes one. The zero Bucket is
// full. The adapters' in-process limiter and the stores' shared one both
// do their arithmetic here.
type Bucket struct {
	Tokens float64
	Last   time.Time // when Tokens was counted; zero for a new bucket
}

// Take refills b up to now and spends a token. When none is left it
// reports false and how long until one is; the bucket is returned either
// way, refilled. perMinute may differ from call to call (a guild's
// setting changed): the bucket keeps its tokens, capped at the new size.
func (b Bucket) Take(now time.Time, perMinute int) (next Bucket, ok bool, wait time.Duration) {
	b = b.refill(now, perMinute)
	if b.Tokens >= 1 {
		b.Tokens--
		return b, true, 0
	}
	perSecond := float64(perMinute) / 60
	return b, false, time.Duration((1 - b.Tokens) / perSecond * float64(time.Second))
}

// Refund gives back the token a refused question took.
func (b Bucket) Refund(perMinute int) Bucket {
	b.Tokens = math.Min(b.Tokens+1, float64(perMinute))
	return b
}

// Full reports whether b has refilled completely by now, so forgetting it
// changes nothing (a new bucket starts full).
func (b Bucket) Full(now time.Time, perMinute int) bool {
	return b.refill(now, perMinute).Tokens >= float64(perMinute)
}

// IdleFull is how long after its last use any bucket is full again,
// whatever its rate: it refills its whole size each minute.
const IdleFull = time.Minute

func (b Bucket) refill(now time.Time, perMinute int) Bucket {
	size := float64(perMinute)
	if b.Last.IsZero() {
		return Bucket{Tokens: size, Last: now}
	}
	if elapsed := now.Sub(b.Last); elapsed > 0 {
		b.Tokens += elapsed.Minutes() * size
		b.Last = now
	}
	b.Tokens = math.Min(b.Tokens, size)
	return b
}
