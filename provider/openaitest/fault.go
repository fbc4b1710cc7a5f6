package openaitest

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"
)

type faultKind int

const (
	faultNone faultKind = iota
	faultRateLimited
	faultInsufficientQuota
	faultServerError
	faultUnauthorized
	faultTimeout
	faultSlow
	faultMalformed
	faultContent
	faultCut
)

// Fault is a scripted deviation from a normal reply, injected with
// Server.FailNext or Server.FailAlways. Build one with the constructors in
// this package; the zero Fault injects nothing.
type Fault struct {
	kind       faultKind
	status     int
	retryAfter time.Duration
	delay      time.Duration
	content    string
	after      int
}

// RateLimited returns a fault answering 429 with OpenAI's
// rate_limit_exceeded error (type "requests") and the headers
// "retry-after" (whole seconds, rounded up), "retry-after-ms",
// "x-ratelimit-remaining-requests: 0" and "x-ratelimit-reset-requests".
func RateLimited(retryAfter time.Duration) Fault {
	return Fault{kind: faultRateLimited, status: http.StatusTooManyRequests, retryAfter: max(retryAfter, 0)}
}

// InsufficientQuota returns a fault answering 429 with OpenAI's
// insufficient_quota error (type and code "insufficient_quota"), which
// clients must not retry.
func InsufficientQuota() Fault {
	return Fault{kind: faultInsufficientQuota, status: http.StatusTooManyRequests}
}

// ServerError returns a fault answering status (meant for 500, 502, 503 or
// 504) with an OpenAI-style server_error body.
func ServerError(status int) Fault {
	return Fault{kind: faultServerError, status: status}
}

// Unauthorized returns a fault answering 401 with OpenAI's invalid_api_key
// error; the key in the message is masked.
func Unauthorized() Fault {
	return Fault{kind: faultUnauthorized, status: http.StatusUnauthorized}
}

// Timeout returns a fault answering 408 Request Timeout with an
// OpenAI-style error body.
func Timeout() Fault {
	return Fault{kind: faultTimeout, status: http.StatusRequestTimeout}
}

// Slow returns a fault that delays the reply by d and then answers
// normally. It returns early, writing nothing, when the client goes away
// (request context done) or the server shuts down.
func Slow(d time.Duration) Fault {
	return Fault{kind: faultSlow, delay: d}
}

// Malformed returns a fault answering 200 with Content-Type
// application/json and a truncated, invalid JSON body.
func Malformed() Fault {
	return Fault{kind: faultMalformed, status: http.StatusOK}
}

// Content returns a chat-only fault answering 200 with a normal chat
// completion whose message content is s, bypassing Options.Chat. The
// request is still validated first.
func Content(s string) Fault {
	return Fault{kind: faultContent, content: s}
}

// CutStream returns a chat-only fault that drops the connection part-way
// through an otherwise normal reply: a streamed reply after n content
// tokens (before its finish reason and "[DONE]"; n at or past the end cuts
// just before them), any other after half its body. The client sees the
// body end early, as when a connection breaks.
func CutStream(n int) Fault {
	return Fault{kind: faultCut, after: max(n, 0)}
}

// terminal reports whether the fault replaces the reply outright.
func (f Fault) terminal() bool {
	switch f.kind {
	case faultNone, faultSlow, faultContent, faultCut:
		return false
	}
	return true
}

// writeFault writes a terminal fault. model is the request's model (may be
// empty) and presented the API key the client sent.
func writeFault(w http.ResponseWriter, f Fault, endpoint, model, presented string) {
	switch f.kind {
	case faultRateLimited:
		if model == "" {
			model = "the requested model"
		}
		secs := int64(math.Ceil(f.retryAfter.Seconds()))
		h := http.Header{}
		h.Set("retry-after", strconv.FormatInt(secs, 10))
		h.Set("retry-after-ms", strconv.FormatInt(f.retryAfter.Milliseconds(), 10))
		h.Set("x-ratelimit-limit-requests", "3")
		h.Set("x-ratelimit-remaining-requests", "0")
		h.Set("x-ratelimit-reset-requests", f.retryAfter.String())
		writeJSON(w, f.status, h, struct {
			Error apiErr `json:"error"`
		}{apiErr{
			Message: fmt.Sprintf("Rate limit reached for %s in organization org-openaitest on requests per min (RPM): "+
				"Limit 3, Used 3, Requested 1. Please try again in %s. "+
				"Visit https://platform.openai.com/account/rate-limits to learn more.", model, f.retryAfter),
			Type: "requests",
			Code: "rate_limit_exceeded",
		}})
	case faultInsufficientQuota:
		writeAPIError(w, f.status, apiErr{
			Message: "You exceeded your current quota, please check your plan and billing details. " +
				"For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
			Type: "insufficient_quota",
			Code: "insufficient_quota",
		})
	case faultServerError:
		msg := "The server had an error while processing your request. Sorry about that!"
		switch f.status {
		case http.StatusBadGateway:
			msg = "Bad gateway."
		case http.StatusServiceUnavailable:
			msg = "The server is overloaded or not ready yet."
		case http.StatusGatewayTimeout:
			msg = "Gateway timeout."
		}
		writeAPIError(w, f.status, apiErr{Message: msg, Type: "server_error"})
	case faultUnauthorized:
		writeAPIError(w, f.status, invalidKeyErr(presented))
	case faultTimeout:
		writeAPIError(w, f.status, apiErr{Message: "Request timed out.", Type: "timeout"})
	case faultMalformed:
		body := `{"id":"chatcmpl-openaitest","object":"chat.completion","created":1700000000,` +
			`"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"{\"partial\": tr`
		if endpoint == EndpointEmbeddings {
			body = `{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0123,-0.04`
		}
		writeRaw(w, f.status, nil, body)
	}
}

// sleepCtx waits for d; it returns false if ctx or done ends first.
func sleepCtx(ctx context.Context, done <-chan struct{}, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-done:
		return false
	}
}
