package eval_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot/eval"
	"github.com/partnerbot/partnerbot/retrieval"
)

// TestRunStopsWhenCancelled: a cancelled run (Ctrl-C) stops at the next
// question and reports the cancellation, in every mode, rather than
// finishing with figures of answers that were never given.
func TestRunStopsWhenCancelled(t *testing.T) {
	e, qs := devEngine(t)
	for _, m := range []retrieval.Mode{retrieval.BM25, retrieval.Hybrid} {
		ctx, cancel := context.WithCancel(context.Background())
		answered := 0
		_, err := eval.RunProgress(ctx, e, qs, m, 5, time.Now, func(done, total int) {
			if answered++; answered == 3 {
				cancel()
			}
		})
		if !errors.Is(err, context.Canceled) || answered != 3 {
			t.Errorf("%s: err = %v after %d answers, want context.Canceled after 3", m, err, answered)
		}
		cancel()
	}
}
