package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/config"
	"github.com/partnerbot/partnerbot/eval"
	"github.com/partnerbot/partnerbot/retrieval"
)

// errGate reports thresholds an evaluation missed.
var errGate = errors.New("quality gate failed")

// errReplay reports replayed model replies that could not be served.
var errReplay = errors.New("replay incomplete")

// evalEngine is the engine to evaluate: as configured, or with its model
// replies recorded to --record DIR, or served from --replay DIR with no
// model at all.
func evalEngine(ctx context.Context, inv *config.Invocation, log *slog.Logger, term io.Writer) (*bot.Engine, error) {
	a, err := newApp(ctx, inv.Config, log, term, nil)
	if err != nil {
		return nil, err
	}
	opts := engineOptions(inv.Config)
	switch f := inv.Eval; {
	case f.Replay != "":
		recs, err := eval.OpenRecordings(f.Replay, false)
		if err != nil {
			return nil, fmt.Errorf("--replay: %w", err)
		}
		opts.Complete = recs.Replay
	case f.Record != "":
		if a.provider == nil {
			return nil, fmt.Errorf("%w: --record needs a language model: set OPENAI_API_KEY or OPENAI_BASE_URL and OPENAI_CHAT_MODEL", config.ErrUsage)
		}
		recs, err := eval.OpenRecordings(f.Record, true)
		if err != nil {
			return nil, fmt.Errorf("--record: %w", err)
		}
		opts.Complete = recs.Record(a.provider.Complete)
	default:
		return a.engine, nil
	}
	return bot.New(a.engine.Index(), opts), nil
}

// replayProblems reports the questions whose replayed reply was stale or
// missing: their answers fell back to extractive, so the generative
// figures do not measure the recorded model.
func replayProblems(reps []eval.Report) error {
	var stale, missing []string
	for _, rep := range reps {
		for _, r := range rep.Results {
			switch r.Replay {
			case "stale":
				stale = append(stale, rep.Mode+"/"+r.ID)
			case "missing":
				missing = append(missing, rep.Mode+"/"+r.ID)
			}
		}
	}
	if len(stale)+len(missing) == 0 {
		return nil
	}
	var parts []string
	if len(stale) > 0 {
		parts = append(parts, fmt.Sprintf("%d replies stale (retrieval now shows other passages: %s)", len(stale), clipList(stale)))
	}
	if len(missing) > 0 {
		parts = append(parts, fmt.Sprintf("%d never recorded (%s)", len(missing), clipList(missing)))
	}
	return fmt.Errorf("%w: %s; record again with --record DIR", errReplay, strings.Join(parts, ", "))
}

// clipList names up to ten items.
func clipList(items []string) string {
	if len(items) > 10 {
		return strings.Join(items[:10], ", ") + ", …"
	}
	return strings.Join(items, ", ")
}

// evaluate runs a question set through the engine in one mode or all, prints
// the report, and fails when a given threshold is missed.
func evaluate(ctx context.Context, inv *config.Invocation, log *slog.Logger, stdout, term io.Writer) error {
	f, err := os.Open(inv.Eval.Questions)
	if err != nil {
		return fmt.Errorf("--questions: %w", err)
	}
	defer f.Close()
	modes := []retrieval.Mode{retrieval.Mode(inv.Eval.Mode)}
	if inv.Eval.Mode == "all" {
		modes = []retrieval.Mode{retrieval.BM25, retrieval.Vector, retrieval.Hybrid}
		inv.Config.Mode = string(retrieval.Hybrid)
	}
	e, err := evalEngine(ctx, inv, log, term)
	if err != nil {
		return err
	}
	qs, warnings, err := eval.ReadQuestions(f, eval.CorpusText(e.Index().Corpus()))
	for _, w := range warnings {
		log.Warn("question set", "file", inv.Eval.Questions, "warning", w)
	}
	if err != nil {
		return fmt.Errorf("--questions %s: %w", inv.Eval.Questions, err)
	}
	var reps []eval.Report
	prog := newProgress(term, log, time.Now, "eval")
	for i, m := range modes {
		rep, err := eval.RunProgress(ctx, e, qs, m, inv.Eval.K, time.Now, func(done, total int) {
			prog.step(i*total+done, len(modes)*total, "answers ("+string(m)+")")
		})
		if err != nil {
			prog.clear()
			return err
		}
		reps = append(reps, rep)
	}
	prog.done("eval finished", "questions", len(qs), "modes", len(modes))
	if err := writeReports(stdout, inv, reps); err != nil {
		return err
	}
	if err := replayProblems(reps); err != nil {
		return err
	}
	return gate(reps, eval.Targets{Min: inv.Eval.Min, Max: inv.Eval.Max})
}

// gate holds every mode evaluated to the thresholds, and names each that
// misses one, with what it missed.
func gate(reps []eval.Report, t eval.Targets) error {
	var missed []string
	for _, r := range reps {
		v := t.Check(r.Metrics)
		if len(v) == 0 {
			continue
		}
		lines := make([]string, len(v))
		for i, x := range v {
			lines[i] = x.String()
		}
		missed = append(missed, fmt.Sprintf("%s mode: %s", r.Mode, strings.Join(lines, "; ")))
	}
	if len(missed) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", errGate, strings.Join(missed, "; "))
}

func writeReports(w io.Writer, inv *config.Invocation, reps []eval.Report) error {
	switch {
	case !inv.JSON:
		return eval.WriteTable(w, reps)
	case inv.Eval.Mode == "all":
		all := eval.Reports{Modes: map[string]eval.Report{}}
		for _, r := range reps {
			all.Modes[r.Mode] = r
		}
		return writeJSON(w, all)
	}
	return writeJSON(w, reps[0])
}
