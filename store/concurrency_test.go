package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestConcurrentLogging(t *testing.T) {
	const goroutines, each = 8, 50
	tests := []struct {
		name    string
		handles int // *DBs open on the same file, shared round-robin
	}{
		// One DB: writers queue on its write lock.
		{"one handle", 1},
		// Two DBs on one file: as two processes would, they contend for
		// SQLite's write lock, which busy_timeout and WAL must absorb.
		{"two handles", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			first, path := openTest(t, Options{})
			dbs := []*DB{first}
			for range tt.handles - 1 {
				db, err := Open(ctx, path, Options{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				dbs = append(dbs, db)
			}

			var wg sync.WaitGroup
			errs := make(chan error, goroutines*each)
			for g := range goroutines {
				db := dbs[g%len(dbs)]
				wg.Go(func() {
					for i := range each {
						r := record("g", "c", fmt.Sprint("thread-", g), fmt.Sprintf("q %d/%d", g, i))
						id, err := db.LogQuestion(ctx, r)
						if err != nil {
							errs <- fmt.Errorf("goroutine %d, question %d: %w", g, i, err)
							continue
						}
						// Interleave reads and a second kind of write.
						if _, err := db.ThreadHistory(ctx, fmt.Sprint("thread-", g), 5); err != nil {
							errs <- fmt.Errorf("goroutine %d: history: %w", g, err)
						}
						if i%10 == 0 {
							if err := db.RecordFeedback(ctx, id, fmt.Sprint("u", g), 1, t0); err != nil {
								errs <- fmt.Errorf("goroutine %d: feedback: %w", g, err)
							}
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}

			st, err := first.Stats(ctx, "g", t0.AddDate(-10, 0, 0))
			if err != nil {
				t.Fatal(err)
			}
			if st.Questions != goroutines*each {
				t.Errorf("logged %d questions, want %d", st.Questions, goroutines*each)
			}
			if want := goroutines * each / 10; st.Up != want {
				t.Errorf("recorded %d votes, want %d", st.Up, want)
			}
			for g := range goroutines {
				turns, err := first.ThreadHistory(ctx, fmt.Sprint("thread-", g), each+1)
				if err != nil {
					t.Fatal(err)
				}
				if len(turns) != each {
					t.Errorf("thread %d has %d turns, want %d", g, len(turns), each)
				}
			}
		})
	}
}

// TestPostgresBucketSurvivesPrune checks that a rate-limit token taken
// while Prune runs does not fail: the bucket's row is created and locked
// in one statement, so Prune cannot delete it in between.
func TestPostgresBucketSurvivesPrune(t *testing.T) {
	t.Parallel()
	u, _, _ := postgresTestSchema(t)
	ctx := context.Background()
	db, err := OpenPostgres(ctx, u, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	errs := 0
	for n := range 300 {
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			if _, _, err := db.TakeToken(ctx, "k", 10, time.Now()); err != nil {
				errs++
				if errs < 3 {
					t.Logf("round %d: %v", n, err)
				}
			}
		}()
		go func() {
			defer wg.Done()
			db.Prune(ctx, time.Now().Add(time.Hour))
		}()
		wg.Wait()
	}
	if errs > 0 {
		t.Errorf("%d of 300 TakeToken failed", errs)
	}
}
