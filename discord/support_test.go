package discord

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/partnerbot/partnerbot/store"
)

// openSupport is a SQLite store in a temporary directory, closed when the
// test ends: the support loop's state.
func openSupport(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "support.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
