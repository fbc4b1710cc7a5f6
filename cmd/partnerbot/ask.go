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
)

// errBadQuestion carries a message for the asker.
type errBadQuestion struct{ msg string }

func (e errBadQuestion) Error() string { return e.msg }

// ask answers the question given as arguments.
func ask(ctx context.Context, inv *config.Invocation, log *slog.Logger, stdout io.Writer) error {
	question := strings.Join(inv.Args, " ")
	if err := partnerbot.Validate(question); err != nil {
		return errBadQuestion{partnerbot.UserMessage(err)}
	}
	e, err := newEngine(ctx, inv.Config, log)
	if err != nil {
		return err
	}
	a, err := e.Answer(ctx, partnerbot.Question{Text: question})
	if msg := partnerbot.UserMessage(err); msg != "" {
		return errBadQuestion{msg}
	}
	if err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	log.Debug("answered", "abstained", a.Abstained, "citations", len(a.Citations), "reason", a.Reason)
	if inv.JSON {
		if a.Citations == nil {
			a.Citations = []partnerbot.Citation{} // "citations" is always an array
		}
		return writeJSON(stdout, a)
	}
	return bot.WriteText(stdout, a)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
