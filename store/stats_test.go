package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot"
)

func cite(docs ...string) []partnerbot.Citation {
	var cs []partnerbot.Citation
	for i, d := range docs {
		cs = append(cs, partnerbot.Citation{DocID: d, Title: "Title of " + d, Quote: fmt.Sprint("quote ", i), ChunkID: d + "#0"})
	}
	return cs
}

func TestStats(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t, Options{})
	since := t0
	type q struct {
		guild     string
		at        time.Time
		latency   float64
		mode      string
		abstained bool
		prompt    int
		complete  int
		docs      []string
		up, down  int
	}
	qs := []q{
		// Before since, in g: excluded unless since is zero.
		{guild: "g", at: since.Add(-time.Second), latency: 10000, mode: partnerbot.Generative, abstained: true, prompt: 1000, complete: 100,
			docs: []string{"doc-z", "doc-z", "doc-z", "doc-z", "doc-z"}, up: 3},
		// At or after since, in g.
		{guild: "g", at: since, latency: 100, mode: partnerbot.Extractive, docs: []string{"doc-a", "doc-b"}, up: 2},
		{guild: "g", at: since.Add(time.Hour), latency: 300, mode: partnerbot.Generative, prompt: 100, complete: 10,
			docs: []string{"doc-a", "doc-a", "doc-c"}, down: 1},
		{guild: "g", at: since.Add(2 * time.Hour), latency: 200, mode: partnerbot.Extractive, abstained: true},
		{guild: "g", at: since.Add(3 * time.Hour), latency: 400, mode: partnerbot.Generative, prompt: 50, complete: 5,
			docs: []string{"doc-b"}, up: 1, down: 1},
		// Another guild.
		{guild: "h", at: since.Add(time.Hour), latency: 50, mode: partnerbot.Generative, prompt: 7, complete: 7,
			docs: []string{"doc-z", "doc-z", "doc-z"}, down: 2},
	}
	for i, x := range qs {
		r := record(x.guild, "c", "", fmt.Sprint("q", i))
		r.At, r.LatencyMS, r.Mode, r.Abstained = x.at, x.latency, x.mode, x.abstained
		r.PromptTokens, r.CompletionTokens, r.Citations = x.prompt, x.complete, cite(x.docs...)
		id, err := db.LogQuestion(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		for u := range x.up {
			if err := db.RecordFeedback(ctx, id, fmt.Sprint("up", u), 1, x.at); err != nil {
				t.Fatal(err)
			}
		}
		for u := range x.down {
			if err := db.RecordFeedback(ctx, id, fmt.Sprint("down", u), -1, x.at); err != nil {
				t.Fatal(err)
			}
		}
	}

	tests := []struct {
		name  string
		guild string
		since time.Time
		want  partnerbot.Stats
	}{
		{
			name: "since", guild: "g", since: since,
			want: partnerbot.Stats{
				Questions: 4, Abstained: 1, Up: 3, Down: 2, AbstentionRate: 0.25,
				P50MS: 200, P95MS: 400, // nearest rank of [100 200 300 400]
				TopSources: []partnerbot.SourceCount{
					{DocID: "doc-a", Title: "Title of doc-a", Count: 3},
					{DocID: "doc-b", Title: "Title of doc-b", Count: 2},
					{DocID: "doc-c", Title: "Title of doc-c", Count: 1},
				},
				PromptTokens: 150, CompletionTokens: 15, Generative: 2,
			},
		},
		{
			name: "zero since means everything", guild: "g", since: time.Time{},
			want: partnerbot.Stats{
				Questions: 5, Abstained: 2, Up: 6, Down: 2, AbstentionRate: 0.4,
				P50MS: 300, P95MS: 10000, // [100 200 300 400 10000]
				TopSources: []partnerbot.SourceCount{
					{DocID: "doc-z", Title: "Title of doc-z", Count: 5},
					{DocID: "doc-a", Title: "Title of doc-a", Count: 3},
					{DocID: "doc-b", Title: "Title of doc-b", Count: 2},
					{DocID: "doc-c", Title: "Title of doc-c", Count: 1},
				},
				PromptTokens: 1150, CompletionTokens: 115, Generative: 3,
			},
		},
		{
			name: "late since keeps the last question", guild: "g", since: since.Add(3 * time.Hour),
			want: partnerbot.Stats{
				Questions: 1, Up: 1, Down: 1, P50MS: 400, P95MS: 400,
				TopSources:   []partnerbot.SourceCount{{DocID: "doc-b", Title: "Title of doc-b", Count: 1}},
				PromptTokens: 50, CompletionTokens: 5, Generative: 1,
			},
		},
		{
			name: "other guild", guild: "h", since: since,
			want: partnerbot.Stats{
				Questions: 1, Down: 2, P50MS: 50, P95MS: 50,
				TopSources:   []partnerbot.SourceCount{{DocID: "doc-z", Title: "Title of doc-z", Count: 3}},
				PromptTokens: 7, CompletionTokens: 7, Generative: 1,
			},
		},
		{name: "future since", guild: "g", since: since.AddDate(1, 0, 0), want: partnerbot.Stats{}},
		{name: "unknown guild", guild: "none", since: time.Time{}, want: partnerbot.Stats{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.Stats(ctx, tt.guild, tt.since)
			if err != nil {
				t.Fatalf("Stats: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Stats(%q, %v):\n got %+v\nwant %+v", tt.guild, tt.since, got, tt.want)
			}
		})
	}
}

func TestStatsTopSourcesLimit(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t, Options{})
	// doc-1 cited once ... doc-7 seven times; doc-8 ties doc-7 and sorts
	// after it by ID.
	var docs []string
	for d := 1; d <= 7; d++ {
		for range d {
			docs = append(docs, fmt.Sprint("doc-", d))
		}
	}
	docs = append(docs, "doc-8", "doc-8", "doc-8", "doc-8", "doc-8", "doc-8", "doc-8")
	r := record("g", "c", "", "q")
	r.Citations = cite(docs...)
	r.Citations = append(r.Citations, partnerbot.Citation{Quote: "no doc id"})
	if _, err := db.LogQuestion(ctx, r); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(ctx, "g", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range st.TopSources {
		got = append(got, fmt.Sprint(s.DocID, "=", s.Count))
	}
	want := []string{"doc-7=7", "doc-8=7", "doc-6=6", "doc-5=5", "doc-4=4"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TopSources = %q, want %q", got, want)
	}
}

func TestPercentile(t *testing.T) {
	seq := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = float64(i + 1)
		}
		return s
	}
	tests := []struct {
		name   string
		sorted []float64
		p      int
		want   float64
	}{
		{"empty", nil, 50, 0},
		{"one value p50", []float64{7}, 50, 7},
		{"one value p95", []float64{7}, 95, 7},
		{"two values p50", []float64{1, 2}, 50, 1},
		{"two values p95", []float64{1, 2}, 95, 2},
		{"ten p50", seq(10), 50, 5},
		{"ten p95", seq(10), 95, 10},
		{"twenty p95 is rank 19 exactly", seq(20), 95, 19},
		{"hundred p95", seq(100), 95, 95},
		{"hundred p50", seq(100), 50, 50},
		{"hundred-one p50", seq(101), 50, 51},
		{"p0 is the minimum", seq(10), 0, 1},
		{"p100 is the maximum", seq(10), 100, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("percentile(%v, %d) = %v, want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
}
