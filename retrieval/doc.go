// Package retrieval finds the passages that bear on a question. It owns text
// analysis for matching (tokens folded with corpus.Normalize, spelling
// variants, stemming), the bilingual glossary used to expand queries, a BM25
// lexical index, embedders (a local hashed n-gram embedder needs no download),
// the chromem-go vector store, and fusion of the two by normalised score, with
// near-duplicate suppression.
package retrieval
