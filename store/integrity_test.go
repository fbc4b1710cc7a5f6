package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestIntegrityCheck(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		// setup fills (or damages) the database at path, leaving it closed.
		setup   func(t *testing.T, path string)
		wantErr string // "" for a clean check
	}{
		{
			name:  "new database",
			setup: func(t *testing.T, path string) {},
		},
		{
			name: "questions, votes and settings",
			setup: func(t *testing.T, path string) {
				db := mustOpen(t, path)
				defer db.Close()
				if _, err := writeAcked(ctx, db, 30); err != nil {
					t.Fatal(err)
				}
			},
		},
		{
			name: "vote on a missing question",
			setup: func(t *testing.T, path string) {
				db := mustOpen(t, path)
				defer db.Close()
				conn, err := db.sql.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				// Only a connection with foreign keys off can store it.
				for _, q := range []string{
					"PRAGMA foreign_keys = OFF",
					"INSERT INTO feedback (question_id, user_hash, vote, at_ns) VALUES (999, 'u', 1, 0)",
					"PRAGMA foreign_keys = ON",
				} {
					if _, err := conn.ExecContext(ctx, q); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
			},
			wantErr: "feedback refers to a missing questions row",
		},
		{
			name: "index disagrees with its table",
			setup: func(t *testing.T, path string) {
				db := mustOpen(t, path)
				for i := range 30 {
					if _, err := db.LogQuestion(ctx, record("guild-A", "c", "", fmt.Sprint("q", i))); err != nil {
						t.Fatal(err)
					}
				}
				var root, size int64
				if err := db.sql.QueryRowContext(ctx, "SELECT rootpage FROM sqlite_schema WHERE name = 'questions_guild_at'").Scan(&root); err != nil {
					t.Fatal(err)
				}
				if err := db.sql.QueryRowContext(ctx, "PRAGMA page_size").Scan(&size); err != nil {
					t.Fatal(err)
				}
				if _, err := db.sql.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
					t.Fatal(err)
				}
				if err := db.Close(); err != nil {
					t.Fatal(err)
				}
				// Rewrite the guild in the index's entries only, as a bad
				// disk or a stray write would: the table still says guild-A.
				f, err := os.OpenFile(path, os.O_RDWR, 0)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				page := make([]byte, size)
				if _, err := f.ReadAt(page, (root-1)*size); err != nil {
					t.Fatal(err)
				}
				if n := bytes.Count(page, []byte("guild-A")); n != 30 {
					t.Fatalf("index page holds guild-A %d times, want 30", n)
				}
				page = bytes.ReplaceAll(page, []byte("guild-A"), []byte("guild-B"))
				if _, err := f.WriteAt(page, (root-1)*size); err != nil {
					t.Fatal(err)
				}
			},
			wantErr: "missing from index questions_guild_at",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := t.TempDir() + "/partnerbot.db"
			mustOpen(t, path).Close()
			tt.setup(t, path)
			db := mustOpen(t, path)
			defer db.Close()
			err := db.IntegrityCheck(ctx)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("IntegrityCheck = %v, want nil", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("IntegrityCheck = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func mustOpen(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return db
}
