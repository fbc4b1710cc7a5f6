package openaitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Wire structs for POST /chat/completions: only what the fake checks.

type wireChatRequest struct {
	Model               string              `json:"model"`
	Messages            []wireMessage       `json:"messages"`
	ResponseFormat      *wireResponseFormat `json:"response_format"`
	Temperature         *float64            `json:"temperature"`
	MaxTokens           *int                `json:"max_tokens"`
	MaxCompletionTokens *int                `json:"max_completion_tokens"`
	Stream              bool                `json:"stream"`
	StreamOptions       *wireStreamOptions  `json:"stream_options"`
	N                   *int                `json:"n"`
}

type wireMessage struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
}

type wireContentPart struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type wireResponseFormat struct {
	Type       string          `json:"type"`
	JSONSchema *wireJSONSchema `json:"json_schema"`
}

type wireJSONSchema struct {
	Name   string          `json:"name"`
	Schema json.RawMessage `json:"schema"`
	Strict bool            `json:"strict"`
}

type wireChatResponse struct {
	ID                string       `json:"id"`
	Object            string       `json:"object"`
	Created           int64        `json:"created"`
	Model             string       `json:"model"`
	Choices           []wireChoice `json:"choices"`
	Usage             wireUsage    `json:"usage"`
	ServiceTier       string       `json:"service_tier"`
	SystemFingerprint string       `json:"system_fingerprint"`
}

type wireChoice struct {
	Index        int                `json:"index"`
	Message      wireAssistantReply `json:"message"`
	Logprobs     *struct{}          `json:"logprobs"`
	FinishReason string             `json:"finish_reason"`
}

type wireAssistantReply struct {
	Role        string   `json:"role"`
	Content     string   `json:"content"`
	Refusal     *string  `json:"refusal"`
	Annotations []string `json:"annotations"`
}

type wireUsage struct {
	PromptTokens            int             `json:"prompt_tokens"`
	CompletionTokens        int             `json:"completion_tokens"`
	TotalTokens             int             `json:"total_tokens"`
	PromptTokensDetails     *map[string]int `json:"prompt_tokens_details,omitempty"`
	CompletionTokensDetails *map[string]int `json:"completion_tokens_details,omitempty"`
}

var validRoles = map[string]bool{
	"system": true, "user": true, "assistant": true, "tool": true, "function": true, "developer": true,
}

func (s *Server) serveChat(w http.ResponseWriter, r *http.Request, body []byte, f Fault, rt route) {
	var wr wireChatRequest
	decErr := json.Unmarshal(body, &wr)
	var req ChatRequest
	var contentErr *apiErr
	if decErr == nil {
		req, contentErr = chatRequestFromWire(wr, body, rt)
		s.mu.Lock()
		s.chats = append(s.chats, req)
		s.mu.Unlock()
	}

	if f.terminal() {
		writeFault(w, f, EndpointChat, wr.Model, rt.presented)
		return
	}
	if f.kind == faultSlow && !s.wait(r, f.delay) {
		s.noteSlowExit()
		return
	}
	if decErr != nil {
		writeAPIError(w, http.StatusBadRequest, decodeErr(decErr))
		return
	}
	if contentErr != nil {
		writeAPIError(w, http.StatusBadRequest, *contentErr)
		return
	}
	if e := validateChat(wr, rt); e != nil {
		writeAPIError(w, http.StatusBadRequest, *e)
		return
	}

	var reply ChatReply
	switch {
	case f.kind == faultContent:
		reply = ChatReply{Content: f.content}
	case s.opts.Chat != nil:
		if !s.callSafely("Chat", func() { reply = s.opts.Chat(req) }) {
			writeAPIError(w, http.StatusInternalServerError, apiErr{Message: "openaitest: Options.Chat panicked", Type: "server_error"})
			return
		}
	default:
		reply = ChatReply{Content: DefaultChatContent}
		if rf := req.ResponseFormat; rf != nil && rf.Type == "json_schema" {
			if ex, ok := exampleFromSchema(rf.Schema); ok {
				reply.Content = ex
			}
		}
	}
	if reply.FinishReason == "" {
		reply.FinishReason = "stop"
	}
	if reply.PromptTokens == 0 {
		for _, m := range req.Messages {
			reply.PromptTokens += 3 + estimateTokens(m.Content)
		}
	}
	if reply.CompletionTokens == 0 {
		reply.CompletionTokens = estimateTokens(reply.Content)
	}
	model := req.Model
	if model == "" {
		model = rt.deployment
	}
	if wr.Stream {
		s.writeStream(w, r, reply, model, wr.StreamOptions != nil && wr.StreamOptions.IncludeUsage, f)
		return
	}
	zero := func(keys ...string) *map[string]int {
		m := map[string]int{}
		for _, k := range keys {
			m[k] = 0
		}
		return &m
	}
	if f.kind == faultCut {
		w = cutWriter{w}
	}
	writeJSON(w, http.StatusOK, okHeaders(), wireChatResponse{
		ID:      "chatcmpl-" + randHex(14),
		Object:  "chat.completion",
		Created: time.Now().Unix(),
		Model:   model,
		Choices: []wireChoice{{
			Index:        0,
			Message:      wireAssistantReply{Role: "assistant", Content: reply.Content, Annotations: []string{}},
			FinishReason: reply.FinishReason,
		}},
		Usage: wireUsage{
			PromptTokens:            reply.PromptTokens,
			CompletionTokens:        reply.CompletionTokens,
			TotalTokens:             reply.PromptTokens + reply.CompletionTokens,
			PromptTokensDetails:     zero("cached_tokens", "audio_tokens"),
			CompletionTokensDetails: zero("reasoning_tokens", "audio_tokens", "accepted_prediction_tokens", "rejected_prediction_tokens"),
		},
		ServiceTier:       "default",
		SystemFingerprint: "fp_openaitest",
	})
}

// chatRequestFromWire builds the recorded request. Message contents of the
// wrong JSON type are reported as an OpenAI invalid_type error.
func chatRequestFromWire(wr wireChatRequest, body []byte, rt route) (ChatRequest, *apiErr) {
	req := ChatRequest{
		Model:       wr.Model,
		Temperature: wr.Temperature,
		Deployment:  rt.deployment,
		APIVersion:  rt.apiVersion,
		Stream:      wr.Stream,
		Raw:         bytes.Clone(body),
	}
	switch {
	case wr.MaxCompletionTokens != nil:
		req.MaxTokens = *wr.MaxCompletionTokens
	case wr.MaxTokens != nil:
		req.MaxTokens = *wr.MaxTokens
	}
	var firstErr *apiErr
	for i, m := range wr.Messages {
		text, err := messageText(m.Content)
		if err != nil && firstErr == nil {
			param := fmt.Sprintf("messages[%d].content", i)
			firstErr = &apiErr{
				Message: fmt.Sprintf("Invalid type for '%s': expected one of a string or array of objects, but got %s instead.",
					param, jsonKind(m.Content)),
				Type:  "invalid_request_error",
				Param: param,
				Code:  "invalid_type",
			}
		}
		req.Messages = append(req.Messages, Message{Role: m.Role, Content: text})
	}
	if rf := wr.ResponseFormat; rf != nil {
		req.ResponseFormat = &ResponseFormat{Type: rf.Type}
		if js := rf.JSONSchema; js != nil {
			req.ResponseFormat.SchemaName = js.Name
			req.ResponseFormat.Schema = js.Schema
			req.ResponseFormat.Strict = js.Strict
		}
	}
	return req, firstErr
}

// messageText decodes a message content: a string, null/absent, or an array
// of content parts whose text parts are joined with "\n".
func messageText(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var parts []wireContentPart
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", err
	}
	var texts []string
	for _, p := range parts {
		if p.Type == "text" {
			texts = append(texts, p.Text)
		}
	}
	return strings.Join(texts, "\n"), nil
}

func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	default:
		return "a number"
	}
}

// validateChat applies the checks OpenAI makes that matter to clients.
func validateChat(wr wireChatRequest, rt route) *apiErr {
	invalid := func(msg, param, code string) *apiErr {
		return &apiErr{Message: msg, Type: "invalid_request_error", Param: param, Code: code}
	}
	if wr.StreamOptions != nil && !wr.Stream {
		return invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options", "")
	}
	if wr.Model == "" && !rt.azure {
		return invalid("you must provide a model parameter", "", "")
	}
	if wr.N != nil && *wr.N != 1 {
		return invalid("openaitest: n != 1 not supported by fake", "n", "unsupported_value")
	}
	if len(wr.Messages) == 0 {
		return invalid("[] is too short - 'messages'", "messages", "empty_array")
	}
	for i, m := range wr.Messages {
		if !validRoles[m.Role] {
			return invalid(fmt.Sprintf("Invalid value: '%s'. Supported values are: 'system', 'assistant', 'user', "+
				"'function', 'tool', and 'developer'.", m.Role), fmt.Sprintf("messages[%d].role", i), "invalid_value")
		}
	}
	if t := wr.Temperature; t != nil {
		if *t > 2 {
			return invalid(fmt.Sprintf("Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got %g instead.", *t),
				"temperature", "decimal_above_max_value")
		}
		if *t < 0 {
			return invalid(fmt.Sprintf("Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got %g instead.", *t),
				"temperature", "decimal_below_min_value")
		}
	}
	for _, mt := range []struct {
		name string
		v    *int
	}{{"max_tokens", wr.MaxTokens}, {"max_completion_tokens", wr.MaxCompletionTokens}} {
		if mt.v != nil && *mt.v < 1 {
			return invalid(fmt.Sprintf("Invalid '%s': integer below minimum value. Expected a value >= 1, but got %d instead.", mt.name, *mt.v),
				mt.name, "integer_below_min_value")
		}
	}
	rf := wr.ResponseFormat
	if rf == nil {
		return nil
	}
	switch rf.Type {
	case "text":
	case "json_object":
		for _, m := range wr.Messages {
			if text, _ := messageText(m.Content); strings.Contains(strings.ToLower(text), "json") {
				return nil
			}
		}
		return invalid("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
			"messages", "")
	case "json_schema":
		js := rf.JSONSchema
		if js == nil {
			return invalid("Missing required parameter: 'response_format.json_schema'.",
				"response_format.json_schema", "missing_required_parameter")
		}
		if js.Name == "" {
			return invalid("Missing required parameter: 'response_format.json_schema.name'.",
				"response_format.json_schema.name", "missing_required_parameter")
		}
		if js.Strict {
			if msg := strictSchemaProblem(js.Schema); msg != "" {
				return invalid(fmt.Sprintf("Invalid schema for response_format '%s': %s", js.Name, msg), "response_format", "")
			}
		}
	default:
		return invalid(fmt.Sprintf("Invalid value: '%s'. Supported values are: 'json_object', 'json_schema', and 'text'.", rf.Type),
			"response_format.type", "invalid_value")
	}
	return nil
}

// strictSchemaProblem reports the first violation of OpenAI's structured
// outputs strict-mode rules that the fake checks: the root is an object,
// and every object sets additionalProperties: false and lists every
// property in required. It returns "" when the schema passes.
func strictSchemaProblem(schema json.RawMessage) string {
	var root map[string]any
	if err := json.Unmarshal(schema, &root); err != nil {
		return "schema must be a JSON object."
	}
	if t := root["type"]; t != "object" {
		b, _ := json.Marshal(t)
		return fmt.Sprintf(`schema must be a JSON Schema of 'type: "object"', got 'type: %s'.`, b)
	}
	return strictNode(root, nil)
}

func strictNode(node map[string]any, ctx []string) string {
	props, _ := node["properties"].(map[string]any)
	if node["type"] == "object" || (node["type"] == nil && len(props) > 0) {
		if ap, ok := node["additionalProperties"].(bool); !ok || ap {
			return fmt.Sprintf("In context=%s, 'additionalProperties' is required to be supplied and to be false.", pyTuple(ctx))
		}
		req := map[string]bool{}
		if list, ok := node["required"].([]any); ok {
			for _, k := range list {
				if ks, ok := k.(string); ok {
					req[ks] = true
				}
			}
		}
		for _, k := range sortedKeys(props) {
			if !req[k] {
				return fmt.Sprintf("In context=%s, 'required' is required to be supplied and to be an array "+
					"including every key in properties. Missing '%s'.", pyTuple(ctx), k)
			}
		}
	}
	child := func(v any, path ...string) string {
		if m, ok := v.(map[string]any); ok {
			return strictNode(m, append(append([]string(nil), ctx...), path...))
		}
		return ""
	}
	for _, k := range sortedKeys(props) {
		if msg := child(props[k], "properties", k); msg != "" {
			return msg
		}
	}
	if msg := child(node["items"], "items"); msg != "" {
		return msg
	}
	for _, key := range []string{"anyOf", "allOf", "oneOf"} {
		list, _ := node[key].([]any)
		for i, v := range list {
			if msg := child(v, key, fmt.Sprint(i)); msg != "" {
				return msg
			}
		}
	}
	for _, key := range []string{"$defs", "definitions"} {
		defs, _ := node[key].(map[string]any)
		for _, k := range sortedKeys(defs) {
			if msg := child(defs[k], key, k); msg != "" {
				return msg
			}
		}
	}
	return ""
}

// pyTuple renders a context path like Python's tuple repr, as OpenAI does.
func pyTuple(parts []string) string {
	if len(parts) == 0 {
		return "()"
	}
	q := make([]string, len(parts))
	for i, p := range parts {
		q[i] = "'" + p + "'"
	}
	if len(q) == 1 {
		return "(" + q[0] + ",)"
	}
	return "(" + strings.Join(q, ", ") + ")"
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// exampleFromSchema returns a minimal JSON document conforming to schema:
// every property present, strings empty, numbers zero, arrays empty, first
// enum value, first anyOf branch, local $refs followed.
func exampleFromSchema(schema json.RawMessage) (string, bool) {
	var root map[string]any
	if err := json.Unmarshal(schema, &root); err != nil {
		return "", false
	}
	b, err := json.Marshal(exampleNode(root, root, 0))
	if err != nil {
		return "", false
	}
	return string(b), true
}

func exampleNode(v any, root map[string]any, depth int) any {
	node, ok := v.(map[string]any)
	if !ok || depth > 32 {
		return nil
	}
	if c, ok := node["const"]; ok {
		return c
	}
	if e, ok := node["enum"].([]any); ok && len(e) > 0 {
		return e[0]
	}
	if ref, ok := node["$ref"].(string); ok {
		return exampleNode(resolveRef(ref, root), root, depth+1)
	}
	for _, key := range []string{"anyOf", "oneOf", "allOf"} {
		if list, ok := node[key].([]any); ok && len(list) > 0 {
			return exampleNode(list[0], root, depth+1)
		}
	}
	typ := node["type"]
	if list, ok := typ.([]any); ok {
		typ = nil
		for _, t := range list {
			if t != "null" {
				typ = t
				break
			}
		}
	}
	props, _ := node["properties"].(map[string]any)
	switch typ {
	case "object":
		out := map[string]any{}
		for k, p := range props {
			out[k] = exampleNode(p, root, depth+1)
		}
		return out
	case "array":
		n := 0
		if f, ok := node["minItems"].(float64); ok {
			n = int(f)
		}
		out := make([]any, n)
		for i := range out {
			out[i] = exampleNode(node["items"], root, depth+1)
		}
		return out
	case "string":
		return ""
	case "integer", "number":
		return 0
	case "boolean":
		return false
	case nil:
		if len(props) > 0 {
			return exampleNode(map[string]any{"type": "object", "properties": props}, root, depth+1)
		}
	}
	return nil
}

func resolveRef(ref string, root map[string]any) any {
	if ref == "#" {
		return root
	}
	var cur any = root
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		cur = m[part]
	}
	return cur
}
