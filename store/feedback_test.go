package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/internal/testclock"
)

func TestRecordFeedback(t *testing.T) {
	ctx := context.Background()
	now := t0.Add(4*time.Minute + 30*time.Second)
	clk := testclock.New(now)
	db, _ := openTest(t, Options{Now: clk.Now})
	id, err := db.LogQuestion(ctx, record("g", "c", "", "q"))
	if err != nil {
		t.Fatal(err)
	}

	// The steps run in order against the same question.
	steps := []struct {
		name             string
		user             string
		vote             int
		at               time.Time
		wantUp, wantDown int
		wantLast         time.Time
	}{
		{"first vote up", "alice", 1, t0.Add(time.Minute), 1, 0, t0.Add(time.Minute)},
		{"same vote again", "alice", 1, t0.Add(2 * time.Minute), 1, 0, t0.Add(2 * time.Minute)},
		{"changed to down", "alice", -1, t0.Add(3 * time.Minute), 0, 1, t0.Add(3 * time.Minute)},
		{"second user up", "bob", 1, t0.Add(4 * time.Minute), 1, 1, t0.Add(4 * time.Minute)},
		{"zero time uses Options.Now", "carol", -1, time.Time{}, 1, 2, now},
		{"changed back to up", "alice", 1, t0.Add(5 * time.Minute), 2, 1, t0.Add(5 * time.Minute)},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if err := db.RecordFeedback(ctx, id, s.user, s.vote, s.at); err != nil {
				t.Fatalf("RecordFeedback: %v", err)
			}
			items, err := db.RecentFeedback(ctx, "g", "all", 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 1 {
				t.Fatalf("got %d items, want 1", len(items))
			}
			it := items[0]
			if it.Up != s.wantUp || it.Down != s.wantDown || !it.LastAt.Equal(s.wantLast) {
				t.Errorf("got up %d down %d last %v, want up %d down %d last %v",
					it.Up, it.Down, it.LastAt, s.wantUp, s.wantDown, s.wantLast)
			}
		})
	}
}

func TestRecordFeedbackErrors(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t, Options{})
	id, err := db.LogQuestion(ctx, record("g", "c", "", "q"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		question int64
		user     string
		vote     int
		notFound bool
		want     string
	}{
		{"unknown question", id + 1, "u", 1, true, "question"},
		{"vote zero", id, "u", 0, false, "vote 0"},
		{"vote two", id, "u", 2, false, "vote 2"},
		{"vote minus two", id, "u", -2, false, "vote -2"},
		{"empty user", id, "", 1, false, "user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.RecordFeedback(ctx, tt.question, tt.user, tt.vote, t0)
			if err == nil {
				t.Fatal("RecordFeedback succeeded, want an error")
			}
			if got := errors.Is(err, partnerbot.ErrNotFound); got != tt.notFound {
				t.Errorf("errors.Is(%v, partnerbot.ErrNotFound) = %v, want %v", err, got, tt.notFound)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
	// None of the failures left a vote behind.
	items, err := db.RecentFeedback(ctx, "g", "all", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 0 {
		t.Errorf("failed votes left %d items", len(items))
	}
}

func TestRecentFeedback(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t, Options{})
	logQ := func(guild, q string) int64 {
		t.Helper()
		id, err := db.LogQuestion(ctx, record(guild, "c", "", q))
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	vote := func(id int64, user string, v int, minute int) {
		t.Helper()
		if err := db.RecordFeedback(ctx, id, user, v, t0.Add(time.Duration(minute)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	up := logQ("g", "up only")        // last vote at 10
	down := logQ("g", "down only")    // last vote at 30
	mixed := logQ("g", "mixed")       // last vote at 20
	_ = logQ("g", "no votes")         // never listed
	other := logQ("other", "other g") // another guild
	vote(up, "u1", 1, 5)
	vote(up, "u2", 1, 10)
	vote(down, "u1", -1, 30)
	vote(mixed, "u1", 1, 15)
	vote(mixed, "u2", -1, 20)
	vote(other, "u1", -1, 40)

	tests := []struct {
		name  string
		guild string
		only  string
		limit int
		want  []string
	}{
		{"all, newest feedback first", "g", "all", 10, []string{"down only", "mixed", "up only"}},
		{"empty filter means all", "g", "", 10, []string{"down only", "mixed", "up only"}},
		{"down: any down vote", "g", "down", 10, []string{"down only", "mixed"}},
		{"up: any up vote", "g", "up", 10, []string{"mixed", "up only"}},
		{"limit", "g", "all", 2, []string{"down only", "mixed"}},
		{"zero limit", "g", "all", 0, nil},
		{"other guild", "other", "all", 10, []string{"other g"}},
		{"unknown guild", "nope", "all", 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := db.RecentFeedback(ctx, tt.guild, tt.only, tt.limit)
			if err != nil {
				t.Fatalf("RecentFeedback: %v", err)
			}
			var got []string
			for _, it := range items {
				got = append(got, it.Question.Question)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("RecentFeedback(%q, %q, %d) = %q, want %q", tt.guild, tt.only, tt.limit, got, tt.want)
			}
		})
	}

	t.Run("counts and full question", func(t *testing.T) {
		items, err := db.RecentFeedback(ctx, "g", "all", 10)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][3]int{"up only": {2, 0, 10}, "down only": {0, 1, 30}, "mixed": {1, 1, 20}}
		for _, it := range items {
			w := want[it.Question.Question]
			if it.Up != w[0] || it.Down != w[1] || !it.LastAt.Equal(t0.Add(time.Duration(w[2])*time.Minute)) {
				t.Errorf("%q: up %d down %d last %v, want %v", it.Question.Question, it.Up, it.Down, it.LastAt, w)
			}
			q, err := db.Question(ctx, it.Question.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(it.Question, q) {
				t.Errorf("item question %+v, want %+v", it.Question, q)
			}
		}
	})

	t.Run("unknown filter", func(t *testing.T) {
		if _, err := db.RecentFeedback(ctx, "g", "sideways", 10); err == nil {
			t.Error("RecentFeedback with filter \"sideways\" succeeded, want an error")
		}
	})
}
