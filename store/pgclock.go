package store

import (
	"context"
	"sync/atomic"
	"time"
)

// Replicas compare each other's times in the shared tables: one writes a
// lease's end on its clock, another judges it run out on its own. Two
// clocks ten seconds apart would let two replicas hold one lease. So the
// PostgreSQL store keeps those times on the database's clock: it measures
// how far that clock is ahead of this replica's when it opens and every
// clockCheckEvery after, and shifts the times it writes to the shared
// tables by that much (claims' ends, rate buckets' last takes, jobs'
// leases, deadlines and ends, the gateway lease's end), and the times it
// reads back by as much the other way. Times inside a job's payload, and
// when a job was recorded (its order only), stay on the writer's clock.

// clockCheckEvery is how often the skew is measured again.
const clockCheckEvery = time.Minute

// clockTolerance is the skew ignored: well under a lease, well over the
// noise of a measurement across a network.
const clockTolerance = 500 * time.Millisecond

// pgClock is the skew between the database's clock and this replica's.
type pgClock struct {
	skew    atomic.Int64 // database's clock less ours, in ns; 0 within clockTolerance
	checked atomic.Int64 // when it was last measured, on the monotonic clock, in ns since start
	start   time.Time
}

// shared is t as the shared tables hold it: on the database's clock.
func (db *Postgres) shared(t time.Time) int64 {
	return bound(t.Add(time.Duration(db.clock.skew.Load())))
}

// local is a time read from the shared tables, on this replica's clock.
func (db *Postgres) local(ns int64) time.Time {
	return time.Unix(0, ns).Add(-time.Duration(db.clock.skew.Load())).UTC() // as SQLite's fromNS
}

// checkClock measures the skew again when it is older than
// clockCheckEvery, or was never measured. A failure keeps the skew it had:
// the query it guards reports the database's trouble itself.
func (db *Postgres) checkClock(ctx context.Context) {
	c := &db.clock
	last := c.checked.Load()
	now := int64(time.Since(c.start))
	if last != 0 && now-last < int64(clockCheckEvery) {
		return
	}
	if !c.checked.CompareAndSwap(last, now) {
		return // another call is measuring it
	}
	_ = db.measureClock(ctx) // on failure the skew stays as it was
}

// measureClock reads the database's clock and sets the skew from the
// middle of the round trip, when it moved by more than clockTolerance.
func (db *Postgres) measureClock(ctx context.Context) error {
	before := db.now()
	var theirs time.Time
	if err := db.pool.QueryRow(ctx, `SELECT clock_timestamp()`).Scan(&theirs); err != nil {
		return err
	}
	after := db.now()
	skew := theirs.Sub(before.Add(after.Sub(before) / 2))
	if skew.Abs() < clockTolerance {
		skew = 0
	}
	if old := time.Duration(db.clock.skew.Load()); (skew-old).Abs() >= clockTolerance || skew == 0 {
		db.clock.skew.Store(int64(skew))
	}
	return nil
}
