package store

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// TestOpenPostgresSilentServerFails checks that a server that takes the
// connection but never answers fails the open within its bound, rather
// than hanging the start while health checks pass, and that the error
// does not show the password. It needs no PostgreSQL.
func TestOpenPostgresSilentServerFails(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		var held []net.Conn // accepted and never answered
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 3*pgConnectTimeout)
	defer cancel()
	url := fmt.Sprintf("postgres://bob:S3CRET@%s/db?sslmode=disable", ln.Addr())
	start := time.Now()
	db, err := OpenPostgres(ctx, url, Options{})
	if err == nil {
		db.Close()
		t.Fatal("opened a database that never answers")
	}
	if ctx.Err() != nil {
		t.Fatalf("the open outlived %v: %v", 3*pgConnectTimeout, err)
	}
	if strings.Contains(err.Error(), "S3CRET") {
		t.Errorf("the error shows the password: %v", err)
	}
	t.Logf("after %v: %v", time.Since(start).Round(time.Millisecond), err)
}

// TestPostgresMigrateKeepsCachedEmbeddings is
// TestMigrateKeepsCachedEmbeddings for PostgreSQL.
func TestPostgresMigrateKeepsCachedEmbeddings(t *testing.T) {
	ctx := context.Background()
	u, _, _ := postgresTestSchema(t)
	pool, err := pgxpool.New(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	old := &Postgres{pool: pool, now: time.Now}
	if err := old.migrateTo(ctx, pgMigrations[:5]); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO embeddings (model, hash, vector) VALUES ('m', 'h', $1)`, encodeVector([]float32{1})); err != nil {
		t.Fatal(err)
	}
	pool.Close()
	db, err := OpenPostgres(ctx, u, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkUpgradedCache(t, db, time.Now(), upgradedCache{
		exec: func(q string, args ...any) error { _, err := db.pool.Exec(ctx, q, args...); return err },
		one:  func(q string, dst any) error { return db.pool.QueryRow(ctx, q).Scan(dst) },
		arg:  "$1", stamp: db.shared,
	})
}

// TestPostgresPingWithPoolBusy checks that Ping answers while every pooled
// connection is taken by queries: a readiness check must not wait behind
// a busy replica's work, nor report a database that answers as gone.
func TestPostgresPingWithPoolBusy(t *testing.T) {
	ctx := context.Background()
	u, _, _ := postgresTestSchema(t)
	db, err := OpenPostgres(ctx, u+"&pool_max_conns=2", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var held []*pgxpool.Conn
	for range 2 {
		c, err := db.pool.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	defer func() {
		for _, c := range held {
			c.Release()
		}
	}()
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.Ping(pctx); err != nil {
		t.Errorf("Ping with every pooled connection taken: %v", err)
	}
}
