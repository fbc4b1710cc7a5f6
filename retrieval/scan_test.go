package retrieval

import (
	"context"
	"math/rand/v2"
	"sort"
	"testing"
)

// quantised returns a random vector whose entries are multiples of 1/8,
// with about one in density entries non-zero, so every dot product is
// exact in float32 and any summation order gives the same result.
func quantised(r *rand.Rand, dim, density int) []float32 {
	v := make([]float32, dim)
	for i := range v {
		if r.IntN(density) == 0 {
			v[i] = float32(r.IntN(17)-8) / 8
		}
	}
	return v
}

func TestMatrixTopMatchesFullSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name         string
		rows, dim, n int
		queryDensity int
	}{
		{"dense query, one worker", 300, 16, 10, 1},
		{"sparse query, one worker", 300, 64, 10, 16},
		{"dense query, several workers", 3 * scanRowsPerWorker, 8, 25, 1},
		{"sparse query, several workers", 3 * scanRowsPerWorker, 64, 25, 16},
		{"n above the row count", 5, 4, 50, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := matrix{dim: tt.dim}
			for range tt.rows {
				m.rows = append(m.rows, quantised(r, tt.dim, 2)...)
			}
			q := quantised(r, tt.dim, tt.queryDensity)
			q[0] = 1 // never all zero
			got, err := m.top(context.Background(), q, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			want := make([]rowScore, tt.rows)
			for i := range want {
				var s float64
				for j, x := range q {
					s += float64(x) * float64(m.rows[i*tt.dim+j])
				}
				want[i] = rowScore{int32(i), s}
			}
			sort.Slice(want, func(i, j int) bool { return want[i].better(want[j]) })
			want = want[:min(tt.n, tt.rows)]
			if len(got) != len(want) {
				t.Fatalf("got %d rows, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("place %d: got %+v, want %+v", i, got[i], want[i])
				}
			}
		})
	}
}

func TestMatrixTopStopsWhenCancelled(t *testing.T) {
	m := matrix{dim: 4, rows: make([]float32, 4*3*scanRowsPerWorker)}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.top(ctx, []float32{1, 0, 0, 0}, 3); err == nil {
		t.Error("top on a cancelled context returned no error")
	}
}

func TestTopHeapKeepsBest(t *testing.T) {
	h := topHeap{n: 3}
	for i, s := range []float64{0.1, 0.9, 0.5, 0.9, 0.2, 0.7} {
		h.push(rowScore{int32(i), s})
	}
	got := h.sorted()
	want := []rowScore{{1, 0.9}, {3, 0.9}, {5, 0.7}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %v, want %v", got, want)
			break
		}
	}
}
