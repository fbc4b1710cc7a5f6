package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/internal/testclock"
)

// record returns a minimal loggable record.
func record(guild, channel, thread, question string) partnerbot.QuestionRecord {
	return partnerbot.QuestionRecord{
		GuildID: guild, ChannelID: channel, ThreadID: thread, UserHash: "user-hash",
		Question: question, Answer: "answer to " + question, Mode: partnerbot.Extractive,
	}
}

func TestLogQuestionRoundTrip(t *testing.T) {
	ctx := context.Background()
	clk := testclock.New(t0)
	db, _ := openTest(t, Options{Now: clk.Now})
	hanoi := time.FixedZone("ICT", 7*3600)

	tests := []struct {
		name   string
		in     partnerbot.QuestionRecord
		wantAt time.Time
	}{
		{
			name: "every field",
			in: partnerbot.QuestionRecord{
				ID:      999, // ignored
				At:      time.Date(2024, 11, 5, 9, 30, 15, 123456789, hanoi),
				GuildID: "g1", ChannelID: "c1", ThreadID: "t1", UserHash: "hash-1",
				Question: "Giá trị thương mại song phương năm 2022 là bao nhiêu?",
				Answer:   "“About $10 billion,” the ministry said.\nSecond line; 'quotes' \"and\" emoji 🚢",
				Citations: []partnerbot.Citation{
					{DocID: "doc-1", Title: "Trade rises", Quote: "about $10 billion", ChunkID: "doc-1#3", Outlet: "VnExpress", Date: "2023-01-02"},
					{DocID: "doc-2", Title: "Ports", Quote: "the port's capacity \u00a0doubled", ChunkID: "doc-2#0"},
				},
				Abstained: false, Mode: partnerbot.Generative,
				LatencyMS: 1234.5, PromptTokens: 812, CompletionTokens: 97,
			},
			wantAt: time.Date(2024, 11, 5, 9, 30, 15, 123456789, hanoi),
		},
		{
			name: "abstained, no citations, zero time uses Options.Now",
			in: partnerbot.QuestionRecord{
				GuildID: "g1", ChannelID: "c1", UserHash: "h",
				Question: "Who won?", Abstained: true, Mode: partnerbot.Extractive, LatencyMS: 3,
			},
			wantAt: t0,
		},
		{
			name: "direct message: empty guild and thread",
			in: partnerbot.QuestionRecord{
				Question: "dm", Answer: "a", Mode: partnerbot.Extractive,
				Citations: []partnerbot.Citation{}, // empty reads back as nil
			},
			wantAt: t0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := db.LogQuestion(ctx, tt.in)
			if err != nil {
				t.Fatalf("LogQuestion: %v", err)
			}
			if id <= 0 || id == tt.in.ID {
				t.Errorf("id = %d, want a new positive ID", id)
			}
			got, err := db.Question(ctx, id)
			if err != nil {
				t.Fatalf("Question(%d): %v", id, err)
			}
			want := tt.in
			want.ID = id
			want.At = tt.wantAt.UTC()
			if len(want.Citations) == 0 {
				want.Citations = nil
			}
			if !got.At.Equal(tt.wantAt) || got.At.Location() != time.UTC {
				t.Errorf("At = %v, want %v in UTC", got.At, tt.wantAt)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Question(%d):\n got %+v\nwant %+v", id, got, want)
			}
		})
	}
}

func TestLogQuestionIDsIncrease(t *testing.T) {
	db, _ := openTest(t, Options{})
	var last int64
	for i := range 5 {
		id, err := db.LogQuestion(context.Background(), record("g", "c", "", fmt.Sprint("q", i)))
		if err != nil {
			t.Fatal(err)
		}
		if id <= last {
			t.Errorf("id %d after %d, want increasing", id, last)
		}
		last = id
	}
}

func TestLogQuestionInvalid(t *testing.T) {
	db, _ := openTest(t, Options{})
	tests := []struct {
		name string
		edit func(*partnerbot.QuestionRecord)
		want string
	}{
		{"empty mode", func(r *partnerbot.QuestionRecord) { r.Mode = "" }, "mode"},
		{"unknown mode", func(r *partnerbot.QuestionRecord) { r.Mode = "creative" }, "mode"},
		{"time out of range", func(r *partnerbot.QuestionRecord) { r.At = time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC) }, "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := record("g", "c", "", "q")
			tt.edit(&r)
			_, err := db.LogQuestion(context.Background(), r)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "log question: ") {
				t.Errorf("LogQuestion: got %v, want a \"log question: \" error mentioning %q", err, tt.want)
			}
		})
	}
}

func TestQuestionNotFound(t *testing.T) {
	db, _ := openTest(t, Options{})
	for _, id := range []int64{0, 1, -5, 1 << 40} {
		t.Run(fmt.Sprint(id), func(t *testing.T) {
			_, err := db.Question(context.Background(), id)
			if !errors.Is(err, partnerbot.ErrNotFound) {
				t.Errorf("Question(%d): got %v, want partnerbot.ErrNotFound", id, err)
			}
		})
	}
}

func TestThreadHistory(t *testing.T) {
	ctx := context.Background()
	clk := testclock.New(t0)
	db, _ := openTest(t, Options{Now: clk.Now})

	log := func(thread, q string, at time.Time) {
		t.Helper()
		r := record("g", "c", thread, q)
		r.At = at
		if _, err := db.LogQuestion(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	// Thread A: five turns, logged out of time order (t1 is logged last);
	// two turns share a time and keep their logging order.
	log("A", "a2", t0.Add(2*time.Minute))
	log("A", "a3", t0.Add(3*time.Minute))
	log("A", "a4", t0.Add(3*time.Minute))
	log("A", "a5", t0.Add(5*time.Minute))
	log("B", "b1", t0.Add(4*time.Minute))
	log("", "no thread", t0.Add(4*time.Minute))
	log("A", "a1", t0.Add(1*time.Minute))

	tests := []struct {
		name   string
		thread string
		limit  int
		want   []string
	}{
		{"all turns oldest first", "A", 10, []string{"a1", "a2", "a3", "a4", "a5"}},
		{"exactly all", "A", 5, []string{"a1", "a2", "a3", "a4", "a5"}},
		{"last three", "A", 3, []string{"a3", "a4", "a5"}},
		{"last one", "A", 1, []string{"a5"}},
		{"zero limit", "A", 0, nil},
		{"negative limit", "A", -1, nil},
		{"other thread", "B", 10, []string{"b1"}},
		{"unknown thread", "Z", 10, nil},
		{"empty thread ID", "", 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			turns, err := db.ThreadHistory(ctx, tt.thread, tt.limit)
			if err != nil {
				t.Fatalf("ThreadHistory: %v", err)
			}
			var got []string
			for _, turn := range turns {
				got = append(got, turn.Question)
				if turn.Answer != "answer to "+turn.Question {
					t.Errorf("turn %q has answer %q", turn.Question, turn.Answer)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ThreadHistory(%q, %d) = %q, want %q", tt.thread, tt.limit, got, tt.want)
			}
		})
	}
}

// TestThreadHistoryUsesItsIndex checks that SQLite answers ThreadHistory
// from the partial index questions_thread: the bot looks a thread up for
// every message it sees, and a scan of the question log costs
// milliseconds per message once the log is large.
func TestThreadHistoryUsesItsIndex(t *testing.T) {
	db, _ := openTest(t, Options{})
	rows, err := db.sql.Query(`EXPLAIN QUERY PLAN `+threadHistorySQL, "thread-1", 1)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if got := strings.Join(plan, "; "); !strings.Contains(got, "USING INDEX questions_thread") {
		t.Errorf("ThreadHistory's plan does not use questions_thread: %s", got)
	}
}
