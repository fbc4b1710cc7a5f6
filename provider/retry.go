package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Backoff bounds.
const (
	baseDelay     = 500 * time.Millisecond
	maxDelay      = 8 * time.Second
	maxRetryAfter = 30 * time.Second
	maxErrorBody  = 1 << 20 // bytes of an error reply kept for go-openai
	// maxReplyBody bounds any other reply: a reply of 16,384 tokens,
	// streamed, or 64 embeddings of 3,072 dimensions take a few MiB.
	maxReplyBody = 16 << 20
)

// retryTransport is the http.RoundTripper under go-openai. It bounds each
// attempt by timeout and retries transient failures:
//
//   - statuses 408, 429 (unless the error is insufficient_quota) and 5xx
//     but 501 and 505, which another try would not change;
//   - attempts that time out, and connections reset, aborted or closed
//     before the reply; but a chat completion that timed out is not sent
//     again: the model may still be writing (and billing) the first, and a
//     second would likely time out too.
//
// Other statuses (400, 401, 403, 404, ...) and other transport errors
// (refused connections, DNS, TLS) are returned at once. Before retry n
// (0-based) it waits for the server's Retry-After-Ms or Retry-After when
// given (capped at 30s), otherwise a full-jitter delay drawn from
// [0, min(8s, 500ms×2ⁿ)). It stops when the request's context is done, when
// the wait would outlast its deadline, or after maxRetries retries, and
// then returns the last reply or error.
type retryTransport struct {
	base       http.RoundTripper
	timeout    time.Duration
	maxRetries int
	backoff    backoff
	sleep      func(context.Context, time.Duration) error
	log        *slog.Logger
	redact     redactor
}

// RoundTrip sends req, retrying as the policy allows.
func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	for n := 0; ; n++ {
		resp, err := t.attempt(req, n)
		reason, retry := retryable(ctx, resp, err)
		if !retry || n >= t.maxRetries || !replayable(req) || slowChat(req, err) {
			return resp, err
		}
		delay := t.backoff.delay(n, resp)
		if !fits(ctx, delay) {
			t.log.DebugContext(ctx, "openai: not retrying, the wait would outlast the deadline",
				"path", req.URL.Path, "reason", t.redact.String(reason), "delay", delay)
			return resp, err
		}
		t.log.DebugContext(ctx, "openai: retrying", "path", req.URL.Path, "retry", n+1,
			"status", status(resp), "reason", t.redact.String(reason), "delay", delay)
		if err := t.sleep(ctx, delay); err != nil {
			return nil, err
		}
	}
}

// attempt sends req once under its own timeout. Error replies are read
// whole before it returns; other replies are returned with a body that
// ends the attempt's context when closed. The timeout bounds the wait for
// the reply, then each wait between pieces of its body: a stream still
// delivering tokens is not cut (the call's own deadline bounds it whole).
func (t *retryTransport) attempt(req *http.Request, n int) (*http.Response, error) {
	ctx, cancelCause := context.WithCancelCause(req.Context())
	idle := time.AfterFunc(t.timeout, func() { cancelCause(&attemptTimeout{t.timeout}) })
	cancel := func() { idle.Stop(); cancelCause(nil) }
	r := req.Clone(ctx)
	if n > 0 && req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			cancel()
			return nil, err
		}
		r.Body = body
	}
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		defer cancel()
		return nil, timeoutCause(ctx, err)
	}
	if resp.StatusCode < http.StatusBadRequest {
		resp.Body = &attemptBody{ReadCloser: resp.Body, ctx: ctx, cancel: cancel, idle: idle, timeout: t.timeout, left: maxReplyBody}
		return resp, nil
	}
	defer cancel()
	if err := bufferBody(resp); err != nil {
		return nil, timeoutCause(ctx, err)
	}
	return resp, nil
}

// retryable says whether an attempt's outcome is worth another try, and why.
func retryable(ctx context.Context, resp *http.Response, err error) (string, bool) {
	if ctx.Err() != nil {
		return "", false
	}
	if err != nil {
		return err.Error(), transient(err)
	}
	switch code := resp.StatusCode; {
	case code == http.StatusRequestTimeout:
		return resp.Status, true
	case code == http.StatusTooManyRequests:
		return resp.Status, !quotaReply(resp)
	case code >= 500 && code != http.StatusNotImplemented && code != http.StatusHTTPVersionNotSupported:
		return resp.Status, true // including a proxy's 520–524 and "overloaded" 529
	}
	return resp.Status, false
}

// transient reports network failures worth retrying: timeouts, and
// connections reset, aborted or closed before the reply.
func transient(err error) bool {
	var ne net.Error
	var at *attemptTimeout
	switch {
	case errors.As(err, &at), errors.As(err, &ne) && ne.Timeout():
		return true
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE):
		return true
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	}
	return false
}

// quotaReply reports a 429 that is OpenAI's insufficient_quota, which no
// wait will cure. The body stays readable.
func quotaReply(resp *http.Response) bool {
	b, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	var env struct {
		Error struct {
			Code any    `json:"code"`
			Type string `json:"type"`
		} `json:"error"`
	}
	if json.Unmarshal(b, &env) != nil {
		return false
	}
	return isQuota(codeString(env.Error.Code), env.Error.Type)
}

func isQuota(code, typ string) bool {
	return code == "insufficient_quota" || typ == "insufficient_quota"
}

// replayable reports whether req's body can be sent again.
func replayable(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

// fits reports whether waiting d leaves time for another attempt, before
// ctx's deadline and before the bound a stream's start is held to (see
// withStartBound).
func fits(ctx context.Context, d time.Duration) bool {
	if t, ok := ctx.Deadline(); ok && time.Until(t) <= d {
		return false
	}
	t, ok := ctx.Value(startBoundKey{}).(time.Time)
	return !ok || time.Until(t) > d
}

// startBoundKey holds, in a request's context, when a stream must have
// started: a bound on its retries that, unlike a deadline, does not end
// the stream once it has started.
type startBoundKey struct{}

// withStartBound bounds the retries of ctx's requests at t.
func withStartBound(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, startBoundKey{}, t)
}

func status(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

// bufferBody reads an error reply whole (up to maxErrorBody) so the
// attempt's context can end and the connection be reused.
func bufferBody(resp *http.Response) error {
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	if err != nil {
		return err
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return nil
}

// backoff computes the waits between attempts.
type backoff struct {
	base, max time.Duration
	rand      func() float64
}

// delay is the wait before retry n (0-based): the server's Retry-After
// when it gave one, otherwise full jitter.
func (b backoff) delay(n int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header, time.Now()); ok {
			return d
		}
	}
	return b.jitter(n)
}

// jitter draws a wait from [0, min(max, base×2ⁿ)).
func (b backoff) jitter(n int) time.Duration {
	ceil := b.base
	for i := 0; i < n && ceil < b.max; i++ {
		ceil *= 2
	}
	ceil = min(ceil, b.max)
	r := min(max(b.rand(), 0), 1)
	return time.Duration(r * float64(ceil))
}

// retryAfter reads Retry-After-Ms (milliseconds), else Retry-After (seconds
// or an HTTP date), capped at maxRetryAfter. Zero, negative, past or
// unreadable values count as absent.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil {
			if d, ok := capped(ms / 1000); ok {
				return d, true
			}
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		return capped(s)
	}
	if at, err := http.ParseTime(v); err == nil {
		return capped(at.Sub(now).Seconds())
	}
	return 0, false
}

func capped(seconds float64) (time.Duration, bool) {
	switch {
	case !(seconds > 0):
		return 0, false
	case seconds >= maxRetryAfter.Seconds():
		return maxRetryAfter, true
	}
	d := time.Duration(seconds * float64(time.Second))
	return d, d > 0 // under a nanosecond is no wait
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// slowChat reports whether err is a chat completion's attempt that timed
// out waiting for its reply.
func slowChat(req *http.Request, err error) bool {
	var at *attemptTimeout
	return errors.As(err, &at) && strings.HasSuffix(req.URL.Path, "/chat/completions")
}

// attemptTimeout is the cause of an attempt's context when its own
// timeout, not the caller's, ended it.
type attemptTimeout struct{ d time.Duration }

func (e *attemptTimeout) Error() string        { return fmt.Sprintf("no reply within %s", e.d) }
func (e *attemptTimeout) Timeout() bool        { return true }
func (e *attemptTimeout) Is(target error) bool { return target == context.DeadlineExceeded }

// timeoutCause replaces err by the attempt's timeout when that, rather
// than the caller, ended the attempt.
func timeoutCause(ctx context.Context, err error) error {
	var at *attemptTimeout
	if errors.As(context.Cause(ctx), &at) {
		return at
	}
	return err
}

// attemptBody is a reply body under an attempt's context: each piece read
// restarts the attempt's idle timer, reading after the timer fired reports
// the timeout, and closing it ends the context.
type attemptBody struct {
	io.ReadCloser
	ctx     context.Context
	cancel  func()
	idle    *time.Timer
	timeout time.Duration
	left    int64 // bytes the reply may still hold; see maxReplyBody
}

// errReplyTooLarge ends a reply over maxReplyBody.
var errReplyTooLarge = fmt.Errorf("the reply is over %d MiB: %w", maxReplyBody>>20, ErrMalformed)

func (b *attemptBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, errReplyTooLarge
	}
	n, err := b.ReadCloser.Read(p[:min(int64(len(p)), b.left+1)]) // a byte past the bound tells a reply over it
	b.left -= int64(n)
	if b.left < 0 {
		return n - 1, errReplyTooLarge
	}
	if n > 0 && b.ctx.Err() == nil {
		b.idle.Reset(b.timeout)
	}
	if err != nil && err != io.EOF && b.ctx.Err() != nil {
		err = fmt.Errorf("reading the reply: %w", context.Cause(b.ctx))
	}
	return n, err
}

func (b *attemptBody) Close() error {
	defer b.cancel()
	_, _ = io.CopyN(io.Discard, b.ReadCloser, 4<<10) // so the connection can be reused
	return b.ReadCloser.Close()
}
