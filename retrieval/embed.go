package retrieval

import (
	"context"
	"errors"
	"math"
	"strings"
)

// Embedder turns text into a vector. Vectors from one Embedder must all have
// the same length; the store normalises them to unit length.
type Embedder func(ctx context.Context, text string) ([]float32, error)

// BatchEmbedder turns many texts into vectors in one call, in order.
type BatchEmbedder func(ctx context.Context, texts []string) ([][]float32, error)

// Batch adapts an Embedder to a BatchEmbedder, one text at a time.
func (e Embedder) Batch() BatchEmbedder {
	return func(ctx context.Context, texts []string) ([][]float32, error) {
		out := make([][]float32, len(texts))
		for i, t := range texts {
			v, err := e(ctx, t)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
}

// ErrEmptyEmbedding is returned for text that has nothing to embed.
var ErrEmptyEmbedding = errors.New("nothing to embed")

// HashOptions configure the local embedder. The zero value means the
// defaults.
type HashOptions struct {
	Dim int // vector length; default 2048
	// Weight scales each term's features, typically by IDF so that rare
	// words dominate; nil weighs every term 1.
	Weight func(term string) float64
}

// LocalModel names the local embedder's vectors, for stores that record
// which model made them.
const LocalModel = "local-hash-v1"

// HashEmbedder returns the local embedder: it needs no model and no
// network. Text is analysed like a query (Words, stop words dropped,
// spellings folded, stems), then hashed into a fixed number of buckets:
// each stem, each pair of neighbouring stems, and the character 3- to
// 5-grams of each folded word, so that misspellings and diacritic-free
// spellings still land near the right passages. Features are scaled by
// Weight and the vector has unit length.
func HashEmbedder(opts HashOptions) Embedder {
	return newHashEmbedder(opts).text
}

// hashEmbedder is the local embedder. Besides text, it embeds a parsed
// Query directly, so synonyms, corrections and emphasis on names carry
// into the vector.
type hashEmbedder struct {
	dim    int
	weight func(string) float64
}

func newHashEmbedder(opts HashOptions) *hashEmbedder {
	h := &hashEmbedder{dim: opts.Dim, weight: opts.Weight}
	if h.dim <= 0 {
		h.dim = 2048
	}
	if h.weight == nil {
		h.weight = func(string) float64 { return 1 }
	}
	return h
}

// features accumulates hashed features, one sum per bucket.
type features []float64

func (h *hashEmbedder) newFeatures() features { return make(features, h.dim) }

// add adds weight to the bucket of the feature prefix+s. The bucket is the
// FNV-1a hash of the two, as hash/fnv computes it, without building the
// string.
func (h *hashEmbedder) add(f features, prefix, s string, weight float64) {
	sum := uint32(2166136261)
	for i := 0; i < len(prefix); i++ {
		sum = (sum ^ uint32(prefix[i])) * 16777619
	}
	for i := 0; i < len(s); i++ {
		sum = (sum ^ uint32(s[i])) * 16777619
	}
	f[sum%uint32(h.dim)] += weight
}

// word adds the features of one folded word with its term.
func (h *hashEmbedder) word(f features, w, t string, weight float64) {
	h.add(f, "w:", t, weight)
	h.grams(f, w, 0.6*weight)
}

// grams adds the character 3- to 5-grams of w framed by boundary marks,
// weight shared among them by the square root of their number. A word too
// short for any adds itself.
func (h *hashEmbedder) grams(f features, w string, weight float64) {
	framed := "<" + w + ">"
	var starts [64]int
	at := starts[:0]
	for i := range framed {
		at = append(at, i)
	}
	at = append(at, len(framed))
	runes := len(at) - 1
	count := 0
	for n := 3; n <= 5; n++ {
		count += max(0, runes-n+1)
	}
	if count == 0 {
		h.add(f, "c:", w, weight)
		return
	}
	each := weight / math.Sqrt(float64(count))
	for n := 3; n <= 5; n++ {
		for i := 0; i+n <= runes; i++ {
			h.add(f, "c:", framed[at[i]:at[i+n]], each)
		}
	}
}

func (h *hashEmbedder) text(ctx context.Context, text string) ([]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f := h.newFeatures()
	var prev string
	for _, w := range Words(text) {
		t, ok := Term(w)
		if !ok {
			prev = ""
			continue
		}
		wt := h.weight(t)
		h.word(f, w, t, wt)
		if prev != "" {
			h.add(f, "b:"+prev+" ", t, 0.5*wt)
		}
		prev = t
	}
	return h.vector(f)
}

// query embeds a parsed query: every alternative term of every group at
// its weight, names and numbers half again, context at half.
func (h *hashEmbedder) query(ctx context.Context, q Query) ([]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f := h.newFeatures()
	var prev string
	for _, g := range q.Groups {
		scale := 1.0
		switch {
		case g.Context:
			scale = 0.5
		case g.Entity || g.Numeric:
			scale = 1.5
		}
		for _, a := range g.Alts {
			for _, t := range a.Terms {
				h.word(f, t, t, scale*a.Weight*h.weight(t)/float64(len(a.Terms)))
			}
		}
		if w := strings.Fields(g.Word); len(w) == 1 {
			h.grams(f, w[0], 0.6*scale*g.Weight)
		}
		if t := g.Alts[0].Terms[0]; prev != "" && !g.Context {
			h.add(f, "b:"+prev+" ", t, 0.5*scale*h.weight(t))
			prev = t
		} else if !g.Context {
			prev = t
		}
	}
	return h.vector(f)
}

func (h *hashEmbedder) vector(f features) ([]float32, error) {
	var norm float64
	for _, c := range f {
		norm += c * c
	}
	if norm == 0 {
		return nil, ErrEmptyEmbedding
	}
	norm = math.Sqrt(norm)
	v := make([]float32, h.dim)
	for i, c := range f {
		v[i] = float32(c / norm)
	}
	return v, nil
}
