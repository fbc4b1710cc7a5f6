package retrieval

// diversify keeps the ranking but moves a passage that nearly repeats a
// better-ranked one (same sentences through chunk overlap, or the same
// wording in another article) behind all the passages that don't. The
// articles repeat each other, and copies would crowd out the rest.
func diversify(ranked []scored, shingles []map[uint64]bool, threshold float64) []scored {
	var kept, later []scored
	for _, s := range ranked {
		dup := false
		for _, k := range kept {
			if Containment(shingles[s.passage], shingles[k.passage]) >= threshold {
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

// shingleSet hashes the overlapping three-term runs of text.
func shingleSet(text string) map[uint64]bool {
	terms := Terms(text)
	set := map[uint64]bool{}
	for i := 0; i+3 <= len(terms); i++ {
		set[hash64(terms[i]+" "+terms[i+1]+" "+terms[i+2])] = true
	}
	if len(terms) < 3 && len(terms) > 0 {
		set[hash64(terms[0])] = true
	}
	return set
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
