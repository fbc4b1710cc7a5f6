package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/provider/openaitest"
)

func TestStream(t *testing.T) {
	const content = `{"abstain":false,"claims":[{"sentence":"Trade passed $123.86 billion.","quotes":[{"passage":1,"quote":"surpassing $123.86 billion"}]}]}`
	tests := []struct {
		name      string
		faults    []openaitest.Fault
		wantCut   bool
		wantKind  error
		wantCalls int
	}{
		{name: "whole reply", wantCalls: 1},
		{name: "a 503 before the stream starts is retried", faults: []openaitest.Fault{openaitest.ServerError(http.StatusServiceUnavailable)}, wantCalls: 2},
		{name: "cut mid-way", faults: []openaitest.Fault{openaitest.CutStream(10)}, wantCut: true, wantKind: ErrMalformed, wantCalls: 1},
		{name: "cut before the finish reason", faults: []openaitest.Fault{openaitest.CutStream(1 << 20)}, wantCut: true, wantKind: ErrMalformed, wantCalls: 1},
		{name: "quota is not retried", faults: []openaitest.Fault{openaitest.InsufficientQuota()}, wantKind: ErrQuotaExceeded, wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := fakeHarness(t, openaitest.Options{APIKey: testKey, Chat: func(openaitest.ChatRequest) openaitest.ChatReply {
				return openaitest.ChatReply{Content: content, PromptTokens: 321}
			}}, nil)
			for _, f := range tt.faults {
				srv.FailNext(openaitest.EndpointChat, f)
			}
			req := ask("Trade?")
			req.SchemaName, req.Schema = "cited_answer", answerSchema
			var deltas []string
			got, err := c.Stream(t.Context(), req, func(s string) { deltas = append(deltas, s) })
			if n := srv.Calls(openaitest.EndpointChat); n != tt.wantCalls {
				t.Errorf("%d calls, want %d", n, tt.wantCalls)
			}
			if strings.Join(deltas, "") != got.Content {
				t.Errorf("deltas %q do not make the content %q", deltas, got.Content)
			}
			if tt.wantKind != nil {
				if !errors.Is(err, tt.wantKind) || errors.Is(err, bot.ErrStreamCut) != tt.wantCut {
					t.Fatalf("err = %v, want %v (cut: %v)", err, tt.wantKind, tt.wantCut)
				}
				if tt.wantCut && (len(deltas) == 0 || !strings.HasPrefix(content, got.Content)) {
					t.Errorf("a cut stream delivered %d pieces, content %q", len(deltas), got.Content)
				}
				if strings.Contains(err.Error(), testKey) {
					t.Errorf("the key leaked: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Content != content || len(deltas) < 10 {
				t.Errorf("content %q in %d pieces", got.Content, len(deltas))
			}
			if got.PromptTokens != 321 || got.CompletionTokens == 0 {
				t.Errorf("usage %d/%d, want the stream's", got.PromptTokens, got.CompletionTokens)
			}
			r := srv.ChatRequests()[len(srv.ChatRequests())-1]
			if !r.Stream || r.ResponseFormat == nil || r.ResponseFormat.SchemaName != "cited_answer" {
				t.Errorf("request %+v, want a stream with the schema", r)
			}
		})
	}
}

// TestStreamOutlastsTheAttemptTimeout checks that Timeout bounds the wait
// between pieces of a stream, not the stream: a slow model (a local server
// on a CPU) that keeps sending tokens for longer than Timeout is not cut.
func TestStreamOutlastsTheAttemptTimeout(t *testing.T) {
	const content = `{"abstain":false,"claims":[{"sentence":"Trade passed $123.86 billion in 2022.","quotes":[{"passage":1,"quote":"bilateral trade turnover surpassing $123.86 billion in 2022"}]}]}`
	// With no retries, a whole call is bounded by one timeout; a stream
	// that has started is not.
	for _, retries := range []int{3, -1} {
		t.Run(fmt.Sprintf("retries %d", retries), func(t *testing.T) {
			_, c := fakeHarness(t, openaitest.Options{APIKey: testKey, TokensPerSecond: 40, Chat: func(openaitest.ChatRequest) openaitest.ChatReply {
				return openaitest.ChatReply{Content: content}
			}}, func(cfg *Config) { cfg.Timeout = 500 * time.Millisecond; cfg.MaxRetries = retries })
			req := ask("Trade?")
			req.SchemaName, req.Schema = "cited_answer", answerSchema
			start := time.Now()
			got, err := c.Stream(t.Context(), req, func(string) {})
			took := time.Since(start)
			if err != nil || got.Content != content {
				t.Fatalf("a stream sending a token every 25 ms for %v was cut: %v (%d of %d bytes)", took, err, len(got.Content), len(content))
			}
			if took < 600*time.Millisecond {
				t.Fatalf("the stream took %v, not longer than the 500 ms timeout: the test proves nothing", took)
			}
		})
	}
}
