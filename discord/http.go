package discord

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// maxInteractionBody bounds the body of an interaction request.
const maxInteractionBody = 1 << 20

// maxClockSkew is how far a request's timestamp may be from now: older
// signed requests are replays.
const maxClockSkew = 5 * time.Minute

// Errors of request verification, each answered 401.
var (
	ErrNoSignature  = errors.New("missing X-Signature-Ed25519 or X-Signature-Timestamp")
	ErrBadSignature = errors.New("invalid request signature")
	ErrStale        = errors.New("request timestamp too far from now")
	ErrReplayed     = errors.New("interaction already received")
)

// InteractionsHandler serves Discord's Interactions Endpoint URL: it
// verifies each request's Ed25519 signature over the timestamp and body
// (401 for a missing header, bad hex, a wrong signature, an altered body,
// a timestamp more than five minutes from now, and an interaction ID
// already served while its request could still be fresh: a replay),
// answers PING with PONG, and passes every other interaction to Interact,
// the handlers the gateway uses too. The immediate response is the HTTP
// reply: work ready within Options.InlineWait (an answer, a vote) is
// that reply itself, and slower work is deferred (type 5) and sent later
// through send, which needs only the interaction token.
func (b *Bot) InteractionsHandler(publicKey ed25519.PublicKey, send Sender) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log := b.log.With("request_id", requestID(r))
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		body, err := verify(r, publicKey, b.opts.Now())
		if err != nil {
			log.Warn("interaction refused", "error", err.Error(), "remote", r.RemoteAddr)
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		var i discordgo.Interaction
		if err := json.Unmarshal(body, &i); err != nil {
			log.Warn("interaction not understood", "error", err.Error())
			http.Error(w, "bad interaction", http.StatusBadRequest)
			return
		}
		log = log.With("interaction_id", i.ID)
		if !b.claim(r.Context(), "interaction:"+i.ID) {
			log.Warn("interaction refused", "error", ErrReplayed.Error(), "remote", r.RemoteAddr)
			http.Error(w, "interaction already received", http.StatusUnauthorized)
			return
		}
		if i.Type == discordgo.InteractionPing {
			writeResponse(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
			return
		}
		resp, delivered := b.interact(r.Context(), &i, send, b.opts.InlineWait)
		if err := writeResponse(w, resp); err != nil {
			log.Warn("interaction response not written", "error", err.Error())
			delivered(err)
			return
		}
		log.Debug("interaction answered", "type", i.Type.String(), "response", int(resp.Type))
		delivered(nil)
	})
}

// verify checks the request's signature and age and returns its body.
func verify(r *http.Request, publicKey ed25519.PublicKey, now time.Time) ([]byte, error) {
	sigHex, ts := r.Header.Get("X-Signature-Ed25519"), r.Header.Get("X-Signature-Timestamp")
	if sigHex == "" || ts == "" {
		return nil, ErrNoSignature
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, fmt.Errorf("%w: signature is not %d bytes of hex", ErrBadSignature, ed25519.SignatureSize)
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: timestamp %q is not Unix seconds", ErrStale, ts)
	}
	if d := now.Sub(time.Unix(secs, 0)); d > maxClockSkew || d < -maxClockSkew {
		return nil, fmt.Errorf("%w: %s", ErrStale, d.Round(time.Second))
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxInteractionBody+1))
	if err != nil || len(body) > maxInteractionBody {
		return nil, fmt.Errorf("%w: body unreadable or too large", ErrBadSignature)
	}
	if len(publicKey) != ed25519.PublicKeySize || !ed25519.Verify(publicKey, append([]byte(ts), body...), sig) {
		return nil, ErrBadSignature
	}
	return body, nil
}

// Claims remembers the interactions and messages handled, so that each is
// handled once: a replayed request, or one delivered to two replicas, is
// refused. The stores implement it with a unique insert shared by every
// replica; without one the Bot remembers in memory.
type Claims interface {
	// Claim records key, remembered until until, and reports whether it
	// is new. A key whose time has passed may be claimed again.
	Claim(ctx context.Context, key string, now, until time.Time) (bool, error)
}

// claimFor is how long a claim is kept: twice maxClockSkew outlives every
// request signed with an interaction's ID, since a request is fresh for
// maxClockSkew either side of its timestamp.
const claimFor = 2 * maxClockSkew

// claim reports whether key is new. When the claims cannot be reached the
// work goes ahead (answering twice beats not answering) and the operator
// is told.
func (b *Bot) claim(ctx context.Context, key string) bool {
	return b.claimFor(ctx, key, claimFor)
}

// claimFor is claim, remembering key for d.
func (b *Bot) claimFor(ctx context.Context, key string, d time.Duration) bool {
	now := b.opts.Now()
	ok, err := b.opts.Claims.Claim(ctx, key, now, now.Add(d))
	if err != nil {
		b.log.Error("de-duplication unavailable; handling anyway", "key", key, b.errAttr(err))
		return true
	}
	return ok
}

// maxSeenIDs bounds how many keys the in-memory Claims remembers; past it
// the oldest are forgotten early.
const maxSeenIDs = 100_000

// seenIDs is the in-memory Claims. It is safe for concurrent use.
type seenIDs struct {
	max   int
	mu    sync.Mutex
	until map[string]time.Time // key → when it may be forgotten
	order []string             // keys, oldest first
}

// newSeenIDs remembers at most max keys.
func newSeenIDs(max int) *seenIDs {
	return &seenIDs{max: max, until: map[string]time.Time{}}
}

// Claim records key and reports whether it is new. Expired keys are
// forgotten first, then the oldest while there are too many.
func (s *seenIDs) Claim(_ context.Context, key string, now, until time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.order) > 0 && !now.Before(s.until[s.order[0]]) {
		s.forgetOldest()
	}
	if _, dup := s.until[key]; dup {
		return false, nil
	}
	for len(s.order) >= s.max {
		s.forgetOldest()
	}
	s.until[key] = until
	s.order = append(s.order, key)
	return true, nil
}

// forgetOldest drops the oldest key; s.mu must be held.
func (s *seenIDs) forgetOldest() {
	delete(s.until, s.order[0])
	s.order = s.order[1:]
}

// writeResponse writes an interaction response as JSON and flushes it, so
// Discord has the acknowledgement before any follow-up is sent.
func writeResponse(w http.ResponseWriter, resp *discordgo.InteractionResponse) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	if err := json.NewEncoder(w).Encode(resp); err != nil {
		return err
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	return nil
}

// requestID is the caller's X-Request-Id, or a fresh one.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); id != "" && len(id) <= 64 {
		return id
	}
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ParsePublicKey decodes the application's hex public key.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("public key must be %d bytes of hex", ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(b), nil
}
