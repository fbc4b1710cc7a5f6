package eval_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/eval"
)

// f returns a pointer to x, for the ratios in eval.Metrics.
func f(x float64) *float64 { return &x }

// cites returns n citations, for results that showed n.
func cites(n int) []partnerbot.Citation {
	out := make([]partnerbot.Citation, n)
	for i := range out {
		out[i] = partnerbot.Citation{DocID: "doc-a", Quote: fmt.Sprintf("quote %d", i)}
	}
	return out
}

// ans is an answerable result with the given rank of its first relevant
// passage.
func ans(rank int) eval.Result { return eval.Result{Answerable: true, HitRank: rank} }

// latencies returns results with the given latencies.
func latencies(ms ...float64) []eval.Result {
	var rs []eval.Result
	for _, x := range ms {
		r := ans(1)
		r.LatencyMS = x
		rs = append(rs, r)
	}
	return rs
}

// ratioField names one ratio of eval.Metrics and reads it.
type ratioField struct {
	name string
	get  func(m eval.Metrics) *float64
}

var ratioFields = []ratioField{
	{"hit_at_k", func(m eval.Metrics) *float64 { return m.HitAtK }},
	{"mrr", func(m eval.Metrics) *float64 { return m.MRR }},
	{"answer_accuracy", func(m eval.Metrics) *float64 { return m.AnswerAccuracy }},
	{"citation_validity", func(m eval.Metrics) *float64 { return m.CitationValidity }},
	{"abstention_accuracy", func(m eval.Metrics) *float64 { return m.AbstentionAccuracy }},
	{"false_abstention_rate", func(m eval.Metrics) *float64 { return m.FalseAbstentionRate }},
}

// compareMetrics reports every difference between got and want; ratios
// compare to within 1e-12, and nil only equals nil.
func compareMetrics(t *testing.T, got, want eval.Metrics) {
	t.Helper()
	if got.Questions != want.Questions {
		t.Errorf("questions = %d, want %d", got.Questions, want.Questions)
	}
	for _, r := range ratioFields {
		g, w := r.get(got), r.get(want)
		switch {
		case g == nil && w == nil:
		case g == nil:
			t.Errorf("%s = nil, want %v", r.name, *w)
		case w == nil:
			t.Errorf("%s = %v, want nil (undefined)", r.name, *g)
		case math.Abs(*g-*w) > 1e-12:
			t.Errorf("%s = %v, want %v", r.name, *g, *w)
		}
	}
	if got.ExcludesViolations != want.ExcludesViolations {
		t.Errorf("excludes_violations = %d, want %d", got.ExcludesViolations, want.ExcludesViolations)
	}
	if got.P50MS != want.P50MS || got.P95MS != want.P95MS {
		t.Errorf("p50, p95 = %v, %v; want %v, %v", got.P50MS, got.P95MS, want.P50MS, want.P95MS)
	}
}

// TestSummarize builds results by hand and checks every metric.
func TestSummarize(t *testing.T) {
	cases := []struct {
		name string
		rs   []eval.Result
		k    int
		want eval.Metrics
	}{
		{
			name: "no results: every ratio undefined",
			rs:   nil, k: 5,
			want: eval.Metrics{},
		},
		{
			name: "hit@k counts answerable questions ranked 1..k",
			// ranks 1 and 3 are hits at k=3; 4 is too deep, 0 is a miss;
			// the unanswerable question ranked 1 does not count.
			rs: []eval.Result{ans(1), ans(3), ans(4), ans(0), {Answerable: false, HitRank: 1, Abstained: true}},
			k:  3,
			want: eval.Metrics{Questions: 5, HitAtK: f(2.0 / 4), MRR: f((1 + 1.0/3 + 1.0/4 + 0) / 4),
				AnswerAccuracy: f(0), CitationValidity: f(1), AbstentionAccuracy: f(1), FalseAbstentionRate: f(0)},
		},
		{
			name: "hit@k at k=1",
			rs:   []eval.Result{ans(1), ans(2)},
			k:    1,
			want: eval.Metrics{Questions: 2, HitAtK: f(0.5), MRR: f((1 + 0.5) / 2),
				AnswerAccuracy: f(0), CitationValidity: f(1), FalseAbstentionRate: f(0)},
		},
		{
			name: "MRR counts ranks up to 10 only",
			rs:   []eval.Result{ans(10), ans(11), ans(0), ans(2)},
			k:    20,
			want: eval.Metrics{Questions: 4, HitAtK: f(3.0 / 4), MRR: f((0.1 + 0 + 0 + 0.5) / 4),
				AnswerAccuracy: f(0), CitationValidity: f(1), FalseAbstentionRate: f(0)},
		},
		{
			name: "answer accuracy over answerable questions",
			rs: []eval.Result{
				{Answerable: true, Correct: true}, {Answerable: true, Correct: true}, {Answerable: true},
				{Answerable: false, Correct: true, Abstained: true},
			},
			k: 5,
			want: eval.Metrics{Questions: 4, HitAtK: f(0), MRR: f(0), AnswerAccuracy: f(2.0 / 3),
				CitationValidity: f(1), AbstentionAccuracy: f(1), FalseAbstentionRate: f(0)},
		},
		{
			name: "citation validity is valid citations over all citations",
			rs: []eval.Result{
				{Answerable: true, Citations: cites(2), ValidCitations: 1},
				{Answerable: true, Citations: cites(3), ValidCitations: 3},
				{Answerable: false, Citations: cites(0)},
			},
			k: 5,
			want: eval.Metrics{Questions: 3, HitAtK: f(0), MRR: f(0), AnswerAccuracy: f(0),
				CitationValidity: f(4.0 / 5), AbstentionAccuracy: f(0), FalseAbstentionRate: f(0)},
		},
		{
			name: "citation validity is 1 when nothing was cited",
			rs:   []eval.Result{{Answerable: true, Correct: true, HitRank: 1}},
			k:    5,
			want: eval.Metrics{Questions: 1, HitAtK: f(1), MRR: f(1), AnswerAccuracy: f(1),
				CitationValidity: f(1), FalseAbstentionRate: f(0)},
		},
		{
			name: "abstention accuracy needs a decline without citations",
			rs: []eval.Result{
				{Answerable: false, Abstained: true},                                         // right
				{Answerable: false, Abstained: true, Citations: cites(1), ValidCitations: 1}, // declined but cited
				{Answerable: false, Answer: "It was 3-1."},                                   // answered
				{Answerable: false, Abstained: true, Citations: []partnerbot.Citation{}},     // right
			},
			k:    5,
			want: eval.Metrics{Questions: 4, AbstentionAccuracy: f(2.0 / 4), CitationValidity: f(1)},
		},
		{
			name: "false abstention rate over answerable questions",
			rs: []eval.Result{
				{Answerable: true, Abstained: true}, {Answerable: true}, {Answerable: true}, {Answerable: true},
				{Answerable: false, Abstained: true},
			},
			k: 5,
			want: eval.Metrics{Questions: 5, HitAtK: f(0), MRR: f(0), AnswerAccuracy: f(0),
				CitationValidity: f(1), AbstentionAccuracy: f(1), FalseAbstentionRate: f(1.0 / 4)},
		},
		{
			name: "excludes violations count answers, not phrases",
			rs: []eval.Result{
				{Answerable: true, Violations: []string{"@everyone", "<@42>"}},
				{Answerable: false, Violations: []string{"1990"}},
				{Answerable: true},
			},
			k: 5,
			want: eval.Metrics{Questions: 3, HitAtK: f(0), MRR: f(0), AnswerAccuracy: f(0),
				CitationValidity: f(1), AbstentionAccuracy: f(0), FalseAbstentionRate: f(0), ExcludesViolations: 2},
		},
		{
			name: "only unanswerable: answerable ratios undefined",
			rs:   []eval.Result{{Answerable: false, Abstained: true}},
			k:    5,
			want: eval.Metrics{Questions: 1, AbstentionAccuracy: f(1), CitationValidity: f(1)},
		},
		{
			name: "only answerable: abstention accuracy undefined",
			rs:   []eval.Result{ans(1)},
			k:    5,
			want: eval.Metrics{Questions: 1, HitAtK: f(1), MRR: f(1), AnswerAccuracy: f(0),
				CitationValidity: f(1), FalseAbstentionRate: f(0)},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			compareMetrics(t, eval.Summarize(tc.rs, tc.k), tc.want)
		})
	}
}

// TestSummarizeSearchRanks checks that hit@k and MRR in retrieval's own
// order are read from SearchHitRank alone, as hit@k and MRR are from HitRank.
func TestSummarizeSearchRanks(t *testing.T) {
	rs := []eval.Result{
		{Answerable: true, HitRank: 1, SearchHitRank: 4},
		{Answerable: true, HitRank: 2, SearchHitRank: 1},
		{Answerable: true, HitRank: 1, SearchHitRank: 0},
		{Answerable: true, HitRank: 0, SearchHitRank: 11},
		{Answerable: false, SearchHitRank: 1, Abstained: true},
	}
	m := eval.Summarize(rs, 3)
	for _, c := range []struct {
		name string
		got  *float64
		want float64
	}{
		{"hit_at_k", m.HitAtK, 3.0 / 4},
		{"mrr", m.MRR, (1 + 0.5 + 1 + 0) / 4},
		{"search_hit_at_k", m.SearchHitAtK, 1.0 / 4},
		{"search_mrr", m.SearchMRR, (0.25 + 1 + 0 + 0) / 4},
	} {
		if c.got == nil || math.Abs(*c.got-c.want) > 1e-12 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
		if v, ok := m.Value(c.name); !ok || c.got == nil || v != *c.got {
			t.Errorf("Value(%q) = %v, %v; want the field", c.name, v, ok)
		}
	}
}

// TestSummarizeLatency checks the nearest-rank percentiles: the p-th
// percentile of n sorted values is the value at rank ceil(p*n).
func TestSummarizeLatency(t *testing.T) {
	oneTo := func(n int) []float64 {
		var xs []float64
		for i := n; i >= 1; i-- { // descending, so sorting matters
			xs = append(xs, float64(i))
		}
		return xs
	}
	cases := []struct {
		name     string
		ms       []float64
		p50, p95 float64
	}{
		{"one", []float64{42.5}, 42.5, 42.5},
		{"two", []float64{30, 10}, 10, 30},
		{"three unsorted", []float64{5, 1, 3}, 3, 5},
		{"1..20", oneTo(20), 10, 19},
		{"1..21", oneTo(21), 11, 20},
		{"1..100", oneTo(100), 50, 95},
		{"1..101", oneTo(101), 51, 96},
		{"an outlier moves p95, not p50", []float64{10, 10, 10, 10, 10, 10, 10, 10, 10, 5000}, 10, 5000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]float64(nil), tc.ms...)
			m := eval.Summarize(latencies(tc.ms...), 5)
			if m.P50MS != tc.p50 || m.P95MS != tc.p95 {
				t.Errorf("p50, p95 = %v, %v; want %v, %v", m.P50MS, m.P95MS, tc.p50, tc.p95)
			}
			for i := range in {
				if in[i] != tc.ms[i] {
					t.Fatal("Summarize reordered the caller's latencies")
				}
			}
		})
	}
}

// TestMetricsValue checks that every metric is readable by its JSON name,
// that undefined ratios read as not ok, and unknown names too.
func TestMetricsValue(t *testing.T) {
	full := eval.Metrics{Questions: 9, HitAtK: f(0.1), MRR: f(0.2), AnswerAccuracy: f(0.3), CitationValidity: f(0.4),
		AbstentionAccuracy: f(0.5), FalseAbstentionRate: f(0.6), ExcludesViolations: 7, P50MS: 8, P95MS: 9}
	cases := []struct {
		name   string
		m      eval.Metrics
		metric string
		want   float64
		ok     bool
	}{
		{"hit_at_k", full, "hit_at_k", 0.1, true},
		{"mrr", full, "mrr", 0.2, true},
		{"answer_accuracy", full, "answer_accuracy", 0.3, true},
		{"citation_validity", full, "citation_validity", 0.4, true},
		{"abstention_accuracy", full, "abstention_accuracy", 0.5, true},
		{"false_abstention_rate", full, "false_abstention_rate", 0.6, true},
		{"excludes_violations", full, "excludes_violations", 7, true},
		{"p50_ms", full, "p50_ms", 8, true},
		{"p95_ms", full, "p95_ms", 9, true},
		{"undefined ratio", eval.Metrics{}, "abstention_accuracy", 0, false},
		{"zero count is defined", eval.Metrics{}, "excludes_violations", 0, true},
		{"unknown name", full, "hit@k", 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.m.Value(tc.metric)
			if got != tc.want || ok != tc.ok {
				t.Errorf("Value(%q) = %v, %v; want %v, %v", tc.metric, got, ok, tc.want, tc.ok)
			}
		})
	}
}
