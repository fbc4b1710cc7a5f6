package openaitest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
	"github.com/sashabaranov/go-openai/jsonschema"
)

const testKey = "sk-test-0123456789abcdefghijklmnop"

// headerRecorder is an http.RoundTripper below go-openai that remembers the
// last response's status and headers, like a retrying transport would see.
type headerRecorder struct {
	mu     sync.Mutex
	status int
	header http.Header
}

func (h *headerRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil {
		h.mu.Lock()
		h.status, h.header = resp.StatusCode, resp.Header.Clone()
		h.mu.Unlock()
	}
	return resp, err
}

func (h *headerRecorder) last() (int, http.Header) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.status, h.header
}

func newClient(s *Server, key string) (*openai.Client, *headerRecorder) {
	rec := &headerRecorder{}
	cfg := openai.DefaultConfig(key)
	cfg.BaseURL = s.URL()
	cfg.HTTPClient = &http.Client{Transport: rec}
	return openai.NewClientWithConfig(cfg), rec
}

func norm(v []float32) float64 {
	var sq float64
	for _, x := range v {
		sq += float64(x) * float64(x)
	}
	return math.Sqrt(sq)
}

func cosine(a, b []float32) float64 {
	var dot float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
	}
	return dot / (norm(a) * norm(b))
}

func TestEmbeddings(t *testing.T) {
	inputs := []string{"the quick brown fox", "The  quick brown fox", "zebra crossing at noon", "the quick brown fox"}
	tests := []struct {
		name    string
		format  openai.EmbeddingEncodingFormat
		dims    int
		opts    Options
		wantDim int
	}{
		{name: "float default", wantDim: DefaultEmbeddingDim},
		{name: "float explicit", format: openai.EmbeddingEncodingFormatFloat, wantDim: DefaultEmbeddingDim},
		{name: "base64", format: openai.EmbeddingEncodingFormatBase64, wantDim: DefaultEmbeddingDim},
		{name: "option dim", opts: Options{EmbeddingDim: 16}, wantDim: 16},
		{name: "request dimensions", dims: 32, wantDim: 32},
		{name: "base64 request dimensions", format: openai.EmbeddingEncodingFormatBase64, dims: 8, wantDim: 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewServer(t, tt.opts)
			c, _ := newClient(s, testKey)
			for round := 1; round <= 2; round++ {
				resp, err := c.CreateEmbeddings(t.Context(), openai.EmbeddingRequestStrings{
					Input: inputs, Model: openai.SmallEmbedding3, EncodingFormat: tt.format, Dimensions: tt.dims,
				})
				if err != nil {
					t.Fatalf("CreateEmbeddings: %v", err)
				}
				if got, want := len(resp.Data), len(inputs); got != want {
					t.Fatalf("len(Data) = %d, want %d", got, want)
				}
				for i, d := range resp.Data {
					if d.Index != i {
						t.Errorf("Data[%d].Index = %d, want %d", i, d.Index, i)
					}
					if got := len(d.Embedding); got != tt.wantDim {
						t.Errorf("Data[%d] dim = %d, want %d", i, got, tt.wantDim)
					}
					if got := norm(d.Embedding); math.Abs(got-1) > 1e-5 {
						t.Errorf("Data[%d] norm = %v, want 1", i, got)
					}
					if want := DefaultEmbedding(inputs[i], tt.wantDim); !reflect.DeepEqual(d.Embedding, want) {
						t.Errorf("Data[%d] differs from DefaultEmbedding(%q)", i, inputs[i])
					}
				}
				if got, want := string(resp.Model), string(openai.SmallEmbedding3); got != want {
					t.Errorf("Model = %q, want %q", got, want)
				}
				if resp.Usage.PromptTokens == 0 || resp.Usage.TotalTokens != resp.Usage.PromptTokens {
					t.Errorf("Usage = %+v, want prompt = total > 0", resp.Usage)
				}
				if got, want := s.Calls(EndpointEmbeddings), round; got != want {
					t.Errorf("Calls(embeddings) = %d, want %d", got, want)
				}
				if got, want := s.EmbeddedInputs(), round*len(inputs); got != want {
					t.Errorf("EmbeddedInputs() = %d, want %d", got, want)
				}
				if tt.wantDim >= 16 {
					same := cosine(resp.Data[0].Embedding, resp.Data[1].Embedding)
					other := cosine(resp.Data[0].Embedding, resp.Data[2].Embedding)
					if same < 0.999 || other >= same {
						t.Errorf("cos(same text)=%v, cos(other text)=%v; want ~1 and lower", same, other)
					}
				}
			}
			reqs := s.EmbeddingRequests()
			if got, want := len(reqs), 2; got != want {
				t.Fatalf("len(EmbeddingRequests()) = %d, want %d", got, want)
			}
			want := EmbeddingRequest{Model: string(openai.SmallEmbedding3), Inputs: inputs, EncodingFormat: string(tt.format), Dimensions: tt.dims}
			if !reflect.DeepEqual(reqs[0], want) {
				t.Errorf("EmbeddingRequests()[0] = %+v, want %+v", reqs[0], want)
			}
			if got := s.Calls(EndpointChat); got != 0 {
				t.Errorf("Calls(chat) = %d, want 0", got)
			}
		})
	}
}

func TestEmbeddingsCustomEmbed(t *testing.T) {
	s := NewServer(t, Options{Embed: func(model, input string) []float32 {
		return []float32{float32(len(input)), 0.5}
	}})
	c, _ := newClient(s, testKey)
	resp, err := c.CreateEmbeddings(t.Context(), openai.EmbeddingRequest{Input: "abc", Model: openai.SmallEmbedding3})
	if err != nil {
		t.Fatalf("CreateEmbeddings: %v", err)
	}
	if got, want := resp.Data[0].Embedding, []float32{3, 0.5}; !reflect.DeepEqual(got, want) {
		t.Errorf("Embedding = %v, want %v", got, want)
	}
}

func TestEmbeddingsRejected(t *testing.T) {
	tests := []struct {
		name      string
		opts      Options
		req       openai.EmbeddingRequestConverter
		wantParam string
		wantCode  any // JSON null arrives as int 0 (go-openai quirk)
	}{
		{
			name:     "batch over MaxBatch",
			opts:     Options{MaxBatch: 2},
			req:      openai.EmbeddingRequestStrings{Input: []string{"a", "b", "c"}, Model: openai.SmallEmbedding3},
			wantCode: 0,
		},
		{
			name:     "empty string input",
			req:      openai.EmbeddingRequestStrings{Input: []string{"a", ""}, Model: openai.SmallEmbedding3},
			wantCode: 0,
		},
		{
			name:      "token arrays unsupported",
			req:       openai.EmbeddingRequestTokens{Input: [][]int{{1, 2, 3}}, Model: openai.SmallEmbedding3},
			wantParam: "input",
			wantCode:  "unsupported_value",
		},
		{
			name:     "dimensions on ada-002",
			req:      openai.EmbeddingRequest{Input: "a", Model: openai.AdaEmbeddingV2, Dimensions: 8},
			wantCode: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewServer(t, tt.opts)
			c, _ := newClient(s, testKey)
			_, err := c.CreateEmbeddings(t.Context(), tt.req)
			var apiErr *openai.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want *openai.APIError", err, err)
			}
			if got, want := apiErr.HTTPStatusCode, http.StatusBadRequest; got != want {
				t.Errorf("HTTPStatusCode = %d, want %d", got, want)
			}
			if got, want := apiErr.Type, "invalid_request_error"; got != want {
				t.Errorf("Type = %q, want %q", got, want)
			}
			gotParam := ""
			if apiErr.Param != nil {
				gotParam = *apiErr.Param
			}
			if gotParam != tt.wantParam {
				t.Errorf("Param = %q, want %q", gotParam, tt.wantParam)
			}
			if apiErr.Code != tt.wantCode {
				t.Errorf("Code = %v, want %v", apiErr.Code, tt.wantCode)
			}
			if got := s.EmbeddedInputs(); got != 0 {
				t.Errorf("EmbeddedInputs() = %d, want 0", got)
			}
			if got, want := s.Calls(EndpointEmbeddings), 1; got != want {
				t.Errorf("Calls(embeddings) = %d, want %d", got, want)
			}
		})
	}
}

// verdict is the structured reply used in the JSON-schema tests.
type verdict struct {
	Quote    string   `json:"quote"`
	Verified bool     `json:"verified"`
	Score    int      `json:"score"`
	Sources  []string `json:"sources"`
}

func mustSchema(t *testing.T, v any) *jsonschema.Definition {
	t.Helper()
	def, err := jsonschema.GenerateSchemaForType(v)
	if err != nil {
		t.Fatalf("GenerateSchemaForType: %v", err)
	}
	return def
}

func TestChatCompletion(t *testing.T) {
	schemaFormat := &openai.ChatCompletionResponseFormat{
		Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
		JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
			Name:   "verdict",
			Schema: mustSchema(t, verdict{}),
			Strict: true,
		},
	}
	tests := []struct {
		name         string
		opts         Options
		req          openai.ChatCompletionRequest
		wantContent  string // "" means: check wantJSON instead
		wantJSON     any
		wantMessages []Message
		wantFormat   *ResponseFormat // Schema not compared
		wantMax      int
	}{
		{
			name: "plain default reply",
			req: openai.ChatCompletionRequest{
				Model: openai.GPT4o,
				Messages: []openai.ChatCompletionMessage{
					{Role: openai.ChatMessageRoleSystem, Content: "be terse"},
					{Role: openai.ChatMessageRoleUser, Content: "hello"},
				},
				MaxTokens:   50,
				Temperature: 0.2,
			},
			wantContent:  DefaultChatContent,
			wantMessages: []Message{{"system", "be terse"}, {"user", "hello"}},
			wantMax:      50,
		},
		{
			name: "scripted reply sees multi-part content",
			opts: Options{Chat: func(req ChatRequest) ChatReply {
				return ChatReply{Content: "you said: " + req.Messages[0].Content, FinishReason: "length"}
			}},
			req: openai.ChatCompletionRequest{
				Model: openai.GPT4oMini,
				Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, MultiContent: []openai.ChatMessagePart{
					{Type: openai.ChatMessagePartTypeText, Text: "part one"},
					{Type: openai.ChatMessagePartTypeImageURL, ImageURL: &openai.ChatMessageImageURL{URL: "https://example.invalid/x.png"}},
					{Type: openai.ChatMessagePartTypeText, Text: "part two"},
				}}},
				MaxCompletionTokens: 7,
			},
			wantContent:  "you said: part one\npart two",
			wantMessages: []Message{{"user", "part one\npart two"}},
			wantMax:      7,
		},
		{
			name: "json schema default reply conforms",
			req: openai.ChatCompletionRequest{
				Model:          openai.GPT4o,
				Messages:       []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "verify this quote"}},
				ResponseFormat: schemaFormat,
			},
			wantJSON:     &verdict{Sources: []string{}},
			wantMessages: []Message{{"user", "verify this quote"}},
			wantFormat:   &ResponseFormat{Type: "json_schema", SchemaName: "verdict", Strict: true},
		},
		{
			name: "json object",
			opts: Options{Chat: func(ChatRequest) ChatReply { return ChatReply{Content: `{"a":1}`} }},
			req: openai.ChatCompletionRequest{
				Model:          openai.GPT4o,
				Messages:       []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "answer in JSON"}},
				ResponseFormat: &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject},
			},
			wantContent:  `{"a":1}`,
			wantMessages: []Message{{"user", "answer in JSON"}},
			wantFormat:   &ResponseFormat{Type: "json_object"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewServer(t, tt.opts)
			c, rec := newClient(s, testKey)
			resp, err := c.CreateChatCompletion(t.Context(), tt.req)
			if err != nil {
				t.Fatalf("CreateChatCompletion: %v", err)
			}
			if got, want := len(resp.Choices), 1; got != want {
				t.Fatalf("len(Choices) = %d, want %d", got, want)
			}
			got := resp.Choices[0].Message
			if got.Role != openai.ChatMessageRoleAssistant {
				t.Errorf("Role = %q, want assistant", got.Role)
			}
			if tt.wantContent != "" && got.Content != tt.wantContent {
				t.Errorf("Content = %q, want %q", got.Content, tt.wantContent)
			}
			if tt.wantJSON != nil {
				dst := reflect.New(reflect.TypeOf(tt.wantJSON).Elem()).Interface()
				if err := json.Unmarshal([]byte(got.Content), dst); err != nil {
					t.Fatalf("Content %q is not valid JSON for the schema: %v", got.Content, err)
				}
				if !reflect.DeepEqual(dst, tt.wantJSON) {
					t.Errorf("Content = %+v, want %+v", dst, tt.wantJSON)
				}
				if !jsonschema.Validate(*tt.req.ResponseFormat.JSONSchema.Schema.(*jsonschema.Definition), mustAny(t, got.Content)) {
					t.Errorf("Content %s does not validate against the schema", got.Content)
				}
			}
			if !strings.HasPrefix(resp.ID, "chatcmpl-") || resp.Object != "chat.completion" || resp.Model != tt.req.Model {
				t.Errorf("ID, Object, Model = %q, %q, %q; want chatcmpl-..., chat.completion, %q", resp.ID, resp.Object, resp.Model, tt.req.Model)
			}
			if u := resp.Usage; u.PromptTokens == 0 || u.CompletionTokens == 0 || u.TotalTokens != u.PromptTokens+u.CompletionTokens {
				t.Errorf("Usage = %+v, want non-zero and consistent", u)
			}
			if rl := resp.GetRateLimitHeaders(); rl.LimitRequests == 0 || rl.RemainingRequests == 0 {
				t.Errorf("GetRateLimitHeaders() = %+v, want limits set", rl)
			}
			if status, _ := rec.last(); status != http.StatusOK {
				t.Errorf("HTTP status = %d, want 200", status)
			}

			reqs := s.ChatRequests()
			if len(reqs) != 1 {
				t.Fatalf("len(ChatRequests()) = %d, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Model != tt.req.Model || !reflect.DeepEqual(r.Messages, tt.wantMessages) || r.MaxTokens != tt.wantMax {
				t.Errorf("ChatRequests()[0] = {Model:%q Messages:%+v MaxTokens:%d}, want {%q %+v %d}",
					r.Model, r.Messages, r.MaxTokens, tt.req.Model, tt.wantMessages, tt.wantMax)
			}
			if (r.Temperature != nil) != (tt.req.Temperature != 0) {
				t.Errorf("Temperature = %v, want set = %v", r.Temperature, tt.req.Temperature != 0)
			}
			if len(r.Raw) == 0 {
				t.Errorf("Raw is empty")
			}
			gotFormat := r.ResponseFormat
			if gotFormat != nil {
				if gotFormat.Type == "json_schema" && !json.Valid(gotFormat.Schema) {
					t.Errorf("Schema = %s, want valid JSON", gotFormat.Schema)
				}
				gotFormat = &ResponseFormat{Type: gotFormat.Type, SchemaName: gotFormat.SchemaName, Strict: gotFormat.Strict}
			}
			if !reflect.DeepEqual(gotFormat, tt.wantFormat) {
				t.Errorf("ResponseFormat = %+v, want %+v", gotFormat, tt.wantFormat)
			}
			if got, want := s.Calls(EndpointChat), 1; got != want {
				t.Errorf("Calls(chat) = %d, want %d", got, want)
			}
		})
	}
}

func mustAny(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("unmarshal %q: %v", s, err)
	}
	return v
}

func TestChatRejected(t *testing.T) {
	user := []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "hi"}}
	loose := &jsonschema.Definition{
		Type:       jsonschema.Object,
		Properties: map[string]jsonschema.Definition{"a": {Type: jsonschema.String}, "b": {Type: jsonschema.Integer}},
		Required:   []string{"a"},
	}
	tests := []struct {
		name      string
		req       openai.ChatCompletionRequest
		wantParam string
		wantMsg   string
	}{
		{
			name:      "json_object without the word json",
			req:       openai.ChatCompletionRequest{Model: openai.GPT4o, Messages: user, ResponseFormat: &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}},
			wantParam: "messages",
			wantMsg:   "must contain the word 'json'",
		},
		{
			name: "strict schema without additionalProperties false",
			req: openai.ChatCompletionRequest{Model: openai.GPT4o, Messages: user, ResponseFormat: &openai.ChatCompletionResponseFormat{
				Type:       openai.ChatCompletionResponseFormatTypeJSONSchema,
				JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{Name: "loose", Schema: loose, Strict: true},
			}},
			wantParam: "response_format",
			wantMsg:   "'additionalProperties' is required to be supplied and to be false",
		},
		{
			name: "strict schema with property missing from required",
			req: openai.ChatCompletionRequest{Model: openai.GPT4o, Messages: user, ResponseFormat: &openai.ChatCompletionResponseFormat{
				Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
				JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{Name: "loose", Strict: true, Schema: &jsonschema.Definition{
					Type: jsonschema.Object, Properties: loose.Properties, Required: loose.Required, AdditionalProperties: false,
				}},
			}},
			wantParam: "response_format",
			wantMsg:   "Missing 'b'",
		},
		{
			name:      "empty messages",
			req:       openai.ChatCompletionRequest{Model: openai.GPT4o, Messages: []openai.ChatCompletionMessage{}},
			wantParam: "messages",
			wantMsg:   "too short",
		},
		{
			name:      "unknown role",
			req:       openai.ChatCompletionRequest{Model: openai.GPT4o, Messages: []openai.ChatCompletionMessage{{Role: "robot", Content: "x"}}},
			wantParam: "messages[0].role",
			wantMsg:   "Invalid value: 'robot'",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewServer(t, Options{})
			c, _ := newClient(s, testKey)
			_, err := c.CreateChatCompletion(t.Context(), tt.req)
			var apiErr *openai.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want *openai.APIError", err, err)
			}
			if apiErr.HTTPStatusCode != http.StatusBadRequest || apiErr.Type != "invalid_request_error" {
				t.Errorf("status, type = %d, %q; want 400, invalid_request_error", apiErr.HTTPStatusCode, apiErr.Type)
			}
			if apiErr.Param == nil || *apiErr.Param != tt.wantParam {
				t.Errorf("Param = %v, want %q", apiErr.Param, tt.wantParam)
			}
			if !strings.Contains(apiErr.Message, tt.wantMsg) {
				t.Errorf("Message = %q, want it to contain %q", apiErr.Message, tt.wantMsg)
			}
		})
	}

	t.Run("stream_options without stream", func(t *testing.T) {
		s := NewServer(t, Options{})
		c, _ := newClient(s, testKey)
		_, err := c.CreateChatCompletion(t.Context(), openai.ChatCompletionRequest{Model: openai.GPT4o, Messages: user,
			StreamOptions: &openai.StreamOptions{IncludeUsage: true}})
		var apiErr *openai.APIError
		if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != http.StatusBadRequest || apiErr.Param == nil || *apiErr.Param != "stream_options" {
			t.Fatalf("err = %v, want a 400 on stream_options", err)
		}
	})
}

// receive reads a stream to its end: the content pieces, the finish
// reason, the usage, and the error that ended it (nil for io.EOF).
func receive(t *testing.T, st *openai.ChatCompletionStream) (pieces []string, finish openai.FinishReason, usage *openai.Usage, err error) {
	t.Helper()
	defer st.Close()
	for {
		resp, err := st.Recv()
		if errors.Is(err, io.EOF) {
			return pieces, finish, usage, nil
		}
		if err != nil {
			return pieces, finish, usage, err
		}
		if resp.Object != "chat.completion.chunk" || resp.ID == "" {
			t.Errorf("chunk object %q id %q", resp.Object, resp.ID)
		}
		if resp.Usage != nil {
			usage = resp.Usage
		}
		for _, ch := range resp.Choices {
			if ch.Delta.Content != "" {
				pieces = append(pieces, ch.Delta.Content)
			}
			if ch.FinishReason != "" {
				finish = ch.FinishReason
			}
		}
	}
}

func TestChatStream(t *testing.T) {
	user := []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "hi"}}
	const content = `{"claims":[{"sentence":"Trade passed $123.86 billion.","quotes":[]}]} — Việt Nam`
	chat := func(ChatRequest) ChatReply { return ChatReply{Content: content, PromptTokens: 7} }
	tests := []struct {
		name       string
		usage      bool
		fault      Fault
		wantPieces int // 0: every token of content
		wantErr    bool
	}{
		{name: "whole reply with usage", usage: true},
		{name: "whole reply without usage"},
		{name: "cut after three tokens", fault: CutStream(3), wantPieces: 3, wantErr: true},
		{name: "cut after the last token, before the finish", fault: CutStream(1000), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewServer(t, Options{Chat: chat})
			if tt.fault != (Fault{}) {
				s.FailNext(EndpointChat, tt.fault)
			}
			c, _ := newClient(s, testKey)
			req := openai.ChatCompletionRequest{Model: openai.GPT4o, Messages: user, Stream: true}
			if tt.usage {
				req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
			}
			st, err := c.CreateChatCompletionStream(t.Context(), req)
			if err != nil {
				t.Fatal(err)
			}
			if ct := st.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
				t.Errorf("Content-Type = %q", ct)
			}
			pieces, finish, usage, err := receive(t, st)
			tokens := Tokens(content)
			want := tt.wantPieces
			if want == 0 {
				want = len(tokens)
			}
			if len(pieces) != want || strings.Join(pieces, "") != strings.Join(tokens[:want], "") {
				t.Errorf("got %d pieces %q, want %d", len(pieces), pieces, want)
			}
			if tt.wantErr {
				if err == nil || finish != "" {
					t.Errorf("a cut stream ended with err %v, finish %q; want an error and no finish", err, finish)
				}
				return
			}
			if err != nil || finish != openai.FinishReasonStop {
				t.Errorf("err %v finish %q, want a clean end with stop", err, finish)
			}
			if tt.usage != (usage != nil) {
				t.Fatalf("usage = %+v, asked %v", usage, tt.usage)
			}
			if usage != nil && (usage.PromptTokens != 7 || usage.CompletionTokens != estimateTokens(content)) {
				t.Errorf("usage = %+v", usage)
			}
			if reqs := s.ChatRequests(); len(reqs) != 1 || !reqs[0].Stream {
				t.Errorf("recorded %+v, want one streamed request", reqs)
			}
		})
	}
}

func TestChatStreamPace(t *testing.T) {
	const rate = 200.0
	content := strings.Repeat("word ", 20)
	s := NewServer(t, Options{TokensPerSecond: rate, Chat: func(ChatRequest) ChatReply { return ChatReply{Content: content} }})
	c, _ := newClient(s, testKey)
	start := time.Now()
	st, err := c.CreateChatCompletionStream(t.Context(), openai.ChatCompletionRequest{Model: openai.GPT4o,
		Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "hi"}}, Stream: true})
	if err != nil {
		t.Fatal(err)
	}
	pieces, _, _, err := receive(t, st)
	if err != nil {
		t.Fatal(err)
	}
	// A lower bound only: the pace is a floor, never a promise of speed.
	if floor := time.Duration(float64(len(pieces)) / rate * float64(time.Second)); time.Since(start) < floor {
		t.Errorf("%d tokens at %v/s took %v, less than %v", len(pieces), rate, time.Since(start), floor)
	}
}

func TestStreamTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Hello world", []string{"Hell", "o", " worl", "d"}},
		{`{"a": "Việt"}`, []string{`{"a"`, ":", ` "Việ`, `t"}`}},
		{"  two  spaces", []string{"  two", "  spac", "es"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := Tokens(tt.in)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || strings.Join(got, "") != tt.in {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// call runs one request against endpoint and returns the response headers
// go-openai attached to the (possibly failed) response, and the error.
func call(ctx context.Context, c *openai.Client, endpoint string) (http.Header, error) {
	if endpoint == EndpointChat {
		resp, err := c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
			Model:    openai.GPT4o,
			Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "hi"}},
		})
		return resp.Header(), err
	}
	resp, err := c.CreateEmbeddings(ctx, openai.EmbeddingRequestStrings{Input: []string{"a", "b"}, Model: openai.SmallEmbedding3})
	return resp.Header(), err
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name       string
		fault      Fault
		wantStatus int
		wantType   string
		wantCode   any // JSON null arrives as int 0 (go-openai quirk)
		wantHeader map[string]string
	}{
		{name: "rate limited", fault: RateLimited(1500 * time.Millisecond), wantStatus: 429, wantType: "requests", wantCode: "rate_limit_exceeded",
			wantHeader: map[string]string{"Retry-After": "2", "Retry-After-Ms": "1500", "X-Ratelimit-Remaining-Requests": "0"}},
		{name: "insufficient quota", fault: InsufficientQuota(), wantStatus: 429, wantType: "insufficient_quota", wantCode: "insufficient_quota"},
		{name: "server error 500", fault: ServerError(500), wantStatus: 500, wantType: "server_error", wantCode: 0},
		{name: "server error 502", fault: ServerError(502), wantStatus: 502, wantType: "server_error", wantCode: 0},
		{name: "server error 503", fault: ServerError(503), wantStatus: 503, wantType: "server_error", wantCode: 0},
		{name: "unauthorized", fault: Unauthorized(), wantStatus: 401, wantType: "invalid_request_error", wantCode: "invalid_api_key"},
		{name: "timeout", fault: Timeout(), wantStatus: 408, wantType: "timeout", wantCode: 0},
	}
	for _, endpoint := range []string{EndpointChat, EndpointEmbeddings} {
		for _, tt := range tests {
			t.Run(endpoint+"/"+tt.name, func(t *testing.T) {
				s := NewServer(t, Options{})
				c, rec := newClient(s, testKey)
				s.FailNext(endpoint, tt.fault)

				hdr, err := call(t.Context(), c, endpoint)
				var apiErr *openai.APIError
				if !errors.As(err, &apiErr) {
					t.Fatalf("err = %v (%T), want *openai.APIError", err, err)
				}
				if apiErr.HTTPStatusCode != tt.wantStatus || apiErr.Type != tt.wantType || apiErr.Code != tt.wantCode {
					t.Errorf("APIError{HTTPStatusCode:%d Type:%q Code:%v}, want {%d %q %v}",
						apiErr.HTTPStatusCode, apiErr.Type, apiErr.Code, tt.wantStatus, tt.wantType, tt.wantCode)
				}
				if strings.Contains(apiErr.Message, testKey) {
					t.Errorf("Message %q leaks the API key", apiErr.Message)
				}
				status, seen := rec.last()
				if status != tt.wantStatus {
					t.Errorf("RoundTripper saw status %d, want %d", status, tt.wantStatus)
				}
				for k, want := range tt.wantHeader {
					if got := seen.Get(k); got != want {
						t.Errorf("RoundTripper saw %s = %q, want %q", k, got, want)
					}
					// go-openai keeps response headers on the returned
					// (zero) response even when it returns an error.
					if got := hdr.Get(k); got != want {
						t.Errorf("resp.Header() %s = %q, want %q", k, got, want)
					}
				}

				// One-shot: the next call succeeds.
				if _, err := call(t.Context(), c, endpoint); err != nil {
					t.Errorf("second call: %v, want success", err)
				}
				if got, want := s.Calls(endpoint), 2; got != want {
					t.Errorf("Calls(%s) = %d, want %d", endpoint, got, want)
				}
			})
		}

		t.Run(endpoint+"/malformed", func(t *testing.T) {
			s := NewServer(t, Options{})
			c, rec := newClient(s, testKey)
			s.FailNext(endpoint, Malformed())
			_, err := call(t.Context(), c, endpoint)
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("err = %v (%T), want io.ErrUnexpectedEOF", err, err)
			}
			var apiErr *openai.APIError
			var reqErr *openai.RequestError
			if errors.As(err, &apiErr) || errors.As(err, &reqErr) {
				t.Errorf("err = %T, want neither *APIError nor *RequestError", err)
			}
			if status, h := rec.last(); status != http.StatusOK || h.Get("Content-Type") != "application/json" {
				t.Errorf("status, Content-Type = %d, %q; want 200, application/json", status, h.Get("Content-Type"))
			}
		})
	}

	t.Run("content", func(t *testing.T) {
		s := NewServer(t, Options{Chat: func(ChatRequest) ChatReply { return ChatReply{Content: "from Options.Chat"} }})
		c, _ := newClient(s, testKey)
		s.FailNext(EndpointChat, Content(`He said "I never said that."`))
		for i, want := range []string{`He said "I never said that."`, "from Options.Chat"} {
			resp, err := c.CreateChatCompletion(t.Context(), openai.ChatCompletionRequest{
				Model:    openai.GPT4o,
				Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "quote?"}},
			})
			if err != nil {
				t.Fatalf("call %d: %v", i, err)
			}
			if got := resp.Choices[0].Message.Content; got != want {
				t.Errorf("call %d: Content = %q, want %q", i, got, want)
			}
		}
	})
}

func TestFaultQueue(t *testing.T) {
	s := NewServer(t, Options{})
	c, _ := newClient(s, testKey)
	s.FailNext(EndpointChat, ServerError(503))
	s.FailNext(EndpointChat, RateLimited(time.Second))
	s.FailAlways(EndpointChat, ServerError(500))

	status := func() int {
		_, err := call(t.Context(), c, EndpointChat)
		var apiErr *openai.APIError
		if errors.As(err, &apiErr) {
			return apiErr.HTTPStatusCode
		}
		if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
		return 200
	}
	var got []int
	for range 4 {
		got = append(got, status())
	}
	s.ClearFaults()
	got = append(got, status())
	if want := []int{503, 429, 500, 500, 200}; !reflect.DeepEqual(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
	if got, want := s.Calls(EndpointChat), 5; got != want {
		t.Errorf("Calls(chat) = %d, want %d", got, want)
	}
	if got, want := len(s.ChatRequests()), 5; got != want {
		t.Errorf("len(ChatRequests()) = %d, want %d (faulted requests are recorded)", got, want)
	}
	// Embeddings are unaffected by chat faults.
	if _, err := call(t.Context(), c, EndpointEmbeddings); err != nil {
		t.Errorf("embeddings: %v", err)
	}
}

func TestSlow(t *testing.T) {
	for _, endpoint := range []string{EndpointChat, EndpointEmbeddings} {
		t.Run(endpoint+"/client deadline", func(t *testing.T) {
			s := NewServer(t, Options{})
			c, _ := newClient(s, testKey)
			s.FailNext(endpoint, Slow(time.Hour))
			ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
			defer cancel()
			_, err := call(ctx, c, endpoint)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want context.DeadlineExceeded", err)
			}
			// The handler notices the client left and returns.
			for s.slowExits() == 0 {
				select {
				case <-t.Context().Done():
					t.Fatal("slow handler did not return after the client left")
				case <-time.After(5 * time.Millisecond):
				}
			}
		})
		t.Run(endpoint+"/short delay then success", func(t *testing.T) {
			s := NewServer(t, Options{})
			c, _ := newClient(s, testKey)
			s.FailNext(endpoint, Slow(10*time.Millisecond))
			if _, err := call(t.Context(), c, endpoint); err != nil {
				t.Fatalf("err = %v, want success", err)
			}
		})
	}
}

func (s *Server) slowExits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.slowExit
}

func TestAzure(t *testing.T) {
	tests := []struct {
		name           string
		endpoint       string
		model          string
		wantDeployment string
	}{
		{name: "chat", endpoint: EndpointChat, model: openai.GPT4o, wantDeployment: "gpt-4o"},
		{name: "chat 3.5 mapped", endpoint: EndpointChat, model: openai.GPT3Dot5Turbo, wantDeployment: "gpt-35-turbo"},
		{name: "embeddings", endpoint: EndpointEmbeddings, model: string(openai.SmallEmbedding3), wantDeployment: "text-embedding-3-small"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewServer(t, Options{APIKey: testKey})
			cfg := openai.DefaultAzureConfig(testKey, s.BaseURL())
			c := openai.NewClientWithConfig(cfg)
			var gotDeployment, gotVersion string
			if tt.endpoint == EndpointChat {
				resp, err := c.CreateChatCompletion(t.Context(), openai.ChatCompletionRequest{
					Model:    tt.model,
					Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "hi"}},
				})
				if err != nil {
					t.Fatalf("CreateChatCompletion: %v", err)
				}
				if got := resp.Choices[0].Message.Content; got != DefaultChatContent {
					t.Errorf("Content = %q, want %q", got, DefaultChatContent)
				}
				r := s.ChatRequests()[0]
				gotDeployment, gotVersion = r.Deployment, r.APIVersion
			} else {
				resp, err := c.CreateEmbeddings(t.Context(), openai.EmbeddingRequestStrings{Input: []string{"x"}, Model: openai.EmbeddingModel(tt.model)})
				if err != nil {
					t.Fatalf("CreateEmbeddings: %v", err)
				}
				if got := len(resp.Data); got != 1 {
					t.Errorf("len(Data) = %d, want 1", got)
				}
				r := s.EmbeddingRequests()[0]
				gotDeployment, gotVersion = r.Deployment, r.APIVersion
			}
			if gotDeployment != tt.wantDeployment {
				t.Errorf("Deployment = %q, want %q", gotDeployment, tt.wantDeployment)
			}
			if want := cfg.APIVersion; gotVersion != want {
				t.Errorf("APIVersion = %q, want %q", gotVersion, want)
			}
			if got := s.Calls(tt.endpoint); got != 1 {
				t.Errorf("Calls(%s) = %d, want 1", tt.endpoint, got)
			}
		})
	}
}

func TestAuth(t *testing.T) {
	wrongKey := "sk-wrong-abcdefghijklmnopqrstuvwxyz"
	tests := []struct {
		name     string
		azure    bool
		key      string
		wantCode any // JSON null arrives as int 0 (go-openai quirk)
		wantFail bool
	}{
		{name: "openai right key", key: testKey},
		{name: "openai wrong key", key: wrongKey, wantFail: true, wantCode: "invalid_api_key"},
		{name: "openai short wrong key", key: "sk-x", wantFail: true, wantCode: "invalid_api_key"},
		{name: "openai no key", key: "", wantFail: true, wantCode: 0},
		{name: "azure right key", azure: true, key: testKey},
		{name: "azure wrong key", azure: true, key: wrongKey, wantFail: true, wantCode: "invalid_api_key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewServer(t, Options{APIKey: testKey})
			var c *openai.Client
			if tt.azure {
				c = openai.NewClientWithConfig(openai.DefaultAzureConfig(tt.key, s.BaseURL()))
			} else {
				c, _ = newClient(s, tt.key)
			}
			_, err := call(t.Context(), c, EndpointChat)
			if !tt.wantFail {
				if err != nil {
					t.Fatalf("err = %v, want success", err)
				}
				return
			}
			var apiErr *openai.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want *openai.APIError", err, err)
			}
			if apiErr.HTTPStatusCode != http.StatusUnauthorized || apiErr.Type != "invalid_request_error" || apiErr.Code != tt.wantCode {
				t.Errorf("APIError{HTTPStatusCode:%d Type:%q Code:%v}, want {401 invalid_request_error %v}",
					apiErr.HTTPStatusCode, apiErr.Type, apiErr.Code, tt.wantCode)
			}
			for _, secret := range []string{testKey, tt.key} {
				if secret != "" && strings.Contains(apiErr.Message, secret) {
					t.Errorf("Message %q contains the full key %q", apiErr.Message, secret)
				}
			}
			if len(s.ChatRequests()) != 0 {
				t.Errorf("unauthorized request was recorded")
			}
			if got := s.Calls(EndpointChat); got != 1 {
				t.Errorf("Calls(chat) = %d, want 1", got)
			}
		})
	}
}

func TestMaskKey(t *testing.T) {
	tests := []struct{ key, want string }{
		{"sk-abcdefghijklmnop1234", "sk-****************1234"},
		{"sk-proj-abcdefghijklmnop1234", "sk-proj-****************1234"},
		{"short-key", "*********"},
		{"", "sk-****"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got := maskKey(tt.key); got != tt.want {
				t.Errorf("maskKey(%q) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}
