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
}

// LocalModel names the local embedder's vectors, for stores that record
// which model made them.
const LocalModel = "local-hash-v1"

// HashEmbedder returns the local embedder: it needs no model and no
// network. Text is analysed like a query (Words, stop words dropped,
// spellings folded, stems), then hashed into a fixed number of buckets:
// each stem, each pair of neighbouring stems, and the character 3- to
// 5-grams of each folded word, so that misspellings and diacritic-free
// spellings still land near the right passages. Counts are damped with
// 1+log(tf) and the vector has unit length.
func HashEmbedder(opts HashOptions) Embedder {
	dim := opts.Dim
	if dim <= 0 {
		dim = 2048
	}
	return func(ctx context.Context, text string) ([]float32, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		counts := map[uint32]float64{}
		add := func(feature string, weight float64) {
			h := fnv.New32a()
			h.Write([]byte(feature))
			counts[h.Sum32()%uint32(dim)] += weight
		}
		var prev string
		for _, w := range Words(text) {
			t, ok := Term(w)
			if !ok {
				prev = ""
				continue
			}
			add("w:"+t, 1)
			if prev != "" {
				add("b:"+prev+" "+t, 0.5)
			}
			prev = t
			grams := charGrams(w)
			for _, g := range grams {
				add("c:"+g, 0.6/math.Sqrt(float64(len(grams))))
			}
		}
		if len(counts) == 0 {
			return nil, ErrEmptyEmbedding
		}
		v := make([]float32, dim)
		var norm float64
		for i, c := range counts {
			x := 1 + math.Log(c)
			if c < 1 {
				x = c
			}
			v[i] = float32(x)
			norm += x * x
		}
		norm = math.Sqrt(norm)
		for i := range v {
			v[i] = float32(float64(v[i]) / norm)
		}
		return v, nil
	}
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
