package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/partnerbot/partnerbot/bot"
)

// maxStream bounds a streamed reply whose caller set no deadline (serve
// sets one for every answer): a model still writing after it is cut.
const maxStream = 10 * time.Minute

// errStreamStart ends a stream that did not start within the bound of a
// whole call, (OPENAI_MAX_RETRIES+1)×OPENAI_TIMEOUT.
var errStreamStart = fmt.Errorf("the reply stream did not start in time: %w", context.DeadlineExceeded)

// streamContext is the context a stream runs under: the caller's, bounded
// by maxStream when the caller set no deadline, with a cancel that gives
// its cause.
func streamContext(ctx context.Context) (context.Context, context.CancelCauseFunc) {
	ctx, cancel := context.WithCancelCause(ctx)
	if _, ok := ctx.Deadline(); ok {
		return ctx, cancel
	}
	ctx, stop := context.WithTimeoutCause(ctx, maxStream, fmt.Errorf("the reply stream ran past %v: %w", maxStream, context.DeadlineExceeded))
	return ctx, func(cause error) { cancel(cause); stop() }
}

// The Client streams for the engine.
var _ bot.Streamer = (*Client)(nil).Stream

// Stream asks the chat model for a reply as a stream of server-sent
// events (go-openai's CreateChatCompletionStream), calling delta with each
// piece of content as it arrives, and returns the whole reply with its
// token usage. Failures before the stream starts are classified and
// retried as for Complete, and the start is bounded as a whole call is;
// once it has started, the stream is bounded by the caller's deadline (or
// maxStream) and each wait between two pieces by OPENAI_TIMEOUT, so a
// model writing slowly but steadily is not cut. A stream that breaks, reports an error, or ends
// without the model's finish reason is an error wrapping bot.ErrStreamCut
// (and ErrMalformed); the content so far is returned with it. A finished
// reply is checked as Complete checks one.
func (c *Client) Stream(ctx context.Context, req bot.Completion, delta func(string)) (bot.CompletionReply, error) {
	chat, err := c.chatRequest(req)
	if err != nil {
		return bot.CompletionReply{}, err
	}
	chat.Stream = true
	chat.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	ctx, cancel := streamContext(ctx)
	defer cancel(nil)
	startBy := time.Now().Add(c.overall)
	ctx = withStartBound(ctx, startBy) // retries stop in time, and say why
	start := time.AfterFunc(time.Until(startBy), func() { cancel(errStreamStart) })
	st, err := c.api.CreateChatCompletionStream(ctx, chat)
	for range 2 { // as in Complete
		if err == nil || !c.refusedParam(err, &chat) {
			break
		}
		st, err = c.api.CreateChatCompletionStream(ctx, chat)
	}
	start.Stop() // started: the caller's deadline bounds the rest
	if err != nil {
		if errors.Is(context.Cause(ctx), errStreamStart) {
			err = fmt.Errorf("%w: %w", errStreamStart, err)
		}
		return bot.CompletionReply{}, c.wrap(opChat, err)
	}
	defer st.Close()
	var out bot.CompletionReply
	var content, refusal strings.Builder
	var finish openai.FinishReason
	for {
		resp, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			out.Content = content.String()
			if ctx.Err() != nil {
				return out, c.wrap(opChat, err)
			}
			return out, fmt.Errorf("%w: %w", bot.ErrStreamCut, c.wrap(opChat, err))
		}
		if u := resp.Usage; u != nil {
			out.PromptTokens, out.CompletionTokens = u.PromptTokens, u.CompletionTokens
		}
		for _, ch := range resp.Choices {
			if ch.Index != 0 {
				continue
			}
			refusal.WriteString(ch.Delta.Refusal)
			if ch.Delta.Content != "" {
				content.WriteString(ch.Delta.Content)
				delta(ch.Delta.Content)
			}
			if ch.FinishReason != "" {
				finish = ch.FinishReason
			}
		}
	}
	out.Content = content.String()
	switch {
	case finish == "":
		return out, fmt.Errorf("%w: %w", bot.ErrStreamCut, c.fail(opChat, ErrMalformed, "the stream ended without a finish reason"))
	case refusal.Len() > 0:
		return out, c.fail(opChat, ErrMalformed, "the model refused: %s", clip(refusal.String()))
	case finish == openai.FinishReasonContentFilter:
		return out, c.fail(opChat, ErrContentFiltered, "the reply was stopped by the content filter")
	case strings.TrimSpace(out.Content) == "":
		return out, c.fail(opChat, ErrMalformed, "the reply is empty (finish reason %q)", finish)
	case req.SchemaName != "" && finish == openai.FinishReasonLength:
		return out, c.fail(opChat, ErrMalformed, "the reply was cut off at the token limit")
	}
	return out, nil
}
