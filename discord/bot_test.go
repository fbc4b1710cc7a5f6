package discord

import (
	"fmt"
	"testing"
)

// TestThreadSetBounded checks that the bot's memory of threads keeps the
// most recent and forgets the oldest, within its bound.
func TestThreadSetBounded(t *testing.T) {
	var ts threadSet
	for n := range 2*maxThreads + 1 {
		ts.add(fmt.Sprint(n))
	}
	if ts.has("0") {
		t.Error("the oldest thread is still remembered past the bound")
	}
	for _, n := range []int{maxThreads, 2 * maxThreads} {
		if !ts.has(fmt.Sprint(n)) {
			t.Errorf("thread %d, among the last %d added, is forgotten", n, maxThreads)
		}
	}
	if got := len(ts.cur) + len(ts.prev); got > 2*maxThreads {
		t.Errorf("holds %d threads, want at most %d", got, 2*maxThreads)
	}
}
