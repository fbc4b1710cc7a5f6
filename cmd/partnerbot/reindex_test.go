package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot/config"
)

// TestReindexReports checks that /reindex tells moderators what it did
// not read and that aliases changed, not only which articles changed, and
// that a named pipe named like an article does not block it.
func TestReindexReports(t *testing.T) {
	tests := []struct {
		name        string
		change      func(dir string) error
		wantNotRead []string
		wantAliases bool
	}{
		{"a file with another extension", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "Briefing.TXT"), []byte("The talks lasted two hours. They ended well.\n"), 0o644)
		}, []string{"Briefing.TXT (not a .txt or .md file)"}, false},
		{"a named pipe", func(dir string) error {
			return syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644)
		}, []string{"pipe.txt (a named pipe, not a file)"}, false},
		{"aliases", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "aliases.yaml"), []byte("Maren Oskvold: [the trade minister]\n"), 0o644)
		}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "articles")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			article := "Minister Maren Oskvold met the fund's staff. Maren Oskvold said the fund received $4,321.\n"
			if err := os.WriteFile(filepath.Join(dir, "fund.txt"), []byte(article), 0o644); err != nil {
				t.Fatal(err)
			}
			c := config.Config{ArticlesDir: dir, DataDir: t.TempDir(), Mode: "hybrid", TopK: 12}
			a, err := newApp(context.Background(), c, slog.New(slog.NewTextHandler(io.Discard, nil)), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.change(dir); err != nil {
				t.Fatal(err)
			}
			type result struct {
				notRead []string
				aliases bool
				err     error
			}
			done := make(chan result, 1)
			go func() {
				ch, err := a.reindex(context.Background())
				done <- result{ch.NotRead, ch.Aliases, err}
			}()
			var got result
			select {
			case got = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("reindex blocked")
			}
			if got.err != nil {
				t.Fatal(got.err)
			}
			if !slices.Equal(got.notRead, tt.wantNotRead) || got.aliases != tt.wantAliases {
				t.Errorf("not read %q, aliases changed %v; want %q, %v", got.notRead, got.aliases, tt.wantNotRead, tt.wantAliases)
			}
		})
	}
}
