package retrieval

import (
	"context"
	"errors"
	"hash/fnv"
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

// features accumulates hashed features.
type features map[uint32]float64

func (h *hashEmbedder) add(f features, feature string, weight float64) {
	sum := fnv.New32a()
	sum.Write([]byte(feature))
	f[sum.Sum32()%uint32(h.dim)] += weight
}

// word adds the features of one folded word with its term.
func (h *hashEmbedder) word(f features, w, t string, weight float64) {
	h.add(f, "w:"+t, weight)
	grams := charGrams(w)
	for _, g := range grams {
		h.add(f, "c:"+g, 0.6*weight/math.Sqrt(float64(len(grams))))
	}
}

func (h *hashEmbedder) text(ctx context.Context, text string) ([]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f := features{}
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
			h.add(f, "b:"+prev+" "+t, 0.5*wt)
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
	f := features{}
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
			grams := charGrams(w[0])
			for _, gr := range grams {
				h.add(f, "c:"+gr, 0.6*scale*g.Weight/math.Sqrt(float64(len(grams))))
			}
		}
		if t := g.Alts[0].Terms[0]; prev != "" && !g.Context {
			h.add(f, "b:"+prev+" "+t, 0.5*scale*h.weight(t))
			prev = t
		} else if !g.Context {
			prev = t
		}
	}
	return h.vector(f)
}

func (h *hashEmbedder) vector(f features) ([]float32, error) {
	if len(f) == 0 {
		return nil, ErrEmptyEmbedding
	}
	v := make([]float32, h.dim)
	var norm float64
	for i, c := range f {
		v[i] = float32(c)
		norm += c * c
	}
	if norm == 0 {
		return nil, ErrEmptyEmbedding
	}
	norm = math.Sqrt(norm)
	for i := range v {
		v[i] = float32(float64(v[i]) / norm)
	}
	return v, nil
}

// charGrams returns the character 3-, 4- and 5-grams of a word framed by
// boundary marks.
func charGrams(w string) []string {
	rs := []rune("<" + w + ">")
	var out []string
	for n := 3; n <= 5; n++ {
		for i := 0; i+n <= len(rs); i++ {
			out = append(out, string(rs[i:i+n]))
		}
	}
	if len(out) == 0 {
		out = append(out, strings.Trim(string(rs), "<>"))
	}
	return out
}
