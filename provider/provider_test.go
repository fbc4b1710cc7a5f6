package provider

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/provider/openaitest"
	"github.com/partnerbot/partnerbot/retrieval"
)

var answerSchema = json.RawMessage(`{
  "type": "object",
  "properties": {
    "answer": {"type": "string"},
    "citations": {"type": "array", "items": {"type": "object",
      "properties": {"passage": {"type": "integer"}, "quote": {"type": "string"}},
      "required": ["passage", "quote"], "additionalProperties": false}},
    "abstain": {"type": "boolean"}
  },
  "required": ["answer", "citations", "abstain"],
  "additionalProperties": false
}`)

func TestComplete(t *testing.T) {
	tests := []struct {
		name       string
		schemaName string
		schema     json.RawMessage
	}{
		{"plain", "", nil},
		{"json schema", "cited_answer", answerSchema},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := fakeHarness(t, openaitest.Options{APIKey: testKey}, nil)
			req := ask("Who signed?")
			req.SchemaName, req.Schema = tt.schemaName, tt.schema
			got, err := c.Complete(t.Context(), req)
			if err != nil {
				t.Fatalf("Complete: %v", err)
			}
			if got.PromptTokens <= 0 || got.CompletionTokens <= 0 {
				t.Errorf("usage = %d/%d, want positive", got.PromptTokens, got.CompletionTokens)
			}
			if !json.Valid([]byte(got.Content)) {
				t.Errorf("content %q is not JSON", got.Content)
			}
			reqs := srv.ChatRequests()
			if len(reqs) != 1 {
				t.Fatalf("server saw %d chat requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Model != "gpt-4o-mini" {
				t.Errorf("model = %q", r.Model)
			}
			want := []openaitest.Message{{Role: "system", Content: "Answer from the passages."}, {Role: "user", Content: "Who signed?"}}
			if !reflect.DeepEqual(r.Messages, want) {
				t.Errorf("messages = %+v, want %+v", r.Messages, want)
			}
			if r.Temperature == nil || *r.Temperature > 0.001 {
				t.Errorf("temperature = %v, want near 0", r.Temperature)
			}
			checkFormat(t, r.ResponseFormat, tt.schemaName, tt.schema)
		})
	}
}

func checkFormat(t *testing.T, rf *openaitest.ResponseFormat, name string, schema json.RawMessage) {
	t.Helper()
	if name == "" {
		if rf != nil {
			t.Errorf("response_format = %+v, want none", rf)
		}
		return
	}
	if rf == nil || rf.Type != "json_schema" || rf.SchemaName != name || !rf.Strict {
		t.Fatalf("response_format = %+v, want strict json_schema %q", rf, name)
	}
	var sent, want any
	_ = json.Unmarshal(rf.Schema, &sent)
	_ = json.Unmarshal(schema, &want)
	if !reflect.DeepEqual(sent, want) {
		t.Errorf("schema sent = %s", rf.Schema)
	}
}

func TestCompleteUsage(t *testing.T) {
	_, c := fakeHarness(t, openaitest.Options{Chat: func(openaitest.ChatRequest) openaitest.ChatReply {
		return openaitest.ChatReply{Content: "fine", PromptTokens: 123, CompletionTokens: 45}
	}}, nil)
	got, err := c.Complete(t.Context(), ask("q"))
	want := bot.CompletionReply{Content: "fine", PromptTokens: 123, CompletionTokens: 45}
	if err != nil || got != want {
		t.Errorf("Complete = %+v, %v; want %+v", got, err, want)
	}
}

func TestReasoningModelOmitsTemperature(t *testing.T) {
	srv, c := fakeHarness(t, openaitest.Options{}, func(cfg *Config) { cfg.ChatModel = "o3-mini" })
	if _, err := c.Complete(t.Context(), ask("q")); err != nil {
		t.Fatal(err)
	}
	if tp := srv.ChatRequests()[0].Temperature; tp != nil {
		t.Errorf("temperature = %v, want omitted for a reasoning model", *tp)
	}
	if got := srv.ChatRequests()[0].MaxTokens; got != maxReasoningTokens {
		t.Errorf("max tokens %d, want %d: a reasoning model's thinking counts against the bound", got, maxReasoningTokens)
	}
}

func TestCompleteUnusableReplies(t *testing.T) {
	tests := []struct {
		name  string
		fault openaitest.Fault
		req   bot.Completion
	}{
		{"empty content", openaitest.Content(""), ask("q")},
		{"blank content", openaitest.Content("  \n"), ask("q")},
		// Not retried: a 200 that does not decode is a compatibility
		// problem more often than a transient one, and would bill twice.
		{"malformed JSON", openaitest.Malformed(), ask("q")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := fakeHarness(t, openaitest.Options{}, nil)
			srv.FailNext(openaitest.EndpointChat, tt.fault)
			_, err := c.Complete(t.Context(), tt.req)
			if !errors.Is(err, ErrMalformed) || Kind(err) != "malformed" {
				t.Fatalf("err = %v (kind %q), want ErrMalformed", err, Kind(err))
			}
			if n := srv.Calls(openaitest.EndpointChat); n != 1 {
				t.Errorf("server saw %d calls, want 1", n)
			}
		})
	}
}

func TestCompleteRefusedLocally(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
		req  bot.Completion
	}{
		{"no messages", nil, bot.Completion{}},
		{"schema not JSON", nil, bot.Completion{Messages: ask("q").Messages, SchemaName: "s", Schema: json.RawMessage(`{`)}},
		{"no chat model", func(c *Config) { c.ChatModel = "" }, ask("q")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := fakeHarness(t, openaitest.Options{}, tt.edit)
			if _, err := c.Complete(t.Context(), tt.req); !errors.Is(err, ErrBadRequest) {
				t.Errorf("err = %v, want ErrBadRequest", err)
			}
			if n := srv.Calls(openaitest.EndpointChat); n != 0 {
				t.Errorf("server saw %d calls, want 0", n)
			}
		})
	}
}

func TestEmbedBatch(t *testing.T) {
	srv, c := fakeHarness(t, openaitest.Options{APIKey: testKey}, nil)
	texts := make([]string, 100)
	for i := range texts {
		texts[i] = fmt.Sprintf("passage %d about the partnership", i)
	}
	vecs, err := c.EmbedBatch(t.Context(), texts)
	if err != nil {
		t.Fatalf("EmbedBatch: %v", err)
	}
	for i, v := range vecs {
		if want := openaitest.DefaultEmbedding(texts[i], openaitest.DefaultEmbeddingDim); !slices.Equal(v, want) {
			t.Fatalf("vector %d is not the embedding of text %d", i, i)
		}
	}
	reqs := srv.EmbeddingRequests()
	if len(reqs) != 1 || srv.Calls(openaitest.EndpointEmbeddings) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	if r := reqs[0]; r.Model != "text-embedding-3-small" || !slices.Equal(r.Inputs, texts) {
		t.Errorf("request model %q with %d inputs", r.Model, len(r.Inputs))
	}
	if n := srv.EmbeddedInputs(); n != 100 {
		t.Errorf("server embedded %d inputs, want 100", n)
	}
	one, err := c.Embed(t.Context(), texts[7])
	if err != nil || !slices.Equal(one, vecs[7]) {
		t.Errorf("Embed = %v, %v; want vector 7", one, err)
	}
	if c.EmbeddingModel() != "text-embedding-3-small" {
		t.Errorf("EmbeddingModel = %q", c.EmbeddingModel())
	}
}

func TestEmbedEmptyInput(t *testing.T) {
	srv, c := fakeHarness(t, openaitest.Options{}, nil)
	_, err := c.EmbedBatch(t.Context(), []string{"fine", " \t"})
	if !errors.Is(err, retrieval.ErrEmptyEmbedding) || !errors.Is(err, ErrBadRequest) {
		t.Errorf("err = %v, want ErrEmptyEmbedding and ErrBadRequest", err)
	}
	if _, err := c.Embed(t.Context(), ""); !errors.Is(err, retrieval.ErrEmptyEmbedding) {
		t.Errorf("Embed(\"\") err = %v", err)
	}
	if vecs, err := c.EmbedBatch(t.Context(), nil); err != nil || len(vecs) != 0 {
		t.Errorf("EmbedBatch(nil) = %v, %v", vecs, err)
	}
	if n := srv.Calls(openaitest.EndpointEmbeddings); n != 0 {
		t.Errorf("server saw %d calls, want 0", n)
	}
}

// TestEmbedPlacement checks that vectors are placed by index, and that
// replies that do not match the inputs are ErrMalformed.
func TestEmbedPlacement(t *testing.T) {
	emb := func(i int, v string) string {
		return fmt.Sprintf(`{"object":"embedding","index":%d,"embedding":%s}`, i, v)
	}
	list := func(items ...string) string {
		s := `{"object":"list","model":"m","usage":{"prompt_tokens":1,"total_tokens":1},"data":[`
		for i, it := range items {
			if i > 0 {
				s += ","
			}
			s += it
		}
		return s + "]}"
	}
	tests := []struct {
		name string
		body string
		want [][]float32
	}{
		{"reversed", list(emb(2, "[3,3]"), emb(0, "[1,1]"), emb(1, "[2,2]")), [][]float32{{1, 1}, {2, 2}, {3, 3}}},
		{"too few", list(emb(0, "[1,1]"), emb(1, "[2,2]")), nil},
		{"too many", list(emb(0, "[1]"), emb(1, "[2]"), emb(2, "[3]"), emb(3, "[4]")), nil},
		{"repeated index", list(emb(0, "[1]"), emb(0, "[2]"), emb(2, "[3]")), nil},
		{"index out of range", list(emb(0, "[1]"), emb(1, "[2]"), emb(3, "[3]")), nil},
		{"dimensions differ", list(emb(0, "[1,1]"), emb(1, "[2]"), emb(2, "[3,3]")), nil},
		{"empty vector", list(emb(0, "[]"), emb(1, "[]"), emb(2, "[]")), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScripted(t, reply{status: 200, body: tt.body})
			c := newHarness(t, s.URL(), nil)
			got, err := c.EmbedBatch(t.Context(), []string{"a", "b", "c"})
			if tt.want == nil {
				if !errors.Is(err, ErrMalformed) {
					t.Errorf("err = %v, want ErrMalformed", err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("EmbedBatch = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestAzure(t *testing.T) {
	const azureKey = "0123456789abcdef0123456789abcdef"
	srv := openaitest.NewServer(t, openaitest.Options{APIKey: azureKey})
	c := newHarness(t, "", func(cfg *Config) {
		cfg.APIKey, cfg.BaseURL = "", ""
		cfg.Azure = &AzureConfig{Endpoint: srv.BaseURL(), APIKey: azureKey,
			ChatDeployment: "chat-4o.v2", EmbeddingDeployment: "emb-3-small"}
	})
	req := ask("q")
	req.SchemaName, req.Schema = "cited_answer", answerSchema
	if _, err := c.Complete(t.Context(), req); err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if _, err := c.EmbedBatch(t.Context(), []string{"a", "b"}); err != nil {
		t.Fatalf("EmbedBatch: %v", err)
	}
	chat, emb := srv.ChatRequests()[0], srv.EmbeddingRequests()[0]
	if chat.Deployment != "chat-4o.v2" || chat.APIVersion != DefaultAzureAPIVersion {
		t.Errorf("chat went to deployment %q, api-version %q", chat.Deployment, chat.APIVersion)
	}
	checkFormat(t, chat.ResponseFormat, "cited_answer", answerSchema)
	if emb.Deployment != "emb-3-small" || emb.APIVersion != DefaultAzureAPIVersion || len(emb.Inputs) != 2 {
		t.Errorf("embeddings went to deployment %q, api-version %q, %d inputs", emb.Deployment, emb.APIVersion, len(emb.Inputs))
	}
	if got := c.EmbeddingModel(); got != "azure:emb-3-small" {
		t.Errorf("EmbeddingModel = %q, want azure:emb-3-small", got)
	}
}

func TestKeylessServer(t *testing.T) {
	s := newScripted(t, reply{status: 200, body: `{"choices":[{"message":{"content":"key=[{key}]"}}]}`})
	c := newHarness(t, s.URL(), func(cfg *Config) { cfg.APIKey = "" })
	got, err := c.Complete(t.Context(), ask("q"))
	if err != nil || got.Content != "key=[]" {
		t.Errorf("Complete = %+v, %v; want no key sent", got, err)
	}
}

func TestConcurrentComplete(t *testing.T) {
	srv, c := fakeHarness(t, openaitest.Options{Chat: func(r openaitest.ChatRequest) openaitest.ChatReply {
		return openaitest.ChatReply{Content: "re: " + r.Messages[1].Content}
	}}, nil)
	srv.FailNext(openaitest.EndpointChat, openaitest.ServerError(503))
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	got := make([]string, n)
	for i := range n {
		wg.Go(func() {
			r, err := c.Complete(t.Context(), ask(fmt.Sprint("question ", i)))
			got[i], errs[i] = r.Content, err
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || got[i] != fmt.Sprint("re: question ", i) {
			t.Errorf("call %d: %q, %v", i, got[i], errs[i])
		}
	}
	if calls := srv.Calls(openaitest.EndpointChat); calls != n+1 {
		t.Errorf("server saw %d calls, want %d (one retried)", calls, n+1)
	}
}

func TestPing(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(*Config)
		endpoint string
	}{
		{"embeddings", nil, openaitest.EndpointEmbeddings},
		{"chat only", func(c *Config) { c.EmbeddingModel = "" }, openaitest.EndpointChat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := fakeHarness(t, openaitest.Options{APIKey: testKey}, tt.edit)
			if err := c.Ping(t.Context()); err != nil {
				t.Fatalf("Ping: %v", err)
			}
			if n := srv.Calls(tt.endpoint); n != 1 {
				t.Errorf("%s calls = %d, want 1", tt.endpoint, n)
			}
			srv.FailAlways(tt.endpoint, openaitest.Unauthorized())
			if err := c.Ping(t.Context()); !errors.Is(err, ErrUnauthorized) {
				t.Errorf("Ping with a bad key = %v, want ErrUnauthorized", err)
			}
		})
	}
}

// TestChatRepliesAreBounded checks that every chat request, plain and
// streamed, bounds the reply's tokens, so a runaway reply stops at
// maxReplyTokens rather than the model's own cap.
func TestChatRepliesAreBounded(t *testing.T) {
	srv, c := fakeHarness(t, openaitest.Options{}, nil)
	if _, err := c.Complete(t.Context(), ask("q")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Stream(t.Context(), ask("q"), func(string) {}); err != nil {
		t.Fatal(err)
	}
	reqs := srv.ChatRequests()
	if len(reqs) != 2 {
		t.Fatalf("%d chat requests recorded, want 2", len(reqs))
	}
	for k, r := range reqs {
		if r.MaxTokens != maxReplyTokens {
			t.Errorf("request %d: max tokens %d, want %d", k+1, r.MaxTokens, maxReplyTokens)
		}
	}
}
