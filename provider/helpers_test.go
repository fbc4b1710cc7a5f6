package provider

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/provider/openaitest"
)

// testKey is distinctive so a leak is easy to spot.
const testKey = "sk-proj-LEAKCHECK-0123456789abcdefXYZW"

// sleeps is a Config.Sleep that records the delays asked for and returns at
// once.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// logBuffer collects log output from concurrent writers.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// harness is a Client with recorded sleeps and debug logs.
type harness struct {
	*Client
	sleeps *sleeps
	logs   *logBuffer
}

// newHarness returns a Client for baseURL with test defaults: the test key,
// instant recorded sleeps, jitter fixed at one half and debug logs kept.
// edit may change the Config.
func newHarness(t *testing.T, baseURL string, edit func(*Config)) harness {
	t.Helper()
	h := harness{sleeps: &sleeps{}, logs: &logBuffer{}}
	cfg := Config{
		APIKey:         testKey,
		BaseURL:        baseURL,
		ChatModel:      "gpt-4o-mini",
		EmbeddingModel: "text-embedding-3-small",
		Sleep:          h.sleeps.sleep,
		Rand:           func() float64 { return 0.5 },
		Log:            slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h.Client = c
	return h
}

func fakeHarness(t *testing.T, opts openaitest.Options, edit func(*Config)) (*openaitest.Server, harness) {
	t.Helper()
	srv := openaitest.NewServer(t, opts)
	return srv, newHarness(t, srv.URL(), edit)
}

func ask(text string) bot.Completion {
	return bot.Completion{Messages: []bot.Message{
		{Role: "system", Content: "Answer from the passages."},
		{Role: "user", Content: text},
	}}
}

// reply is one scripted HTTP answer. In body, {key} becomes the API key the
// client presented, as a careless server might echo it.
type reply struct {
	status int
	header map[string]string
	body   string
	hangUp bool // close the connection without answering
}

// scripted is a server answering with replies in turn, the last repeating.
type scripted struct {
	mu      sync.Mutex
	replies []reply
	calls   int
	bodies  []string
	srv     *httptest.Server
}

func newScripted(t *testing.T, replies ...reply) *scripted {
	t.Helper()
	s := &scripted{replies: replies}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *scripted) URL() string { return s.srv.URL + "/v1" }

func (s *scripted) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

func (s *scripted) serve(w http.ResponseWriter, r *http.Request) {
	var body bytes.Buffer
	_, _ = body.ReadFrom(r.Body)
	s.mu.Lock()
	s.calls++
	s.bodies = append(s.bodies, body.String())
	rep := s.replies[min(s.calls, len(s.replies))-1]
	s.mu.Unlock()
	if rep.hangUp {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	key := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if key == "" {
		key = r.Header.Get("api-key")
	}
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rep.status)
	_, _ = w.Write([]byte(strings.ReplaceAll(rep.body, "{key}", key)))
}

const chatOK = `{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}`

func apiError(status int, typ, code, msg string) reply {
	c := "null"
	if code != "" {
		c = `"` + code + `"`
	}
	return reply{status: status, body: `{"error":{"message":"` + msg + `","type":"` + typ + `","param":null,"code":` + c + `}}`}
}
