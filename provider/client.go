// Package provider connects partnerbot to OpenAI or any OpenAI-compatible
// server (Ollama, vLLM, llama.cpp, LM Studio) and to Azure OpenAI through
// go-openai: chat completions with JSON-schema output, batched embeddings,
// retries with backoff, deadlines, and errors classified for operators.
//
// A Client's Complete method is a bot.Completer and its Embed and
// EmbedBatch methods are a retrieval.Embedder and a retrieval.BatchEmbedder.
package provider

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/retrieval"
)

// Defaults for the zero values of Config.
const (
	DefaultTimeout         = 20 * time.Second
	DefaultMaxRetries      = 3
	DefaultAzureAPIVersion = "2024-10-21" // the first GA version with structured outputs
)

// Config configures a Client. Zero values mean the defaults.
type Config struct {
	// APIKey authenticates with OpenAI or a compatible server. It may be
	// empty for a keyless local server; then no Authorization header is sent.
	APIKey string
	// BaseURL is an OpenAI-compatible server's API root, usually ending in
	// "/v1" (Ollama: "http://localhost:11434/v1"). Empty means OpenAI.
	BaseURL string
	// ChatModel and EmbeddingModel name the models; either may be empty
	// when that capability is not used, but not both.
	ChatModel, EmbeddingModel string
	// Azure, when set, selects Azure OpenAI instead of BaseURL.
	Azure *AzureConfig
	// Timeout bounds each attempt's wait for a reply, then each wait
	// between pieces of its body, so a stream still delivering tokens goes
	// on (default 20s); a whole call, retries and waits included, is
	// bounded by (MaxRetries+1)×Timeout, and so is the start of a stream,
	// whose rest the caller's deadline bounds (see Stream).
	Timeout time.Duration
	// MaxRetries is how many times a failed attempt is retried (default 3;
	// negative means never).
	MaxRetries int
	// HTTPClient supplies the transport under the retries (tests); its
	// Transport, Jar, CheckRedirect and Timeout are kept. Nil means
	// http.DefaultTransport.
	HTTPClient *http.Client
	// Sleep waits between attempts; it must return early with an error when
	// ctx is done. Nil means a timer. Tests can make backoff instant. It is
	// called concurrently.
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand returns a number in [0, 1) for backoff jitter. Nil means
	// math/rand/v2. It is called concurrently.
	Rand func() float64
	// Log receives a debug record for every retry. Nil discards.
	Log *slog.Logger
}

// AzureConfig selects an Azure OpenAI resource.
type AzureConfig struct {
	// Endpoint is the resource root, e.g. "https://NAME.openai.azure.com".
	Endpoint string
	// APIKey is the resource key; empty means Config.APIKey.
	APIKey string
	// APIVersion is the api-version query parameter; default
	// DefaultAzureAPIVersion.
	APIVersion string
	// ChatDeployment and EmbeddingDeployment name the deployments; empty
	// means Config.ChatModel and Config.EmbeddingModel.
	ChatDeployment, EmbeddingDeployment string
}

// Client talks to one provider. It is safe for concurrent use.
type Client struct {
	api        *openai.Client
	chatModel  string // model or Azure deployment sent with chat requests
	embedModel string // model or Azure deployment sent with embedding requests
	embedName  string // what EmbeddingModel reports
	temp       float32
	noTemp     atomic.Bool // the model refused a temperature: none is sent
	oldMax     atomic.Bool // the server refused max_completion_tokens: max_tokens is sent
	overall    time.Duration
	redact     redactor
	log        *slog.Logger
}

// The Client's methods fit the domain seams.
var (
	_ bot.Completer           = (*Client)(nil).Complete
	_ retrieval.Embedder      = (*Client)(nil).Embed
	_ retrieval.BatchEmbedder = (*Client)(nil).EmbedBatch
)

// New checks cfg and returns a Client. It makes no request; see Ping.
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	oc, err := cfg.openaiConfig()
	if err != nil {
		return nil, err
	}
	c := &Client{
		overall: time.Duration(cfg.MaxRetries+1) * cfg.Timeout,
		redact:  newRedactor(cfg.APIKey, azureKey(cfg)),
		log:     cfg.Log,
	}
	c.chatModel, c.embedModel, c.embedName = cfg.models()
	if c.chatModel == "" && c.embedModel == "" {
		return nil, errors.New("provider: no chat model and no embedding model configured")
	}
	c.temp = temperatureFor(c.chatModel)
	oc.HTTPClient = c.httpClient(cfg)
	c.api = openai.NewClientWithConfig(oc)
	return c, nil
}

// EmbeddingModel is the name to record with stored vectors: the model, or
// "azure:" and the deployment. It is "" when no embedding model is set.
func (c *Client) EmbeddingModel() string { return c.embedName }

// Ping checks that the provider is reachable and accepts the key and model
// with the smallest request it can: a one-word embedding when an embedding
// model is set, otherwise a one-token chat completion.
func (c *Client) Ping(ctx context.Context) error {
	if c.embedModel != "" {
		_, err := c.EmbedBatch(ctx, []string{"ping"})
		return err
	}
	ctx, cancel := c.bound(ctx)
	defer cancel()
	_, err := c.api.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model:               c.chatModel,
		Messages:            []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "ping"}},
		MaxCompletionTokens: 1,
	})
	return c.wrap(opChat, err)
}

// bound limits a whole call, retries included.
func (c *Client) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, c.overall)
}

func (c *Client) httpClient(cfg Config) *http.Client {
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		*hc = *cfg.HTTPClient
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc.Transport = &retryTransport{
		base:       base,
		timeout:    cfg.Timeout,
		maxRetries: cfg.MaxRetries,
		backoff:    backoff{base: baseDelay, max: maxDelay, rand: cfg.Rand},
		sleep:      cfg.Sleep,
		log:        cfg.Log,
		redact:     c.redact,
	}
	return hc
}

func (cfg Config) withDefaults() Config {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	switch {
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = DefaultMaxRetries
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Float64
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if az := cfg.Azure; az != nil {
		a := *az
		if a.APIVersion == "" {
			a.APIVersion = DefaultAzureAPIVersion
		}
		if a.APIKey == "" {
			a.APIKey = cfg.APIKey
		}
		cfg.Azure = &a
	}
	return cfg
}

// openaiConfig validates cfg and builds go-openai's configuration.
func (cfg Config) openaiConfig() (openai.ClientConfig, error) {
	az := cfg.Azure
	switch {
	case az != nil && cfg.BaseURL != "":
		return openai.ClientConfig{}, errors.New("provider: set Azure or BaseURL, not both")
	case az != nil:
		return azureConfig(*az)
	case cfg.APIKey == "" && cfg.BaseURL == "":
		return openai.ClientConfig{}, errors.New("provider: set an API key for OpenAI, a base URL for an " +
			"OpenAI-compatible server (e.g. http://localhost:11434/v1 for Ollama), or Azure")
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		if err := checkURL("BaseURL", cfg.BaseURL); err != nil {
			return openai.ClientConfig{}, err
		}
		oc.BaseURL = cfg.BaseURL
	}
	return oc, nil
}

func azureConfig(az AzureConfig) (openai.ClientConfig, error) {
	if err := checkURL("Azure.Endpoint", az.Endpoint); err != nil {
		return openai.ClientConfig{}, err
	}
	if az.APIKey == "" {
		return openai.ClientConfig{}, errors.New("provider: Azure needs an API key (Azure.APIKey or APIKey)")
	}
	oc := openai.DefaultAzureConfig(az.APIKey, az.Endpoint)
	oc.APIVersion = az.APIVersion
	// Models are deployment names already; go-openai would otherwise strip
	// '.' and ':' from them.
	oc.AzureModelMapperFunc = func(deployment string) string { return deployment }
	return oc, nil
}

// models returns the chat model, the embedding model and the name to
// record with vectors.
func (cfg Config) models() (chat, embed, name string) {
	if az := cfg.Azure; az != nil {
		chat, embed = or(az.ChatDeployment, cfg.ChatModel), or(az.EmbeddingDeployment, cfg.EmbeddingModel)
		if embed != "" {
			name = "azure:" + embed
		}
		return chat, embed, name
	}
	return cfg.ChatModel, cfg.EmbeddingModel, cfg.EmbeddingModel
}

func azureKey(cfg Config) string {
	if cfg.Azure == nil {
		return ""
	}
	return cfg.Azure.APIKey
}

func checkURL(field, raw string) error {
	u, err := url.Parse(raw)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return nil
	}
	shown := "(unparseable)"
	if err == nil {
		shown = u.Redacted()
	}
	return fmt.Errorf("provider: %s %s is not an http(s) URL", field, shown)
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
