package eval

import (
	"testing"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/retrieval"
)

// TestRecallAtDev checks the depth the engine shows a model: on the dev
// set, hybrid retrieval puts a passage holding the answer among the first
// 12 for nearly every answerable question, and deeper never finds fewer.
func TestRecallAtDev(t *testing.T) {
	qs, c := devSet(t)
	ix, err := retrieval.Build(t.Context(), c, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := bot.New(ix, bot.Options{})
	got, err := RecallAt(t.Context(), e, qs, retrieval.Hybrid, []int{3, 6, 12})
	if err != nil {
		t.Fatal(err)
	}
	if got[12] < 0.97 {
		t.Errorf("recall@12 = %.3f, want at least 0.97", got[12])
	}
	if got[3] > got[6] || got[6] > got[12] {
		t.Errorf("recall falls with depth: %v", got)
	}
}
