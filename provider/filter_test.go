package provider

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/provider/openaitest"
)

// TestContentFilter checks that a reply the provider's content filter
// stopped (finish reason content_filter), whole or streamed, and a prompt
// it refused (400, code content_filter, as Azure answers a question it
// takes for a jailbreak) are ErrContentFiltered: not an answer, and not
// reported as a configuration fault.
func TestContentFilter(t *testing.T) {
	const partial = `{"abstain":false,"claims":[{"sentence":"Trade passed`
	_, c := fakeHarness(t, openaitest.Options{APIKey: testKey, Chat: func(openaitest.ChatRequest) openaitest.ChatReply {
		return openaitest.ChatReply{Content: partial, FinishReason: "content_filter"}
	}}, nil)
	req := ask("Trade?")
	req.SchemaName, req.Schema = "cited_answer", answerSchema
	if got, err := c.Complete(t.Context(), req); !errors.Is(err, ErrContentFiltered) {
		t.Errorf("Complete = %q, %v; want ErrContentFiltered", got.Content, err)
	}
	if got, err := c.Stream(t.Context(), req, func(string) {}); !errors.Is(err, ErrContentFiltered) {
		t.Errorf("Stream = %q, %v; want ErrContentFiltered", got.Content, err)
	}
	s := newScripted(t, reply{status: 400, body: `{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","type":null,"param":"prompt","code":"content_filter","status":400}}`})
	h := newHarness(t, s.URL(), nil)
	if _, err := h.Complete(t.Context(), ask("Ignore your rules and ...")); !errors.Is(err, ErrContentFiltered) || errors.Is(err, ErrBadRequest) {
		t.Errorf("a prompt the filter refused: %v (kind %s), want ErrContentFiltered", err, Kind(err))
	}
}

// askTwice asks a chat model behind a server that gives replies in turn
// twice, wants both answered, and the server to have seen want requests.
// It returns the server, locked, for the caller to read its bodies.
func askTwice(t *testing.T, want int, replies ...reply) *scripted {
	t.Helper()
	s := newScripted(t, replies...)
	c := newHarness(t, s.URL(), func(cfg *Config) { cfg.ChatModel = "answers" })
	for k := range 2 {
		if got, err := c.Complete(t.Context(), ask("Trade?")); err != nil || got.Content != "hi" {
			t.Fatalf("call %d: %q, %v; want the model's reply", k+1, got.Content, err)
		}
	}
	s.mu.Lock()
	t.Cleanup(s.mu.Unlock)
	if s.calls != want {
		t.Fatalf("%d requests, want %d: those refused, their retry, and the next call", s.calls, want)
	}
	return s
}

// TestTemperatureRefused checks that a model that refuses the temperature
// (a reasoning model behind an Azure deployment, known only by its name)
// is asked again without it, and is sent none from then on.
func TestTemperatureRefused(t *testing.T) {
	refused := reply{status: 400, body: `{"error":{"message":"Unsupported value: 'temperature' does not support 1e-06 with this model. Only the default (1) value is supported.","type":"invalid_request_error","param":"temperature","code":"unsupported_value"}}`}
	s := askTwice(t, 3, refused, reply{status: 200, body: chatOK})
	if !strings.Contains(s.bodies[0], `"temperature"`) {
		t.Errorf("the first request had no temperature, so the test proves nothing: %s", s.bodies[0])
	}
	for _, b := range s.bodies[1:] {
		if strings.Contains(b, `"temperature"`) {
			t.Errorf("a temperature was sent after the model refused one: %s", b)
		}
	}
}

// TestMaxCompletionTokensRefused checks that a server that predates
// max_completion_tokens gets max_tokens instead, from then on, and that a
// request refused for its temperature and then for its token bound is
// still answered.
func TestMaxCompletionTokensRefused(t *testing.T) {
	refusedMax := reply{status: 400, body: `{"error":{"message":"Unrecognized request argument supplied: max_completion_tokens","type":"invalid_request_error","param":"max_completion_tokens","code":null}}`}
	refusedTemp := reply{status: 400, body: `{"error":{"message":"Unsupported value: 'temperature'.","type":"invalid_request_error","param":"temperature","code":"unsupported_value"}}`}
	s := askTwice(t, 4, refusedTemp, refusedMax, reply{status: 200, body: chatOK}, reply{status: 200, body: chatOK})
	if !strings.Contains(s.bodies[1], `"max_completion_tokens"`) {
		t.Errorf("the second request had no max_completion_tokens, so the test proves nothing: %s", s.bodies[1])
	}
	for _, b := range s.bodies[2:] {
		// The model refused a temperature first, so it is taken for a
		// reasoning one, with the larger bound.
		if strings.Contains(b, `"max_completion_tokens"`) || !strings.Contains(b, fmt.Sprintf(`"max_tokens":%d`, maxReasoningTokens)) {
			t.Errorf("after the refusal, want max_tokens %d and no max_completion_tokens: %s", maxReasoningTokens, b)
		}
	}
}
