package config_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/config"
)

// TestValidationErrors checks that each bad setting is refused with an error
// that names the setting as it was given (its flag, its environment
// variable, or its key in the config file) and says how to fix it, and that
// the nearby good values are accepted.
func TestValidationErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string // nil means "ask q"
		env  env
		want []string // in the error; nil means no error
	}{
		// DISCORD_PUBLIC_KEY
		{"public key: 64 hex", nil, env{"DISCORD_PUBLIC_KEY": validPublicKey}, nil},
		{"public key: upper-case hex", nil, env{"DISCORD_PUBLIC_KEY": strings.ToUpper(validPublicKey)}, nil},
		{"public key: 63 chars", nil, env{"DISCORD_PUBLIC_KEY": validPublicKey[:63]}, []string{"DISCORD_PUBLIC_KEY", "must be 64 hex characters"}},
		{"public key: 62 chars", nil, env{"DISCORD_PUBLIC_KEY": validPublicKey[:62]}, []string{"DISCORD_PUBLIC_KEY", "must be 64 hex characters"}},
		{"public key: 66 chars", nil, env{"DISCORD_PUBLIC_KEY": validPublicKey + "00"}, []string{"DISCORD_PUBLIC_KEY", "must be 64 hex characters"}},
		{"public key: non-hex", nil, env{"DISCORD_PUBLIC_KEY": strings.Repeat("g", 64)}, []string{"DISCORD_PUBLIC_KEY", "must be 64 hex characters"}},
		{"public key: by flag", []string{"config", "--discord-public-key", "xyz"}, env{}, []string{"--discord-public-key:", "must be 64 hex characters"}},

		// DISCORD_API_BASE
		{"api base: https host", nil, env{"DISCORD_API_BASE": "https://discord-proxy.internal"}, nil},
		{"api base: http host and port", nil, env{"DISCORD_API_BASE": "http://127.0.0.1:8080"}, nil},
		{"api base: trailing slash", nil, env{"DISCORD_API_BASE": "https://discord-proxy.internal/"}, nil},
		{"api base: with a path", nil, env{"DISCORD_API_BASE": "https://discord-proxy.internal/api/v10"}, []string{"DISCORD_API_BASE", "must be scheme://host[:port]"}},
		{"api base: password not echoed", nil, env{"DISCORD_API_BASE": "https://user:S3CRET@proxy.internal:8443"}, []string{"DISCORD_API_BASE", "no user"}},
		{"api base: with a query", nil, env{"DISCORD_API_BASE": "https://discord-proxy.internal?x=1"}, []string{"DISCORD_API_BASE", "must be scheme://host[:port]"}},
		{"api base: with a fragment", nil, env{"DISCORD_API_BASE": "https://discord-proxy.internal#top"}, []string{"DISCORD_API_BASE", "must be scheme://host[:port]"}},
		{"api base: with user info", nil, env{"DISCORD_API_BASE": "https://me@discord-proxy.internal"}, []string{"DISCORD_API_BASE", "must be scheme://host[:port]"}},
		{"api base: no scheme", nil, env{"DISCORD_API_BASE": "discord-proxy.internal"}, []string{"DISCORD_API_BASE", "must be scheme://host[:port]"}},
		{"api base: host:port, no scheme", nil, env{"DISCORD_API_BASE": "discord-proxy.internal:8080"}, []string{"DISCORD_API_BASE", "must be scheme://host[:port]"}},
		{"api base: other scheme", nil, env{"DISCORD_API_BASE": "ftp://discord-proxy.internal"}, []string{"DISCORD_API_BASE", "must be scheme://host[:port]"}},

		// PARTNERBOT_MODE
		{"mode: bm25", nil, env{"PARTNERBOT_MODE": "bm25"}, nil},
		{"mode: vector", nil, env{"PARTNERBOT_MODE": "vector"}, nil},
		{"mode: unknown", nil, env{"PARTNERBOT_MODE": "fast"}, []string{"PARTNERBOT_MODE", "must be hybrid, bm25 or vector", `"fast"`}},
		{"mode: all outside eval", nil, env{"PARTNERBOT_MODE": "all"}, []string{"PARTNERBOT_MODE", "must be hybrid, bm25 or vector", `"all"`}},
		{"mode: all for serve", []string{"serve"}, env{"DISCORD_TOKEN": "t", "PARTNERBOT_MODE": "all"}, []string{"PARTNERBOT_MODE", `"all"`}},
		{"mode: all for eval", []string{"eval", "--questions", "q.jsonl", "--mode", "all"}, env{}, nil},
		{"mode: unknown for eval mentions all", []string{"eval", "--questions", "q.jsonl", "--mode", "every"}, env{}, []string{"--mode:", "hybrid, bm25, vector or all", `"every"`}},
		{"mode: by flag", []string{"ask", "q", "--mode", "foo"}, env{"PARTNERBOT_MODE": "bm25"}, []string{"--mode: must be", `"foo"`}},
		{"mode: in the config file", nil, env{"PARTNERBOT_CONFIG": "testdata/bad-mode.yaml"}, []string{"PARTNERBOT_MODE (mode in testdata/bad-mode.yaml): must be", `"quick"`}},

		// PARTNERBOT_TOP_K
		{"top k: 1", nil, env{"PARTNERBOT_TOP_K": "1"}, nil},
		{"top k: 50", nil, env{"PARTNERBOT_TOP_K": "50"}, nil},
		{"top k: 0", nil, env{"PARTNERBOT_TOP_K": "0"}, []string{"PARTNERBOT_TOP_K", "between 1 and 50", "not 0"}},
		{"top k: 51", nil, env{"PARTNERBOT_TOP_K": "51"}, []string{"PARTNERBOT_TOP_K", "between 1 and 50", "not 51"}},
		{"top k: negative flag", []string{"ask", "q", "--top-k", "-3"}, env{}, []string{"--top-k:", "between 1 and 50"}},
		{"top k: flag not a number", []string{"ask", "q", "--top-k", "ten"}, env{}, []string{"--top-k:", "whole number", `"ten"`}},
		{"top k: not a number", nil, env{"PARTNERBOT_TOP_K": "ten"}, []string{"PARTNERBOT_TOP_K", "whole number", `"ten"`}},

		// OPENAI_TIMEOUT
		{"timeout: 90s", nil, env{"OPENAI_TIMEOUT": "90s"}, nil},
		{"timeout: no unit", nil, env{"OPENAI_TIMEOUT": "20"}, []string{"OPENAI_TIMEOUT", "duration such as 30s", `"20"`}},
		{"timeout: words", nil, env{"OPENAI_TIMEOUT": "soon"}, []string{"OPENAI_TIMEOUT", "duration"}},
		{"timeout: zero", nil, env{"OPENAI_TIMEOUT": "0s"}, []string{"OPENAI_TIMEOUT", "between 1ms and 10m"}},
		{"timeout: too long", nil, env{"OPENAI_TIMEOUT": "2562047h"}, []string{"OPENAI_TIMEOUT", "between 1ms and 10m"}},
		{"timeout: negative", []string{"ask", "q", "--openai-timeout", "-5s"}, env{}, []string{"--openai-timeout:", "between 1ms and 10m"}},

		// The other settings Validate checks.
		{"log level", nil, env{"PARTNERBOT_LOG_LEVEL": "loud"}, []string{"PARTNERBOT_LOG_LEVEL", "debug, info, warn or error"}},
		{"log format", nil, env{"PARTNERBOT_LOG_FORMAT": "xml"}, []string{"PARTNERBOT_LOG_FORMAT", "json or text"}},
		{"data dir empty", []string{"ask", "q", "--data", ""}, env{}, []string{"--data:", "must name a directory"}},
		{"app id not numeric", nil, env{"DISCORD_APP_ID": "my-app"}, []string{"DISCORD_APP_ID", "numeric ID"}},
		{"app id numeric", nil, env{"DISCORD_APP_ID": "123456789012345678"}, nil},
		{"guild id not numeric", nil, env{"DISCORD_GUILD_ID": "guild"}, []string{"DISCORD_GUILD_ID", "numeric server ID"}},
		{"token with Bot prefix", nil, env{"DISCORD_TOKEN": "Bot abc.def"}, []string{"DISCORD_TOKEN", `without spaces or a "Bot " prefix`}},
		{"openai base url without scheme", nil, env{"OPENAI_BASE_URL": "localhost:11434/v1"}, []string{"OPENAI_BASE_URL", "http or https URL"}},
		{"openai base url", nil, env{"OPENAI_BASE_URL": "http://localhost:11434/v1"}, nil},
		{"azure endpoint alone", nil, env{"AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com"},
			[]string{"AZURE_OPENAI_CHAT_DEPLOYMENT", "AZURE_OPENAI_API_KEY", "when AZURE_OPENAI_ENDPOINT is set"}},
		{"azure endpoint not a URL", nil, env{"AZURE_OPENAI_ENDPOINT": "x.openai.azure.com", "AZURE_OPENAI_API_KEY": "k", "AZURE_OPENAI_CHAT_DEPLOYMENT": "d"},
			[]string{"AZURE_OPENAI_ENDPOINT", "https://NAME.openai.azure.com"}},
		{"max retries", nil, env{"OPENAI_MAX_RETRIES": "11"}, []string{"OPENAI_MAX_RETRIES", "between 0 and 10"}},
		{"max retries zero", nil, env{"OPENAI_MAX_RETRIES": "0"}, nil},
		{"rate", nil, env{"PARTNERBOT_RATE_PER_MINUTE": "0"}, []string{"PARTNERBOT_RATE_PER_MINUTE", "between 1 and 1000"}},
		{"workers", nil, env{"PARTNERBOT_WORKERS": "257"}, []string{"PARTNERBOT_WORKERS", "between 1 and 256"}},
		{"queue", nil, env{"PARTNERBOT_QUEUE": "-1"}, []string{"PARTNERBOT_QUEUE", "between 1 and 100000"}},
		{"queue zero", nil, env{"PARTNERBOT_QUEUE": "0"}, []string{"PARTNERBOT_QUEUE", "between 1 and 100000"}},
		{"queue too long", nil, env{"PARTNERBOT_QUEUE": "9223372036854775807"}, []string{"PARTNERBOT_QUEUE", "between 1 and 100000"}},
		{"a number past any range", nil, env{"PARTNERBOT_TOP_K": "99999999999999999999"}, []string{"PARTNERBOT_TOP_K", "far too large"}},
		{"a number past any range, negative", nil, env{"PARTNERBOT_TOP_K": "-99999999999999999999"}, []string{"PARTNERBOT_TOP_K", "far too small"}},
		{"openai base url with a query", nil, env{"OPENAI_BASE_URL": "https://llm.internal/v1?key=S3CRET"}, []string{"OPENAI_BASE_URL", "without a query"}},
		{"shutdown grace", nil, env{"PARTNERBOT_SHUTDOWN_GRACE": "0s"}, []string{"PARTNERBOT_SHUTDOWN_GRACE", "between 1ms and 10m"}},
		{"drain delay negative", nil, env{"PARTNERBOT_DRAIN_DELAY": "-1s"}, []string{"PARTNERBOT_DRAIN_DELAY", "between 0s and 1m"}},
		{"drain delay too long", nil, env{"PARTNERBOT_DRAIN_DELAY": "2m"}, []string{"PARTNERBOT_DRAIN_DELAY", "between 0s and 1m"}},
		{"restrict ask", nil, env{"PARTNERBOT_RESTRICT_ASK": "sometimes"}, []string{"PARTNERBOT_RESTRICT_ASK", "true or false"}},

		{"every problem reported at once", nil, env{"PARTNERBOT_TOP_K": "0", "PARTNERBOT_LOG_FORMAT": "xml", "DISCORD_PUBLIC_KEY": "abc"},
			[]string{"PARTNERBOT_TOP_K", "PARTNERBOT_LOG_FORMAT", "DISCORD_PUBLIC_KEY"}},

		// serve
		{"serve with a token", []string{"serve"}, env{"DISCORD_TOKEN": "tok"}, nil},
		{"serve without token or --http", []string{"serve"}, env{},
			[]string{"DISCORD_TOKEN", "must be set for serve", "--http"}},
		{"serve --http without key or app id", []string{"serve", "--http", ":8080"}, env{},
			[]string{"DISCORD_PUBLIC_KEY: must be set for serve --http", "DISCORD_APP_ID: must be set for serve --http"}},
		{"serve --http without app id", []string{"serve", "--http", ":8080"}, env{"DISCORD_PUBLIC_KEY": validPublicKey},
			[]string{"DISCORD_APP_ID: must be set for serve --http"}},
		{"serve --http without key", []string{"serve", "--http", ":8080"}, env{"DISCORD_APP_ID": "123456789012345678"},
			[]string{"DISCORD_PUBLIC_KEY: must be set for serve --http"}},
		{"serve --http with key and app id", []string{"serve", "--http", ":8080"},
			env{"DISCORD_PUBLIC_KEY": validPublicKey, "DISCORD_APP_ID": "123456789012345678"}, nil},
		{"serve --http with a token", []string{"serve", "--http", ":8080"}, env{"DISCORD_TOKEN": "tok"}, nil},
		{"ask needs no token", nil, env{}, nil},
		{"a boolean flag alone", []string{"serve", "--restrict-ask"}, env{"DISCORD_TOKEN": "tok"}, nil},
		{"a boolean flag with a separate value", []string{"serve", "--mentions", "false"}, env{"DISCORD_TOKEN": "tok"}, []string{"serve takes no arguments", `"false"`}},
		{"azure and a base url", nil, env{"AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com", "AZURE_OPENAI_API_KEY": "k",
			"AZURE_OPENAI_CHAT_DEPLOYMENT": "d", "OPENAI_BASE_URL": "http://localhost:11434/v1"}, []string{"AZURE_OPENAI_ENDPOINT", "OPENAI_BASE_URL", "set one"}},
		{"http address without a colon", []string{"serve", "--http", "8080"}, env{"DISCORD_TOKEN": "tok"}, []string{"--http:", ":8080"}},
		{"http address from the environment", nil, env{"PARTNERBOT_HTTP_ADDR": "localhost"}, []string{"PARTNERBOT_HTTP_ADDR", "host:port"}},
		{"http port out of range", nil, env{"PARTNERBOT_HTTP_ADDR": ":99999"}, []string{"PARTNERBOT_HTTP_ADDR", "0 to 65535"}},
		{"http port by name", nil, env{"PARTNERBOT_HTTP_ADDR": "localhost:http"}, nil},
		{"http port past any number", nil, env{"PARTNERBOT_HTTP_ADDR": ":99999999999999999999"}, []string{"PARTNERBOT_HTTP_ADDR", "0 to 65535"}},
		{"http port negative", nil, env{"PARTNERBOT_HTTP_ADDR": ":-1"}, []string{"PARTNERBOT_HTTP_ADDR", "0 to 65535"}},
		{"another command's flag", []string{"config", "--json"}, env{}, []string{"config does not take --json"}},
		{"a setting the command does not read", []string{"ask", "q", "--discord-app-id", "123456789012345678"}, env{}, []string{"ask does not take --discord-app-id"}},
		{"arguments to a command that takes none", []string{"sources", "extra"}, env{}, []string{"sources takes no arguments", `"extra"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if args == nil {
				args = []string{"ask", "q"}
			}
			inv, err := config.Load(args, tc.env.get)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Load(%q) with %v: unexpected error: %v", args, tc.env, err)
				}
				return
			}
			if inv != nil {
				t.Error("Load returned an Invocation alongside an error")
			}
			wantErrContaining(t, err, tc.want...)
			if strings.Contains(err.Error(), "S3CRET") {
				t.Errorf("the error echoes a secret: %v", err)
			}
			// A mistake on the command line (the cases whose error names
			// a flag, "--mode:", or the command's shape) is a usage error;
			// a bad setting from the environment or a file is not.
			fromFlag := slices.ContainsFunc(tc.want, func(w string) bool {
				return strings.HasPrefix(w, "--") && strings.Contains(w, ":") || strings.Contains(w, "does not take") || strings.Contains(w, "takes no arguments")
			})
			if got := errors.Is(err, config.ErrUsage); got != fromFlag {
				t.Errorf("ErrUsage = %v, want %v: %v", got, fromFlag, err)
			}
		})
	}
}

// TestValidateDirect checks Validate on an Invocation built by hand, as a
// caller that changes the Config after Load would use it.
func TestValidateDirect(t *testing.T) {
	inv := mustLoad(t, []string{"ask", "q"}, env{})
	if err := config.Validate(inv); err != nil {
		t.Fatalf("Validate(defaults) = %v", err)
	}
	cases := []struct {
		name   string
		change func(inv *config.Invocation)
		want   []string
	}{
		{"top k", func(inv *config.Invocation) { inv.Config.TopK = 99 }, []string{"PARTNERBOT_TOP_K", "not 99"}},
		{"eval without questions", func(inv *config.Invocation) { inv.Command = "eval" }, []string{"--questions"}},
		{"mode all for eval", func(inv *config.Invocation) {
			inv.Command, inv.Eval.Questions, inv.Config.Mode = "eval", "q.jsonl", "all"
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := *inv
			tc.change(&c)
			err := config.Validate(&c)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			wantErrContaining(t, err, tc.want...)
		})
	}
}

// TestErrorsDoNotShowSecrets checks that refusing a malformed secret does
// not print the secret.
func TestErrorsDoNotShowSecrets(t *testing.T) {
	const token = "MTA5.s3cr3t-t0ken-value"
	_, err := config.Load([]string{"serve"}, env{"DISCORD_TOKEN": "Bot " + token}.get)
	wantErrContaining(t, err, "DISCORD_TOKEN")
	if err != nil && strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("error shows the token: %v", err)
	}
}
