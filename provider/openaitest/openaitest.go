// Package openaitest is a fake OpenAI-compatible server for tests: chat
// completions, plain or streamed as server-sent events at a set token
// rate, and embeddings over httptest on 127.0.0.1, with scripted replies,
// injected faults (a stream cut mid-way among them) and call counters.
//
// The fake decodes requests with its own minimal wire structs (it does not
// import any OpenAI client library), so it checks what a client really puts
// on the wire. It serves both the OpenAI routes under /v1 and the Azure
// OpenAI deployment routes under /openai/deployments/{deployment}.
package openaitest

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Endpoint names accepted by Server.Calls, Server.FailNext and Server.FailAlways.
const (
	// EndpointChat names the chat completions endpoint
	// (/v1/chat/completions and its Azure equivalent).
	EndpointChat = "chat"
	// EndpointEmbeddings names the embeddings endpoint
	// (/v1/embeddings and its Azure equivalent).
	EndpointEmbeddings = "embeddings"
)

// DefaultEmbeddingDim is the embedding dimension used when
// Options.EmbeddingDim is zero and the request carries no "dimensions".
const DefaultEmbeddingDim = 64

// DefaultMaxBatch is the maximum number of embedding inputs per request used
// when Options.MaxBatch is zero. It is OpenAI's documented limit.
const DefaultMaxBatch = 2048

// DefaultChatContent is the assistant message content returned when
// Options.Chat is nil and the request does not ask for a JSON schema.
const DefaultChatContent = `{"ok":true}`

// maxBodyBytes bounds request bodies read by the fake.
const maxBodyBytes = 64 << 20

// Options configures a Server. The zero value gives the defaults.
type Options struct {
	// APIKey, when non-empty, is required on every request, either as
	// "Authorization: Bearer <key>" (OpenAI) or as an "api-key: <key>"
	// header (Azure). Other requests get OpenAI's 401 invalid_api_key error.
	APIKey string

	// EmbeddingDim is the dimension of default embeddings
	// (0 means DefaultEmbeddingDim). A request's "dimensions" overrides it.
	EmbeddingDim int

	// MaxBatch is the maximum number of inputs in one embeddings request
	// (0 means DefaultMaxBatch). Larger requests get a 400 error.
	MaxBatch int

	// Embed, when non-nil, computes the embedding of one input instead of
	// the default hashed-trigram embedding. Its result is sent as is. It is
	// called concurrently and must be safe for concurrent use.
	Embed func(model, input string) []float32

	// Chat, when non-nil, produces the assistant reply for a valid chat
	// completion request. It is called concurrently and must be safe for
	// concurrent use. When nil, the reply is a minimal instance of the
	// requested JSON schema, or DefaultChatContent.
	Chat func(req ChatRequest) ChatReply

	// TokensPerSecond paces streamed replies (requests with "stream":
	// true): one content token every 1/TokensPerSecond seconds. Zero sends
	// them as fast as possible.
	TokensPerSecond float64
}

// Message is one decoded chat message. Content is the string content, or
// the text parts of an array content joined with "\n".
type Message struct {
	Role    string
	Content string
}

// ResponseFormat is the decoded "response_format" of a chat request.
type ResponseFormat struct {
	// Type is "text", "json_object" or "json_schema".
	Type string
	// SchemaName is json_schema.name.
	SchemaName string
	// Schema is json_schema.schema, verbatim.
	Schema json.RawMessage
	// Strict is json_schema.strict.
	Strict bool
}

// ChatRequest is a chat completion request as the fake decoded it.
type ChatRequest struct {
	Model          string
	Messages       []Message
	ResponseFormat *ResponseFormat
	// Temperature is nil when the request omitted it.
	Temperature *float64
	// MaxTokens is max_completion_tokens, or max_tokens when that is
	// absent; 0 when neither was sent.
	MaxTokens int
	// Deployment is the Azure deployment from the URL path ("" on /v1).
	Deployment string
	// APIVersion is the Azure api-version query parameter ("" on /v1).
	APIVersion string
	// Stream is true when the reply was asked for as server-sent events.
	Stream bool
	// Raw is the request body, verbatim.
	Raw []byte
}

// ChatReply is what Options.Chat returns for a request.
type ChatReply struct {
	// Content is the assistant message content.
	Content string
	// FinishReason defaults to "stop".
	FinishReason string
	// PromptTokens and CompletionTokens default to rough estimates
	// (about four bytes per token) when zero.
	PromptTokens, CompletionTokens int
}

// EmbeddingRequest is an embeddings request as the fake decoded it.
type EmbeddingRequest struct {
	Model  string
	Inputs []string
	// EncodingFormat is "float" or "base64" ("" when omitted, meaning float).
	EncodingFormat string
	// Dimensions is the requested dimension, 0 when omitted.
	Dimensions int
	// Deployment is the Azure deployment from the URL path ("" on /v1).
	Deployment string
	// APIVersion is the Azure api-version query parameter ("" on /v1).
	APIVersion string
}

// Server is a running fake OpenAI server. All methods are safe for
// concurrent use.
type Server struct {
	t    testing.TB
	opts Options
	srv  *httptest.Server
	done chan struct{} // closed at cleanup so slow handlers return

	mu       sync.Mutex
	calls    map[string]int
	embedded int
	chats    []ChatRequest
	embeds   []EmbeddingRequest
	next     map[string][]Fault
	always   map[string]Fault
	slowExit int // slow faults abandoned because the client left (for tests)
}

// NewServer starts a fake OpenAI server on 127.0.0.1 and closes it with
// t.Cleanup.
func NewServer(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.EmbeddingDim <= 0 {
		opts.EmbeddingDim = DefaultEmbeddingDim
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = DefaultMaxBatch
	}
	s := &Server{
		t:      t,
		opts:   opts,
		done:   make(chan struct{}),
		calls:  make(map[string]int),
		next:   make(map[string][]Fault),
		always: make(map[string]Fault),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/chat/completions", s.handle(EndpointChat, false))
	mux.HandleFunc("/v1/embeddings", s.handle(EndpointEmbeddings, false))
	mux.HandleFunc("/openai/deployments/{deployment}/chat/completions", s.handle(EndpointChat, true))
	mux.HandleFunc("/openai/deployments/{deployment}/embeddings", s.handle(EndpointEmbeddings, true))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeAPIError(w, http.StatusNotFound, apiErr{
			Message: fmt.Sprintf("Invalid URL (%s %s)", r.Method, r.URL.Path),
			Type:    "invalid_request_error",
		})
	})

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("openaitest: listen on 127.0.0.1: %v", err)
	}
	s.srv = httptest.NewUnstartedServer(mux)
	s.srv.Listener.Close()
	s.srv.Listener = ln
	s.srv.Start()
	t.Cleanup(func() {
		close(s.done)
		s.srv.Close()
	})
	return s
}

// URL returns the OpenAI base URL including "/v1", for go-openai's
// ClientConfig.BaseURL.
func (s *Server) URL() string { return s.srv.URL + "/v1" }

// BaseURL returns the server root without "/v1", for Azure configurations
// (go-openai's DefaultAzureConfig appends "/openai/deployments/...").
func (s *Server) BaseURL() string { return s.srv.URL }

// Calls returns how many HTTP requests reached endpoint (EndpointChat or
// EndpointEmbeddings), counting faulted, rejected and unauthorized ones.
func (s *Server) Calls(endpoint string) int {
	if !s.validEndpoint("Calls", endpoint) {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[endpoint]
}

// EmbeddedInputs returns the total number of inputs the fake actually
// embedded, that is, summed over embeddings requests answered with 200.
func (s *Server) EmbeddedInputs() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.embedded
}

// ChatRequests returns every chat request whose body decoded, in arrival
// order, including requests that were then faulted or rejected.
func (s *Server) ChatRequests() []ChatRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ChatRequest(nil), s.chats...)
}

// EmbeddingRequests returns every embeddings request whose body decoded, in
// arrival order, including requests that were then faulted or rejected.
func (s *Server) EmbeddingRequests() []EmbeddingRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]EmbeddingRequest(nil), s.embeds...)
}

// FailNext queues f for the next request to endpoint. Queued faults are
// used once each, in order, before any FailAlways fault. Faults are applied
// after authentication and before request validation.
func (s *Server) FailNext(endpoint string, f Fault) {
	if !s.validFault("FailNext", endpoint, f) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next[endpoint] = append(s.next[endpoint], f)
}

// FailAlways applies f to every request to endpoint that has no FailNext
// fault queued, until ClearFaults.
func (s *Server) FailAlways(endpoint string, f Fault) {
	if !s.validFault("FailAlways", endpoint, f) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.always[endpoint] = f
}

// ClearFaults drops all queued and permanent faults on every endpoint.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.next)
	clear(s.always)
}

func (s *Server) validEndpoint(method, endpoint string) bool {
	if endpoint == EndpointChat || endpoint == EndpointEmbeddings {
		return true
	}
	s.t.Errorf("openaitest: %s: unknown endpoint %q (want %q or %q)", method, endpoint, EndpointChat, EndpointEmbeddings)
	return false
}

func (s *Server) validFault(method, endpoint string, f Fault) bool {
	if !s.validEndpoint(method, endpoint) {
		return false
	}
	if (f.kind == faultContent || f.kind == faultCut) && endpoint != EndpointChat {
		s.t.Errorf("openaitest: %s: Content and CutStream faults only apply to %q, not %q", method, EndpointChat, endpoint)
		return false
	}
	return true
}

func (s *Server) popFault(endpoint string) Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	if q := s.next[endpoint]; len(q) > 0 {
		f := q[0]
		s.next[endpoint] = q[1:]
		return f
	}
	return s.always[endpoint]
}

// route is what the URL told us about a request.
type route struct {
	deployment string
	apiVersion string
	azure      bool
	presented  string // API key the client sent, if any
}

func (s *Server) handle(endpoint string, azure bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.calls[endpoint]++
		s.mu.Unlock()

		if r.Method != http.MethodPost {
			writeAPIError(w, http.StatusNotFound, apiErr{
				Message: fmt.Sprintf("Invalid URL (%s %s)", r.Method, r.URL.Path),
				Type:    "invalid_request_error",
			})
			return
		}
		rt := route{azure: azure}
		if azure {
			rt.deployment = r.PathValue("deployment")
			rt.apiVersion = r.URL.Query().Get("api-version")
			if rt.apiVersion == "" {
				// What Azure answers without api-version.
				writeRaw(w, http.StatusNotFound, nil, `{"error":{"code":"404","message":"Resource not found"}}`)
				return
			}
		}
		var ok bool
		rt.presented, ok = s.authorize(r)
		if !ok {
			if rt.presented == "" {
				writeAPIError(w, http.StatusUnauthorized, apiErr{Message: msgNoAPIKey, Type: "invalid_request_error"})
			} else {
				writeAPIError(w, http.StatusUnauthorized, invalidKeyErr(rt.presented))
			}
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
		if err != nil {
			if r.Context().Err() != nil {
				return
			}
			writeAPIError(w, http.StatusBadRequest, apiErr{Message: "openaitest: reading request body: " + err.Error(), Type: "invalid_request_error"})
			return
		}
		f := s.popFault(endpoint)
		switch endpoint {
		case EndpointChat:
			s.serveChat(w, r, body, f, rt)
		case EndpointEmbeddings:
			s.serveEmbeddings(w, r, body, f, rt)
		}
	}
}

// authorize checks the API key. It returns the key the client presented
// (Bearer token, else api-key header) and whether it is acceptable.
func (s *Server) authorize(r *http.Request) (presented string, ok bool) {
	bearer := ""
	if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
		bearer = strings.TrimSpace(h[7:])
	}
	azureKey := r.Header.Get("api-key")
	presented = bearer
	if presented == "" {
		presented = azureKey
	}
	if s.opts.APIKey == "" {
		return presented, true
	}
	return presented, bearer == s.opts.APIKey || azureKey == s.opts.APIKey
}

// wait blocks for d, returning false early if the client went away or the
// server is shutting down.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	return sleepCtx(r.Context(), s.done, d)
}

func (s *Server) noteSlowExit() {
	s.mu.Lock()
	s.slowExit++
	s.mu.Unlock()
}

// callSafely runs fn, turning a panic in user callbacks into a test error.
func (s *Server) callSafely(what string, fn func()) (ok bool) {
	defer func() {
		if p := recover(); p != nil {
			s.t.Errorf("openaitest: Options.%s panicked: %v", what, p)
			ok = false
		}
	}()
	fn()
	return true
}
