package provider

import (
	"strings"
	"testing"
	"time"
)

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string // "" means valid
	}{
		{"openai", Config{APIKey: "k", ChatModel: "gpt-4o-mini"}, ""},
		{"keyless local server", Config{BaseURL: "http://localhost:11434/v1", EmbeddingModel: "nomic-embed-text"}, ""},
		{"azure", Config{Azure: &AzureConfig{Endpoint: "https://r.openai.azure.com", APIKey: "k", ChatDeployment: "d"}}, ""},
		{"azure key from APIKey", Config{APIKey: "k", Azure: &AzureConfig{Endpoint: "https://r.openai.azure.com", ChatDeployment: "d"}}, ""},
		{"azure deployment from model", Config{APIKey: "k", ChatModel: "gpt-4o", Azure: &AzureConfig{Endpoint: "https://r.openai.azure.com"}}, ""},
		{"nothing", Config{ChatModel: "m"}, "set an API key"},
		{"no models", Config{APIKey: "k"}, "no chat model and no embedding model"},
		{"bad base URL", Config{BaseURL: "localhost:11434", ChatModel: "m"}, "not an http(s) URL"},
		{"unparseable URL keeps password out", Config{BaseURL: "http://u:hunter2@[::1", ChatModel: "m"}, "(unparseable)"},
		{"azure without key", Config{Azure: &AzureConfig{Endpoint: "https://r.openai.azure.com", ChatDeployment: "d"}}, "Azure needs an API key"},
		{"azure without endpoint", Config{APIKey: "k", Azure: &AzureConfig{ChatDeployment: "d"}}, "Azure.Endpoint"},
		{"azure and base URL", Config{APIKey: "k", BaseURL: "http://x/v1", Azure: &AzureConfig{}}, "not both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("New: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("New err = %v, want %q", err, tt.want)
			case err != nil && strings.Contains(err.Error(), "hunter2"):
				t.Errorf("password leaked: %v", err)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	cfg := Config{MaxRetries: -1}.withDefaults()
	if cfg.Timeout != DefaultTimeout || cfg.MaxRetries != 0 || cfg.Sleep == nil || cfg.Rand == nil || cfg.Log == nil {
		t.Errorf("defaults = %+v", cfg)
	}
	if got := (Config{}).withDefaults().MaxRetries; got != DefaultMaxRetries {
		t.Errorf("MaxRetries default = %d", got)
	}
	c, err := New(Config{APIKey: "k", ChatModel: "m", Timeout: time.Second, MaxRetries: 2})
	if err != nil || c.overall != 3*time.Second {
		t.Errorf("overall bound = %v, %v; want 3s", c.overall, err)
	}
	if c.EmbeddingModel() != "" {
		t.Errorf("EmbeddingModel without one = %q", c.EmbeddingModel())
	}
}
