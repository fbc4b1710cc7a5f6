package eval

import (
	"context"
	"errors"
	"testing"

	"github.com/partnerbot/partnerbot/bot"
)

func TestRecordings(t *testing.T) {
	dir := t.TempDir() + "/replies"
	recs, err := OpenRecordings(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	model := func(_ context.Context, req bot.Completion) (bot.CompletionReply, error) {
		return bot.CompletionReply{Content: "reply to " + req.Question, PromptTokens: 10}, nil
	}
	asked := bot.Completion{Question: "q1", Passages: []string{"a#1", "b#2"}}
	if _, err := recs.Record(model)(t.Context(), asked); err != nil {
		t.Fatal(err)
	}
	again, err := OpenRecordings(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		req     bot.Completion
		want    string
		wantErr error
	}{
		{"same question and passages", asked, "reply to q1", nil},
		{"other passages", bot.Completion{Question: "q1", Passages: []string{"b#2", "a#1"}}, "", ErrStale},
		{"a try never made", bot.Completion{Question: "q1", Passages: []string{"a#1", "b#2"}, Attempt: 1}, "", ErrNotRecorded},
		{"another question", bot.Completion{Question: "q2", Passages: []string{"a#1", "b#2"}}, "", ErrNotRecorded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := again.Replay(t.Context(), tt.req)
			if !errors.Is(err, tt.wantErr) || got.Content != tt.want {
				t.Errorf("got %q, %v; want %q, %v", got.Content, err, tt.want, tt.wantErr)
			}
		})
	}
	if _, err := OpenRecordings(t.TempDir()+"/none", false); err == nil {
		t.Error("replaying from a directory that does not exist did not fail")
	}
}
