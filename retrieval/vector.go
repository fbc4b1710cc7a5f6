package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/partnerbot/partnerbot/corpus"
	chromem "github.com/philippgille/chromem-go"
)

// ErrModelMismatch is returned when a query vector does not come from the
// model, or have the dimension, that the stored vectors do.
var ErrModelMismatch = errors.New("embedding model mismatch")

// VectorOptions configure a VectorStore. The zero value means the defaults.
type VectorOptions struct {
	Model       string // embedding model name, recorded with the vectors; default LocalModel
	Path        string // file to persist vectors in; "" keeps them in memory only
	BatchSize   int    // texts per embedding call; default 64
	Concurrency int    // embedding calls at once; default 2
}

func (o VectorOptions) withDefaults() VectorOptions {
	if o.Model == "" {
		o.Model = LocalModel
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 64
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 2
	}
	return o
}

// SyncStats says what a Sync did.
type SyncStats struct {
	Embedded int // passages sent to the embedder
	Reused   int // passages whose vectors were already stored
	Removed  int // stored vectors no passage uses any more
	Calls    int // embedding calls made
}

// VectorStore keeps passage vectors in a chromem-go collection. Vectors are
// keyed by a hash of the passage text, in a collection named for the
// embedding model, so unchanged passages are never embedded twice, even
// across restarts when a Path is set.
type VectorStore struct {
	opts VectorOptions

	mu     sync.Mutex // serialises Sync with Export, which chromem-go requires
	db     *chromem.DB
	col    *chromem.Collection
	dim    int
	byHash map[string][]int // content hash → passage indices
}

// OpenVectorStore opens the store, importing persisted vectors from
// opts.Path when the file exists.
func OpenVectorStore(opts VectorOptions) (*VectorStore, error) {
	opts = opts.withDefaults()
	s := &VectorStore{opts: opts, db: chromem.NewDB()}
	if opts.Path != "" {
		if _, err := os.Stat(opts.Path); err == nil {
			if err := s.db.ImportFromFile(opts.Path, ""); err != nil {
				return nil, fmt.Errorf("import vectors from %s: %w", opts.Path, err)
			}
		}
	}
	col, err := s.db.GetOrCreateCollection("passages:"+opts.Model, nil, noEmbed)
	if err != nil {
		return nil, fmt.Errorf("vector collection: %w", err)
	}
	s.col = col
	if meta, err := col.GetByID(context.Background(), metaID); err == nil {
		s.dim, _ = strconv.Atoi(meta.Metadata["dim"])
		if m := meta.Metadata["model"]; m != opts.Model {
			return nil, fmt.Errorf("%w: collection holds %q vectors, not %q", ErrModelMismatch, m, opts.Model)
		}
	}
	return s, nil
}

// The collection records its model and dimension in a marker document, since
// chromem-go keeps collection metadata private. Passages carry kindPassage so
// searches leave the marker out.
const (
	metaID      = "meta:model"
	kindKey     = "kind"
	kindPassage = "passage"
)

var passagesOnly = map[string]string{kindKey: kindPassage}

// recordModel stores the marker document once the dimension is known.
func (s *VectorStore) recordModel(ctx context.Context) error {
	v := make([]float32, s.dim)
	v[0] = 1
	return s.col.AddDocument(ctx, chromem.Document{
		ID:        metaID,
		Metadata:  map[string]string{kindKey: "meta", "model": s.opts.Model, "dim": strconv.Itoa(s.dim)},
		Embedding: v,
		Content:   "embedding model " + s.opts.Model,
	})
}

// noEmbed stands in for chromem-go's embedding function: the store always
// passes vectors in.
func noEmbed(context.Context, string) ([]float32, error) {
	return nil, errors.New("vector store embeds through Sync only")
}

// Model is the embedding model the stored vectors come from.
func (s *VectorStore) Model() string { return s.opts.Model }

// Dim is the length of the stored vectors, 0 before any are stored.
func (s *VectorStore) Dim() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dim
}

// Count is the number of distinct passage texts stored.
func (s *VectorStore) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count()
}

func (s *VectorStore) count() int {
	if s.dim == 0 {
		return s.col.Count()
	}
	return s.col.Count() - 1 // the marker
}

// Sync makes the store hold a vector for every passage: it embeds only the
// passages whose text it has no vector for, in batches, at most
// Concurrency calls at a time, and removes vectors no passage uses. The
// first failing call cancels the rest. With a Path it then persists.
func (s *VectorStore) Sync(ctx context.Context, passages []corpus.Passage, embed BatchEmbedder) (SyncStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var st SyncStats
	byHash := map[string][]int{}
	var missing []string
	var texts []string
	for i, p := range passages {
		h := contentHash(p.Text)
		if _, seen := byHash[h]; !seen {
			if _, err := s.col.GetByID(ctx, h); err != nil {
				missing = append(missing, h)
				texts = append(texts, p.Text)
			} else {
				st.Reused++
			}
		}
		byHash[h] = append(byHash[h], i)
	}
	vecs, calls, err := embedBatches(ctx, texts, embed, s.opts.BatchSize, s.opts.Concurrency)
	st.Calls = calls
	if err != nil {
		return st, err
	}
	if err := s.add(ctx, missing, texts, vecs); err != nil {
		return st, err
	}
	st.Embedded = len(missing)
	if st.Removed, err = s.removeStale(ctx, byHash); err != nil {
		return st, err
	}
	s.byHash = byHash
	if s.opts.Path != "" && (st.Embedded > 0 || st.Removed > 0) {
		if err := s.persist(); err != nil {
			return st, err
		}
	}
	return st, nil
}

func (s *VectorStore) add(ctx context.Context, ids, texts []string, vecs [][]float32) error {
	if len(ids) == 0 {
		return nil
	}
	for i, v := range vecs {
		if len(v) == 0 {
			return fmt.Errorf("embed passages: empty vector for input %d", i)
		}
		if s.dim == 0 {
			s.dim = len(v)
			if err := s.recordModel(ctx); err != nil {
				return fmt.Errorf("store vectors: %w", err)
			}
		}
		if len(v) != s.dim {
			return fmt.Errorf("%w: model %q gave a %d-dimensional vector; the collection holds %d", ErrModelMismatch, s.opts.Model, len(v), s.dim)
		}
	}
	metas := make([]map[string]string, len(ids))
	for i := range metas {
		metas[i] = passagesOnly
	}
	if err := s.col.Add(ctx, ids, vecs, metas, texts); err != nil {
		return fmt.Errorf("store vectors: %w", err)
	}
	return nil
}

func (s *VectorStore) removeStale(ctx context.Context, keep map[string][]int) (int, error) {
	var stale []string
	for _, id := range s.ids(ctx) {
		if _, ok := keep[id]; !ok {
			stale = append(stale, id)
		}
	}
	if len(stale) == 0 {
		return 0, nil
	}
	if err := s.col.Delete(ctx, nil, nil, stale...); err != nil {
		return 0, fmt.Errorf("remove stale vectors: %w", err)
	}
	return len(stale), nil
}

// ids lists the stored document IDs. chromem-go has no listing call, so it
// asks for every document by similarity to a unit vector.
func (s *VectorStore) ids(ctx context.Context) []string {
	n := s.count()
	if n <= 0 || s.dim == 0 {
		return nil
	}
	probe := make([]float32, s.dim)
	probe[0] = 1
	res, err := s.col.QueryEmbedding(ctx, probe, n, passagesOnly, nil)
	if err != nil {
		return nil
	}
	ids := make([]string, len(res))
	for i, r := range res {
		ids[i] = r.ID
	}
	return ids
}

// persist writes the collection to Path atomically: a temporary file, then
// a rename. The caller holds s.mu, so no Add runs during the export.
func (s *VectorStore) persist() error {
	dir := filepath.Dir(s.opts.Path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("persist vectors: %w", err)
	}
	tmp := s.opts.Path + ".tmp"
	if err := s.db.ExportToFile(tmp, true, "", s.col.Name); err != nil {
		return fmt.Errorf("persist vectors: %w", err)
	}
	if err := os.Rename(tmp, s.opts.Path); err != nil {
		return fmt.Errorf("persist vectors: %w", err)
	}
	return nil
}

// Search returns up to n passage indices nearest to vec, which must come
// from the store's model. n larger than the store is clamped.
func (s *VectorStore) Search(ctx context.Context, model string, vec []float32, n int) ([]scored, error) {
	s.mu.Lock()
	byHash, dim, count := s.byHash, s.dim, s.count()
	s.mu.Unlock()
	if model != s.opts.Model || (dim != 0 && len(vec) != dim) {
		return nil, fmt.Errorf("%w: query embedder %q (%d dimensions) cannot search vectors from %q (%d dimensions)",
			ErrModelMismatch, model, len(vec), s.opts.Model, dim)
	}
	n = min(n, count)
	if n <= 0 {
		return nil, nil
	}
	res, err := s.col.QueryEmbedding(ctx, vec, n, passagesOnly, nil)
	if err != nil {
		return nil, fmt.Errorf("query vectors: %w", err)
	}
	var out []scored
	for _, r := range res {
		for _, p := range byHash[r.ID] {
			out = append(out, scored{p, float64(r.Similarity)})
		}
	}
	return out, nil
}

func contentHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:16])
}

// embedBatches embeds texts in batches of size, running at most conc calls
// at once. The first error cancels the calls not yet finished.
func embedBatches(ctx context.Context, texts []string, embed BatchEmbedder, size, conc int) ([][]float32, int, error) {
	out := make([][]float32, len(texts))
	if len(texts) == 0 {
		return out, 0, nil
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	sem := make(chan struct{}, conc)
	var wg sync.WaitGroup
	var mu sync.Mutex
	calls := 0
	for start := 0; start < len(texts); start += size {
		end := min(start+size, len(texts))
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func(start, end int) {
			defer wg.Done()
			defer func() { <-sem }()
			mu.Lock()
			calls++
			mu.Unlock()
			vecs, err := embed(ctx, texts[start:end])
			if err == nil && len(vecs) != end-start {
				err = fmt.Errorf("embedder returned %d vectors for %d texts", len(vecs), end-start)
			}
			if err != nil {
				cancel(fmt.Errorf("embed passages %d-%d: %w", start, end-1, err))
				return
			}
			copy(out[start:end], vecs)
		}(start, end)
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, calls, err
	}
	return out, calls, nil
}
