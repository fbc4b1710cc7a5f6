package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/provider/openaitest"
)

func TestKind(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{nil, ""},
		{ErrRateLimited, "rate_limited"},
		{fmt.Errorf("answer: %w", ErrQuotaExceeded), "quota"},
		{&Error{kind: ErrUnauthorized}, "auth"},
		{&Error{kind: ErrTimeout}, "timeout"},
		{&Error{kind: ErrServer}, "server"},
		{&Error{kind: ErrBadRequest}, "bad_request"},
		{&Error{kind: ErrMalformed}, "malformed"},
		{&Error{kind: ErrUnavailable}, "network"},
		{&Error{kind: ErrContentFiltered}, "content_filter"},
		{&Error{cause: context.Canceled}, "other"},
		{errors.New("something else"), "other"},
	}
	for _, tt := range tests {
		if got := Kind(tt.err); got != tt.want {
			t.Errorf("Kind(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestCauseKind(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), ErrTimeout},
		{"attempt timeout", &attemptTimeout{d: 1}, ErrTimeout},
		{"canceled", context.Canceled, nil},
		{"refused", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, ErrUnavailable},
		{"truncated JSON", io.ErrUnexpectedEOF, ErrMalformed},
		{"other", errors.New("?"), nil},
	}
	for _, tt := range tests {
		if got := causeKind(tt.err); got != tt.want {
			t.Errorf("%s: causeKind = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestOperatorMessages checks the messages an operator reads.
func TestOperatorMessages(t *testing.T) {
	tests := []struct {
		fault openaitest.Fault
		want  []string
	}{
		{openaitest.InsufficientQuota(), []string{"openai: insufficient quota: check the account's plan and billing",
			"chat: HTTP 429 insufficient_quota", "You exceeded your current quota"}},
		{openaitest.Unauthorized(), []string{"openai: unauthorized: check the API key", "HTTP 401 invalid_api_key"}},
		{openaitest.ServerError(503), []string{"openai: server error", "HTTP 503", "overloaded"}},
	}
	for _, tt := range tests {
		srv, c := fakeHarness(t, openaitest.Options{}, nil)
		srv.FailAlways(openaitest.EndpointChat, tt.fault)
		err := call(t, c.Client, openaitest.EndpointChat)
		var e *Error
		if !errors.As(err, &e) || e.Op != "chat" || e.Status == 0 {
			t.Fatalf("err = %#v, want *Error with op and status", err)
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q lacks %q", err, w)
			}
		}
	}
}

func TestNotFoundHint(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Options{})
	c := newHarness(t, srv.BaseURL(), nil) // forgot "/v1"
	err := call(t, c.Client, openaitest.EndpointChat)
	if !errors.Is(err, ErrBadRequest) || !strings.Contains(err.Error(), "/v1") {
		t.Errorf("err = %v, want ErrBadRequest hinting at /v1", err)
	}
}

// TestKeyNeverLeaks has servers echo the key back in every place they can
// and checks that neither errors nor logs carry it.
func TestKeyNeverLeaks(t *testing.T) {
	const azureKey = "c0ffee00c0ffee00c0ffee00c0ffee00"
	const otherKey = "sk-someoneElse0123456789"
	tests := []struct {
		name    string
		azure   bool
		replies []reply
		want    error
	}{
		{"401 echoes the key", false, []reply{apiError(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided: {key}.")}, ErrUnauthorized},
		{"retried 500 echoes the key", false, []reply{apiError(500, "server_error", "", "failed for {key}")}, ErrServer},
		{"non-JSON 502 echoes the key", false, []reply{{status: 502, body: "<html>Bad gateway for Authorization: Bearer {key}</html>"}}, ErrServer},
		{"400 echoes the header and another key", false, []reply{apiError(400, "invalid_request_error", "", "Bearer {key} and "+otherKey)}, ErrBadRequest},
		{"azure key echoed", true, []reply{apiError(401, "", "401", "Access denied: key {key} is wrong")}, ErrUnauthorized},
		{"malformed 200 echoes the key", false, []reply{{status: 200, body: `{"id":"{key}","choices":[{"message":{"content":"`}}, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScripted(t, tt.replies...)
			c := newHarness(t, s.URL(), func(cfg *Config) {
				if tt.azure {
					cfg.BaseURL, cfg.APIKey = "", ""
					cfg.Azure = &AzureConfig{Endpoint: s.srv.URL, APIKey: azureKey, ChatDeployment: "d", EmbeddingDeployment: "e"}
				}
			})
			err := call(t, c.Client, openaitest.EndpointChat)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			text := err.Error() + fmt.Sprintf("%+v %#v", err, err) + c.logs.String()
			for _, secret := range []string{testKey, azureKey, otherKey, testKey[8:], azureKey[4:]} {
				if strings.Contains(text, secret) {
					t.Errorf("secret %q leaked:\n%s", secret, text)
				}
			}
			if s.Calls() > 1 && !strings.Contains(c.logs.String(), "openai: retrying") {
				t.Errorf("retries not logged")
			}
		})
	}
}

func TestRedactor(t *testing.T) {
	r := newRedactor(testKey, "short", "0123456789abcdef0123456789abcdef")
	tests := []struct{ in, want string }{
		{"key " + testKey + ".", "key [redacted key …XYZW]."},
		{"Incorrect API key provided: sk-abcdefghijklmnop1234", "Incorrect API key provided: [redacted key …1234]"},
		{"sk-abc12345", "[redacted key]"},
		{"Authorization: Bearer abc.def-ghi", "Authorization: Bearer [redacted]"},
		{"azure 0123456789abcdef0123456789abcdef!", "azure [redacted key …cdef]!"},
		{"a short word stays short", "a short word stays short"},
		{"use Bearer auth", "use Bearer auth"},
		{"sk-****************mnop already masked", "sk-****************mnop already masked"},
	}
	for _, tt := range tests {
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCodeString(t *testing.T) {
	tests := []struct {
		code any
		want string
	}{
		{"insufficient_quota", "insufficient_quota"},
		{0, ""}, // JSON null
		{429, "429"},
		{nil, ""},
		{float64(500), "500"},
	}
	for _, tt := range tests {
		if got := codeString(tt.code); got != tt.want {
			t.Errorf("codeString(%v) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("é", 300)
	got := clip(long)
	if len(got) > 404 || !strings.HasSuffix(got, "…") || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Errorf("clip gave %d bytes: %q", len(got), got)
	}
}
