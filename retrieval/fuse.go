package retrieval

import "slices"

// diversify keeps the ranking but moves a passage that nearly repeats a
// better-ranked one (same sentences through chunk overlap, or the same
// wording in another article) behind all the passages that don't. The
// articles repeat each other, and copies would crowd out the rest.
// Only the first k places are settled; past them the order is the input's.
func diversify(ranked []scored, shingles [][]uint64, threshold float64, k int) []scored {
	var kept, later []scored
	for i, s := range ranked {
		if len(kept) == k {
			return append(append(kept, later...), ranked[i:]...)
		}
		dup := false
		for _, k := range kept {
			if containment(shingles[s.passage], shingles[k.passage]) >= threshold {
				dup = true
				break
			}
		}
		if dup {
			later = append(later, s)
		} else {
			kept = append(kept, s)
		}
	}
	return append(kept, later...)
}

// containment is Containment for sets held as sorted, distinct slices.
func containment(a, b []uint64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return 0
	}
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(n) / float64(len(a))
}

// Containment is the share of the smaller set found in the other: 1 when
// one holds all of the other, 0 when they share nothing or one is empty.
func Containment[K comparable](a, b map[K]bool) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return 0
	}
	n := 0
	for h := range a {
		if b[h] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// shingles hashes the overlapping three-term runs of a passage's terms,
// sorted and without repeats.
func shingles(terms []string) []uint64 {
	var out []uint64
	for i := 0; i+3 <= len(terms); i++ {
		out = append(out, hash64(terms[i]+" "+terms[i+1]+" "+terms[i+2]))
	}
	if len(terms) < 3 && len(terms) > 0 {
		out = append(out, hash64(terms[0]))
	}
	slices.Sort(out)
	return slices.Clip(slices.Compact(out))
}

func hash64(s string) uint64 {
	var h uint64 = 14695981039346656037
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// combine fuses by score: each list's scores are scaled to [0, 1] by its
// best, then summed with weight alpha for the first list and 1-alpha for
// the second.
func combine(alpha float64, a, b []scored) []scored {
	sum := map[int]float64{}
	for _, l := range []struct {
		list []scored
		w    float64
	}{{a, alpha}, {b, 1 - alpha}} {
		if len(l.list) == 0 || l.list[0].score <= 0 {
			continue
		}
		top := l.list[0].score
		for _, s := range l.list {
			sum[s.passage] += l.w * s.score / top
		}
	}
	out := make([]scored, 0, len(sum))
	for p, s := range sum {
		out = append(out, scored{p, s})
	}
	sortScored(out)
	return out
}
