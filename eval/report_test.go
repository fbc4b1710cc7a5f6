package eval_test

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/eval"
)

// TestTargetsCheck checks that Check reports every metric that misses its
// minimum or exceeds its maximum, including undefined metrics, and passes
// a metric exactly at its threshold.
func TestTargetsCheck(t *testing.T) {
	good := eval.Metrics{Questions: 20, HitAtK: f(19.0 / 20), MRR: f(0.8), AnswerAccuracy: f(0.9), CitationValidity: f(1),
		AbstentionAccuracy: f(0.9), FalseAbstentionRate: f(1.0 / 20), ExcludesViolations: 0}
	targets := eval.Targets{
		Min: map[string]float64{"hit_at_k": 0.95, "answer_accuracy": 0.9, "citation_validity": 1, "abstention_accuracy": 0.9},
		Max: map[string]float64{"false_abstention_rate": 0.05, "excludes_violations": 0},
	}
	with := func(change func(m *eval.Metrics)) eval.Metrics {
		m := good
		change(&m)
		return m
	}
	cases := []struct {
		name    string
		targets eval.Targets
		m       eval.Metrics
		want    []eval.Violation
		strings []string
	}{
		{"all met, some exactly", targets, good, nil, nil},
		{"no targets", eval.Targets{}, eval.Metrics{}, nil, nil},
		{"min missed", targets, with(func(m *eval.Metrics) { m.HitAtK = f(0.8) }),
			[]eval.Violation{{Metric: "hit_at_k", Value: 0.8, Threshold: 0.95, Min: true}},
			[]string{"hit_at_k = 0.800, below the minimum 0.950"}},
		{"max exceeded", targets, with(func(m *eval.Metrics) { m.ExcludesViolations = 2 }),
			[]eval.Violation{{Metric: "excludes_violations", Value: 2, Threshold: 0, Min: false}},
			[]string{"excludes_violations = 2.000, above the maximum 0.000"}},
		{"min and max, mins first then by name", targets, with(func(m *eval.Metrics) {
			m.FalseAbstentionRate, m.CitationValidity, m.AnswerAccuracy = f(0.2), f(0.5), f(0.1)
		}),
			[]eval.Violation{
				{Metric: "answer_accuracy", Value: 0.1, Threshold: 0.9, Min: true},
				{Metric: "citation_validity", Value: 0.5, Threshold: 1, Min: true},
				{Metric: "false_abstention_rate", Value: 0.2, Threshold: 0.05, Min: false},
			},
			[]string{"answer_accuracy = 0.100, below the minimum 0.900", "citation_validity = 0.500, below the minimum 1.000",
				"false_abstention_rate = 0.200, above the maximum 0.050"}},
		{"undefined metric fails a minimum", targets, with(func(m *eval.Metrics) { m.AbstentionAccuracy = nil }),
			[]eval.Violation{{Metric: "abstention_accuracy", Value: 0, Threshold: 0.9, Min: true, Undefined: true}},
			[]string{"abstention_accuracy", "0.900"}},
		{"undefined metric fails a maximum", targets, with(func(m *eval.Metrics) { m.FalseAbstentionRate = nil }),
			[]eval.Violation{{Metric: "false_abstention_rate", Value: 0, Threshold: 0.05, Min: false, Undefined: true}},
			[]string{"false_abstention_rate", "0.050"}},
		{"unknown metric name fails", eval.Targets{Min: map[string]float64{"hit@5": 0.5}}, good,
			[]eval.Violation{{Metric: "hit@5", Value: 0, Threshold: 0.5, Min: true, Undefined: true}}, []string{"hit@5"}},
		{"just below a minimum fails", eval.Targets{Min: map[string]float64{"mrr": 0.8}}, with(func(m *eval.Metrics) { m.MRR = f(0.799) }),
			[]eval.Violation{{Metric: "mrr", Value: 0.799, Threshold: 0.8, Min: true}}, []string{"mrr = 0.799, below the minimum 0.800"}},
		{"latency maximum", eval.Targets{Max: map[string]float64{"p95_ms": 100}}, with(func(m *eval.Metrics) { m.P95MS = 250 }),
			[]eval.Violation{{Metric: "p95_ms", Value: 250, Threshold: 100}}, []string{"p95_ms = 250.000, above the maximum 100.000"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.targets.Check(tc.m)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Check = %+v, want %+v", got, tc.want)
			}
			for i, v := range got {
				if !strings.Contains(v.String(), tc.strings[i]) {
					t.Errorf("violation %d = %q, want it to contain %q", i, v.String(), tc.strings[i])
				}
			}
		})
	}
}

// TestUndefinedViolationMessage checks that a violation by an undefined
// metric does not claim the metric was measured as 0.
func TestUndefinedViolationMessage(t *testing.T) {
	v := eval.Targets{Min: map[string]float64{"abstention_accuracy": 0.9}}.Check(eval.Metrics{Questions: 3})
	if len(v) != 1 {
		t.Fatalf("Check = %+v, want one violation", v)
	}
	if strings.Contains(v[0].String(), "= 0.000") {
		t.Errorf("message %q reports an undefined metric as 0.000", v[0].String())
	}
}

// TestDevTargets checks that DevTargets are the thresholds in targets.json
// and that every metric they name exists, so a typo cannot fail (or pass)
// CI for the wrong reason.
func TestDevTargets(t *testing.T) {
	raw, err := os.ReadFile("targets.json")
	if err != nil {
		t.Fatal(err)
	}
	var want eval.Targets
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&want); err != nil {
		t.Fatalf("targets.json: %v", err)
	}
	got := eval.DevTargets()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DevTargets() = %+v, want %+v", got, want)
	}
	if len(got.Min)+len(got.Max) == 0 {
		t.Error("DevTargets has no thresholds")
	}
	full := eval.Metrics{HitAtK: f(1), MRR: f(1), SearchHitAtK: f(1), SearchMRR: f(1), AnswerAccuracy: f(1),
		CitationValidity: f(1), AbstentionAccuracy: f(1), FalseAbstentionRate: f(0)}
	for _, set := range []map[string]float64{got.Min, got.Max} {
		for name, x := range set {
			if _, ok := full.Value(name); !ok {
				t.Errorf("target %q is not a metric", name)
			}
			if x < 0 {
				t.Errorf("target %s = %v is negative", name, x)
			}
		}
	}
	if v := got.Check(full); len(v) != 0 {
		t.Errorf("perfect metrics miss the dev targets: %v", v)
	}
}

// exampleReport is a tiny report of two results: one answered well, one
// out-of-scope question answered when it should have been declined.
func exampleReport() eval.Report {
	results := []eval.Result{
		{ID: "q1", Kind: "factual", Question: "When did Biden visit Vietnam?", Answerable: true,
			Answer: "Biden visited on September 10.", Correct: true, HitRank: 1, SearchHitRank: 2, LatencyMS: 12.5,
			Citations: []partnerbot.Citation{{DocID: "doc-a", Quote: "September 10"}}, ValidCitations: 1,
			Expected: [][]string{{"september 10"}}},
		{ID: "q2", Kind: "out-of-scope", Question: "Who won\n  the match?", Answerable: false,
			Answer: "The home side won 3-1.", LatencyMS: 40, Reason: "low retrieval score"},
	}
	rep := eval.Report{Mode: "bm25", K: 5, Results: results, Metrics: eval.Summarize(results, 5),
		ByKind: map[string]eval.Metrics{}}
	for _, r := range results {
		rep.ByKind[r.Kind] = eval.Summarize([]eval.Result{r}, 5)
	}
	return rep
}

// ExampleWriteTable pins the report's format: the metrics of each mode,
// then by kind ("-" for an undefined metric), then the failed questions.
func ExampleWriteTable() {
	if err := eval.WriteTable(os.Stdout, []eval.Report{exampleReport()}); err != nil {
		panic(err)
	}
	// Output:
	//   mode  k  questions  hit_at_k    mrr  search_hit_at_k  search_mrr  answer_accuracy  citation_validity  abstention_accuracy  false_abstention_rate  excludes_violations  p50_ms  p95_ms
	//   bm25  5          2     1.000  1.000            1.000       0.500            1.000              1.000                0.000                  0.000                    0    12.5    40.0
	//
	//   bm25 by kind    questions  hit_at_k    mrr  search_hit_at_k  search_mrr  answer_accuracy  citation_validity  abstention_accuracy  false_abstention_rate  excludes_violations  p50_ms  p95_ms
	//        factual            1     1.000  1.000            1.000       0.500            1.000              1.000                    -                  0.000                    0    12.5    12.5
	//   out-of-scope            1         -      -                -           -                -              1.000                0.000                      -                    0    40.0    40.0
	//
	// bm25: 1 of 2 questions failed
	//
	//   q2 [out-of-scope] Who won the match?
	//     expected: a decline
	//     answered: The home side won 3-1.
	//     why: low retrieval score
}
