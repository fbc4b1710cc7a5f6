package provider

import (
	"errors"
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
