package eval

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// Report is one mode's evaluation.
type Report struct {
	Mode    string             `json:"mode"`
	K       int                `json:"k"`
	Metrics Metrics            `json:"metrics"`
	ByKind  map[string]Metrics `json:"by_kind"`
	Results []Result           `json:"results"`
}

// Reports is an evaluation across modes, as --mode all prints it.
type Reports struct {
	Modes map[string]Report `json:"modes"`
}

// Targets are the thresholds a metric must meet: at least Min, at most Max.
type Targets struct {
	Min map[string]float64 `json:"min"`
	Max map[string]float64 `json:"max"`
}

//go:embed targets.json
var targetsJSON []byte

// DevTargets returns the thresholds the dev set must meet, the same ones CI
// enforces.
func DevTargets() Targets {
	var t Targets
	if err := json.Unmarshal(targetsJSON, &t); err != nil {
		panic("eval: bad targets.json: " + err.Error())
	}
	return t
}

// Violation is a metric that missed its threshold.
type Violation struct {
	Metric    string
	Value     float64
	Threshold float64
	Min       bool // a minimum was missed; else a maximum was exceeded
	Undefined bool // the metric has no questions to be computed over
}

func (v Violation) String() string {
	if v.Undefined {
		return fmt.Sprintf("%s is undefined (no questions it applies to), so it cannot meet %.3f", v.Metric, v.Threshold)
	}
	if v.Min {
		return fmt.Sprintf("%s = %.3f, below the minimum %.3f", v.Metric, v.Value, v.Threshold)
	}
	return fmt.Sprintf("%s = %.3f, above the maximum %.3f", v.Metric, v.Value, v.Threshold)
}

// Check returns the metrics that miss their thresholds. A metric that is
// undefined (no questions of its kind) misses any threshold set on it.
func (t Targets) Check(m Metrics) []Violation {
	var out []Violation
	for _, name := range sortedKeys(t.Min) {
		v, ok := m.Value(name)
		if !ok || v < t.Min[name]-1e-9 {
			out = append(out, Violation{Metric: name, Value: v, Threshold: t.Min[name], Min: true, Undefined: !ok})
		}
	}
	for _, name := range sortedKeys(t.Max) {
		v, ok := m.Value(name)
		if !ok || v > t.Max[name]+1e-9 {
			out = append(out, Violation{Metric: name, Value: v, Threshold: t.Max[name], Undefined: !ok})
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var columns = []string{"hit_at_k", "mrr", "search_hit_at_k", "search_mrr", "answer_accuracy", "citation_validity", "abstention_accuracy", "false_abstention_rate", "excludes_violations", "p50_ms", "p95_ms"}

// WriteTable writes the human report: metrics per mode, then per kind for
// each mode, then each mode's failures.
func WriteTable(w io.Writer, reps []Report) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	header := "mode\tk\tquestions\t" + strings.Join(columns, "\t") + "\t\n"
	fmt.Fprint(tw, header)
	for _, r := range reps {
		fmt.Fprintf(tw, "%s\t%d\t%s\n", r.Mode, r.K, row(r.Metrics))
	}
	fmt.Fprintln(tw)
	for _, r := range reps {
		fmt.Fprintf(tw, "%s by kind\t\tquestions\t%s\t\n", r.Mode, strings.Join(columns, "\t"))
		for _, kind := range sortedKeys(r.ByKind) {
			fmt.Fprintf(tw, "%s\t\t%s\n", kind, row(r.ByKind[kind]))
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range reps {
		writeFailures(w, r)
	}
	return nil
}

func row(m Metrics) string {
	cells := []string{fmt.Sprint(m.Questions)}
	for _, c := range columns {
		v, ok := m.Value(c)
		switch {
		case !ok:
			cells = append(cells, "-")
		case c == "excludes_violations":
			cells = append(cells, fmt.Sprint(int(v)))
		case strings.HasSuffix(c, "_ms"):
			cells = append(cells, fmt.Sprintf("%.1f", v))
		default:
			cells = append(cells, fmt.Sprintf("%.3f", v))
		}
	}
	return strings.Join(cells, "\t") + "\t"
}

// writeFailures lists the questions a mode got wrong: what was expected,
// what was answered, and where the evidence ranked.
func writeFailures(w io.Writer, r Report) {
	var fails []Result
	for _, res := range r.Results {
		if failed(res, r.K) {
			fails = append(fails, res)
		}
	}
	fmt.Fprintf(w, "%s: %d of %d questions failed\n", r.Mode, len(fails), len(r.Results))
	for _, f := range fails {
		fmt.Fprintf(w, "\n  %s [%s] %s\n", f.ID, f.Kind, oneLine(f.Question))
		if f.Answerable {
			fmt.Fprintf(w, "    expected: %s\n", expectation(f.Expected))
		} else {
			fmt.Fprintf(w, "    expected: a decline\n")
		}
		fmt.Fprintf(w, "    answered: %s\n", clipText(oneLine(f.Answer), 240))
		if f.Answerable {
			if f.HitRank == 0 {
				fmt.Fprintf(w, "    evidence: not in the top %d\n", mrrDepth)
			} else {
				fmt.Fprintf(w, "    evidence: rank %d\n", f.HitRank)
			}
		}
		if len(f.Violations) > 0 {
			fmt.Fprintf(w, "    contains excluded: %q\n", f.Violations)
		}
		if f.Reason != "" {
			fmt.Fprintf(w, "    why: %s\n", f.Reason)
		}
	}
	fmt.Fprintln(w)
}

// failed reports whether a result counts against any metric.
func failed(r Result, k int) bool {
	if len(r.Violations) > 0 || r.ValidCitations < len(r.Citations) {
		return true
	}
	if !r.Answerable {
		return !r.Abstained || len(r.Citations) > 0
	}
	return !r.Correct || r.HitRank == 0 || r.HitRank > k
}

func expectation(groups [][]string) string {
	var parts []string
	for _, g := range groups {
		parts = append(parts, strings.Join(g, " or "))
	}
	if len(parts) == 0 {
		return "an answer"
	}
	return strings.Join(parts, ", and ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
