package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/internal/testclock"
)

func TestSetThread(t *testing.T) {
	ctx := context.Background()
	clk := testclock.New(t0)
	db, path := openTest(t, Options{Now: clk.Now})

	first, err := db.LogQuestion(ctx, record("g1", "c1", "", "What was bilateral trade in 2022?"))
	if err != nil {
		t.Fatal(err)
	}
	clk.Set(t0.Add(time.Minute))
	if err := db.SetThread(ctx, first, "th1"); err != nil {
		t.Fatalf("SetThread: %v", err)
	}
	if _, err := db.LogQuestion(ctx, record("g1", "th1", "th1", "And the next year?")); err != nil {
		t.Fatal(err)
	}

	got, err := db.ThreadHistory(ctx, "th1", 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []partnerbot.Turn{
		{Question: "What was bilateral trade in 2022?", Answer: "answer to What was bilateral trade in 2022?"},
		{Question: "And the next year?", Answer: "answer to And the next year?"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ThreadHistory = %+v, want %+v", got, want)
	}
	rec, err := db.Question(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	if rec.ThreadID != "th1" || rec.ChannelID != "c1" {
		t.Errorf("question filed in thread %q channel %q, want th1 c1", rec.ThreadID, rec.ChannelID)
	}

	// It survives reopening the file.
	again, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if got, err := again.ThreadHistory(ctx, "th1", 1); err != nil || len(got) != 1 || got[0].Question != "And the next year?" {
		t.Errorf("after reopen ThreadHistory(th1, 1) = %+v, %v; want the latest turn", got, err)
	}
}

func TestSetThreadErrors(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t, Options{})
	tests := []struct {
		name     string
		id       int64
		thread   string
		notFound bool
	}{
		{"unknown question", 42, "th", true},
		{"empty thread", 1, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.SetThread(ctx, tt.id, tt.thread)
			if err == nil {
				t.Fatal("SetThread = nil, want an error")
			}
			if got := errors.Is(err, partnerbot.ErrNotFound); got != tt.notFound {
				t.Errorf("errors.Is(%v, partnerbot.ErrNotFound) = %v, want %v", err, got, tt.notFound)
			}
		})
	}
}
