package bench_test

import (
	"os"

	"github.com/partnerbot/partnerbot/bench"
)

func ExampleWriteTable() {
	common := bench.Result{Corpus: "synthetic", Passages: 1000, Dim: 2048, ChromemP50ms: 1.2, FloorP50ms: 0.9,
		BuildMs: 250, StartupMs: 110, HeapBytes: 10_000_000, EngineHeapBytes: 2_500_000,
		VectorBytes: 8_192_000, TextBytes: 400_000}
	bm25, hybrid := common, common
	bm25.Mode, bm25.P50ms, bm25.P99ms, bm25.AnswerP50ms, bm25.AnswerP99ms = "bm25", 0.12, 0.3, 0.7, 3.1
	hybrid.Mode, hybrid.P50ms, hybrid.P99ms, hybrid.AnswerP50ms, hybrid.AnswerP99ms = "hybrid", 0.36, 1.5, 1.0, 3.3
	bm25.RatioChromem, bm25.RatioFloor = 0.1, 0.13
	hybrid.RatioChromem, hybrid.RatioFloor = 0.3, 0.4
	bench.WriteTable(os.Stdout, []bench.Result{bm25, hybrid})
	// Output:
	// corpus     passages  mode    query p50  p99       chromem p50  floor p50  ÷ chromem  ÷ floor  answer p50  p99
	// synthetic  1000      bm25    0.120 ms   0.300 ms  1.2 ms       0.900 ms   0.10×      0.13×    0.700 ms    3.1 ms
	// synthetic  1000      hybrid  0.360 ms   1.5 ms    1.2 ms       0.900 ms   0.30×      0.40×    1.0 ms      3.3 ms
	//
	// corpus     passages  build   restart  re-embedded  heap     per passage  vectors  text    heap ÷ (2·vectors + text)  engine adds
	// synthetic  1000      250 ms  110 ms   0            10.0 MB  10.0 kB      8.2 MB   0.4 MB  0.60                       2.5 MB
}
