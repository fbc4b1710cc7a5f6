package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// t0 is the fixed start of test clocks.
var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// openTest opens a fresh database in a temporary directory, closed when
// the test ends, and returns it with its path.
func openTest(t testing.TB, opts Options) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "partnerbot.db")
	db, err := Open(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db, path
}

func TestOpenPragmas(t *testing.T) {
	db, _ := openTest(t, Options{})
	ctx := context.Background()
	// Hold several connections at once so the pool must open more than
	// one: every connection needs the settings, not just the first.
	var conns []interface{ Close() error }
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := range 3 {
		conn, err := db.sql.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, conn)
		tests := []struct {
			pragma string
			want   string
		}{
			{"journal_mode", "wal"},
			{"synchronous", "2"}, // FULL
			{"busy_timeout", "5000"},
			{"foreign_keys", "1"},
		}
		for _, tt := range tests {
			var got string
			if err := conn.QueryRowContext(ctx, "PRAGMA "+tt.pragma).Scan(&got); err != nil {
				t.Fatalf("conn %d: PRAGMA %s: %v", i, tt.pragma, err)
			}
			if got != tt.want {
				t.Errorf("conn %d: PRAGMA %s = %q, want %q", i, tt.pragma, got, tt.want)
			}
		}
	}
}

func TestOpenPaths(t *testing.T) {
	tests := []struct {
		name string
		rel  string
	}{
		{"creates parent directories", filepath.Join("a", "b", "c", "state.db")},
		{"URI metacharacters in the name", "we?ird#na%20me&x=1.db"},
		{"spaces", filepath.Join("my data", "state db")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.rel)
			ctx := context.Background()
			db, err := Open(ctx, path, Options{})
			if err != nil {
				t.Fatalf("Open(%q): %v", path, err)
			}
			if err := db.Ping(ctx); err != nil {
				t.Errorf("Ping: %v", err)
			}
			if err := db.AllowChannel(ctx, "g", "c"); err != nil {
				t.Fatalf("AllowChannel: %v", err)
			}
			if err := db.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
			// The database is at exactly the path given, not at a
			// truncated or unescaped one.
			entries, err := os.ReadDir(filepath.Dir(path))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if len(names) != 1 || names[0] != filepath.Base(path) {
				t.Errorf("directory holds %q, want just %q", names, filepath.Base(path))
			}
		})
	}
}

func TestOpenEmptyPath(t *testing.T) {
	_, err := Open(context.Background(), "", Options{})
	if err == nil {
		t.Fatal("Open(\"\") succeeded, want an error")
	}
}

func TestOpenNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("not a database ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), path, Options{})
	if err == nil {
		db.Close()
		t.Fatal("Open of a non-database file succeeded, want an error")
	}
}

func TestClosed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	ctx := context.Background()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(ctx); err == nil {
		t.Error("Ping after Close succeeded, want an error")
	}
}

func TestCanceledContext(t *testing.T) {
	db, _ := openTest(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := db.LogQuestion(ctx, record("g", "c", "", "q"))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("LogQuestion with a canceled context: got %v, want context.Canceled", err)
	}
}
