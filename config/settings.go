package config

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/discord"
	"github.com/partnerbot/partnerbot/provider"
)

// setting describes one Config field once: where it is read from, its
// default, and how to parse and print it.
type setting struct {
	Key     string // path in the YAML file, e.g. "discord.public_key"
	Env     string // environment variable; also the setting's name in errors
	Flag    string // command-line flag, "" for none (secrets have none)
	Default string
	Secret  bool
	Help    string
	set     func(c *Config, v string) error
	get     func(c *Config) string
	boolean bool // its flag may stand alone for true (--restrict-ask)
}

// codec parses a setting into its Config field and prints it back.
type codec struct {
	set     func(c *Config, v string) error
	get     func(c *Config) string
	boolean bool
}

func str(p func(*Config) *string) codec {
	return codec{set: func(c *Config, v string) error { *p(c) = strings.TrimSpace(v); return nil },
		get: func(c *Config) string { return *p(c) }}
}

func integer(p func(*Config) *int) codec {
	return codec{set: func(c *Config, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if errors.Is(err, strconv.ErrRange) {
			size := "large"
			if strings.HasPrefix(strings.TrimSpace(v), "-") {
				size = "small"
			}
			return fmt.Errorf("is far too %s: %q", size, v)
		}
		if err != nil {
			return fmt.Errorf("must be a whole number, not %q", v)
		}
		*p(c) = n
		return nil
	},
		get: func(c *Config) string { return strconv.Itoa(*p(c)) }}
}

func duration(p func(*Config) *time.Duration) codec {
	return codec{set: func(c *Config, v string) error {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("must be a duration such as 30s or 2m, not %q", v)
		}
		*p(c) = d
		return nil
	},
		get: func(c *Config) string { return p(c).String() }}
}

func boolean(p func(*Config) *bool) codec {
	return codec{set: func(c *Config, v string) error {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("must be true or false, not %q", v)
		}
		*p(c) = b
		return nil
	},
		get: func(c *Config) string { return strconv.FormatBool(*p(c)) }, boolean: true}
}

func ids(p func(*Config) *[]string) codec {
	return codec{set: func(c *Config, v string) error {
		list, err := ParseIDs(v)
		if err != nil {
			return err
		}
		*p(c) = list
		return nil
	},
		get: func(c *Config) string { return strings.Join(*p(c), ",") }}
}

// ParseIDs reads a list of Discord IDs (snowflakes) separated by commas or
// white space, as in "123,456"; brackets around it (a YAML list) are
// allowed. Each ID is kept once, in order; anything that is not an ID is
// an error naming it.
func ParseIDs(s string) ([]string, error) {
	fields := strings.FieldsFunc(strings.Trim(strings.TrimSpace(s), "[]"), func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
	var out []string
	for _, f := range fields {
		if !snowflake.MatchString(f) {
			if len(f) > 40 {
				f = f[:40] + "…"
			}
			return nil, fmt.Errorf("must be channel IDs separated by commas, and %q is not one", f)
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

func def(s setting, c codec) setting {
	s.set, s.get, s.boolean = c.set, c.get, c.boolean
	return s
}

// settings lists every setting, in the order the README documents them.
var settings = []setting{
	def(setting{Key: "articles_dir", Env: "PARTNERBOT_ARTICLES_DIR", Flag: "articles", Help: "Directory of extra articles (.txt or .md, optional YAML front matter), loaded beside the embedded ones; /reindex rereads it."},
		str(func(c *Config) *string { return &c.ArticlesDir })),
	def(setting{Key: "data_dir", Env: "PARTNERBOT_DATA_DIR", Flag: "data", Default: "data", Help: "Directory for the SQLite database (feedback, question log, settings) and persisted embeddings."},
		str(func(c *Config) *string { return &c.DataDir })),
	def(setting{Key: "database_url", Env: "PARTNERBOT_DATABASE_URL", Secret: true, Help: "postgres://user:password@host:5432/db puts all state in PostgreSQL, shared by every replica; empty keeps it in SQLite in the data directory."},
		str(func(c *Config) *string { return &c.DatabaseURL })),
	def(setting{Key: "mode", Env: "PARTNERBOT_MODE", Flag: "mode", Default: "hybrid", Help: "Retrieval mode: hybrid, bm25 or vector (eval also takes all)."},
		str(func(c *Config) *string { return &c.Mode })),
	def(setting{Key: "top_k", Env: "PARTNERBOT_TOP_K", Flag: "top-k", Default: strconv.Itoa(bot.DefaultK), Help: "Passages retrieved per question, from which answers are drawn."},
		integer(func(c *Config) *int { return &c.TopK })),
	def(setting{Key: "log_level", Env: "PARTNERBOT_LOG_LEVEL", Flag: "log-level", Default: "info", Help: "debug, info, warn or error."},
		str(func(c *Config) *string { return &c.LogLevel })),
	def(setting{Key: "log_format", Env: "PARTNERBOT_LOG_FORMAT", Flag: "log-format", Default: "json", Help: "json or text; logs go to standard error."},
		str(func(c *Config) *string { return &c.LogFormat })),

	def(setting{Key: "discord.token", Env: "DISCORD_TOKEN", Secret: true, Help: "Bot token; needed by serve for the gateway."},
		str(func(c *Config) *string { return &c.Discord.Token })),
	def(setting{Key: "discord.app_id", Env: "DISCORD_APP_ID", Flag: "discord-app-id", Help: "Application ID; needed by serve --http (gateway mode reads it from READY)."},
		str(func(c *Config) *string { return &c.Discord.AppID })),
	def(setting{Key: "discord.guild_id", Env: "DISCORD_GUILD_ID", Flag: "discord-guild-id", Help: "Register commands in this guild only, for development; empty registers them globally."},
		str(func(c *Config) *string { return &c.Discord.GuildID })),
	def(setting{Key: "discord.public_key", Env: "DISCORD_PUBLIC_KEY", Flag: "discord-public-key", Help: "The application's Ed25519 public key (64 hex characters); needed by serve --http."},
		str(func(c *Config) *string { return &c.Discord.PublicKey })),
	def(setting{Key: "discord.api_base", Env: "DISCORD_API_BASE", Flag: "discord-api-base", Help: "scheme://host[:port] that replaces https://discord.com for every REST call (a REST proxy, or a test server)."},
		str(func(c *Config) *string { return &c.Discord.APIBase })),

	def(setting{Key: "openai.api_key", Env: "OPENAI_API_KEY", Secret: true, Help: "API key for OpenAI or a compatible server; with neither this nor OPENAI_BASE_URL, answers are extractive."},
		str(func(c *Config) *string { return &c.OpenAI.APIKey })),
	def(setting{Key: "openai.base_url", Env: "OPENAI_BASE_URL", Flag: "openai-base-url", Help: "OpenAI-compatible server, e.g. http://localhost:11434/v1 (Ollama) or http://localhost:8000/v1 (vLLM)."},
		str(func(c *Config) *string { return &c.OpenAI.BaseURL })),
	def(setting{Key: "openai.chat_model", Env: "OPENAI_CHAT_MODEL", Flag: "chat-model", Default: "gpt-4o-mini", Help: "Chat model for generative answers."},
		str(func(c *Config) *string { return &c.OpenAI.ChatModel })),
	def(setting{Key: "openai.embedding_model", Env: "OPENAI_EMBEDDING_MODEL", Flag: "embedding-model", Help: "Embedding model; empty keeps the local embedder even when a chat model is set."},
		str(func(c *Config) *string { return &c.OpenAI.EmbeddingModel })),
	def(setting{Key: "openai.timeout", Env: "OPENAI_TIMEOUT", Flag: "openai-timeout", Default: provider.DefaultTimeout.String(), Help: "How long each provider request may wait for its reply, and a streamed reply between two pieces (1ms to 10m). A whole call, retries included, and the start of a stream are bounded by (retries+1)× this; a stream that has started (`serve` streams), by the answer's 60 s deadline."},
		duration(func(c *Config) *time.Duration { return &c.OpenAI.Timeout })),
	def(setting{Key: "openai.max_retries", Env: "OPENAI_MAX_RETRIES", Flag: "openai-max-retries", Default: strconv.Itoa(provider.DefaultMaxRetries), Help: "Retries of 408, 429 and 5xx replies (but 501 and 505) and of timeouts (but not a chat reply that timed out, which the model may still be writing), with capped exponential backoff."},
		integer(func(c *Config) *int { return &c.OpenAI.MaxRetries })),

	def(setting{Key: "azure.endpoint", Env: "AZURE_OPENAI_ENDPOINT", Flag: "azure-endpoint", Help: "Azure OpenAI resource, https://NAME.openai.azure.com; selects Azure."},
		str(func(c *Config) *string { return &c.Azure.Endpoint })),
	def(setting{Key: "azure.api_key", Env: "AZURE_OPENAI_API_KEY", Secret: true, Help: "Azure OpenAI key."},
		str(func(c *Config) *string { return &c.Azure.APIKey })),
	def(setting{Key: "azure.api_version", Env: "AZURE_OPENAI_API_VERSION", Flag: "azure-api-version", Help: "Azure OpenAI API version; empty means the provider's default, the first GA version with structured outputs."},
		str(func(c *Config) *string { return &c.Azure.APIVersion })),
	def(setting{Key: "azure.chat_deployment", Env: "AZURE_OPENAI_CHAT_DEPLOYMENT", Flag: "azure-chat-deployment", Help: "Azure deployment of the chat model."},
		str(func(c *Config) *string { return &c.Azure.ChatDeployment })),
	def(setting{Key: "azure.embedding_deployment", Env: "AZURE_OPENAI_EMBEDDING_DEPLOYMENT", Flag: "azure-embedding-deployment", Help: "Azure deployment of the embedding model; empty keeps the local embedder."},
		str(func(c *Config) *string { return &c.Azure.EmbeddingDeployment })),

	def(setting{Key: "serve.http_addr", Env: "PARTNERBOT_HTTP_ADDR", Flag: "http", Help: "Address for the HTTP interactions endpoint, /healthz, /readyz and /metrics, e.g. :8080."},
		str(func(c *Config) *string { return &c.Serve.HTTPAddr })),
	def(setting{Key: "serve.rate_per_minute", Env: "PARTNERBOT_RATE_PER_MINUTE", Flag: "rate", Default: strconv.Itoa(discord.DefaultRatePerMinute), Help: "Questions each user may ask per minute (moderators can change it with /config ratelimit)."},
		integer(func(c *Config) *int { return &c.Serve.RatePerMinute })),
	def(setting{Key: "serve.workers", Env: "PARTNERBOT_WORKERS", Flag: "workers", Default: strconv.Itoa(discord.DefaultWorkers), Help: "Answers computed at once."},
		integer(func(c *Config) *int { return &c.Serve.Workers })),
	def(setting{Key: "serve.queue", Env: "PARTNERBOT_QUEUE", Flag: "queue", Default: strconv.Itoa(discord.DefaultQueue), Help: "Questions that may wait for a worker (1 to 100000); beyond it askers are told to retry (a forum post first tries again by itself, up to 3 times)."},
		integer(func(c *Config) *int { return &c.Serve.Queue })),
	def(setting{Key: "serve.shutdown_grace", Env: "PARTNERBOT_SHUTDOWN_GRACE", Flag: "shutdown-grace", Default: "20s", Help: "How long SIGTERM waits for answers in flight (1ms to 10m)."},
		duration(func(c *Config) *time.Duration { return &c.Serve.ShutdownGrace })),
	def(setting{Key: "serve.drain_delay", Env: "PARTNERBOT_DRAIN_DELAY", Flag: "drain-delay", Default: "0s", Help: "How long SIGTERM keeps taking and answering questions, while /readyz says draining, before the shutdown grace begins: time for a load balancer to take the replica out (0s to 1m)."},
		duration(func(c *Config) *time.Duration { return &c.Serve.DrainDelay })),
	def(setting{Key: "serve.restrict_ask", Env: "PARTNERBOT_RESTRICT_ASK", Flag: "restrict-ask", Default: "false", Help: "Limit /ask, like @mentions, to the channels on the allow-list (when the list is not empty)."},
		boolean(func(c *Config) *bool { return &c.Serve.RestrictAsk })),
	def(setting{Key: "serve.mentions", Env: "PARTNERBOT_MENTIONS", Flag: "mentions", Default: "true", Help: "Answer @mentions in threads; needs the Message Content intent."},
		boolean(func(c *Config) *bool { return &c.Serve.MentionReplies })),
	def(setting{Key: "serve.lease", Env: "PARTNERBOT_LEASE", Flag: "lease", Default: discord.DefaultLease.String(), Help: "How long a replica holds a question in flight or the gateway without renewing; a dead replica's questions and gateway pass to another after about this long."},
		duration(func(c *Config) *time.Duration { return &c.Serve.Lease })),
	def(setting{Key: "serve.forum_channels", Env: "PARTNERBOT_FORUM_CHANNELS", Flag: "forum-channels", Help: "Forum channel IDs, comma-separated, whose new posts the bot answers inside the post (moderators add more with /forum add); needs the Message Content intent."},
		ids(func(c *Config) *[]string { return &c.Serve.ForumChannels })),
	def(setting{Key: "serve.forum_wait", Env: "PARTNERBOT_FORUM_WAIT", Flag: "forum-wait", Default: discord.DefaultForumWait.String(), Help: "How long after a forum post's latest line from its author the bot answers, so a question written in several messages is read whole (500ms to 2m)."},
		duration(func(c *Config) *time.Duration { return &c.Serve.ForumWait })),
}
