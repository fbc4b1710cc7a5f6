package retrieval

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
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
	path := filepath.Join(t.TempDir(), "vectors.vec")
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

// TestVectorStoreUnsaved checks that vectors that cannot be written to
// their file still serve, and the sync says why they were not saved.
func TestVectorStoreUnsaved(t *testing.T) {
	// A directory no one can create, root included (tests may run as
	// root, whom file modes do not stop).
	const blocked = "/proc/partnerbot-test/vectors.vec"
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("needs /proc")
	}
	vs, err := OpenVectorStore(VectorOptions{Model: "m1", Path: blocked})
	if err != nil {
		t.Fatal(err)
	}
	emb := &countingEmbedder{dim: 32}
	st, err := vs.Sync(context.Background(), passages("one", "two"), emb.embed)
	if err != nil || st.Embedded != 2 || st.Unsaved == nil {
		t.Fatalf("Sync = %+v, %v; want both embedded, no error, and why they were not saved", st, err)
	}
	q := make([]float32, 32)
	q[0] = 1
	if got, err := vs.Search(context.Background(), "m1", q, 2); err != nil || len(got) != 2 {
		t.Errorf("Search after an unsaved sync = %v, %v; want both passages", got, err)
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

// TestVectorStoreCorruptFile damages a persisted vector file in each way a
// crash or a bad disk might, and checks the store notices, imports nothing
// from it, embeds every passage again, answers as a fresh store does and
// rewrites the file so the next start reuses it.
func TestVectorStoreCorruptFile(t *testing.T) {
	ctx := context.Background()
	texts := []string{"bilateral trade in 2022", "the remains of soldiers", "semiconductor supply chains", "a comprehensive strategic partnership"}
	damage := []struct {
		name string
		edit func(b []byte) []byte
	}{
		{"truncated payload", func(b []byte) []byte { return b[:len(b)-len(b)/3] }},
		{"truncated header", func(b []byte) []byte { return b[:vecHeaderLen/2] }},
		{"empty file", func(b []byte) []byte { return nil }},
		{"a flipped byte in the payload", func(b []byte) []byte { b[len(b)-10] ^= 0x40; return b }},
		{"a flipped byte in the checksum", func(b []byte) []byte { b[len(vecMagic)+3] ^= 0x01; return b }},
		{"bytes appended", func(b []byte) []byte { return append(b, "junk"...) }},
		{"not a vector file", func(b []byte) []byte {
			return []byte("\x1f\x8b\x08 an old gzipped gob export, or anything else at all, long enough for a header")
		}},
	}
	for _, d := range damage {
		t.Run(d.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "vectors.vec")
			emb := &countingEmbedder{dim: 32}
			open := func() (*VectorStore, SyncStats) {
				t.Helper()
				vs, err := OpenVectorStore(VectorOptions{Model: "m", Path: path})
				if err != nil {
					t.Fatalf("open: %v", err)
				}
				st, err := vs.Sync(ctx, passages(texts...), emb.embed)
				if err != nil {
					t.Fatalf("sync: %v", err)
				}
				return vs, st
			}
			fresh, _ := open()
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, d.edit(b), 0o644); err != nil {
				t.Fatal(err)
			}

			vs, st := open()
			if !errors.Is(st.Discarded, ErrCorruptVectors) || st.Embedded != len(texts) || st.Reused != 0 {
				t.Errorf("after damage: %+v; want Discarded wrapping ErrCorruptVectors and all %d embedded", st, len(texts))
			}
			q, _ := emb.embed(ctx, []string{texts[2]})
			got, err := vs.Search(ctx, "m", q[0], 4)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := fresh.Search(ctx, "m", q[0], 4)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("search after rebuild = %v, want %v", got, want)
			}

			_, st = open()
			if st.Discarded != nil || st.Embedded != 0 || st.Reused != len(texts) {
				t.Errorf("next start: %+v; want the rewritten file reused whole", st)
			}
		})
	}
}

// TestVectorStoreSearchAgreesWithChromem checks the store's own scan
// against chromem-go's query on the same collection.
func TestVectorStoreSearchAgreesWithChromem(t *testing.T) {
	ctx := context.Background()
	vs, err := OpenVectorStore(VectorOptions{Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"bilateral trade", "trade and investment", "remains of soldiers", "war legacy", "chips", "education exchanges", "climate", "the Mekong delta"}
	emb := &countingEmbedder{dim: 64}
	if _, err := vs.Sync(ctx, passages(texts...), emb.embed); err != nil {
		t.Fatal(err)
	}
	for _, query := range []string{"trade", "soldiers remains", "Mekong climate"} {
		t.Run(query, func(t *testing.T) {
			q, _ := emb.embed(ctx, []string{query})
			ours, err := vs.Search(ctx, "m", q[0], 5)
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := vs.Collection().QueryEmbedding(ctx, q[0], 5, passagesOnly, nil)
			if err != nil {
				t.Fatal(err)
			}
			for i := range theirs {
				want := contentHash(texts[ours[i].passage])
				if theirs[i].ID != want || math.Abs(float64(theirs[i].Similarity)-ours[i].score) > 1e-5 {
					t.Errorf("place %d: chromem %s %.6f, ours %s %.6f", i, theirs[i].ID, theirs[i].Similarity, want, ours[i].score)
				}
			}
		})
	}
}
