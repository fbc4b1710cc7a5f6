package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/config"
	"github.com/partnerbot/partnerbot/provider"
)

// errBadQuestion carries a message for the asker.
type errBadQuestion struct{ msg string }

func (e errBadQuestion) Error() string { return e.msg }

// ask answers the question given as arguments.
func ask(ctx context.Context, inv *config.Invocation, log *slog.Logger, stdout, term io.Writer) error {
	question := strings.Join(inv.Args, " ")
	if err := partnerbot.Validate(question); err != nil {
		return errBadQuestion{partnerbot.UserMessage(err)}
	}
	e, err := newEngine(ctx, inv.Config, log, term)
	if err != nil {
		return err
	}
	if inv.Explain {
		return explain(ctx, e, inv, question, stdout)
	}
	a, err := e.Answer(ctx, partnerbot.Question{Text: question})
	if msg := partnerbot.UserMessage(err); msg != "" {
		return errBadQuestion{msg}
	}
	if err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	log.Debug("answered", "abstained", a.Abstained, "citations", len(a.Citations), "reason", a.Reason,
		"prompt_tokens", a.Usage.PromptTokens, "completion_tokens", a.Usage.CompletionTokens)
	warnFallback(log, inv.Config, a.Fallback)
	if inv.JSON {
		if a.Citations == nil {
			a.Citations = []partnerbot.Citation{} // "citations" is always an array
		}
		return writeJSON(stdout, a)
	}
	return bot.WriteText(&plainText{w: stdout}, a)
}

// explain answers with the engine's trace, as text or JSON.
func explain(ctx context.Context, e *bot.Engine, inv *config.Invocation, question string, stdout io.Writer) error {
	tr, err := e.Explain(ctx, partnerbot.Question{Text: question})
	if msg := partnerbot.UserMessage(err); msg != "" {
		return errBadQuestion{msg}
	}
	if err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	if inv.JSON {
		if tr.Answer.Citations == nil {
			tr.Answer.Citations = []partnerbot.Citation{}
		}
		return writeJSON(stdout, tr)
	}
	return bot.WriteTrace(&plainText{w: stdout}, tr)
}

// warnFallback logs, at warn, why the language model failed when an
// answer fell back to quotes: the asker sees only a short note. Secrets
// are scrubbed from the cause.
func warnFallback(log *slog.Logger, c config.Config, fallback error) {
	if fallback == nil {
		return
	}
	cause := fallback.Error()
	for _, s := range c.Secrets() {
		cause = strings.ReplaceAll(cause, s, config.Redacted)
	}
	log.Warn(bot.FallbackCause(fallback), "kind", provider.Kind(fallback), "err", cause)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
