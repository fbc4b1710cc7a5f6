package retrieval

import (
	"context"
	"runtime"
	"sync"
)

// matrix is a set of unit vectors stored row after row in one contiguous
// slice, so an exact search streams through memory once.
type matrix struct {
	dim  int
	rows []float32 // row r is rows[r*dim : (r+1)*dim]
}

func (m matrix) len() int {
	if m.dim == 0 {
		return 0
	}
	return len(m.rows) / m.dim
}

// row returns row r with its capacity capped, so no append can spill into
// the next row.
func (m matrix) row(r int) []float32 {
	return m.rows[r*m.dim : (r+1)*m.dim : (r+1)*m.dim]
}

// scanRowsPerWorker is the least work worth a goroutine of its own: below
// it, starting goroutines costs more than the dot products.
const scanRowsPerWorker = 4096

// top returns the n rows most similar to q (a unit vector of length dim),
// best first, by exact dot product. Rows are split among at most
// GOMAXPROCS workers, each keeping its own n best, merged at the end. A
// sparse q, like the local embedder's, is scored through its non-zero
// entries only.
func (m matrix) top(ctx context.Context, q []float32, n int) ([]rowScore, error) {
	rows := m.len()
	n = min(n, rows)
	if n <= 0 {
		return nil, nil
	}
	score := m.scorer(q)
	workers := max(1, min(runtime.GOMAXPROCS(0), rows/scanRowsPerWorker))
	heaps := make([]topHeap, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	per := (rows + workers - 1) / workers
	for w := range workers {
		wg.Add(1)
		go func(w, start, end int) {
			defer wg.Done()
			h := topHeap{n: n}
			for r := start; r < end; r++ {
				if r%4096 == 0 && ctx.Err() != nil {
					errs[w] = ctx.Err()
					return
				}
				h.push(rowScore{int32(r), float64(score(m.rows[r*m.dim : (r+1)*m.dim]))})
			}
			heaps[w] = h
		}(w, w*per, min(rows, (w+1)*per))
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	all := topHeap{n: n}
	for _, h := range heaps {
		for _, s := range h.items {
			all.push(s)
		}
	}
	return all.sorted(), nil
}

// sparseShare is the share of non-zero entries below which a query is
// scored by gathering its non-zero entries rather than a full dot product.
const sparseShare = 4

// scorer returns the dot product with q, specialised to q's density.
func (m matrix) scorer(q []float32) func(row []float32) float32 {
	var idx []int32
	var val []float32
	for i, x := range q {
		if x != 0 {
			idx = append(idx, int32(i))
			val = append(val, x)
		}
	}
	if len(idx)*sparseShare >= len(q) {
		return func(row []float32) float32 { return dot32(q, row) }
	}
	return func(row []float32) float32 {
		var s0, s1 float32
		i := 0
		for ; i+1 < len(idx); i += 2 {
			s0 += row[idx[i]] * val[i]
			s1 += row[idx[i+1]] * val[i+1]
		}
		if i < len(idx) {
			s0 += row[idx[i]] * val[i]
		}
		return s0 + s1
	}
}

// dot32 is the dot product of two equal-length vectors, with four
// independent sums so the additions overlap.
func dot32(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+3 < len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}

// rowScore is a row with its similarity to a query.
type rowScore struct {
	row   int32
	score float64
}

// better orders by score, then by row so that results are deterministic.
func (a rowScore) better(b rowScore) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.row < b.row
}

// topHeap keeps the n best rowScores pushed to it: a min-heap whose root is
// the worst kept.
type topHeap struct {
	n     int
	items []rowScore
}

func (h *topHeap) push(s rowScore) {
	if len(h.items) < h.n {
		h.items = append(h.items, s)
		h.up(len(h.items) - 1)
		return
	}
	if !s.better(h.items[0]) {
		return
	}
	h.items[0] = s
	h.down(0)
}

func (h *topHeap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.items[p].better(h.items[i]) {
			return
		}
		h.items[p], h.items[i] = h.items[i], h.items[p]
		i = p
	}
}

func (h *topHeap) down(i int) {
	for {
		worst := i
		if l := 2*i + 1; l < len(h.items) && h.items[worst].better(h.items[l]) {
			worst = l
		}
		if r := 2*i + 2; r < len(h.items) && h.items[worst].better(h.items[r]) {
			worst = r
		}
		if worst == i {
			return
		}
		h.items[i], h.items[worst] = h.items[worst], h.items[i]
		i = worst
	}
}

// sorted empties the heap into a slice, best first.
func (h *topHeap) sorted() []rowScore {
	out := make([]rowScore, len(h.items))
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = h.items[0]
		last := len(h.items) - 1
		h.items[0] = h.items[last]
		h.items = h.items[:last]
		h.down(0)
	}
	return out
}
