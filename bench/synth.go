package bench

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/partnerbot/partnerbot/corpus"
)

// synthPassages is how many passages a synthetic article has at most.
const synthPassages = 8

// Synthesize builds a corpus of exactly n passages from the sentences and
// words of docs. Each synthetic article strings together sentences picked
// at random, one per line, each with one word swapped for a word of the
// articles so that passages seldom repeat, and is chunked as real articles
// are. Scoring thus meets the real vocabulary and sentence lengths at any
// size. The same seed gives the same corpus.
func Synthesize(docs []*corpus.Document, n int, seed uint64) (*corpus.Corpus, error) {
	var pool []string
	words := map[string]bool{}
	for _, d := range docs {
		for i := range d.Sentences {
			pool = append(pool, d.Sentence(i))
			for _, w := range strings.Fields(d.Sentence(i)) {
				if swappable(w) {
					words[w] = true
				}
			}
		}
	}
	if len(pool) == 0 || len(words) == 0 {
		return nil, errors.New("synthesize: the articles have no sentences")
	}
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	s := synth{r: r, pool: pool, words: slices.Sorted(maps.Keys(words))}
	var out []*corpus.Document
	for total := 0; total < n; {
		d := s.article(len(out), min(synthPassages, n-total))
		total += len(d.Passages)
		out = append(out, d)
	}
	return corpus.New(out, corpus.ChunkOptions{})
}

// synth draws synthetic text.
type synth struct {
	r     *rand.Rand
	pool  []string // the articles' sentences
	words []string // their swappable words
}

// swappable reports whether w is a plain lower-case word of four letters
// or more: swapping one for another keeps the sentence a sentence.
func swappable(w string) bool {
	if len(w) < 4 {
		return false
	}
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// sentence picks a sentence of the articles and swaps one of its words.
func (s synth) sentence() string {
	fields := strings.Fields(s.pool[s.r.IntN(len(s.pool))])
	var at []int
	for i, f := range fields {
		if swappable(f) {
			at = append(at, i)
		}
	}
	if len(at) > 0 {
		fields[at[s.r.IntN(len(at))]] = s.words[s.r.IntN(len(s.words))]
	}
	return strings.Join(fields, " ")
}

// article makes synthetic article i with at least one and at most want
// passages.
func (s synth) article(i int, want int) *corpus.Document {
	sents := make([]string, 2*want+1) // three-sentence passages overlapping by one
	for j := range sents {
		sents[j] = s.sentence()
	}
	for {
		d := &corpus.Document{
			ID:       fmt.Sprintf("synthetic-%07d", i),
			Title:    fmt.Sprintf("Synthetic article %d", i),
			Language: "en",
			Text:     strings.Join(sents, "\n"),
		}
		corpus.Chunk(d, corpus.ChunkOptions{})
		if len(d.Passages) <= want || len(sents) == 1 {
			return d
		}
		sents = sents[:len(sents)-1]
	}
}
