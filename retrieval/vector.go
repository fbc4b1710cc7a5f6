package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"sync"

	chromem "github.com/philippgille/chromem-go"

	"github.com/partnerbot/partnerbot/corpus"
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
	// Discarded is why the persisted vectors were not used, wrapping
	// ErrCorruptVectors; nil when they were, or there were none. Every
	// passage was then embedded afresh and the file rewritten.
	Discarded error
	// Unsaved is why the vectors could not be written to
	// VectorOptions.Path (a directory that cannot be written); nil when
	// they were, or did not need to be. The index works from the vectors
	// in memory; the next start embeds them again.
	Unsaved error
}

// VectorStore keeps passage vectors in a chromem-go collection. Vectors are
// keyed by a hash of the passage text, in a collection named for the
// embedding model, so unchanged passages are never embedded twice, even
// across restarts when a Path is set.
//
// The vectors live once in memory, row after row in one slice; the
// collection's documents share those rows. Search scans the rows itself,
// exactly, which is faster than the collection's own query (see `partnerbot
// bench`); the collection is what is persisted and imported.
type VectorStore struct {
	opts VectorOptions

	mu        sync.RWMutex // Sync and persist exclusive, Search shared
	db        *chromem.DB
	col       *chromem.Collection
	dim       int
	vecs      matrix
	rowPass   [][]int // row → the passages with that text
	discarded error   // why the persisted file was not used
}

// OpenVectorStore opens the store, importing persisted vectors from
// opts.Path when the file exists. A file that is truncated, altered or
// unreadable is not used: the store starts empty, Sync embeds everything
// again and reports why in SyncStats.Discarded. Vectors of another model
// are an error wrapping ErrModelMismatch.
func OpenVectorStore(opts VectorOptions) (*VectorStore, error) {
	opts = opts.withDefaults()
	s := &VectorStore{opts: opts, db: chromem.NewDB()}
	if opts.Path != "" {
		db, err := readVectors(opts.Path)
		switch {
		case err == nil:
			s.db = db
		case errors.Is(err, os.ErrNotExist):
		case errors.Is(err, ErrCorruptVectors):
			s.discarded = fmt.Errorf("%s: %w", opts.Path, err)
		default:
			return nil, fmt.Errorf("read vectors: %w", err)
		}
	}
	col, err := s.db.GetOrCreateCollection(collectionName(opts.Model), nil, noEmbed)
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

func collectionName(model string) string { return "passages:" + model }

// The collection records its model and dimension in a marker document, since
// chromem-go keeps collection metadata private. Passages carry kindPassage so
// filtered queries leave the marker out.
const (
	metaID      = "meta:model"
	kindKey     = "kind"
	kindPassage = "passage"
)

var passagesOnly = map[string]string{kindKey: kindPassage}

// marker is the document that records the model and dimension.
func (s *VectorStore) marker() chromem.Document {
	v := make([]float32, s.dim)
	v[0] = 1
	return chromem.Document{
		ID:        metaID,
		Metadata:  map[string]string{kindKey: "meta", "model": s.opts.Model, "dim": strconv.Itoa(s.dim)},
		Embedding: v,
		Content:   "embedding model " + s.opts.Model,
	}
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
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.dim
}

// Count is the number of distinct passage texts stored.
func (s *VectorStore) Count() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.count()
}

func (s *VectorStore) count() int {
	if s.dim == 0 {
		return s.col.Count()
	}
	return s.col.Count() - 1 // the marker
}

// Collection is the chromem-go collection holding the vectors, for
// comparisons such as `partnerbot bench`. Its documents share memory with
// the store: read it, never change it.
func (s *VectorStore) Collection() *chromem.Collection {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.col
}

// Rows returns the stored unit vectors, row after row, and their length.
// The slice is the store's own: read it, never change it.
func (s *VectorStore) Rows() ([]float32, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.vecs.rows, s.vecs.dim
}

// Sync makes the store hold a vector for every passage and nothing else:
// it embeds only the passages whose text it has no vector for, in batches,
// at most Concurrency calls at a time, and drops vectors no passage uses.
// The first failing call cancels the rest. With a Path it then persists.
func (s *VectorStore) Sync(ctx context.Context, passages []corpus.Passage, embed BatchEmbedder) (SyncStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := SyncStats{Discarded: s.discarded}
	rowOf := map[string]int{}
	var hashes []string
	var rowPass [][]int
	for i, p := range passages {
		h := contentHash(p.Text)
		r, seen := rowOf[h]
		if !seen {
			r = len(hashes)
			rowOf[h] = r
			hashes = append(hashes, h)
			rowPass = append(rowPass, nil)
		}
		rowPass[r] = append(rowPass[r], i)
	}
	old := map[int][]float32{} // row → stored vector
	var missing []int
	var texts []string
	for r, h := range hashes {
		if doc, err := s.col.GetByID(ctx, h); err == nil && len(doc.Embedding) == s.dim {
			old[r] = doc.Embedding
			continue
		}
		missing = append(missing, r)
		texts = append(texts, passages[rowPass[r][0]].Text)
	}
	st.Reused = len(old)
	vecs, calls, err := embedBatches(ctx, texts, embed, s.opts.BatchSize, s.opts.Concurrency)
	st.Calls = calls
	if err != nil {
		return st, err
	}
	if err := s.checkDims(vecs); err != nil {
		return st, err
	}
	m := matrix{dim: s.dim, rows: make([]float32, len(hashes)*s.dim)}
	for r, v := range old {
		copy(m.row(r), v)
	}
	for i, r := range missing {
		normalizeInto(m.row(r), vecs[i])
	}
	st.Embedded = len(missing)
	st.Removed = max(0, s.count()-st.Reused)
	if err := s.replace(ctx, hashes, m); err != nil {
		return st, err
	}
	s.vecs, s.rowPass = m, rowPass
	if s.opts.Path != "" && (st.Embedded > 0 || st.Removed > 0 || s.discarded != nil) {
		if err := writeVectors(s.db, s.col.Name, s.opts.Path); err != nil {
			st.Unsaved = fmt.Errorf("persist vectors: %w", err)
		}
	}
	s.discarded = nil
	return st, nil
}

// checkDims learns the dimension from the first vector and checks the rest.
func (s *VectorStore) checkDims(vecs [][]float32) error {
	for i, v := range vecs {
		if len(v) == 0 {
			return fmt.Errorf("embed passages: empty vector for input %d", i)
		}
		if s.dim == 0 {
			s.dim = len(v)
		}
		if len(v) != s.dim {
			return fmt.Errorf("%w: model %q gave a %d-dimensional vector; the collection holds %d", ErrModelMismatch, s.opts.Model, len(v), s.dim)
		}
	}
	return nil
}

// replace rebuilds the collection to hold exactly the rows of m, keyed by
// hashes, plus the marker. The documents' embeddings are m's rows, so the
// vectors are in memory once.
func (s *VectorStore) replace(ctx context.Context, hashes []string, m matrix) error {
	if s.dim == 0 {
		return nil // nothing stored, nothing to store
	}
	name := s.col.Name
	if err := s.db.DeleteCollection(name); err != nil {
		return fmt.Errorf("store vectors: %w", err)
	}
	col, err := s.db.CreateCollection(name, nil, noEmbed)
	if err != nil {
		return fmt.Errorf("store vectors: %w", err)
	}
	s.col = col
	// One at a time: AddDocuments starts a goroutine per document.
	if err := col.AddDocument(ctx, s.marker()); err != nil {
		return fmt.Errorf("store vectors: %w", err)
	}
	for r, h := range hashes {
		if err := col.AddDocument(ctx, chromem.Document{ID: h, Metadata: passagesOnly, Embedding: m.row(r)}); err != nil {
			return fmt.Errorf("store vectors: %w", err)
		}
	}
	return nil
}

// normalizeInto writes v scaled to unit length into dst. It normalises in
// float64 so the result passes chromem-go's unit-length check, and the
// collection keeps the row rather than a normalised copy.
func normalizeInto(dst, v []float32) {
	var sq float64
	for _, x := range v {
		sq += float64(x) * float64(x)
	}
	if sq == 0 {
		copy(dst, v)
		return
	}
	n := math.Sqrt(sq)
	for i, x := range v {
		dst[i] = float32(float64(x) / n)
	}
}

// Search returns up to n passages nearest to vec, which must come from the
// store's model, best first, by exact cosine similarity. n larger than the
// store is clamped; passages sharing a text share a score.
func (s *VectorStore) Search(ctx context.Context, model string, vec []float32, n int) ([]scored, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if model != s.opts.Model || (s.dim != 0 && len(vec) != s.dim) {
		return nil, fmt.Errorf("%w: query embedder %q (%d dimensions) cannot search vectors from %q (%d dimensions)",
			ErrModelMismatch, model, len(vec), s.opts.Model, s.dim)
	}
	if s.vecs.len() == 0 || n <= 0 {
		return nil, nil
	}
	q := make([]float32, len(vec))
	normalizeInto(q, vec)
	top, err := s.vecs.top(ctx, q, n)
	if err != nil {
		return nil, fmt.Errorf("query vectors: %w", err)
	}
	var out []scored
	for _, t := range top {
		for _, p := range s.rowPass[t.row] {
			out = append(out, scored{p, t.score})
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
