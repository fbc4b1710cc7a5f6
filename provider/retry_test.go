package provider

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot/provider/openaitest"
)

func TestRetryPolicy(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name     string
		endpoint string
		next     []openaitest.Fault // queued faults
		always   *openaitest.Fault  // then this fault forever
		want     error              // nil: success
		calls    int
		sleeps   []time.Duration // with jitter fixed at one half
	}{
		{"429 honours retry-after", openaitest.EndpointChat,
			[]openaitest.Fault{openaitest.RateLimited(2 * time.Second)}, nil, nil, 2, []time.Duration{2 * time.Second}},
		{"429 retry-after capped at 30s", openaitest.EndpointChat,
			[]openaitest.Fault{openaitest.RateLimited(2 * time.Minute)}, nil, nil, 2, []time.Duration{30 * time.Second}},
		{"500 twice, backoff grows", openaitest.EndpointChat,
			[]openaitest.Fault{openaitest.ServerError(500), openaitest.ServerError(500)}, nil, nil, 3, []time.Duration{250 * ms, 500 * ms}},
		{"502 504 408", openaitest.EndpointChat,
			[]openaitest.Fault{openaitest.ServerError(502), openaitest.ServerError(504), openaitest.Timeout()}, nil, nil, 4,
			[]time.Duration{250 * ms, 500 * ms, 1000 * ms}},
		{"embeddings 503 then success", openaitest.EndpointEmbeddings,
			[]openaitest.Fault{openaitest.ServerError(503)}, nil, nil, 2, []time.Duration{250 * ms}},
		{"a proxy's 520 and 529 overloaded", openaitest.EndpointChat,
			[]openaitest.Fault{openaitest.ServerError(520), openaitest.ServerError(529)}, nil, nil, 3, []time.Duration{250 * ms, 500 * ms}},
		{"501 is final", openaitest.EndpointChat,
			nil, ptr(openaitest.ServerError(501)), ErrServer, 1, nil},
		{"503 forever", openaitest.EndpointChat,
			nil, ptr(openaitest.ServerError(503)), ErrServer, 4, []time.Duration{250 * ms, 500 * ms, 1000 * ms}},
		{"429 forever", openaitest.EndpointEmbeddings,
			nil, ptr(openaitest.RateLimited(time.Second)), ErrRateLimited, 4, []time.Duration{time.Second, time.Second, time.Second}},
		{"408 forever", openaitest.EndpointChat,
			nil, ptr(openaitest.Timeout()), ErrTimeout, 4, []time.Duration{250 * ms, 500 * ms, 1000 * ms}},
		{"insufficient quota is final", openaitest.EndpointChat,
			nil, ptr(openaitest.InsufficientQuota()), ErrQuotaExceeded, 1, nil},
		{"insufficient quota on embeddings", openaitest.EndpointEmbeddings,
			nil, ptr(openaitest.InsufficientQuota()), ErrQuotaExceeded, 1, nil},
		{"401 is final", openaitest.EndpointChat,
			nil, ptr(openaitest.Unauthorized()), ErrUnauthorized, 1, nil},
		{"malformed is final", openaitest.EndpointEmbeddings,
			nil, ptr(openaitest.Malformed()), ErrMalformed, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := fakeHarness(t, openaitest.Options{}, nil)
			for _, f := range tt.next {
				srv.FailNext(tt.endpoint, f)
			}
			if tt.always != nil {
				srv.FailAlways(tt.endpoint, *tt.always)
			}
			err := call(t, c.Client, tt.endpoint)
			if tt.want == nil && err != nil || !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if n := srv.Calls(tt.endpoint); n != tt.calls {
				t.Errorf("server saw %d calls, want %d", n, tt.calls)
			}
			if got := c.sleeps.all(); !slices.Equal(got, tt.sleeps) {
				t.Errorf("sleeps = %v, want %v", got, tt.sleeps)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// call makes one request to endpoint.
func call(t *testing.T, c *Client, endpoint string) error {
	t.Helper()
	if endpoint == openaitest.EndpointEmbeddings {
		_, err := c.EmbedBatch(t.Context(), []string{"one", "two"})
		return err
	}
	_, err := c.Complete(t.Context(), ask("q"))
	return err
}

// TestRetryReplaysBody checks that every attempt carries the whole request.
func TestRetryReplaysBody(t *testing.T) {
	srv, c := fakeHarness(t, openaitest.Options{}, nil)
	srv.FailNext(openaitest.EndpointChat, openaitest.ServerError(500))
	srv.FailNext(openaitest.EndpointChat, openaitest.ServerError(502))
	if _, err := c.Complete(t.Context(), ask("same question")); err != nil {
		t.Fatal(err)
	}
	reqs := srv.ChatRequests()
	if len(reqs) != 3 {
		t.Fatalf("server decoded %d requests, want 3", len(reqs))
	}
	for i, r := range reqs[1:] {
		if string(r.Raw) != string(reqs[0].Raw) {
			t.Errorf("attempt %d body differs:\n%s\n%s", i+2, r.Raw, reqs[0].Raw)
		}
	}
	if logs := c.logs.String(); !containsAll(logs, "openai: retrying", "status=500", "status=502", "delay=250ms") {
		t.Errorf("retry logs missing details:\n%s", logs)
	}
}

// TestJitterBounds retries with real jitter: every wait lies in
// [0, min(8s, 500ms×2ⁿ)).
func TestJitterBounds(t *testing.T) {
	srv, c := fakeHarness(t, openaitest.Options{}, func(cfg *Config) {
		cfg.Rand, cfg.MaxRetries = nil, 8
	})
	srv.FailAlways(openaitest.EndpointChat, openaitest.ServerError(500))
	if err := call(t, c.Client, openaitest.EndpointChat); !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v, want ErrServer", err)
	}
	got := c.sleeps.all()
	if len(got) != 8 {
		t.Fatalf("%d sleeps, want 8", len(got))
	}
	for n, d := range got {
		if ceil := min(maxDelay, baseDelay<<n); d < 0 || d >= ceil {
			t.Errorf("sleep %d = %v, want in [0, %v)", n, d, ceil)
		}
	}
}

func TestJitterCeiling(t *testing.T) {
	b := backoff{base: baseDelay, max: maxDelay, rand: func() float64 { return 1 }}
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second,
		8 * time.Second, 8 * time.Second, 8 * time.Second}
	for n, w := range want {
		if got := b.jitter(n); got != w {
			t.Errorf("jitter(%d) ceiling = %v, want %v", n, got, w)
		}
	}
	if got := b.jitter(200); got != maxDelay {
		t.Errorf("jitter(200) = %v, want %v", got, maxDelay)
	}
	b.rand = func() float64 { return 0 }
	if got := b.jitter(3); got != 0 {
		t.Errorf("jitter with rand 0 = %v", got)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
		ok     bool
	}{
		{"seconds", map[string]string{"Retry-After": "2"}, 2 * time.Second, true},
		{"fractional seconds", map[string]string{"Retry-After": "1.5"}, 1500 * time.Millisecond, true},
		{"milliseconds win", map[string]string{"Retry-After": "3", "retry-after-ms": "2250"}, 2250 * time.Millisecond, true},
		{"http date", map[string]string{"Retry-After": now.Add(7 * time.Second).Format(http.TimeFormat)}, 7 * time.Second, true},
		{"date in the past", map[string]string{"Retry-After": now.Add(-time.Minute).Format(http.TimeFormat)}, 0, false},
		{"capped", map[string]string{"Retry-After": "3600"}, maxRetryAfter, true},
		{"capped ms", map[string]string{"Retry-After-Ms": "1e12"}, maxRetryAfter, true},
		{"zero", map[string]string{"Retry-After": "0"}, 0, false},
		{"negative", map[string]string{"Retry-After": "-4"}, 0, false},
		{"garbage", map[string]string{"Retry-After": "soon"}, 0, false},
		{"garbage ms falls back", map[string]string{"Retry-After-Ms": "NaN", "Retry-After": "4"}, 4 * time.Second, true},
		{"absent", nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			got, ok := retryAfter(h, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("retryAfter = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestNoRetry checks the statuses that are final, on a scripted server.
func TestNoRetry(t *testing.T) {
	tests := []struct {
		rep  reply
		want error
	}{
		{apiError(400, "invalid_request_error", "invalid_value", "bad"), ErrBadRequest},
		{apiError(401, "invalid_request_error", "invalid_api_key", "bad key"), ErrUnauthorized},
		{apiError(403, "invalid_request_error", "unsupported_country_region_territory", "no"), ErrUnauthorized},
		{apiError(404, "invalid_request_error", "model_not_found", "no such model"), ErrBadRequest},
		{apiError(402, "billing", "", "pay up"), ErrQuotaExceeded},
		{apiError(422, "invalid_request_error", "", "unprocessable"), ErrBadRequest},
		{apiError(429, "insufficient_quota", "insufficient_quota", "quota"), ErrQuotaExceeded},
		{apiError(429, "insufficient_quota", "", "quota by type"), ErrQuotaExceeded},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.rep.status), func(t *testing.T) {
			s := newScripted(t, tt.rep)
			c := newHarness(t, s.URL(), nil)
			if err := call(t, c.Client, openaitest.EndpointChat); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if s.Calls() != 1 || len(c.sleeps.all()) != 0 {
				t.Errorf("%d calls, %d sleeps; want 1, 0", s.Calls(), len(c.sleeps.all()))
			}
		})
	}
}

// TestRetryAfterDate honours an HTTP-date Retry-After from a server.
func TestRetryAfterDate(t *testing.T) {
	later := time.Now().Add(10 * time.Second).UTC().Format(http.TimeFormat)
	s := newScripted(t, reply{status: 503, header: map[string]string{"Retry-After": later}, body: `{}`}, reply{status: 200, body: chatOK})
	c := newHarness(t, s.URL(), nil)
	if err := call(t, c.Client, openaitest.EndpointChat); err != nil {
		t.Fatal(err)
	}
	got := c.sleeps.all()
	if len(got) != 1 || got[0] < 8*time.Second || got[0] > 10*time.Second {
		t.Errorf("sleeps = %v, want about 10s", got)
	}
}

// TestTimeout has every reply outlast the attempt timeout. Embeddings are
// tried again; a chat completion is not, as the model may still be writing
// (and billing) it. The last attempt shares the overall bound,
// (MaxRetries+1)×Timeout, with the waits and overheads before it, so on a
// loaded machine it may not reach the server: the count of calls is
// checked within that slack.
func TestTimeout(t *testing.T) {
	for _, tt := range []struct {
		endpoint   string
		minN, maxN int
	}{{openaitest.EndpointChat, 1, 1}, {openaitest.EndpointEmbeddings, 2, 3}} {
		endpoint := tt.endpoint
		t.Run(endpoint, func(t *testing.T) {
			srv, c := fakeHarness(t, openaitest.Options{}, func(cfg *Config) {
				cfg.Timeout, cfg.MaxRetries = 300*time.Millisecond, 2
				cfg.Rand = func() float64 { return 0 }
			})
			srv.FailAlways(endpoint, openaitest.Slow(time.Minute))
			err := call(t, c.Client, endpoint)
			if !errors.Is(err, ErrTimeout) || Kind(err) != "timeout" || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v (kind %q), want ErrTimeout", err, Kind(err))
			}
			if n := srv.Calls(endpoint); n < tt.minN || n > tt.maxN {
				t.Errorf("server saw %d calls, want %d to %d; logs:\n%s", n, tt.minN, tt.maxN, c.logs.String())
			}
		})
	}
}

// TestTimeoutRetried has the first reply outlast the attempt timeout and
// the second come at once.
func TestTimeoutRetried(t *testing.T) {
	srv, c := fakeHarness(t, openaitest.Options{}, func(cfg *Config) {
		cfg.Timeout, cfg.MaxRetries = time.Second, 1
	})
	srv.FailNext(openaitest.EndpointEmbeddings, openaitest.Slow(time.Minute))
	if err := call(t, c.Client, openaitest.EndpointEmbeddings); err != nil {
		t.Fatalf("err = %v, want success on the retry", err)
	}
	if n := srv.Calls(openaitest.EndpointEmbeddings); n != 2 {
		t.Errorf("server saw %d calls, want 2", n)
	}
	if got := c.sleeps.all(); len(got) != 1 || got[0] != 250*time.Millisecond {
		t.Errorf("sleeps = %v, want [250ms]", got)
	}
	if logs := c.logs.String(); !strings.Contains(logs, "no reply within 1s") {
		t.Errorf("retry log lacks the timeout:\n%s", logs)
	}
}

func TestSlowButInTime(t *testing.T) {
	srv, c := fakeHarness(t, openaitest.Options{}, func(cfg *Config) { cfg.Timeout = 5 * time.Second })
	srv.FailNext(openaitest.EndpointChat, openaitest.Slow(50*time.Millisecond))
	if err := call(t, c.Client, openaitest.EndpointChat); err != nil {
		t.Fatal(err)
	}
}

// TestWaitPastDeadline gives up at once when the wait the server asks for
// would outlast the caller's deadline.
func TestWaitPastDeadline(t *testing.T) {
	srv, c := fakeHarness(t, openaitest.Options{}, nil)
	srv.FailAlways(openaitest.EndpointChat, openaitest.RateLimited(20*time.Second))
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if _, err := c.Complete(ctx, ask("q")); !errors.Is(err, ErrRateLimited) {
		t.Errorf("err = %v, want ErrRateLimited", err)
	}
	if n, s := srv.Calls(openaitest.EndpointChat), c.sleeps.all(); n != 1 || len(s) != 0 {
		t.Errorf("%d calls, sleeps %v; want 1 call, no sleep", n, s)
	}
}

func TestCallerCancels(t *testing.T) {
	srv, c := fakeHarness(t, openaitest.Options{}, nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := c.Complete(ctx, ask("q"))
	if !errors.Is(err, context.Canceled) || Kind(err) != "other" {
		t.Errorf("err = %v (kind %q), want context.Canceled, other", err, Kind(err))
	}
	if n := srv.Calls(openaitest.EndpointChat); n != 0 {
		t.Errorf("server saw %d calls, want 0", n)
	}
}

func TestNetworkFailures(t *testing.T) {
	t.Run("connection closed is retried", func(t *testing.T) {
		s := newScripted(t, reply{hangUp: true}, reply{hangUp: true}, reply{status: 200, body: chatOK})
		c := newHarness(t, s.URL(), nil)
		if err := call(t, c.Client, openaitest.EndpointChat); err != nil {
			t.Fatal(err)
		}
		if s.Calls() != 3 {
			t.Errorf("server saw %d calls, want 3", s.Calls())
		}
	})
	t.Run("connection closed forever", func(t *testing.T) {
		s := newScripted(t, reply{hangUp: true})
		c := newHarness(t, s.URL(), nil)
		err := call(t, c.Client, openaitest.EndpointChat)
		if !errors.Is(err, ErrUnavailable) || Kind(err) != "network" {
			t.Fatalf("err = %v (kind %q), want ErrUnavailable", err, Kind(err))
		}
		if s.Calls() != 4 {
			t.Errorf("server saw %d calls, want 4", s.Calls())
		}
	})
	t.Run("connection refused is final", func(t *testing.T) {
		s := newScripted(t, reply{status: 200, body: chatOK})
		url := s.URL()
		s.srv.Close()
		c := newHarness(t, url, nil)
		err := call(t, c.Client, openaitest.EndpointChat)
		if !errors.Is(err, ErrUnavailable) || Kind(err) != "network" {
			t.Fatalf("err = %v (kind %q), want ErrUnavailable", err, Kind(err))
		}
		if n := len(c.sleeps.all()); n != 0 {
			t.Errorf("%d retries, want none", n)
		}
	})
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// FuzzRetryAfter checks that any Retry-After or Retry-After-Ms value gives
// a wait between nothing and maxRetryAfter, a wait only when it reports
// one, and never panics.
func FuzzRetryAfter(f *testing.F) {
	for _, seed := range [][2]string{{"", "1.5"}, {"120", ""}, {"Wed, 21 Oct 2015 07:28:00 GMT", ""}, {"-1", "NaN"},
		{"1e400", "Inf"}, {"0", "0"}, {"abc", "1e12"}, {"1e-12", ""}} {
		f.Add(seed[0], seed[1])
	}
	now := time.Date(2015, 10, 21, 7, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, after, afterMs string) {
		h := http.Header{}
		if after != "" {
			h.Set("Retry-After", after)
		}
		if afterMs != "" {
			h.Set("Retry-After-Ms", afterMs)
		}
		d, ok := retryAfter(h, now)
		if d < 0 || d > maxRetryAfter || (!ok && d != 0) || (ok && d == 0) {
			t.Fatalf("retryAfter(%q, %q) = %v, %v", after, afterMs, d, ok)
		}
	})
}

// TestReplyTooLarge checks that a reply over maxReplyBody is refused as
// malformed rather than read whole: a reply through the client, and the
// body a stream reads from, cut at the bound.
func TestReplyTooLarge(t *testing.T) {
	huge := strings.Repeat("x", maxReplyBody+1)
	_, c := fakeHarness(t, openaitest.Options{APIKey: testKey, Chat: func(openaitest.ChatRequest) openaitest.ChatReply {
		return openaitest.ChatReply{Content: huge}
	}}, nil)
	if got, err := c.Complete(t.Context(), ask("Trade?")); !errors.Is(err, ErrMalformed) {
		t.Errorf("Complete of a %d MiB reply = %d bytes, %v; want ErrMalformed", len(huge)>>20, len(got.Content), err)
	}
	for _, size := range []int{maxReplyBody, maxReplyBody + 1} {
		ctx, cancel := context.WithCancel(t.Context())
		b := &attemptBody{ReadCloser: io.NopCloser(strings.NewReader(huge[:size])), ctx: ctx, cancel: cancel,
			idle: time.NewTimer(time.Hour), timeout: time.Hour, left: maxReplyBody}
		got, err := io.ReadAll(b)
		b.Close()
		if over := size > maxReplyBody; over != errors.Is(err, ErrMalformed) || len(got) != maxReplyBody {
			t.Errorf("read %d bytes of a %d-byte body, %v; want %d, and ErrMalformed only past the bound", len(got), size, err, maxReplyBody)
		}
	}
}

// TestStreamStartRateLimited checks that a stream whose start is held up
// by 429s past its bound reports the rate limit, not a timeout: its
// retries stop when the next wait would pass the bound.
func TestStreamStartRateLimited(t *testing.T) {
	srv, c := fakeHarness(t, openaitest.Options{APIKey: testKey}, func(cfg *Config) {
		cfg.Timeout, cfg.MaxRetries = 100*time.Millisecond, 3 // the start is bounded at 400 ms
		cfg.Sleep = nil                                       // real waits, which the bound must stop
	})
	srv.FailAlways(openaitest.EndpointChat, openaitest.RateLimited(250*time.Millisecond))
	_, err := c.Stream(t.Context(), ask("Trade?"), func(string) {})
	if !errors.Is(err, ErrRateLimited) {
		t.Errorf("Stream = %v (kind %s); want the rate limit", err, Kind(err))
	}
	if n := srv.Calls(openaitest.EndpointChat); n != 2 {
		t.Errorf("%d attempts; want 2: a third would start after the bound", n)
	}
}
