package openaitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
	"unicode"
	"unicode/utf8"
)

// wireStreamOptions is a chat request's "stream_options".
type wireStreamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

// Tokens splits content into the pieces a stream sends, about as OpenAI's
// tokens split English: any spaces before a word, then at most four of its
// characters. Joined, they are content again. CutStream counts these.
func Tokens(content string) []string {
	var out []string
	for start := 0; start < len(content); {
		i, word := start, 0
		for i < len(content) {
			r, size := utf8.DecodeRuneInString(content[i:])
			if unicode.IsSpace(r) {
				if word > 0 {
					break
				}
			} else {
				if word == 4 {
					break
				}
				word++
			}
			i += size
		}
		out = append(out, content[start:i])
		start = i
	}
	return out
}

// writeStream sends reply as OpenAI streams a chat completion: server-sent
// events of chat.completion.chunk objects, the first naming the role, one
// per token of content paced at Options.TokensPerSecond, one with the
// finish reason, one with the usage when the request asked for it
// (stream_options.include_usage; every chunk then carries "usage": null
// until that last one), and "data: [DONE]". A CutStream fault stops it
// after that many tokens by dropping the connection mid-body.
func (s *Server) writeStream(w http.ResponseWriter, r *http.Request, reply ChatReply, model string, includeUsage bool, f Fault) {
	h := okHeaders()
	for k, vs := range h {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("x-request-id", "req_"+randHex(16))
	w.Header().Set("openai-version", "2020-10-01")
	w.WriteHeader(http.StatusOK)
	flusher, _ := w.(http.Flusher)
	id, created := "chatcmpl-"+randHex(14), time.Now().Unix()
	send := func(choices []map[string]any, usage *wireUsage) {
		chunk := map[string]any{
			"id": id, "object": "chat.completion.chunk", "created": created, "model": model,
			"service_tier": "default", "system_fingerprint": "fp_openaitest", "choices": choices,
		}
		if includeUsage {
			chunk["usage"] = usage
		}
		b, _ := json.Marshal(chunk)
		fmt.Fprintf(w, "data: %s\n\n", b)
		if flusher != nil {
			flusher.Flush()
		}
	}
	choice := func(delta map[string]any, finish any) []map[string]any {
		return []map[string]any{{"index": 0, "delta": delta, "logprobs": nil, "finish_reason": finish}}
	}
	send(choice(map[string]any{"role": "assistant", "content": "", "refusal": nil}, nil), nil)
	var interval time.Duration
	if s.opts.TokensPerSecond > 0 {
		interval = time.Duration(float64(time.Second) / s.opts.TokensPerSecond)
	}
	for i, tok := range Tokens(reply.Content) {
		if f.kind == faultCut && i == f.after {
			panic(http.ErrAbortHandler) // the connection drops: no end of body
		}
		if !s.wait(r, interval) {
			return
		}
		send(choice(map[string]any{"content": tok}, nil), nil)
	}
	if f.kind == faultCut {
		panic(http.ErrAbortHandler)
	}
	send(choice(map[string]any{}, reply.FinishReason), nil)
	if includeUsage {
		u := wireUsage{PromptTokens: reply.PromptTokens, CompletionTokens: reply.CompletionTokens,
			TotalTokens: reply.PromptTokens + reply.CompletionTokens}
		send([]map[string]any{}, &u)
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
	if flusher != nil {
		flusher.Flush()
	}
}

// cutWriter writes half of what it is given and then drops the
// connection, for a CutStream fault on a reply that does not stream.
type cutWriter struct{ http.ResponseWriter }

func (c cutWriter) Write(b []byte) (int, error) {
	if _, err := c.ResponseWriter.Write(b[:len(b)/2]); err != nil {
		return 0, err
	}
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
	panic(http.ErrAbortHandler)
}
