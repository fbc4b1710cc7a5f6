package discord

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Why the pool refused a job.
var (
	// errBusy means the queue is full; the asker is told to retry.
	errBusy = errors.New("answer queue full")
	// errDraining means the bot is shutting down and takes no new work.
	errDraining = errors.New("bot is shutting down")
)

// pool runs jobs on a fixed number of workers fed by a bounded queue. It
// starts its workers on first use; drain stops it.
type pool struct {
	workers, queue int

	start  sync.Once
	jobs   chan func(context.Context)
	ctx    context.Context // canceled when a drain runs out of time
	cancel context.CancelFunc
	wg     sync.WaitGroup // workers

	mu       sync.Mutex
	closed   bool
	handlers sync.WaitGroup // handler calls in flight, added only while open
}

// newPool returns a pool of workers goroutines with a queue of queue jobs.
func newPool(workers, queue int) *pool {
	ctx, cancel := context.WithCancel(context.Background())
	return &pool{workers: workers, queue: queue, jobs: make(chan func(context.Context), queue), ctx: ctx, cancel: cancel}
}

// run starts the workers once.
func (p *pool) run() {
	p.start.Do(func() {
		for range p.workers {
			p.wg.Add(1)
			go func() {
				defer p.wg.Done()
				for job := range p.jobs {
					job(p.ctx)
				}
			}()
		}
	})
}

// submit queues job without waiting: errBusy when the queue is full,
// errDraining once draining has begun.
func (p *pool) submit(job func(context.Context)) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return errDraining
	}
	p.run()
	select {
	case p.jobs <- job:
		return nil
	default:
		return errBusy
	}
}

// hold marks a handler call in flight, so drain waits for it; it returns
// the function that ends it. Calls that start after draining began are not
// waited for: they only refuse work.
func (p *pool) hold() (release func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return func() {}
	}
	p.handlers.Add(1)
	return p.handlers.Done
}

// queued reports how many jobs wait for a worker.
func (p *pool) queued() int { return len(p.jobs) }

// drain stops taking work and waits for handler calls and queued and
// running jobs to finish. When ctx ends first it cancels the jobs'
// context, waits for them to return, and reports ctx's error.
func (p *pool) drain(ctx context.Context) error {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		p.run() // so queued jobs have workers to finish them
		close(p.jobs)
	}
	p.mu.Unlock()
	done := make(chan struct{})
	go func() {
		p.handlers.Wait()
		p.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		p.cancel()
		return nil
	case <-ctx.Done():
		p.cancel()
		select { // jobs stuck past their cancellation (a store that hangs) are left behind
		case <-done:
		case <-time.After(drainAfterCancel):
		}
		return fmt.Errorf("drain: %w", ctx.Err())
	}
}

// drainAfterCancel is how long a drain that ran out of time still waits
// for its jobs to return once their context is canceled.
const drainAfterCancel = 2 * time.Second

// settleTimeout bounds the store calls that settle work already done (a
// job finished, a gap recorded, a token refunded): they outlive the
// request's context, but not a store that stopped answering.
const settleTimeout = 5 * time.Second

// settle is a context for such a call: ctx's values, not its end, and a
// deadline of its own.
func settle(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
}

// abort cancels every job's context at once.
func (p *pool) abort() { p.cancel() }
