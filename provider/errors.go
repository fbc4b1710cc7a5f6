package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"
)

// Errors a call can end in, for errors.Is. A failed call returns an *Error
// wrapping one of them; a call the caller cancelled wraps context.Canceled
// instead (Kind "other").
var (
	// ErrRateLimited: HTTP 429 still after the retries.
	ErrRateLimited = errors.New("openai: rate limited: lower the request rate or raise the account's rate limits")
	// ErrQuotaExceeded: insufficient_quota (429) or 402; never retried.
	ErrQuotaExceeded = errors.New("openai: insufficient quota: check the account's plan and billing")
	// ErrUnauthorized: HTTP 401 or 403.
	ErrUnauthorized = errors.New("openai: unauthorized: check the API key and its access to the model")
	// ErrTimeout: no reply within the deadline, or HTTP 408.
	ErrTimeout = errors.New("openai: timed out: the provider did not answer in time")
	// ErrServer: HTTP 5xx still after the retries.
	ErrServer = errors.New("openai: server error: the provider failed or is overloaded")
	// ErrBadRequest: another 4xx, or a request this package refuses to send.
	ErrBadRequest = errors.New("openai: bad request: check the model or deployment name, base URL and parameters")
	// ErrMalformed: a reply that does not decode or lacks what was asked.
	ErrMalformed = errors.New("openai: malformed reply: the provider's answer could not be used")
	// ErrUnavailable: the provider could not be reached.
	ErrUnavailable = errors.New("openai: unreachable: check the base URL, the network and that the server runs")
	// ErrContentFiltered: the provider's content filter stopped the reply
	// (finish reason content_filter) or refused the prompt (code
	// content_filter, as Azure's does for a question it takes for a
	// jailbreak). Not a configuration fault: the question is answered from
	// quotes.
	ErrContentFiltered = errors.New("openai: content filtered: the provider's content filter stopped the prompt or the reply")
)

// kinds maps the sentinels to the labels Kind returns.
var kinds = []struct {
	err   error
	label string
}{
	{ErrRateLimited, "rate_limited"},
	{ErrQuotaExceeded, "quota"},
	{ErrUnauthorized, "auth"},
	{ErrTimeout, "timeout"},
	{ErrServer, "server"},
	{ErrBadRequest, "bad_request"},
	{ErrMalformed, "malformed"},
	{ErrUnavailable, "network"},
	{ErrContentFiltered, "content_filter"},
}

// Kind returns a short label for err, for metrics: "rate_limited",
// "quota", "auth", "timeout", "server", "bad_request", "malformed",
// "network", "content_filter", or "other". It returns "" for nil.
func Kind(err error) string {
	if err == nil {
		return ""
	}
	for _, k := range kinds {
		if errors.Is(err, k.err) {
			return k.label
		}
	}
	return "other"
}

// Error is a failed call. Its message never contains the configured API
// keys nor anything that looks like an OpenAI key.
type Error struct {
	Op      string // "chat" or "embeddings"
	Status  int    // HTTP status of the final reply; 0 when none came
	Code    string // the provider's error code, e.g. "insufficient_quota"
	Type    string // the provider's error type, e.g. "invalid_request_error"
	Message string // the provider's message, or what went wrong, redacted

	kind  error // one of the sentinels, nil for "other"
	cause error // the context or transport error, nil for provider replies
}

// Error describes the failure for an operator: the sentinel's advice, then
// the operation, status, code and message.
func (e *Error) Error() string {
	var b strings.Builder
	if e.kind != nil {
		b.WriteString(e.kind.Error())
	} else {
		b.WriteString("openai: request failed")
	}
	b.WriteString(" (" + e.Op)
	if e.Status != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.Status)
	}
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	b.WriteString(")")
	return b.String()
}

// Unwrap returns the sentinel and, for failures without a reply, the
// context or transport error.
func (e *Error) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.kind, e.cause} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

const (
	opChat  = "chat"
	opEmbed = "embeddings"
)

// fail builds an Error for a problem found without the provider's help.
func (c *Client) fail(op string, kind error, format string, args ...any) *Error {
	return &Error{Op: op, kind: kind, Message: c.redact.String(fmt.Sprintf(format, args...))}
}

// wrap classifies an error from go-openai and redacts it.
func (c *Client) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	e := classify(err)
	e.Op = op
	e.Code, e.Type, e.Message = c.redact.String(e.Code), c.redact.String(e.Type), c.redact.String(e.Message)
	if e.cause != nil {
		e.cause = redactedError{e.cause, e.Message}
	}
	return e
}

func classify(err error) *Error {
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		code := codeString(apiErr.Code)
		return &Error{Status: apiErr.HTTPStatusCode, Code: code, Type: apiErr.Type,
			Message: hint(apiErr.HTTPStatusCode, clip(apiErr.Message)), kind: statusKind(apiErr.HTTPStatusCode, code, apiErr.Type)}
	case errors.As(err, &reqErr):
		return &Error{Status: reqErr.HTTPStatusCode, Message: hint(reqErr.HTTPStatusCode, clip(string(reqErr.Body))),
			kind: statusKind(reqErr.HTTPStatusCode, "", "")}
	}
	kind := causeKind(err)
	msg := err.Error()
	if kind == ErrMalformed {
		msg = "decoding the reply: " + msg
	}
	return &Error{Message: msg, kind: kind, cause: err}
}

// statusKind classifies an HTTP error reply.
func statusKind(status int, code, typ string) error {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return ErrUnauthorized
	case status == http.StatusPaymentRequired, status == http.StatusTooManyRequests && isQuota(code, typ):
		return ErrQuotaExceeded
	case status == http.StatusTooManyRequests:
		return ErrRateLimited
	case status == http.StatusRequestTimeout:
		return ErrTimeout
	case status >= 500:
		return ErrServer
	case status >= 400 && code == "content_filter":
		return ErrContentFiltered
	case status >= 400:
		return ErrBadRequest
	}
	return nil
}

// causeKind classifies a failure that has no error reply.
func causeKind(err error) error {
	var urlErr *url.Error
	var netErr net.Error
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return ErrTimeout
	case errors.Is(err, context.Canceled):
		return nil
	case errors.Is(err, ErrMalformed):
		return ErrMalformed // a reply over maxReplyBody
	case errors.As(err, &urlErr), errors.As(err, &netErr):
		return ErrUnavailable // the request did not get a reply
	case errors.As(err, &syntaxErr), errors.As(err, &typeErr),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return ErrMalformed // a 2xx reply that does not decode
	}
	return nil
}

// hint adds advice for statuses whose cause is usually the configuration.
func hint(status int, msg string) string {
	if status == http.StatusNotFound {
		return msg + " [is the model or deployment name right, and does the base URL end in /v1?]"
	}
	return msg
}

// codeString renders go-openai's APIError.Code, which is a string, an int
// (0 for JSON null) or nil.
func codeString(code any) string {
	switch v := code.(type) {
	case string:
		return v
	case int:
		if v != 0 {
			return strconv.Itoa(v)
		}
	case float64:
		if v != 0 {
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return ""
}

// clip shortens a provider message to keep logs readable.
func clip(s string) string {
	s = strings.TrimSpace(s)
	const limit = 400
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// redactor masks secrets in text: the configured keys wherever they
// appear, OpenAI-style keys ("sk-…") and bearer tokens.
type redactor struct{ keys []string }

var (
	keyLike = regexp.MustCompile(`\bsk-[A-Za-z0-9_\-]{8,}`)
	bearer  = regexp.MustCompile(`(?i)\b(bearer\s+)[^\s"',;]{8,}`)
)

// minKeyLen is the shortest configured key masked literally: shorter ones
// are placeholders, and masking them would garble messages.
const minKeyLen = 8

func newRedactor(keys ...string) redactor {
	var r redactor
	for _, k := range keys {
		if len(k) >= minKeyLen {
			r.keys = append(r.keys, k)
		}
	}
	sort.Slice(r.keys, func(i, j int) bool { return len(r.keys[i]) > len(r.keys[j]) })
	return r
}

// String returns s with secrets masked.
func (r redactor) String(s string) string {
	for _, k := range r.keys {
		s = strings.ReplaceAll(s, k, mask(k))
	}
	s = keyLike.ReplaceAllStringFunc(s, mask)
	return bearer.ReplaceAllString(s, "${1}[redacted]")
}

// mask stands for a key: its last four characters when it is long enough
// for that to reveal nothing useful, so operators can tell keys apart.
func mask(key string) string {
	if len(key) < 20 {
		return "[redacted key]"
	}
	return "[redacted key …" + key[len(key)-4:] + "]"
}

// redactedError keeps a cause for errors.Is and errors.As but reports the
// redacted message.
type redactedError struct {
	err error
	msg string
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.err }
