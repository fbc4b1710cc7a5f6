package store

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/internal/testclock"
)

// eachEngine runs fn on a fresh database of every engine and returns each
// engine's result, so engines can be compared.
func eachEngine(t *testing.T, fn func(t *testing.T, db contract) string) map[string]string {
	got := map[string]string{}
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db, _, _ := e.open(t)
			got[e.name] = fn(t, db)
		})
	}
	return got
}

// sameOnBoth fails t when the engines' results differ.
func sameOnBoth(t *testing.T, got map[string]string) {
	t.Helper()
	if len(got) == 2 && got["sqlite"] != got["postgres"] {
		t.Errorf("engines disagree:\n  sqlite:   %s\n  postgres: %s", got["sqlite"], got["postgres"])
	}
}

// TestEnginesAgreeOnLimitsBelowOne checks that a limit below 1 yields none
// on both engines (SQLite read a negative LIMIT as none at all).
func TestEnginesAgreeOnLimitsBelowOne(t *testing.T) {
	ctx := context.Background()
	got := eachEngine(t, func(t *testing.T, db contract) string {
		out := ""
		for i := range 3 {
			id, err := db.LogQuestion(ctx, partnerbot.QuestionRecord{GuildID: "g", Question: fmt.Sprint("q", i), Mode: partnerbot.Extractive})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.AddGap(ctx, partnerbot.Gap{Kind: partnerbot.GapDeclined, QuestionID: id, UserHash: "u"}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.AddCurated(ctx, partnerbot.CuratedAnswer{GuildID: "g", Question: "q", Answer: "a", AuthorHash: "m",
				Citations: []partnerbot.Citation{{DocID: "d", Quote: "x"}}}); err != nil {
				t.Fatal(err)
			}
		}
		for _, limit := range []int{0, -1} {
			gaps, err := db.Gaps(ctx, "g", limit)
			if err != nil || len(gaps) != 0 {
				t.Errorf("Gaps(limit %d) = %d gaps, %v; want none", limit, len(gaps), err)
			}
			cur, err := db.CuratedAnswers(ctx, "g", limit)
			if err != nil || len(cur) != 0 {
				t.Errorf("CuratedAnswers(limit %d) = %d answers, %v; want none", limit, len(cur), err)
			}
			out += fmt.Sprintf("limit %d: gaps %d err %v; curated %d err %v | ", limit, len(gaps), err != nil, len(cur), err != nil)
		}
		return out
	})
	sameOnBoth(t, got)
}

// TestEnginesAgreeOnEmptyVector checks that an empty vector is stored and
// read back alike.
func TestEnginesAgreeOnEmptyVector(t *testing.T) {
	ctx := context.Background()
	got := eachEngine(t, func(t *testing.T, db contract) string {
		err := db.PutEmbeddings(ctx, "m", map[string][]float32{"h": {}})
		m, err2 := db.Embeddings(ctx, "m", []string{"h"})
		v, ok := m["h"]
		return fmt.Sprintf("put err=%v; get err=%v present=%v len=%d", err != nil, err2 != nil, ok, len(v))
	})
	sameOnBoth(t, got)
}

// TestEnginesAgreeOnNaNLatency checks that a latency that is no duration
// is refused by both engines (SQLite refused NaN as NULL, PostgreSQL kept
// it and its percentiles with it).
func TestEnginesAgreeOnNaNLatency(t *testing.T) {
	ctx := context.Background()
	got := eachEngine(t, func(t *testing.T, db contract) string {
		var errs []bool
		for _, ms := range []float64{math.NaN(), math.Inf(1), -1} {
			_, err := db.LogQuestion(ctx, partnerbot.QuestionRecord{GuildID: "g", Question: "q", Mode: partnerbot.Extractive, LatencyMS: ms})
			if err == nil {
				t.Errorf("LogQuestion(latency %v) accepted", ms)
			}
			errs = append(errs, err != nil)
		}
		return fmt.Sprint(errs)
	})
	sameOnBoth(t, got)
}

// TestEnginesAgreeOnTopSourceTitle checks that a document cited under two
// titles is shown under the same one by both engines.
func TestEnginesAgreeOnTopSourceTitle(t *testing.T) {
	ctx := context.Background()
	got := eachEngine(t, func(t *testing.T, db contract) string {
		for _, title := range []string{"apple", "Banana"} {
			if _, err := db.LogQuestion(ctx, partnerbot.QuestionRecord{GuildID: "g", Question: "q", Mode: partnerbot.Extractive,
				Citations: []partnerbot.Citation{{DocID: "d", Title: title, Quote: "x"}}}); err != nil {
				t.Fatal(err)
			}
		}
		st, err := db.Stats(ctx, "g", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%+v", st.TopSources)
	})
	sameOnBoth(t, got)
}

// TestEnginesAgreeOnManyIDs checks that more IDs than SQLite takes
// parameters (32,766) work on both engines.
func TestEnginesAgreeOnManyIDs(t *testing.T) {
	ctx := context.Background()
	const n = 40000
	got := eachEngine(t, func(t *testing.T, db contract) string {
		ids := make([]int64, n)
		sids := make([]string, n)
		for i := range ids {
			ids[i] = int64(i + 1)
			sids[i] = fmt.Sprint("job-", i)
		}
		_, err := db.DismissGaps(ctx, "g", ids, time.Time{})
		lost, err2 := db.RenewJobs(ctx, "me", sids, time.Now().Add(time.Minute))
		if err != nil || err2 != nil || len(lost) != n {
			t.Errorf("DismissGaps err %v; RenewJobs err %v, lost %d of %d", err, err2, len(lost), n)
		}
		return fmt.Sprintf("dismiss err=%v; renew err=%v lost=%d", err != nil, err2 != nil, len(lost))
	})
	sameOnBoth(t, got)
}

// TestEnginesAgreeOnEmptyResults checks that no rows read back as nil on
// both engines.
func TestEnginesAgreeOnEmptyResults(t *testing.T) {
	ctx := context.Background()
	got := eachEngine(t, func(t *testing.T, db contract) string {
		g, _ := db.Gaps(ctx, "g", 10)
		c, _ := db.CuratedAnswers(ctx, "g", 10)
		r, _ := db.RecentFeedback(ctx, "g", "", 10)
		j, _ := db.TakeJobs(ctx, "me", time.Now(), time.Now().Add(time.Minute), 10)
		if g != nil || c != nil || r != nil || j != nil {
			t.Errorf("no rows read back as gaps %#v, curated %#v, feedback %#v, jobs %#v; want nil", g, c, r, j)
		}
		return fmt.Sprintf("gaps nil=%v curated nil=%v feedback nil=%v jobs nil=%v", g == nil, c == nil, r == nil, j == nil)
	})
	sameOnBoth(t, got)
}

// TestEnginesAgreeOnDeadlineLocation checks that a job's deadline reads
// back as the same instant, in UTC, on both engines.
func TestEnginesAgreeOnDeadlineLocation(t *testing.T) {
	ctx := context.Background()
	dl := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	got := eachEngine(t, func(t *testing.T, db contract) string {
		now := time.Now()
		if err := db.AddJob(ctx, partnerbot.Job{ID: "j", Owner: "a", Deadline: dl}, now.Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
		jobs, err := db.TakeJobs(ctx, "b", now, now.Add(time.Minute), 1)
		if err != nil || len(jobs) != 1 {
			t.Fatalf("TakeJobs = %v, %v", jobs, err)
		}
		if !reflect.DeepEqual(jobs[0].Deadline, dl) {
			t.Errorf("deadline %v (%v), want %v", jobs[0].Deadline, jobs[0].Deadline.Location(), dl)
		}
		return fmt.Sprintf("deadline %v equal=%v loc=%v deepEqual=%v", jobs[0].Deadline, jobs[0].Deadline.Equal(dl), jobs[0].Deadline.Location(), reflect.DeepEqual(jobs[0].Deadline, dl))
	})
	sameOnBoth(t, got)
}

// TestEmbeddingsPrunedUnlessUsed checks that Prune forgets the cached
// embeddings no replica has read, written or touched for embeddingsKept,
// and that reading, writing or touching one keeps it.
func TestEmbeddingsPrunedUnlessUsed(t *testing.T) {
	ctx := context.Background()
	day := 24 * time.Hour
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			clk := testclock.New(t0)
			db := e.clocked(t, clk.Now)
			have := func(want ...string) {
				t.Helper()
				got, err := db.Embeddings(ctx, "m", []string{"read", "written", "touched", "idle"})
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Errorf("at day %d: have %d vectors %v, want %v", clk.Now().Sub(t0)/day, len(got), keys(got), want)
				}
				for _, h := range want {
					if _, ok := got[h]; !ok {
						t.Errorf("at day %d: %q pruned, want it kept", clk.Now().Sub(t0)/day, h)
					}
				}
			}
			prune := func(at time.Time) {
				t.Helper()
				if _, err := db.Prune(ctx, at); err != nil {
					t.Fatal(err)
				}
			}
			v := []float32{1}
			if err := db.PutEmbeddings(ctx, "m", map[string][]float32{"read": v, "written": v, "touched": v, "idle": v}); err != nil {
				t.Fatal(err)
			}
			clk.Set(t0.Add(20 * day))
			if got, err := db.Embeddings(ctx, "m", []string{"read"}); err != nil || len(got) != 1 {
				t.Fatalf("Embeddings = %v, %v", got, err)
			}
			if err := db.PutEmbeddings(ctx, "m", map[string][]float32{"written": {9}}); err != nil {
				t.Fatal(err)
			}
			many := make([]string, 2400) // past a write's share: "touched" is in a later one
			for i := range many {
				many[i] = fmt.Sprint("absent", i)
			}
			if err := db.TouchEmbeddings(ctx, "m", append(many, "touched")); err != nil {
				t.Fatal(err)
			}
			prune(t0.Add(embeddingsKept - time.Second)) // nothing is old enough yet
			prune(t0.Add(embeddingsKept + time.Second)) // idle since day 0
			// have reads, and so uses, what is left, at day 20 still.
			have("read", "written", "touched")
			prune(t0.Add(20*day + embeddingsKept + time.Second))
			have()
		})
	}
}

// keys returns m's keys.
func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
