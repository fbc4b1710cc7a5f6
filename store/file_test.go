package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDatabaseFilesArePrivate checks that the database and its WAL and
// shared-memory files are readable by this user only: they hold the salt
// user IDs are hashed with, and the question log.
func TestDatabaseFilesArePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil { // as an operator or a container image may have made it
		t.Fatal(err)
	}
	path := filepath.Join(dir, "partnerbot.db")
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.UserSalt(context.Background(), "secret-salt"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Logf("%s: %v", p, err)
			continue
		}
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s mode %v: readable by group/others (holds the user-hash salt and the question log)", filepath.Base(p), fi.Mode().Perm())
		}
	}
}

// TestOpenRefusesTruncatedFile checks that a database file cut short (a
// bad copy, a full disk during a restore) is refused, saying what to do.
func TestOpenRefusesTruncatedFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "partnerbot.db")
	db := mustOpen(t, path)
	if _, err := writeAcked(ctx, db, 2000); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path, Options{})
	if err == nil {
		db.Close()
		t.Fatalf("Open of a file truncated from %d to %d bytes succeeded", fi.Size(), fi.Size()/2)
	}
	if !strings.Contains(err.Error(), "restore it from a backup") {
		t.Errorf("Open error %q does not say what to do", err)
	}
}

// TestOpenRefusesDamagedPage checks that a database with a page damaged on
// disk (a bad sector, a stray write) is refused at start, rather than
// written into and found out later by /stats.
func TestOpenRefusesDamagedPage(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "partnerbot.db")
	db := mustOpen(t, path)
	if _, err := writeAcked(ctx, db, 2000); err != nil {
		t.Fatal(err)
	}
	var size int64
	db.sql.QueryRowContext(ctx, "PRAGMA page_size").Scan(&size)
	if _, err := db.sql.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	pages := fi.Size() / size
	junk := make([]byte, size)
	for i := range junk {
		junk[i] = 0xA5
	}
	f.WriteAt(junk, (pages/2)*size) // a page in the middle
	f.Close()
	db, err = Open(ctx, path, Options{})
	if err == nil {
		db.Close()
		t.Fatalf("Open of a file with page %d of %d overwritten succeeded: it would be written into", pages/2+1, pages)
	}
	if !strings.Contains(err.Error(), "restore it from a backup") {
		t.Errorf("Open error %q does not say what to do", err)
	}
}
