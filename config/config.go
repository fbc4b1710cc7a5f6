package config

import (
	"time"
)

// Config is every setting partnerbot has. The zero value is not useful; use
// Load, which starts from the defaults.
type Config struct {
	ConfigFile  string // the YAML file settings were read from, if any
	ArticlesDir string // extra articles; the embedded ones are always loaded
	DataDir     string // SQLite database and persisted vectors
	DatabaseURL string // postgres://…: state in PostgreSQL, shared by replicas; "" for SQLite
	Mode        string // retrieval mode: hybrid, bm25 or vector
	TopK        int    // passages retrieved per question
	LogLevel    string // debug, info, warn or error
	LogFormat   string // json or text

	Discord DiscordConfig
	OpenAI  OpenAIConfig
	Azure   AzureConfig
	Serve   ServeConfig
}

// DiscordConfig holds the Discord settings.
type DiscordConfig struct {
	Token     string // bot token, for the gateway
	AppID     string // application ID
	GuildID   string // register commands in this guild only (development)
	PublicKey string // hex Ed25519 key, for the HTTP interactions endpoint
	APIBase   string // scheme://host[:port] replacing https://discord.com
}

// OpenAIConfig holds the settings for an OpenAI-compatible provider.
type OpenAIConfig struct {
	APIKey         string
	BaseURL        string // e.g. http://localhost:11434/v1 for Ollama
	ChatModel      string
	EmbeddingModel string // "" keeps the local embedder
	Timeout        time.Duration
	MaxRetries     int
}

// AzureConfig holds the settings for Azure OpenAI.
type AzureConfig struct {
	Endpoint            string // https://NAME.openai.azure.com
	APIKey              string
	APIVersion          string
	ChatDeployment      string
	EmbeddingDeployment string
}

// ServeConfig holds the settings of the serve command.
type ServeConfig struct {
	HTTPAddr       string // interactions endpoint, health and metrics; "" for gateway only
	RatePerMinute  int    // questions per user per minute
	Workers        int    // answers computed at once
	Queue          int    // questions waiting for a worker
	ShutdownGrace  time.Duration
	DrainDelay     time.Duration // how long SIGTERM keeps answering, not ready, before it stops taking work
	RestrictAsk    bool          // /ask only in allowed channels too
	MentionReplies bool          // answer @mentions (needs the message content intent)
	Lease          time.Duration // how long a replica holds a question or the gateway without renewing
	ForumChannels  []string      // forum channel IDs whose new posts are answered
	ForumWait      time.Duration // how long after a post's latest line from its author it is answered
}

// dropModel leaves out what makes a language model configured (see
// Generative), for --extractive; the model's other settings stay.
func (c *Config) dropModel() {
	c.OpenAI.APIKey, c.OpenAI.BaseURL, c.OpenAI.EmbeddingModel = "", "", ""
	c.Azure.Endpoint, c.Azure.APIKey, c.Azure.EmbeddingDeployment = "", "", ""
}

// Generative reports whether a language model is configured.
func (c *Config) Generative() bool {
	return c.OpenAI.APIKey != "" || c.OpenAI.BaseURL != "" || c.Azure.Endpoint != ""
}
