package bench

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteTable prints results as two tables: per corpus and mode, the query
// and answer latencies with the baselines and ratios; per corpus, the
// build, restart and heap figures.
func WriteTable(w io.Writer, results []Result) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "corpus\tpassages\tmode\tquery p50\tp99\tchromem p50\tfloor p50\t÷ chromem\t÷ floor\tanswer p50\tp99")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%.2f×\t%.2f×\t%s\t%s\n", r.Corpus, r.Passages, r.Mode,
			msText(r.P50ms), msText(r.P99ms), msText(r.ChromemP50ms), msText(r.FloorP50ms),
			r.RatioChromem, r.RatioFloor, msText(r.AnswerP50ms), msText(r.AnswerP99ms))
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "corpus\tpassages\tbuild\trestart\tre-embedded\theap\tper passage\tvectors\ttext\theap ÷ (2·vectors + text)\tengine adds")
	for i, r := range results {
		if i > 0 && results[i-1].Corpus == r.Corpus && results[i-1].Passages == r.Passages {
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%.2f\t%s\n", r.Corpus, r.Passages,
			msText(r.BuildMs), msText(r.StartupMs), r.Reembedded, mbText(float64(r.HeapBytes)),
			bytesText(float64(r.HeapBytes)/float64(max(1, r.Passages))), mbText(float64(r.VectorBytes)),
			mbText(float64(r.TextBytes)), HeapShare(r), mbText(float64(r.EngineHeapBytes)))
	}
	return tw.Flush()
}

// HeapShare is the corpus and index heap as a share of the budget: twice
// the raw vector bytes plus the text. At most 1 meets the target.
func HeapShare(r Result) float64 {
	return ratio(float64(r.HeapBytes), float64(2*r.VectorBytes+r.TextBytes))
}

func msText(ms float64) string {
	switch {
	case ms >= 100:
		return fmt.Sprintf("%.0f ms", ms)
	case ms >= 1:
		return fmt.Sprintf("%.1f ms", ms)
	}
	return fmt.Sprintf("%.3f ms", ms)
}

func mbText(b float64) string { return fmt.Sprintf("%.1f MB", b/1e6) }

func bytesText(b float64) string {
	if b >= 1e4 {
		return fmt.Sprintf("%.1f kB", b/1e3)
	}
	return fmt.Sprintf("%.0f B", b)
}
