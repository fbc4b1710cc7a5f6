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
	// After the first signal a second one ends the process at once, even
	// in a drain that is stuck.
	context.AfterFunc(ctx, stop)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	interrupted := ctx.Err() != nil
	stop()
	if err != nil && interrupted && errors.Is(err, context.Canceled) {
		fmt.Fprintln(os.Stderr, "partnerbot: interrupted")
		os.Exit(130) // as a shell reports a command a signal stopped
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "partnerbot:", err)
		if errors.Is(err, config.ErrUsage) {
			fmt.Fprintln(os.Stderr, "Run 'partnerbot --help' for the commands, their flags and settings.")
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// run is the whole program: it parses args against the environment and
// runs one command, writing results to stdout and logs to stderr. Under
// --json an error is also printed to stdout as {"error": "…"}, unless the
// command already printed its result there (eval's report before a missed
// threshold), so stdout always holds one JSON document.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	out := &countingWriter{w: stdout}
	err := runCommand(ctx, args, getenv, out, stderr)
	if err != nil && config.WantsJSON(args) && out.n == 0 {
		writeJSON(stdout, struct {
			Error string `json:"error"`
			Usage bool   `json:"usage"` // a mistake in the command line: exit status 2
		}{err.Error(), errors.Is(err, config.ErrUsage)})
	}
	return err
}

// runCommand parses the command line and runs the command.
func runCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	inv, err := config.Load(args, getenv)
	if err != nil {
		return err
	}
	switch inv.Command {
	case config.Help:
		topic := ""
		if len(inv.Args) > 0 {
			topic = inv.Args[0]
		}
		if inv.JSON {
			return config.WriteHelpJSON(stdout, topic)
		}
		return config.WriteHelp(stdout, topic)
	case config.Version:
		return writeVersion(stdout, inv.JSON)
	}
	log := newLogger(inv.Config, stderr)
	term := terminal(stderr)
	switch inv.Command {
	case "ask":
		return ask(ctx, inv, log, stdout, term)
	case "sources":
		return sources(ctx, inv, log, stdout)
	case "eval":
		return evaluate(ctx, inv, log, stdout, term)
	case "config":
		return config.Print(stdout, inv)
	case "health":
		return health(ctx, inv, stdout)
	case "bench":
		return runBench(ctx, inv, log, stdout, term)
	case "serve":
		return serve(ctx, inv, log)
	}
	return fmt.Errorf("%w: %s is not available yet", config.ErrUsage, inv.Command)
}

// countingWriter counts what passes through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
