package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	openai "github.com/sashabaranov/go-openai"

	"github.com/partnerbot/partnerbot/bot"
)

// The Client streams for the engine.
var _ bot.Streamer = (*Client)(nil).Stream

// Stream asks the chat model for a reply as a stream of server-sent
// events (go-openai's CreateChatCompletionStream), calling delta with each
// piece of content as it arrives, and returns the whole reply with its
// token usage. Failures before the stream starts are classified and
// retried as for Complete. A stream that breaks, reports an error, or ends
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
	ctx, cancel := c.bound(ctx)
	defer cancel()
	st, err := c.api.CreateChatCompletionStream(ctx, chat)
	for range 2 { // as in Complete
		if err == nil || !c.refusedParam(err, &chat) {
			break
		}
		st, err = c.api.CreateChatCompletionStream(ctx, chat)
	}
	if err != nil {
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
