package retrieval

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/partnerbot/partnerbot/corpus"
)

// countingEmbedder is a BatchEmbedder that counts its calls and inputs.
type countingEmbedder struct {
	calls, inputs atomic.Int64
	dim           int
	fail          error
}

func (c *countingEmbedder) embed(ctx context.Context, texts []string) ([][]float32, error) {
	c.calls.Add(1)
	c.inputs.Add(int64(len(texts)))
	if c.fail != nil {
		return nil, c.fail
	}
	h := newHashEmbedder(HashOptions{Dim: c.dim})
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v, err := h.text(ctx, t+" x")
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func passages(texts ...string) []corpus.Passage {
	var out []corpus.Passage
	for i, t := range texts {
		out = append(out, corpus.Passage{ID: fmt.Sprintf("d#%02d", i), DocID: "d", Text: t})
	}
	return out
}

func TestVectorStoreSyncEmbedsOnlyWhatChanged(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "vectors.gob.gz")
	emb := &countingEmbedder{dim: 32}
	open := func() *VectorStore {
		t.Helper()
		vs, err := OpenVectorStore(VectorOptions{Model: "m1", Path: path, BatchSize: 2})
		if err != nil {
			t.Fatal(err)
		}
		return vs
	}
	steps := []struct {
		name         string
		texts        []string
		wantEmbedded int
		wantRemoved  int
		wantCalls    int64
	}{
		{"first sync embeds all, two per call", []string{"one", "two", "three"}, 3, 0, 2},
		{"restart with nothing changed calls nothing", []string{"one", "two", "three"}, 0, 0, 0},
		{"a changed passage is embedded alone", []string{"one", "two", "three!"}, 1, 1, 1},
		{"duplicates embed once", []string{"one", "one", "four"}, 1, 2, 1},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			before := emb.calls.Load()
			vs := open() // a fresh store each step, as after a restart
			got, err := vs.Sync(ctx, passages(st.texts...), emb.embed)
			if err != nil {
				t.Fatal(err)
			}
			if got.Embedded != st.wantEmbedded || got.Removed != st.wantRemoved || emb.calls.Load()-before != st.wantCalls {
				t.Errorf("Sync = %+v with %d calls; want %d embedded, %d removed, %d calls",
					got, emb.calls.Load()-before, st.wantEmbedded, st.wantRemoved, st.wantCalls)
			}
		})
	}
}

func TestVectorStoreModelMismatch(t *testing.T) {
	ctx := context.Background()
	vs, err := OpenVectorStore(VectorOptions{Model: "small-model"})
	if err != nil {
		t.Fatal(err)
	}
	emb := &countingEmbedder{dim: 16}
	if _, err := vs.Sync(ctx, passages("alpha beta", "gamma delta"), emb.embed); err != nil {
		t.Fatal(err)
	}
	vec := make([]float32, 16)
	vec[0] = 1
	tests := []struct {
		name  string
		model string
		vec   []float32
	}{
		{"other model", "large-model", vec},
		{"other dimension", "small-model", make([]float32, 8)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := vs.Search(ctx, tt.model, tt.vec, 5)
			if !errors.Is(err, ErrModelMismatch) {
				t.Fatalf("err = %v, want ErrModelMismatch", err)
			}
			if !strings.Contains(err.Error(), "small-model") || !strings.Contains(err.Error(), tt.model) {
				t.Errorf("error %q does not name both models", err)
			}
		})
	}
	if hits, err := vs.Search(ctx, "small-model", vec, 100); err != nil || len(hits) != 2 {
		t.Errorf("k above the store size: %d hits, %v; want 2, nil", len(hits), err)
	}
}

func TestEmbedBatchesBoundsAndCancels(t *testing.T) {
	texts := make([]string, 10)
	for i := range texts {
		texts[i] = fmt.Sprint("text ", i)
	}
	var mu sync.Mutex
	running, peak := 0, 0
	boom := errors.New("boom")
	embed := func(ctx context.Context, batch []string) ([][]float32, error) {
		mu.Lock()
		running++
		peak = max(peak, running)
		mu.Unlock()
		defer func() { mu.Lock(); running--; mu.Unlock() }()
		if batch[0] == "text 4" {
			return nil, boom
		}
		<-ctx.Done() // every other call waits for the failure to cancel it
		return nil, ctx.Err()
	}
	_, calls, err := embedBatches(context.Background(), texts, embed, 2, 3)
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want the first failure", err)
	}
	if peak > 3 {
		t.Errorf("%d calls ran at once, want at most 3", peak)
	}
	if calls > 5 {
		t.Errorf("%d calls, want at most 5 batches", calls)
	}
}

func TestHashEmbedder(t *testing.T) {
	ctx := context.Background()
	e := HashEmbedder(HashOptions{Dim: 512})
	a, _ := e(ctx, "bilateral trade turnover in 2022")
	b, _ := e(ctx, "bilaterl trade turnovr in 2022")
	c, _ := e(ctx, "football coach of the national team")
	if _, err := e(ctx, "the of and"); !errors.Is(err, ErrEmptyEmbedding) {
		t.Errorf("stop words only: err = %v, want ErrEmptyEmbedding", err)
	}
	var norm float64
	for _, x := range a {
		norm += float64(x) * float64(x)
	}
	if norm < 0.999 || norm > 1.001 {
		t.Errorf("|v|² = %f, want 1", norm)
	}
	if typo, unrelated := dot(a, b), dot(a, c); typo <= unrelated || typo < 0.5 {
		t.Errorf("similarity with typos %.3f, with unrelated text %.3f; want typos close", typo, unrelated)
	}
	again, _ := e(ctx, "bilateral trade turnover in 2022")
	if dot(a, again) < 0.9999 {
		t.Error("embedding is not deterministic")
	}
}

func dot(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}
