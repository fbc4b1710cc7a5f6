package provider

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	openai "github.com/sashabaranov/go-openai"

	"github.com/partnerbot/partnerbot/bot"
)

// lowTemperature stands in for 0, which go-openai leaves out of the request
// (so the server would use its default, 1). It decodes greedily in
// practice: vLLM treats anything below 1e-5 as greedy.
const lowTemperature float32 = 1e-6

// temperatureFor returns lowTemperature, or 0 (left out) for reasoning
// models, which accept only the default. An Azure deployment is known only
// by its name, so a reasoning model behind one is found when it refuses
// the temperature (see refusedParam).
func temperatureFor(model string) float32 {
	req := openai.ChatCompletionRequest{Model: model, Temperature: lowTemperature}
	if openai.NewReasoningValidator().Validate(req) != nil {
		return 0
	}
	return lowTemperature
}

// Complete asks the chat model for a reply. With req.SchemaName set it asks
// for strict JSON-schema output. The reply's token usage is returned even
// with an error. An answer without choices, an empty or refused one, a
// structured one cut off at the token limit, and a body that does not
// decode are ErrMalformed, and are not retried: such a 200 is usually a
// compatibility problem that would repeat, and would be billed twice.
func (c *Client) Complete(ctx context.Context, req bot.Completion) (bot.CompletionReply, error) {
	chat, err := c.chatRequest(req)
	if err != nil {
		return bot.CompletionReply{}, err
	}
	ctx, cancel := c.bound(ctx)
	defer cancel()
	resp, err := c.api.CreateChatCompletion(ctx, chat)
	for range 2 { // a temperature and a token bound may each be refused
		if err == nil || !c.refusedParam(err, &chat) {
			break
		}
		resp, err = c.api.CreateChatCompletion(ctx, chat)
	}
	if err != nil {
		return bot.CompletionReply{}, c.wrap(opChat, err)
	}
	return c.reply(resp, req.SchemaName != "")
}

func (c *Client) chatRequest(req bot.Completion) (openai.ChatCompletionRequest, error) {
	switch {
	case c.chatModel == "":
		return openai.ChatCompletionRequest{}, c.fail(opChat, ErrBadRequest, "no chat model configured")
	case len(req.Messages) == 0:
		return openai.ChatCompletionRequest{}, c.fail(opChat, ErrBadRequest, "no messages to send")
	case req.SchemaName != "" && !json.Valid(req.Schema):
		return openai.ChatCompletionRequest{}, c.fail(opChat, ErrBadRequest, "schema %q is not valid JSON", req.SchemaName)
	}
	chat := openai.ChatCompletionRequest{
		Model:               c.chatModel,
		Messages:            make([]openai.ChatCompletionMessage, len(req.Messages)),
		Temperature:         c.temp,
		MaxCompletionTokens: c.maxReply(),
	}
	if c.noTemp.Load() {
		chat.Temperature = 0 // left out
	}
	if c.oldMax.Load() {
		chat.MaxCompletionTokens, chat.MaxTokens = 0, c.maxReply()
	}
	for i, m := range req.Messages {
		chat.Messages[i] = openai.ChatCompletionMessage{Role: m.Role, Content: m.Content}
	}
	if req.SchemaName != "" {
		chat.ResponseFormat = &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name:   req.SchemaName,
				Schema: req.Schema, // json.RawMessage is a json.Marshaler: sent verbatim
				Strict: true,
			},
		}
	}
	return chat, nil
}

// reply checks a chat completion and extracts its content and usage.
func (c *Client) reply(resp openai.ChatCompletionResponse, structured bool) (bot.CompletionReply, error) {
	out := bot.CompletionReply{PromptTokens: resp.Usage.PromptTokens, CompletionTokens: resp.Usage.CompletionTokens}
	if len(resp.Choices) == 0 {
		return out, c.fail(opChat, ErrMalformed, "the reply has no choices")
	}
	ch := resp.Choices[0]
	switch {
	case ch.Message.Refusal != "":
		return out, c.fail(opChat, ErrMalformed, "the model refused: %s", clip(ch.Message.Refusal))
	case ch.FinishReason == openai.FinishReasonContentFilter:
		return out, c.fail(opChat, ErrContentFiltered, "the reply was stopped by the content filter")
	case strings.TrimSpace(ch.Message.Content) == "":
		return out, c.fail(opChat, ErrMalformed, "the reply is empty (finish reason %q)", ch.FinishReason)
	case structured && ch.FinishReason == openai.FinishReasonLength:
		return out, c.fail(opChat, ErrMalformed, "the reply was cut off at the token limit")
	}
	out.Content = ch.Message.Content
	return out, nil
}

// maxReplyTokens bounds a reply's tokens, so a runaway one (a structured
// reply looping on white space, a verbose model) stops well short of the
// model's own cap: three claims with their quotes take about 200. A
// reasoning model's thinking counts against the bound too, so it gets
// maxReasoningTokens.
const (
	maxReplyTokens     = 4096
	maxReasoningTokens = 16384
)

// maxReply is the bound for this client's chat model: larger for one that
// reasons (known by name, or by refusing a temperature).
func (c *Client) maxReply() int {
	if c.temp == 0 || c.noTemp.Load() {
		return maxReasoningTokens
	}
	return maxReplyTokens
}

// refusedParam reports whether err is the provider refusing a parameter
// of the request it can do without, and if so changes chat and every
// later request, once, logging it: a temperature (reasoning models take
// only the default) is left out; max_completion_tokens (servers that
// predate it) becomes max_tokens.
func (c *Client) refusedParam(err error, chat *openai.ChatCompletionRequest) bool {
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != http.StatusBadRequest || apiErr.Param == nil {
		return false
	}
	switch {
	case *apiErr.Param == "temperature" && chat.Temperature != 0:
		if c.noTemp.CompareAndSwap(false, true) {
			c.log.Warn("openai: the chat model takes no temperature (a reasoning model?); sending none from now on", "model", c.chatModel)
		}
		chat.Temperature = 0
	case *apiErr.Param == "max_completion_tokens" && chat.MaxCompletionTokens != 0:
		if c.oldMax.CompareAndSwap(false, true) {
			c.log.Warn("openai: the server takes no max_completion_tokens; sending max_tokens from now on", "model", c.chatModel)
		}
		chat.MaxCompletionTokens, chat.MaxTokens = 0, c.maxReply()
	default:
		return false
	}
	return true
}
