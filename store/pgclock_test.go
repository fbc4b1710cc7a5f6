package store

import (
	"context"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot"
)

// TestPostgresClockSkew runs two replicas whose clocks are 30 s apart on
// one database: leases and jobs written on the slow clock must hold
// against the right one, and a job's deadline must come back on the
// reader's clock.
func TestPostgresClockSkew(t *testing.T) {
	t.Parallel()
	u, _, _ := postgresTestSchema(t)
	ctx := context.Background()
	const behind = 30 * time.Second
	slowNow := func() time.Time { return time.Now().Add(-behind) }
	open := func(now func() time.Time) *Postgres {
		db, err := OpenPostgres(ctx, u, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	slow, right := open(slowNow), open(time.Now)
	const lease = 15 * time.Second

	t.Run("lease", func(t *testing.T) {
		now := slowNow()
		if got, err := slow.TryLease(ctx, "gateway", "slow", now, now.Add(lease)); err != nil || got != "slow" {
			t.Fatalf("slow replica's TryLease = %q, %v; want it held", got, err)
		}
		now = time.Now()
		got, err := right.TryLease(ctx, "gateway", "right", now, now.Add(lease))
		if err != nil {
			t.Fatal(err)
		}
		if got != "slow" {
			t.Errorf("holder = %q, want %q: a lease just taken on a clock %v slow ran out at once", got, "slow", behind)
		}
	})

	t.Run("job", func(t *testing.T) {
		now := slowNow()
		job := partnerbot.Job{ID: "1", Owner: "slow", Payload: []byte("{}"), Deadline: now.Add(10 * time.Minute)}
		if err := slow.AddJob(ctx, job, now.Add(lease)); err != nil {
			t.Fatal(err)
		}
		now = time.Now()
		if jobs, err := right.TakeJobs(ctx, "right", now, now.Add(lease), 10); err != nil || len(jobs) != 0 {
			t.Fatalf("TakeJobs right after the job was added = %v, %v; want none: its lease is ahead", jobs, err)
		}
		later := now.Add(lease + time.Second) // the lease ran out, on every clock
		jobs, err := right.TakeJobs(ctx, "right", later, later.Add(lease), 10)
		if err != nil || len(jobs) != 1 {
			t.Fatalf("TakeJobs once the lease ran out = %v, %v; want the job", jobs, err)
		}
		want := time.Now().Add(10 * time.Minute) // the slow replica's deadline, on the right clock
		if d := jobs[0].Deadline.Sub(want).Abs(); d > 2*clockTolerance {
			t.Errorf("deadline %v, want about %v (off by %v)", jobs[0].Deadline, want, d)
		}
	})
}
