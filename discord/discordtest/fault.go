package discordtest

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"time"
)

// Fault is a canned REST reply injected with FailNext.
type Fault struct {
	Status int
	Body   string
	Header http.Header
}

// queuedFault is a one-shot fault waiting for a matching request.
type queuedFault struct {
	method, pattern string
	fault           Fault
}

// FailNext makes the next request matching method ("" or "*" for any) and
// pathPattern (see RequestsTo) get f instead of its normal reply. Faults are
// one-shot and consumed in the order they were queued; the faulted request
// is still recorded.
func (s *Server) FailNext(method, pathPattern string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, queuedFault{method: method, pattern: pathPattern, fault: f})
}

// takeFault removes and returns the first fault matching r.
func (s *Server) takeFault(r Request) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, q := range s.faults {
		if requestMatches(r.Method, r.Path, q.method, q.pattern) {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			return q.fault, true
		}
	}
	return Fault{}, false
}

// write sends the fault as the HTTP reply.
func (f Fault) write(w http.ResponseWriter) {
	for k, vs := range f.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if f.Body != "" && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(f.Body))
}

// RateLimited is a 429 as Discord sends it: a JSON body with retry_after in
// seconds (a float) and global, a Retry-After header in whole seconds, and
// X-RateLimit-* headers (per-route: Limit, Remaining 0, Reset, Reset-After,
// Bucket, Scope "user"; global: Global and Scope "global").
func RateLimited(retryAfter time.Duration, global bool) Fault {
	secs := retryAfter.Seconds()
	body, _ := json.Marshal(map[string]any{
		"message":     "You are being rate limited.",
		"retry_after": secs,
		"global":      global,
	})
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
	if global {
		h.Set("X-RateLimit-Global", "true")
		h.Set("X-RateLimit-Scope", "global")
	} else {
		reset := float64(time.Now().Add(retryAfter).UnixMilli()) / 1000
		h.Set("X-RateLimit-Limit", "5")
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", strconv.FormatFloat(reset, 'f', 3, 64))
		h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(secs, 'f', 3, 64))
		h.Set("X-RateLimit-Bucket", "fake-bucket")
		h.Set("X-RateLimit-Scope", "user")
	}
	return Fault{Status: http.StatusTooManyRequests, Body: string(body), Header: h}
}

// Unauthorized is Discord's 401 for a missing or bad token.
func Unauthorized() Fault {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	return Fault{Status: http.StatusUnauthorized, Body: `{"message": "401: Unauthorized", "code": 0}`, Header: h}
}

// ServerError is a Discord 5xx (e.g. 502, which discordgo retries up to
// MaxRestRetries times, or 500, which it does not).
func ServerError(status int) Fault {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	body, _ := json.Marshal(map[string]any{"message": strconv.Itoa(status) + ": " + http.StatusText(status), "code": 0})
	return Fault{Status: status, Body: string(body), Header: h}
}
