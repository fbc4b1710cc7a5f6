package retrieval

import (
	"errors"
	"testing"
)

func TestGloveNeighbours(t *testing.T) {
	v := Glove()
	if v.Len() != 65536 {
		t.Fatalf("Len = %d, want 65536", v.Len())
	}
	// Words close in meaning must be closer than unrelated ones; the
	// quantised cosine of a row with itself is 1.
	tests := []struct {
		a, near, far string
	}{
		{"trade", "commerce", "banana"},
		{"president", "leader", "river"},
		{"invest", "investment", "poem"},
		{"visit", "trip", "carbon"},
	}
	for _, tt := range tests {
		t.Run(tt.a, func(t *testing.T) {
			a, near, far := v.ID(tt.a), v.ID(tt.near), v.ID(tt.far)
			if a < 0 || near < 0 || far < 0 {
				t.Fatalf("missing word: ids %d %d %d", a, near, far)
			}
			if got, gotFar := v.Cosine(a, near), v.Cosine(a, far); got <= gotFar || got < 0.4 {
				t.Errorf("cos(%s,%s) = %.2f, cos(%s,%s) = %.2f", tt.a, tt.near, got, tt.a, tt.far, gotFar)
			}
			if self := v.Cosine(a, a); self != 1 {
				t.Errorf("cos(%s,%s) = %v, want 1", tt.a, tt.a, self)
			}
		})
	}
	if v.ID("notawordzzz") != -1 || v.Cosine(v.ID("notawordzzz"), v.ID("trade")) != 0 {
		t.Error("an unknown word must have no row and no closeness")
	}
}

func TestParseWordVectorsRefusesDamage(t *testing.T) {
	good := gloveBin
	tests := map[string][]byte{
		"empty":     nil,
		"no magic":  append([]byte("XXXXX\n"), good[6:]...),
		"truncated": good[:len(good)-1],
		"extended":  append(append([]byte(nil), good...), 0),
	}
	for name, b := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseWordVectors(b); !errors.Is(err, ErrWordVectors) {
				t.Errorf("err = %v, want ErrWordVectors", err)
			}
		})
	}
}

func FuzzParseWordVectors(f *testing.F) {
	f.Add(gloveBin[:64])
	f.Add([]byte("PBWV1\n\x01\x00\x00\x00\x02\x00\x00\x00\x02\x00\x00\x00a\n\x00\x00\x80\x3f\x01\x02"))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := ParseWordVectors(b)
		if err != nil {
			return
		}
		for i := range v.Len() {
			v.Cosine(int32(i), 0)
		}
	})
}
