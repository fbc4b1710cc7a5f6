// Command partnerbot answers questions about the 2023 Vietnam–US
// Comprehensive Strategic Partnership from news articles, citing verbatim
// quotes: on the command line, in offline evaluation, and as a Discord bot.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/partnerbot/partnerbot/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "partnerbot:", err)
		if errors.Is(err, config.ErrUsage) {
			fmt.Fprint(os.Stderr, usage)
			os.Exit(2)
		}
		os.Exit(1)
	}
}

const usage = `
usage: partnerbot <command> [flags] [arguments]

commands:
  ask "question"     answer a question  (--json for JSON)
  sources            list the articles  (--json for JSON)
  eval --questions FILE [--mode hybrid|bm25|vector|all] [--k 5] [--json]
                     [--min-hit X] [--min-accuracy X] [--min-citation-validity X]
                     [--min-abstention X] [--max-false-abstention X] [--max-excludes N]
  serve [--http ADDR] run the Discord bot (gateway with DISCORD_TOKEN,
                     HTTP interactions with --http, or both)
  config             print the effective configuration, secrets redacted
  health             check a running server's /healthz (the container HEALTHCHECK)
  bench [--sizes 1000,10000,100000|none] [--reps 5] [--questions FILE] [--json]
                     latency, baselines, build, restart and heap, on the
                     articles and on synthetic corpora of each size

Settings come from defaults, then --config FILE (YAML), then the
environment, then flags. See README.md for the full list.
`

// run is the whole program: it parses args against the environment and
// runs one command, writing results to stdout and logs to stderr.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	inv, err := config.Load(args, getenv)
	if err != nil {
		return err
	}
	log := newLogger(inv.Config, stderr)
	switch inv.Command {
	case "ask":
		return ask(ctx, inv, log, stdout)
	case "sources":
		return sources(ctx, inv, log, stdout)
	case "eval":
		return evaluate(ctx, inv, log, stdout)
	case "config":
		return config.Print(stdout, inv)
	case "health":
		return health(ctx, inv, stdout)
	case "bench":
		return runBench(ctx, inv, log, stdout)
	case "serve":
		return serve(ctx, inv, log)
	}
	return fmt.Errorf("%w: %s is not available yet", config.ErrUsage, inv.Command)
}
