package discord

import (
	"context"
	"testing"
	"time"
)

// TestDrainIsBounded checks that a drain that runs out of time returns
// within drainAfterCancel of its deadline even when a job does not return
// once canceled (a store call against a database that stopped answering).
func TestDrainIsBounded(t *testing.T) {
	p := newPool(1, 1)
	release := make(chan struct{})
	defer close(release)
	started := make(chan struct{})
	if err := p.submit(func(ctx context.Context) {
		close(started)
		<-ctx.Done()
		select { // stuck well past the bound
		case <-release:
		case <-time.After(30 * time.Second):
		}
	}); err != nil {
		t.Fatal(err)
	}
	p.run()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := p.drain(ctx)
	if took := time.Since(start); err == nil || took > 200*time.Millisecond+drainAfterCancel+time.Second {
		t.Errorf("drain with a 200ms deadline returned after %v (%v), want an error within %v more", took.Round(100*time.Millisecond), err, drainAfterCancel)
	}
}
