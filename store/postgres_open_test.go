package store

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
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
