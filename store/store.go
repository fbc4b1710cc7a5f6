// Package store keeps partnerbot's state in SQLite: the question log, answer
// feedback and per-server settings, with versioned migrations. Only the data
// directory holds state.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Options configures Open. The zero value gives the defaults.
type Options struct {
	// Now is the clock used for timestamps the caller does not pass
	// (a zero partnerbot.QuestionRecord.At, a zero feedback time). Default time.Now.
	Now func() time.Time
}

// DB is partnerbot's state database. It is safe for concurrent use.
type DB struct {
	sql *sql.DB
	now func() time.Time
	// wsem serialises writes made through this DB, so writers in one process
	// queue here (honouring their contexts) instead of spinning in SQLite's
	// busy handler. busy_timeout still covers other processes and other
	// DBs open on the same file.
	wsem chan struct{}
}

// busyTimeoutMS is how long a connection waits for another's write lock.
const busyTimeoutMS = 5000

// dsn returns the modernc.org/sqlite data source name for the file at path.
// The path is given as a file: URI so that '?', '#' and '%' in it are
// escaped rather than taken for the start of the parameters; SQLite
// ignores the driver's underscore parameters and the driver applies them to
// every new connection in the pool.
func dsn(path string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), OmitHost: true}
	q := url.Values{}
	// The driver runs busy_timeout first, then the other _pragma values in
	// lexical order: foreign_keys, journal_mode, synchronous.
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS))
	q.Add("_pragma", "foreign_keys(ON)")
	q.Add("_pragma", "journal_mode(WAL)")
	// FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on a
	// power failure; FULL syncs the WAL on every commit.
	q.Add("_pragma", "synchronous(FULL)")
	// Write transactions take the write lock at BEGIN, where the busy
	// timeout applies, instead of failing with SQLITE_BUSY when a read
	// transaction is upgraded.
	q.Set("_txlock", "immediate")
	return u.String() + "?" + q.Encode()
}

// Open opens (creating it and its parent directory if need be) the database
// at path and brings its schema up to date.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("open store: empty path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := private(abs); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	sdb, err := sql.Open("sqlite", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	db := &DB{sql: sdb, now: opts.Now, wsem: make(chan struct{}, 1)}
	if db.now == nil {
		db.now = time.Now
	}
	if err := db.checkPragmas(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open store %s: %w%s", abs, err, damagedHint(err, abs))
	}
	if err := db.quickCheck(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open store %s: %w%s", abs, err, damagedHint(err, abs))
	}
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open store %s: %w", abs, err)
	}
	return db, nil
}

// private makes the database file (and its WAL and shared-memory files,
// which SQLite creates with the database's mode) readable by this user
// only: it holds the salt user IDs are hashed with, and the question log.
// A file others can read is made private.
func private(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	fi, err := f.Stat()
	f.Close()
	if err != nil || fi.Mode().Perm()&0o077 == 0 {
		return err
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// quickCheck runs SQLite's PRAGMA quick_check, which reads every page, so
// that a damaged file is refused at start rather than written into and
// found out by a moderator's /stats. It is quick_check, not the slower
// integrity_check, that checks indexes only against their own structure.
func (db *DB) quickCheck(ctx context.Context) error {
	var got string
	if err := db.sql.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&got); err != nil {
		return fmt.Errorf("quick check: %w", err)
	}
	if got != "ok" {
		return fmt.Errorf("quick check: %s", got)
	}
	return nil
}

// damagedHint is what to do about a damaged database file, when err says
// it is one.
func damagedHint(err error, path string) string {
	if !strings.Contains(err.Error(), "malformed") && !strings.Contains(err.Error(), "quick check") && !strings.Contains(err.Error(), "not a database") {
		return ""
	}
	return fmt.Sprintf("; the file is damaged: restore it from a backup, or recover what it holds with `sqlite3 %s .recover`", path)
}

// checkPragmas opens a first connection, which creates the file, and
// confirms the settings took: journal_mode=WAL in particular can silently
// stay "delete" (for instance on a file system without shared memory).
func (db *DB) checkPragmas(ctx context.Context) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("journal mode: %w", err)
	}
	if mode != "wal" {
		return fmt.Errorf("journal mode is %q, want wal", mode)
	}
	var sync, fk int
	if err := conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
		return fmt.Errorf("synchronous: %w", err)
	}
	if sync != 2 {
		return fmt.Errorf("synchronous is %d, want 2 (full)", sync)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		return fmt.Errorf("foreign keys: %w", err)
	}
	if fk != 1 {
		return errors.New("foreign keys are off")
	}
	return nil
}

// Close closes the database. Everything acknowledged is already durable.
func (db *DB) Close() error {
	if err := db.sql.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Ping checks that the database can be reached.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.sql.PingContext(ctx); err != nil {
		return fmt.Errorf("ping store: %w", err)
	}
	return nil
}

// lockWrite waits for this DB's write turn, or for ctx to end.
func (db *DB) lockWrite(ctx context.Context) error {
	select {
	case db.wsem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (db *DB) unlockWrite() { <-db.wsem }

// writeTx runs fn in an immediate transaction, committing if it returns nil.
func (db *DB) writeTx(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := db.lockWrite(ctx); err != nil {
		return err
	}
	defer db.unlockWrite()
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Times are stored as INTEGER Unix nanoseconds (UTC), which sort and
// compare in SQL, rather than through the driver's time.Time handling,
// whose default text form includes Go's monotonic clock reading.

var (
	minStored = time.Unix(0, math.MinInt64)
	maxStored = time.Unix(0, math.MaxInt64)
)

// stamp converts t, or now when t is zero, to stored nanoseconds.
func (db *DB) stamp(t time.Time) (int64, error) { return stampAt(t, db.now) }

// stampAt is t (now when zero) as stored nanoseconds, refusing times out
// of the stored range. Both engines store times this way.
func stampAt(t time.Time, now func() time.Time) (int64, error) {
	if t.IsZero() {
		t = now()
	}
	if t.Before(minStored) || t.After(maxStored) {
		return 0, fmt.Errorf("time %s out of range", t.Format(time.RFC3339))
	}
	return t.UnixNano(), nil
}

// bound converts a lower bound to stored nanoseconds, clamping times
// outside the storable range (a zero since means "from the beginning").
func bound(t time.Time) int64 {
	switch {
	case t.Before(minStored):
		return math.MinInt64
	case t.After(maxStored):
		return math.MaxInt64
	}
	return t.UnixNano()
}

func fromNS(ns int64) time.Time { return time.Unix(0, ns).UTC() }
