package retrieval

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
)

// The embedded word vectors: GloVe 6B, 100 dimensions, the 65,536 most
// frequent plain English words, int8 with a scale per row. See
// retrieval/wordvec/README.md for provenance and licences, and
// retrieval/internal/wordvecgen for the format and how to regenerate it.
//
//go:embed wordvec/glove.bin
var gloveBin []byte

// WordVectors is a table of unit word vectors, for telling how close in
// meaning two words are when their spelling differs ("trade" and
// "commerce"). It is read-only and safe for concurrent use.
type WordVectors struct {
	dim    int
	ids    map[string]int32
	scales []float32
	rows   []byte // n*dim int8 components
}

var (
	gloveOnce sync.Once
	glove     *WordVectors
)

// Glove returns the embedded table, parsed on first use. It panics if the
// embedded file is damaged, which the tests rule out.
func Glove() *WordVectors {
	gloveOnce.Do(func() {
		v, err := ParseWordVectors(gloveBin)
		if err != nil {
			panic(fmt.Sprintf("embedded word vectors: %v", err))
		}
		glove = v
	})
	return glove
}

const wordVecMagic = "PBWV1\n"

// ErrWordVectors marks a word-vector file that cannot be read.
var ErrWordVectors = errors.New("bad word-vector file")

// ParseWordVectors reads a table in the format wordvecgen writes. The
// table keeps b's bytes; b must not change afterwards.
func ParseWordVectors(b []byte) (*WordVectors, error) {
	if !bytes.HasPrefix(b, []byte(wordVecMagic)) || len(b) < len(wordVecMagic)+12 {
		return nil, fmt.Errorf("%w: no header", ErrWordVectors)
	}
	b = b[len(wordVecMagic):]
	n := int(binary.LittleEndian.Uint32(b))
	dim := int(binary.LittleEndian.Uint32(b[4:]))
	wordsLen := int(binary.LittleEndian.Uint32(b[8:]))
	b = b[12:]
	if n <= 0 || dim <= 0 || dim > 4096 || wordsLen > len(b) || uint64(len(b)-wordsLen) != uint64(n)*4+uint64(n)*uint64(dim) {
		return nil, fmt.Errorf("%w: sizes do not add up", ErrWordVectors)
	}
	words := strings.Split(strings.TrimSuffix(string(b[:wordsLen]), "\n"), "\n")
	if len(words) != n {
		return nil, fmt.Errorf("%w: %d words for %d rows", ErrWordVectors, len(words), n)
	}
	v := &WordVectors{dim: dim, ids: make(map[string]int32, n), scales: make([]float32, n), rows: b[wordsLen+4*n:]}
	for i, w := range words {
		v.ids[w] = int32(i)
		v.scales[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[wordsLen+4*i:]))
	}
	return v, nil
}

// Len is the number of words in the table.
func (v *WordVectors) Len() int { return len(v.scales) }

// ID returns a word's row, or -1 when the table lacks it. Words are looked
// up as Words folds them.
func (v *WordVectors) ID(word string) int32 {
	if id, ok := v.ids[word]; ok {
		return id
	}
	return -1
}

// IDs returns the row of each word of text that the table has.
func (v *WordVectors) IDs(text string) []int32 { return v.RowsOf(Words(text)) }

// RowsOf returns the row of each word, as Words gives them, that the table
// has; a word with spaces counts its parts (a compound Words joins, such as
// "eastsea", has none).
func (v *WordVectors) RowsOf(words []string) []int32 {
	var out []int32
	for _, w := range words {
		for _, part := range strings.Fields(w) {
			if id := v.ID(part); id >= 0 {
				out = append(out, id)
			}
		}
	}
	return out
}

// Cosine is the cosine similarity of two rows, within about 1%; 0 when
// either is -1.
func (v *WordVectors) Cosine(a, b int32) float64 {
	if a < 0 || b < 0 {
		return 0
	}
	if a == b {
		return 1
	}
	ra := v.rows[int(a)*v.dim : int(a+1)*v.dim]
	rb := v.rows[int(b)*v.dim : int(b+1)*v.dim]
	var dot int32
	for i := range ra {
		dot += int32(int8(ra[i])) * int32(int8(rb[i]))
	}
	return float64(dot) * float64(v.scales[a]) * float64(v.scales[b])
}

// Mean returns the unit mean of the rows, nil when there are none: a
// bag-of-words vector for a sentence or a question.
func (v *WordVectors) Mean(rows []int32) []float32 {
	if len(rows) == 0 {
		return nil
	}
	m := make([]float32, v.dim)
	for _, r := range rows {
		row, sc := v.rows[int(r)*v.dim:int(r+1)*v.dim], v.scales[r]
		for i := range m {
			m[i] += float32(int8(row[i])) * sc
		}
	}
	var norm float64
	for _, x := range m {
		norm += float64(x) * float64(x)
	}
	if norm == 0 {
		return nil
	}
	inv := float32(1 / math.Sqrt(norm))
	for i := range m {
		m[i] *= inv
	}
	return m
}

// Similarity is the cosine of two vectors from Mean; 0 when either is nil.
func Similarity(a, b []float32) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	var dot float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
	}
	return dot
}
