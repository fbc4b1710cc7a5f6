package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot/internal/testclock"
)

// versions returns the schema_version rows: version -> applied_ns.
func versions(t *testing.T, db *DB) map[int]int64 {
	t.Helper()
	rows, err := db.sql.Query(`SELECT version, applied_ns FROM schema_version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[int]int64{}
	for rows.Next() {
		var v int
		var ns int64
		if err := rows.Scan(&v, &ns); err != nil {
			t.Fatal(err)
		}
		got[v] = ns
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

func tableExists(t *testing.T, db *DB, name string) bool {
	t.Helper()
	var n int
	err := db.sql.QueryRow(`SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, name).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func TestMigrateFresh(t *testing.T) {
	clk := testclock.New(t0)
	db, _ := openTest(t, Options{Now: clk.Now})
	v, err := db.version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v != len(migrations) {
		t.Errorf("version = %d, want %d", v, len(migrations))
	}
	got := versions(t, db)
	if len(got) != len(migrations) {
		t.Errorf("schema_version has %d rows, want %d", len(got), len(migrations))
	}
	for v, ns := range got {
		if ns != t0.UnixNano() {
			t.Errorf("version %d applied at %d, want the Options.Now time %d", v, ns, t0.UnixNano())
		}
	}
	for _, table := range []string{"questions", "feedback", "allowed_channels", "guild_settings"} {
		if !tableExists(t, db, table) {
			t.Errorf("table %s missing", table)
		}
	}
}

func TestReopenKeepsDataAndSkipsMigrations(t *testing.T) {
	ctx := context.Background()
	clk := testclock.New(t0)
	db, path := openTest(t, Options{Now: clk.Now})
	id, err := db.LogQuestion(ctx, record("g", "c", "th", "kept?"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RecordFeedback(ctx, id, "u", 1, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRatePerMinute(ctx, "g", 9); err != nil {
		t.Fatal(err)
	}
	before := versions(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	for i := range 2 {
		t.Run(fmt.Sprintf("reopen %d", i+1), func(t *testing.T) {
			// A later clock: a re-run migration would record a new time.
			clk.Set(t0.AddDate(0, 0, i+1))
			db, err := Open(ctx, path, Options{Now: clk.Now})
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			defer db.Close()
			if got := versions(t, db); fmt.Sprint(got) != fmt.Sprint(before) {
				t.Errorf("schema_version = %v, want unchanged %v", got, before)
			}
			q, err := db.Question(ctx, id)
			if err != nil {
				t.Fatalf("Question: %v", err)
			}
			if q.Question != "kept?" {
				t.Errorf("question = %q, want %q", q.Question, "kept?")
			}
			items, err := db.RecentFeedback(ctx, "g", "all", 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 1 || items[0].Up != 1 {
				t.Errorf("feedback = %+v, want one item with one up vote", items)
			}
			n, ok, err := db.RatePerMinute(ctx, "g")
			if err != nil || !ok || n != 9 {
				t.Errorf("RatePerMinute = %d, %v, %v; want 9, true, nil", n, ok, err)
			}
		})
	}
}

func TestFutureSchemaRefused(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t, Options{})
	future := len(migrations) + 1
	if _, err := db.sql.Exec(`INSERT INTO schema_version (version, applied_ns) VALUES (?, 0)`, future); err != nil {
		t.Fatal(err)
	}
	db2, err := Open(ctx, path, Options{})
	if err == nil {
		db2.Close()
		t.Fatal("Open of a database with a newer schema succeeded, want an error")
	}
	for _, want := range []string{fmt.Sprint("version ", future), fmt.Sprint("version ", len(migrations)), "newer"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestMigrateNewStep(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t, Options{})
	extra := append(append([]string(nil), migrations...), `CREATE TABLE extra (x INTEGER)`)
	if err := db.migrateTo(ctx, extra); err != nil {
		t.Fatalf("migrate with a new step: %v", err)
	}
	if !tableExists(t, db, "extra") {
		t.Error("new step not applied")
	}
	if got := len(versions(t, db)); got != len(extra) {
		t.Errorf("schema_version has %d rows, want %d", got, len(extra))
	}
	// Applying again is a no-op, and the older step list is now refused.
	if err := db.migrateTo(ctx, extra); err != nil {
		t.Errorf("second migrate: %v", err)
	}
	if err := db.migrateTo(ctx, migrations); err == nil {
		t.Error("migrate with the older steps succeeded, want a newer-schema error")
	}
}

func TestMigrateFailedStepRollsBack(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t, Options{})
	bad := append(append([]string(nil), migrations...),
		`CREATE TABLE half (x INTEGER); INSERT INTO no_such_table VALUES (1);`)
	err := db.migrateTo(ctx, bad)
	if err == nil {
		t.Fatal("migrate with a failing step succeeded, want an error")
	}
	if !strings.Contains(err.Error(), fmt.Sprint("step ", len(bad))) {
		t.Errorf("error %q does not name step %d", err, len(bad))
	}
	if tableExists(t, db, "half") {
		t.Error("the failed step's first statement was kept")
	}
	v, err := db.version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v != len(migrations) {
		t.Errorf("version = %d after a failed step, want %d", v, len(migrations))
	}
}

// TestMigrateKeepsCachedEmbeddings checks that the embeddings cached
// before their use was recorded count as used at the upgrade, rather than
// as unused since 1970 and pruned at once.
func TestMigrateKeepsCachedEmbeddings(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "partnerbot.db")
	sdb, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	old := &DB{sql: sdb, now: time.Now, wsem: make(chan struct{}, 1)}
	if err := old.migrateTo(ctx, migrations[:5]); err != nil {
		t.Fatal(err)
	}
	if _, err := sdb.Exec(`INSERT INTO embeddings (model, hash, vector) VALUES ('m', 'h', ?)`, encodeVector([]float32{1})); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkUpgradedCache(t, db, time.Now(), upgradedCache{
		exec: func(q string, args ...any) error { _, err := db.sql.Exec(q, args...); return err },
		one:  func(q string, dst any) error { return db.sql.QueryRow(q).Scan(dst) },
		arg:  "?", stamp: bound,
	})
}

// upgradedCache is raw access to a database just upgraded past migration
// 6, for checkUpgradedCache: its engine's placeholder and stored times.
type upgradedCache struct {
	exec  func(query string, args ...any) error
	one   func(query string, dst any) error // scans one value
	arg   string                            // the first placeholder: ? or $1
	stamp func(time.Time) int64
}

// checkUpgradedCache checks, on a database upgraded at upgraded that held
// one cached embedding from before, that a row written without its use
// (by a replica of the build before) counts as used at the next Prune, and
// that the embedding cached before counts as used at the upgrade: kept
// for embeddingsKept, then pruned.
func checkUpgradedCache(t *testing.T, db interface {
	Prune(context.Context, time.Time) (int, error)
}, upgraded time.Time, raw upgradedCache) {
	t.Helper()
	ctx := context.Background()
	if err := raw.exec(`INSERT INTO embeddings (model, hash, vector) VALUES ('m', 'old', `+raw.arg+`)`, encodeVector([]float32{1})); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Prune(ctx, upgraded); err != nil {
		t.Fatal(err)
	}
	var used int64
	if err := raw.one(`SELECT used_ns FROM embeddings WHERE hash = 'old'`, &used); err != nil || used != raw.stamp(upgraded) {
		t.Errorf("a row written without its use: used_ns %d (%v) after Prune, want the prune's time", used, err)
	}
	if err := raw.exec(`DELETE FROM embeddings WHERE hash = 'old'`); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at   time.Time
		want int
	}{
		{upgraded.Add(embeddingsKept - time.Hour), 1},
		{upgraded.Add(embeddingsKept + time.Hour), 0},
	} {
		if _, err := db.Prune(ctx, c.at); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := raw.one(`SELECT COUNT(*) FROM embeddings`, &n); err != nil {
			t.Fatal(err)
		}
		if n != c.want {
			t.Errorf("pruned %v after the upgrade: %d embeddings, want %d", c.at.Sub(upgraded).Round(time.Hour), n, c.want)
		}
	}
}
