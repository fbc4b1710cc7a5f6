package bench

import (
	"context"
	"sync"
	"testing"

	"github.com/partnerbot/partnerbot/retrieval"
)

// benchPassages is the synthetic corpus size the hot-path benchmarks use;
// `partnerbot bench --sizes` measures others.
const benchPassages = 10000

var scaleIndex = sync.OnceValues(func() (*retrieval.Index, error) {
	c, err := Synthesize(articles(nil), benchPassages, 1)
	if err != nil {
		return nil, err
	}
	return retrieval.Build(context.Background(), c, retrieval.Options{})
})

const benchQuestion = "What was the value of bilateral trade in 2022?"

// BenchmarkQuery times one query on a synthetic corpus of benchPassages:
// each retrieval mode (parse, embed, search, fuse), then the two baselines
// on the same vectors, chromem-go's QueryEmbedding and the flat scan.
// Compare ns/op across the sub-benchmarks.
func BenchmarkQuery(b *testing.B) {
	ix, err := scaleIndex()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, mode := range Modes {
		b.Run(string(mode), func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.Search(ctx, ix.Lexicon().Parse(benchQuestion), mode, 12); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	vec, err := ix.EmbedQuery(ctx, ix.Lexicon().Parse(benchQuestion))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("chromem", func(b *testing.B) {
		col := ix.Vectors().Collection()
		for b.Loop() {
			if _, err := col.QueryEmbedding(ctx, vec, 10, nil, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		rows, dim := ix.Vectors().Rows()
		out := make([]float32, len(rows)/dim)
		for b.Loop() {
			FlatScan(rows, dim, vec, out)
		}
	})
}
