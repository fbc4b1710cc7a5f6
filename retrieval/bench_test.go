package retrieval

import (
	"context"
	"testing"

	"github.com/partnerbot/partnerbot/corpus"
)

// BenchmarkBuild times loading, chunking and indexing the embedded
// articles: what a start or /reindex costs.
func BenchmarkBuild(b *testing.B) {
	for b.Loop() {
		docs, err := corpus.Embedded()
		if err != nil {
			b.Fatal(err)
		}
		c, err := corpus.New(docs, corpus.ChunkOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Build(context.Background(), c, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch times parsing and searching one question, per mode.
func BenchmarkSearch(b *testing.B) {
	ix := seedIndex(b, Options{})
	for _, mode := range []Mode{BM25, Vector, Hybrid} {
		b.Run(string(mode), func(b *testing.B) {
			for b.Loop() {
				q := ix.Lexicon().Parse("What was the value of bilateral trade in 2022?")
				if _, err := ix.Search(context.Background(), q, mode, 12); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
