package config

import (
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var snowflake = regexp.MustCompile(`^\d{15,21}$`)

// Validate checks the Config for the command. Each error names the setting
// as the value was given (see Invocation.Name) and says how to fix it.
func Validate(inv *Invocation) error {
	c := &inv.Config
	var errs []error
	bad := func(env, format string, a ...any) {
		err := fmt.Errorf("%s: "+format, append([]any{inv.Name(env)}, a...)...)
		if inv.Source[env] == "flag" { // a mistake on the command line
			err = fmt.Errorf("%w: %w", ErrUsage, err)
		}
		errs = append(errs, err)
	}
	modes := "hybrid, bm25 or vector"
	switch {
	case c.Mode == "all" && inv.Command == "eval":
	case c.Mode == "hybrid" || c.Mode == "bm25" || c.Mode == "vector":
	default:
		if inv.Command == "eval" {
			modes = "hybrid, bm25, vector or all"
		}
		bad("PARTNERBOT_MODE", "must be %s, not %q", modes, c.Mode)
	}
	if c.TopK < 1 || c.TopK > 50 {
		bad("PARTNERBOT_TOP_K", "must be between 1 and 50, not %d", c.TopK)
	}
	if !oneOf(c.LogLevel, "debug", "info", "warn", "error") {
		bad("PARTNERBOT_LOG_LEVEL", "must be debug, info, warn or error, not %q", c.LogLevel)
	}
	if !oneOf(c.LogFormat, "json", "text") {
		bad("PARTNERBOT_LOG_FORMAT", "must be json or text, not %q", c.LogFormat)
	}
	if c.DataDir == "" {
		bad("PARTNERBOT_DATA_DIR", "must name a directory")
	}
	if u := c.DatabaseURL; u != "" && !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
		bad("PARTNERBOT_DATABASE_URL", "must be a postgres:// URL (or empty for SQLite in the data directory)")
	}
	if c.Serve.Lease < 3*time.Second || c.Serve.Lease > 10*time.Minute {
		bad("PARTNERBOT_LEASE", "must be between 3s and 10m, not %s", c.Serve.Lease)
	}
	if c.Serve.ForumWait < 500*time.Millisecond || c.Serve.ForumWait > 2*time.Minute {
		bad("PARTNERBOT_FORUM_WAIT", "must be between 500ms and 2m, not %s", c.Serve.ForumWait)
	}
	if k := c.Discord.PublicKey; k != "" {
		if b, err := hex.DecodeString(k); err != nil || len(b) != 32 {
			bad("DISCORD_PUBLIC_KEY", "must be 64 hex characters (the Public Key on the application's General Information page)")
		}
	}
	// A wrong value is not quoted: it may be a token pasted into the
	// wrong setting.
	if id := c.Discord.AppID; id != "" && !snowflake.MatchString(id) {
		bad("DISCORD_APP_ID", "must be the application's numeric ID (15 to 21 digits)")
	}
	if id := c.Discord.GuildID; id != "" && !snowflake.MatchString(id) {
		bad("DISCORD_GUILD_ID", "must be a numeric server ID (15 to 21 digits)")
	}
	if b := c.Discord.APIBase; b != "" {
		if err := checkBase(b); err != nil {
			bad("DISCORD_API_BASE", "%v", err)
		}
	}
	if t := c.Discord.Token; t != "" && strings.ContainsAny(t, " \t\n") {
		bad("DISCORD_TOKEN", "must be the bot token alone, without spaces or a \"Bot \" prefix")
	}
	if u := c.OpenAI.BaseURL; u != "" {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.RawQuery != "" || p.Fragment != "" {
			bad("OPENAI_BASE_URL", "must be an http or https URL without a query, such as http://localhost:11434/v1")
		}
	}
	if c.Azure.Endpoint != "" && c.OpenAI.BaseURL != "" {
		bad("AZURE_OPENAI_ENDPOINT", "and %s are both set; set one: Azure, or an OpenAI-compatible server", inv.Name("OPENAI_BASE_URL"))
	}
	if u := c.Azure.Endpoint; u != "" {
		if p, err := url.Parse(u); err != nil || p.Scheme != "https" && p.Scheme != "http" || p.Host == "" {
			bad("AZURE_OPENAI_ENDPOINT", "must be a URL such as https://NAME.openai.azure.com")
		}
		if c.Azure.ChatDeployment == "" {
			bad("AZURE_OPENAI_CHAT_DEPLOYMENT", "must name the chat deployment when AZURE_OPENAI_ENDPOINT is set")
		}
		if c.Azure.APIKey == "" {
			bad("AZURE_OPENAI_API_KEY", "must be set when AZURE_OPENAI_ENDPOINT is set")
		}
	}
	if c.OpenAI.Timeout <= 0 || c.OpenAI.Timeout > 10*time.Minute {
		bad("OPENAI_TIMEOUT", "must be a duration between 1ms and 10m, such as 20s")
	}
	if c.OpenAI.MaxRetries < 0 || c.OpenAI.MaxRetries > 10 {
		bad("OPENAI_MAX_RETRIES", "must be between 0 and 10, not %d", c.OpenAI.MaxRetries)
	}
	if c.Serve.RatePerMinute < 1 || c.Serve.RatePerMinute > 1000 {
		bad("PARTNERBOT_RATE_PER_MINUTE", "must be between 1 and 1000, not %d", c.Serve.RatePerMinute)
	}
	if c.Serve.Workers < 1 || c.Serve.Workers > 256 {
		bad("PARTNERBOT_WORKERS", "must be between 1 and 256, not %d", c.Serve.Workers)
	}
	if c.Serve.Queue < 1 || c.Serve.Queue > 100_000 {
		bad("PARTNERBOT_QUEUE", "must be between 1 and 100000, not %d", c.Serve.Queue)
	}
	if a := c.Serve.HTTPAddr; a != "" {
		if _, port, err := net.SplitHostPort(a); err != nil || !validPort(port) {
			bad("PARTNERBOT_HTTP_ADDR", "must be host:port or :port with a port from 0 to 65535, such as :8080, not %q", a)
		}
	}
	if c.Serve.ShutdownGrace <= 0 || c.Serve.ShutdownGrace > 10*time.Minute {
		bad("PARTNERBOT_SHUTDOWN_GRACE", "must be a duration between 1ms and 10m, such as 20s")
	}
	if c.Serve.DrainDelay < 0 || c.Serve.DrainDelay > time.Minute {
		bad("PARTNERBOT_DRAIN_DELAY", "must be between 0s and 1m, not %s", c.Serve.DrainDelay)
	}
	if inv.Command == "serve" {
		errs = append(errs, validateServe(c)...)
	}
	if inv.Command == "eval" && inv.Eval.Questions == "" {
		errs = append(errs, fmt.Errorf("%w: eval needs --questions FILE (JSON Lines)", ErrUsage))
	}
	return errors.Join(errs...)
}

// validPort reports whether a port is a number from 0 to 65535 or a
// service name ("http"), as net.Listen takes them.
func validPort(port string) bool {
	if port == "" {
		return false
	}
	if strings.Trim(port, "+-0123456789") != "" {
		return true // a name ("http"), looked up when serve listens
	}
	n, err := strconv.Atoi(port)
	return err == nil && n >= 0 && n <= 65535
}

func validateServe(c *Config) []error {
	var errs []error
	if c.Serve.HTTPAddr == "" && c.Discord.Token == "" {
		errs = append(errs, errors.New("DISCORD_TOKEN: must be set for serve, or give --http ADDR with DISCORD_PUBLIC_KEY and DISCORD_APP_ID to serve the interactions endpoint"))
	}
	if c.Serve.HTTPAddr != "" && c.Discord.Token == "" {
		if c.Discord.PublicKey == "" {
			errs = append(errs, errors.New("DISCORD_PUBLIC_KEY: must be set for serve --http (the Public Key on the application's General Information page)"))
		}
		if c.Discord.AppID == "" {
			errs = append(errs, errors.New("DISCORD_APP_ID: must be set for serve --http"))
		}
	}
	return errs
}

// checkBase accepts scheme://host[:port] and nothing more.
func checkBase(base string) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		// Not quoted: it may hold a password.
		return errors.New("must be scheme://host[:port], such as https://discord-proxy.internal:8080, with no user, path or query")
	}
	return nil
}

func oneOf(s string, options ...string) bool {
	for _, o := range options {
		if s == o {
			return true
		}
	}
	return false
}
