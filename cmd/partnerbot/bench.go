package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"text/tabwriter"
	"time"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/config"
	"github.com/partnerbot/partnerbot/eval"
	"github.com/partnerbot/partnerbot/retrieval"
)

// bench measures what a user waits for: loading and indexing the articles,
// and answering each question of a set in each retrieval mode. Every
// figure is the median of --reps runs, with its ratio to the BM25 baseline
// measured in the same run.
func bench(ctx context.Context, inv *config.Invocation, log *slog.Logger, stdout io.Writer) error {
	reps := max(1, inv.Bench.Repetitions)
	f, err := os.Open(inv.Bench.Questions)
	if err != nil {
		return fmt.Errorf("bench questions: %w", err)
	}
	defer f.Close()
	var build []float64
	var e *bot.Engine
	for range reps {
		start := time.Now()
		if e, err = newEngine(ctx, inv.Config, log); err != nil {
			return err
		}
		build = append(build, ms(time.Since(start)))
	}
	qs, _, err := eval.ReadQuestions(f, func(id string) bool { _, ok := e.Index().Corpus().Document(id); return ok })
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "measurement\tmedian ms\tratio to bm25\t\n")
	fmt.Fprintf(tw, "load and index %d articles\t%.2f\t\t\n", len(e.Index().Corpus().Documents()), median(build))
	var base [2]float64
	for _, mode := range []retrieval.Mode{retrieval.BM25, retrieval.Vector, retrieval.Hybrid} {
		var p50s, p95s []float64
		for range reps {
			lat, err := answerLatencies(ctx, e, qs, mode)
			if err != nil {
				return err
			}
			p50s = append(p50s, eval.Percentile(lat, 0.50))
			p95s = append(p95s, eval.Percentile(lat, 0.95))
		}
		p50, p95 := median(p50s), median(p95s)
		if mode == retrieval.BM25 {
			base = [2]float64{p50, p95}
		}
		fmt.Fprintf(tw, "answer p50, %s\t%.3f\t%.2f×\t\n", mode, p50, p50/base[0])
		fmt.Fprintf(tw, "answer p95, %s\t%.3f\t%.2f×\t\n", mode, p95, p95/base[1])
	}
	fmt.Fprintf(tw, "(%d questions from %s, %d runs each)\t\t\t\n", len(qs), inv.Bench.Questions, reps)
	return tw.Flush()
}

func answerLatencies(ctx context.Context, e *bot.Engine, qs []eval.Question, mode retrieval.Mode) ([]float64, error) {
	var lat []float64
	for _, q := range qs {
		start := time.Now()
		_, err := e.Answer(ctx, bot.Question{Text: q.Question, Mode: mode})
		if err != nil && bot.UserMessage(err) == "" {
			return nil, err
		}
		lat = append(lat, ms(time.Since(start)))
	}
	return lat, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(xs []float64) float64 { return eval.Percentile(xs, 0.5) }
