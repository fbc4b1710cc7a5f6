package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/config"
)

// env is a fake environment: a getenv backed by a map, so tests never read
// or change the process environment.
type env map[string]string

// get is the getenv that config.Load takes. Unset names read as "".
func (e env) get(name string) string { return e[name] }

// with returns a copy of e with the given name=value pairs added; an empty
// value deletes the name.
func (e env) with(kv ...string) env {
	out := env{}
	for k, v := range e {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(out, kv[i])
			continue
		}
		out[kv[i]] = kv[i+1]
	}
	return out
}

// writeYAML writes content to a fresh config file in a temporary directory
// and returns its path.
func writeYAML(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "partnerbot.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// mustLoad calls config.Load and fails the test on an error.
func mustLoad(t *testing.T, args []string, e env) *config.Invocation {
	t.Helper()
	inv, err := config.Load(args, e.get)
	if err != nil {
		t.Fatalf("Load(%q): unexpected error: %v", args, err)
	}
	return inv
}

// wantErrContaining fails the test unless err is non-nil and its message
// contains every one of parts.
func wantErrContaining(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not contain %q", err, p)
		}
	}
}

// validPublicKey is a well-formed DISCORD_PUBLIC_KEY: 64 hex characters.
const validPublicKey = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
