package bench

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// steppingClock advances by step on every reading, so every timed
// interval in a run is exactly one step.
func steppingClock(step time.Duration) func() time.Time {
	t := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(step); return t }
}

func TestRunMeasuresEveryCorpusAndMode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds several indexes")
	}
	questions := []string{
		"What was the value of bilateral trade in 2022?",
		"When did Biden arrive in Hanoi?",
		"Who is the coach of Vietnam's football team?",
	}
	var progress []string
	got, err := Run(context.Background(), articles(t), Options{
		Sizes: []int{300}, Questions: questions, Reps: 2, Dir: t.TempDir(), Now: steppingClock(time.Millisecond),
		Progress: func(done, total int, step string) {
			progress = append(progress, fmt.Sprintf("%d/%d %s", done, total, step))
		}})
	if err != nil {
		t.Fatal(err)
	}
	// Each corpus: build, restart, baselines, then each mode; then done.
	if n := 2*(Options{}).withDefaults().stepsPerCorpus() + 1; len(progress) != n || progress[0] != "0/12 building the index of 66 passages" ||
		progress[6] != "6/12 building the index of 300 passages" || progress[11] != "11/12 timing hybrid queries and answers of 300 passages" ||
		progress[12] != "12/12 done" {
		t.Errorf("progress:\n%s\nwant %d steps in order, counting to 12/12 done", strings.Join(progress, "\n"), n)
	}
	if len(got) != 2*len(Modes) {
		t.Fatalf("got %d results, want %d", len(got), 2*len(Modes))
	}
	for i, r := range got {
		wantCorpus := "articles"
		if i >= len(Modes) {
			wantCorpus = "synthetic"
			if r.Passages != 300 {
				t.Errorf("synthetic corpus of %d passages, want 300", r.Passages)
			}
		}
		if r.Corpus != wantCorpus || r.Mode != string(Modes[i%len(Modes)]) {
			t.Errorf("result %d is %s/%s, want %s/%s", i, r.Corpus, r.Mode, wantCorpus, Modes[i%len(Modes)])
		}
		// Every interval is one step of the clock: 1 ms.
		for name, v := range map[string]float64{"p50": r.P50ms, "p99": r.P99ms, "chromem": r.ChromemP50ms,
			"floor": r.FloorP50ms, "answer": r.AnswerP50ms, "build": r.BuildMs, "startup": r.StartupMs} {
			if v != 1 {
				t.Errorf("%s %s: %s = %v ms, want 1", r.Corpus, r.Mode, name, v)
			}
		}
		if r.RatioChromem != 1 || r.RatioFloor != 1 {
			t.Errorf("ratios %v, %v; want 1, 1", r.RatioChromem, r.RatioFloor)
		}
		if r.Reembedded != 0 {
			t.Errorf("%s: the restart embedded %d passages, want 0", r.Corpus, r.Reembedded)
		}
		// One vector per distinct passage text: a few synthetic
		// passages repeat, and so do a few in the articles.
		if vecs := r.VectorBytes / max(1, int64(r.Dim)*4); r.Dim == 0 || vecs > int64(r.Passages) || vecs < int64(r.Passages)*9/10 {
			t.Errorf("%s: dim %d, vector bytes %d for %d passages", r.Corpus, r.Dim, r.VectorBytes, r.Passages)
		}
		if r.HeapBytes < uint64(r.VectorBytes) {
			t.Errorf("%s: heap %d below the vectors' %d bytes", r.Corpus, r.HeapBytes, r.VectorBytes)
		}
		if r.Questions != len(questions) || r.Reps != 2 {
			t.Errorf("questions %d, reps %d; want %d, 2", r.Questions, r.Reps, len(questions))
		}
	}
}

func TestRunNeedsQuestions(t *testing.T) {
	if _, err := Run(context.Background(), articles(t), Options{}); err == nil {
		t.Error("no questions: want an error")
	}
}

func TestFlatScan(t *testing.T) {
	rows := []float32{1, 0, 0, 0.5, 0.5, 0, 0, 0, 1}
	got := make([]float32, 3)
	FlatScan(rows, 3, []float32{0.6, 0.8, 0}, got)
	want := []float32{0.6, 0.7, 0}
	for i := range want {
		if math.Abs(float64(got[i]-want[i])) > 1e-6 {
			t.Errorf("row %d: got %v, want %v", i, got[i], want[i])
		}
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		xs   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{7}, 7},
		{[]float64{30, 10}, 20},
		{[]float64{40, 10, 30, 20}, 25},
		{[]float64{3, 1, 2}, 2},
	}
	for _, tt := range tests {
		if got := median(tt.xs); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.xs, got, tt.want)
		}
	}
}
