package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/eval"
	"github.com/partnerbot/partnerbot/retrieval"
)

// Options configure Run. The zero value means the defaults, but Questions
// must be given.
type Options struct {
	Sizes     []int    // synthetic corpora, in passages; none measures the articles only
	Questions []string // what to time
	// MaxQuestions caps the questions timed on a synthetic corpus;
	// default 50. The articles are timed on all of them.
	MaxQuestions int
	Reps         int // runs of each measurement, figures are medians; default 3
	// Modes are the retrieval modes timed, in report order; default Modes.
	Modes []retrieval.Mode
	K     int    // passages retrieved per question; default 12
	Seed  uint64 // for the synthetic corpora; default 1
	Dir   string // for persisted indexes; default a temporary directory, removed after
	Log   *slog.Logger
	Now   func() time.Time // the clock; default time.Now
	// Progress, when set, is told before each step of the run starts:
	// steps done so far, steps in all, and what starts now.
	Progress func(done, total int, step string)
}

// stepsPerCorpus are the steps measure reports: builds, restarts,
// baselines, and each mode timed.
func (o Options) stepsPerCorpus() int { return 3 + len(o.Modes) }

// steps counts a run's steps for Options.Progress.
type steps struct {
	report      func(done, total int, step string)
	done, total int
}

// next reports that step starts, and counts the one before as done.
func (s *steps) next(step string) {
	if s.report != nil {
		s.report(s.done, s.total, step)
	}
	s.done++
}

func (o Options) withDefaults() Options {
	if o.MaxQuestions <= 0 {
		o.MaxQuestions = 50
	}
	if o.Reps <= 0 {
		o.Reps = 3
	}
	if o.K <= 0 {
		o.K = 12
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if len(o.Modes) == 0 {
		o.Modes = Modes
	}
	return o
}

// Result is what one run measured for one retrieval mode on one corpus.
// Times are medians over the runs of the per-run percentile over the
// questions; the corpus-wide figures repeat on each mode's row.
type Result struct {
	Corpus   string `json:"corpus"` // "articles" or "synthetic"
	Passages int    `json:"passages"`
	Dim      int    `json:"dim"`
	Mode     string `json:"mode"`

	P50ms        float64 `json:"p50_ms"` // query: parse, embed, search, fuse
	P99ms        float64 `json:"p99_ms"`
	ChromemP50ms float64 `json:"chromem_p50_ms"` // chromem-go's QueryEmbedding, top 10
	FloorP50ms   float64 `json:"floor_p50_ms"`   // a plain flat scan of every vector
	RatioChromem float64 `json:"ratio_chromem"`  // P50ms / ChromemP50ms
	RatioFloor   float64 `json:"ratio_floor"`    // P50ms / FloorP50ms
	AnswerP50ms  float64 `json:"answer_p50_ms"`  // a whole extractive answer
	AnswerP99ms  float64 `json:"answer_p99_ms"`

	BuildMs    float64 `json:"build_ms"`   // chunked corpus to index, vectors in memory
	StartupMs  float64 `json:"startup_ms"` // the same, from a persisted index
	Reembedded int     `json:"reembedded"` // passages the restart embedded

	HeapBytes       uint64 `json:"heap_bytes"`        // live heap: corpus and index
	EngineHeapBytes uint64 `json:"engine_heap_bytes"` // what the answering engine adds
	VectorBytes     int64  `json:"vector_bytes"`      // passages × dimension × 4
	TextBytes       int64  `json:"text_bytes"`        // the articles' text

	AskColdMs float64 `json:"ask_cold_ms,omitempty"` // set by the caller that measures it
	Questions int     `json:"questions"`
	Reps      int     `json:"reps"`
}

// Modes are the retrieval modes measured by default, in report order.
var Modes = []retrieval.Mode{retrieval.BM25, retrieval.Vector, retrieval.Hybrid}

// Run measures the articles, then a synthetic corpus of each size.
func Run(ctx context.Context, articles []*corpus.Document, opts Options) ([]Result, error) {
	opts = opts.withDefaults()
	if len(opts.Questions) == 0 {
		return nil, errors.New("bench: no questions to time")
	}
	dir := opts.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "partnerbot-bench-")
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		defer os.RemoveAll(d)
		dir = d
	}
	var out []Result
	st := &steps{report: opts.Progress, total: opts.stepsPerCorpus() * (1 + len(opts.Sizes))}
	for i, n := range append([]int{0}, opts.Sizes...) {
		base := liveHeap()
		c, err := corpus.New(articles, corpus.ChunkOptions{})
		kind, qs := "articles", opts.Questions
		if n > 0 {
			c, err = Synthesize(articles, n, opts.Seed)
			kind, qs = "synthetic", opts.Questions[:min(len(opts.Questions), opts.MaxQuestions)]
		}
		if err != nil {
			return nil, err
		}
		opts.Log.Info("bench corpus", "corpus", kind, "passages", len(c.Passages()))
		rs, err := measure(ctx, c, base, qs, filepath.Join(dir, fmt.Sprint(i)), opts, st)
		if err != nil {
			return nil, fmt.Errorf("bench %s corpus of %d passages: %w", kind, len(c.Passages()), err)
		}
		for j := range rs {
			rs[j].Corpus = kind
		}
		out = append(out, rs...)
	}
	if opts.Progress != nil {
		opts.Progress(st.total, st.total, "done")
	}
	return out, nil
}

// measure takes every measurement of one corpus. base is the live heap
// before the corpus was made.
func measure(ctx context.Context, c *corpus.Corpus, base uint64, questions []string, dir string, o Options, st *steps) ([]Result, error) {
	common := Result{Passages: len(c.Passages()), Questions: len(questions), Reps: o.Reps}
	of := fmt.Sprintf("of %d passages", common.Passages)
	for _, d := range c.Documents() {
		common.TextBytes += int64(len(d.Text))
	}
	var ix *retrieval.Index
	var builds []float64
	st.next("building the index " + of)
	for range o.Reps {
		ix = nil
		runtime.GC()
		start := o.Now()
		var err error
		if ix, err = retrieval.Build(ctx, c, retrieval.Options{}); err != nil {
			return nil, err
		}
		builds = append(builds, ms(o.Now().Sub(start)))
	}
	common.BuildMs = median(builds)
	common.HeapBytes = liveHeap() - base
	_, common.Dim = ix.Vectors().Rows()
	common.VectorBytes = int64(ix.Vectors().Count()) * int64(common.Dim) * 4
	e := bot.New(ix, bot.Options{K: o.K})
	if h := liveHeap(); h > base+common.HeapBytes {
		common.EngineHeapBytes = h - base - common.HeapBytes
	}

	var err error
	st.next("restarting from the persisted index " + of)
	if common.StartupMs, common.Reembedded, err = startup(ctx, c, dir, o); err != nil {
		return nil, err
	}
	st.next("timing chromem-go and the flat scan " + of)
	parsed := make([]retrieval.Query, len(questions))
	vecs := make([][]float32, 0, len(questions))
	for i, q := range questions {
		parsed[i] = ix.Lexicon().Parse(q)
		v, err := ix.EmbedQuery(ctx, parsed[i])
		if errors.Is(err, retrieval.ErrEmptyEmbedding) {
			continue
		}
		if err != nil {
			return nil, err
		}
		vecs = append(vecs, v)
	}
	if common.ChromemP50ms, err = chromemQueries(ctx, ix, vecs, o); err != nil {
		return nil, err
	}
	common.FloorP50ms = floorScans(ix, vecs, o)

	var out []Result
	for _, mode := range o.Modes {
		st.next(fmt.Sprintf("timing %s queries and answers %s", mode, of))
		r := common
		r.Mode = string(mode)
		if r.P50ms, r.P99ms, err = times(o, questions, func(q string) error {
			_, err := ix.Search(ctx, ix.Lexicon().Parse(q), mode, o.K)
			return err
		}); err != nil {
			return nil, err
		}
		if r.AnswerP50ms, r.AnswerP99ms, err = times(o, questions, func(q string) error {
			_, err := e.Answer(ctx, partnerbot.Question{Text: q, Mode: string(mode)})
			if partnerbot.UserMessage(err) != "" {
				err = nil // a question the bot turns away still counts
			}
			return err
		}); err != nil {
			return nil, err
		}
		r.RatioChromem = ratio(r.P50ms, r.ChromemP50ms)
		r.RatioFloor = ratio(r.P50ms, r.FloorP50ms)
		out = append(out, r)
	}
	runtime.KeepAlive(e)
	return out, nil
}

// startup persists an index of c under dir, then times building it again
// from the persisted vectors, reporting how many passages the rebuilds
// embedded (the most of any run).
func startup(ctx context.Context, c *corpus.Corpus, dir string, o Options) (float64, int, error) {
	vo := retrieval.Options{Vectors: retrieval.VectorOptions{Path: filepath.Join(dir, "vectors.vec")}}
	if _, err := retrieval.Build(ctx, c, vo); err != nil {
		return 0, 0, err
	}
	var took []float64
	reembedded := 0
	for range o.Reps {
		runtime.GC()
		start := o.Now()
		ix, err := retrieval.Build(ctx, c, vo)
		if err != nil {
			return 0, 0, err
		}
		took = append(took, ms(o.Now().Sub(start)))
		reembedded = max(reembedded, ix.SyncStats().Embedded)
	}
	return median(took), reembedded, os.RemoveAll(dir)
}

// times runs f on every item, o.Reps times, and returns the medians over
// the runs of the p50 and p99 over the items.
func times[T any](o Options, items []T, f func(T) error) (p50, p99 float64, err error) {
	var p50s, p99s []float64
	for range o.Reps {
		lat := make([]float64, 0, len(items))
		for _, it := range items {
			start := o.Now()
			if err := f(it); err != nil {
				return 0, 0, err
			}
			lat = append(lat, ms(o.Now().Sub(start)))
		}
		p50s = append(p50s, percentile(lat, 0.50))
		p99s = append(p99s, percentile(lat, 0.99))
	}
	return median(p50s), median(p99s), nil
}

// chromemQueries times chromem-go's QueryEmbedding, top 10, over the same
// collection the index searches.
func chromemQueries(ctx context.Context, ix *retrieval.Index, vecs [][]float32, o Options) (float64, error) {
	col := ix.Vectors().Collection()
	n := min(10, col.Count())
	p50, _, err := times(o, vecs, func(v []float32) error {
		if _, err := col.QueryEmbedding(ctx, v, n, nil, nil); err != nil {
			return fmt.Errorf("chromem-go query: %w", err)
		}
		return nil
	})
	return p50, err
}

// floorScans times FlatScan over the index's own vectors.
func floorScans(ix *retrieval.Index, vecs [][]float32, o Options) float64 {
	rows, dim := ix.Vectors().Rows()
	if dim == 0 {
		return 0
	}
	out := make([]float32, len(rows)/dim)
	p50, _, _ := times(o, vecs, func(v []float32) error {
		FlatScan(rows, dim, v, out)
		return nil
	})
	return p50
}

// FlatScan writes the dot product of q with each dim-long row of rows to
// out: one plain loop on one goroutine over one contiguous slice, the
// floor any exact search pays in memory bandwidth.
func FlatScan(rows []float32, dim int, q []float32, out []float32) {
	for r := range out {
		row := rows[r*dim : (r+1)*dim]
		var s float32
		for i, x := range q {
			s += x * row[i]
		}
		out[r] = s
	}
}

// liveHeap is the heap still in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// median is the middle of xs, or the mean of the two middle values when
// there is an even number of them (a nearest-rank 50th percentile would
// take the lower: the faster of two runs).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

var percentile = eval.Percentile
