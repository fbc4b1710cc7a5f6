package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot/bench"
	"github.com/partnerbot/partnerbot/config"
	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/eval"
	"github.com/partnerbot/partnerbot/retrieval"
)

// benchMaxSeconds bounds a whole bench run.
const benchMaxSeconds = 30 * 60

// runBench measures the articles and synthetic corpora of each --sizes
// (see package bench), and a cold `ask` of this very binary, and prints a
// table or, with --json, the results.
func runBench(ctx context.Context, inv *config.Invocation, log *slog.Logger, stdout, term io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, benchMaxSeconds*time.Second)
	defer cancel()
	cp, _, err := loadCorpus(inv.Config, log, nil)
	if err != nil {
		return err
	}
	questions, from, err := benchQuestions(inv.Bench.Questions, cp, log)
	if err != nil {
		return err
	}
	prog := newProgress(term, log, time.Now, "bench")
	var modes []retrieval.Mode // all, unless a mode was asked for
	if inv.Source["PARTNERBOT_MODE"] != "default" {
		modes = []retrieval.Mode{retrieval.Mode(inv.Config.Mode)}
	}
	results, err := bench.Run(ctx, cp.Documents(), bench.Options{
		Sizes: inv.Bench.Sizes, Questions: questions, Reps: inv.Bench.Repetitions, K: inv.Config.TopK, Log: log, Modes: modes,
		Progress: func(done, total int, step string) { prog.step(done, total, step) }})
	if err != nil {
		prog.clear()
		return err
	}
	prog.done("bench finished", "corpora", 1+len(inv.Bench.Sizes), "questions", len(questions), "reps", inv.Bench.Repetitions)
	cold, err := coldAsk(ctx, inv.Config, questions[0], inv.Bench.Repetitions)
	if err != nil {
		log.Warn("cold ask not measured", "err", err)
	}
	for i := range results {
		if results[i].Corpus == "articles" {
			results[i].AskColdMs = cold
		}
	}
	if inv.JSON {
		return writeJSON(stdout, results)
	}
	fmt.Fprintf(stdout, "partnerbot bench, %s, %s/%s, %d CPUs, %s; medians of %d runs; %d questions from %s (at most 50 on synthetic corpora)\n\n",
		time.Now().Format("2006-01-02"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(),
		inv.Bench.Repetitions, len(questions), from)
	if err := bench.WriteTable(stdout, results); err != nil {
		return err
	}
	if cold > 0 {
		fmt.Fprintf(stdout, "\npartnerbot ask, cold, whole process: %.0f ms\n", cold)
	}
	return nil
}

// benchQuestions reads the questions to time: the file --questions names,
// else the dev set built into the binary. It returns them and where they
// came from; errors name the flag and the file, and the set's warnings are
// logged as eval logs them.
func benchQuestions(file string, cp *corpus.Corpus, log *slog.Logger) ([]string, string, error) {
	r, from := eval.DevSet(), eval.DevSetName
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, "", fmt.Errorf("--questions: %w", err)
		}
		defer f.Close()
		r, from = f, file
	}
	qs, warnings, err := eval.ReadQuestions(r, eval.CorpusText(cp))
	for _, w := range warnings {
		log.Warn("question set", "file", from, "warning", w)
	}
	if err == nil && len(qs) == 0 {
		err = errors.New("no questions")
	}
	if err != nil {
		if file != "" {
			return nil, "", fmt.Errorf("--questions %s: %w", file, err)
		}
		return nil, "", fmt.Errorf("%s: %w", from, err)
	}
	questions := make([]string, len(qs))
	for i, q := range qs {
		questions[i] = q.Question
	}
	return questions, from, nil
}

// coldAsk times `partnerbot ask --extractive` as a user runs it, a new
// process each time, with bench's own articles, data directory, mode and
// top-k (the environment passes on by itself), and returns the median wall
// time in milliseconds. It is extractive, as every other bench figure is:
// a configured model's round trip is not the engine's time. A test binary is not partnerbot, so there it measures
// nothing.
func coldAsk(ctx context.Context, c config.Config, question string, reps int) (float64, error) {
	if testing.Testing() {
		return 0, nil
	}
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	var took []float64
	for range reps {
		start := time.Now()
		cmd := exec.CommandContext(ctx, self, askArgs(c, question)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return 0, fmt.Errorf("%w: %.200s", err, out)
		}
		took = append(took, float64(time.Since(start).Microseconds())/1000)
	}
	return eval.Percentile(took, 0.5), nil
}

// askArgs is the command line of a cold ask with c's settings.
func askArgs(c config.Config, question string) []string {
	args := []string{"ask", "--extractive", "--log-level", "error", "--data", c.DataDir, "--mode", c.Mode, "--top-k", strconv.Itoa(c.TopK)}
	if c.ConfigFile != "" {
		args = append(args, "--config", c.ConfigFile)
	}
	if c.ArticlesDir != "" {
		args = append(args, "--articles", c.ArticlesDir)
	}
	return append(args, "--", question)
}
