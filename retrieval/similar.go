package retrieval

// Similarity scores how close two questions are, from 0 (unrelated) to 1
// (the same question), with the matching retrieval uses: each question is
// parsed (Vietnamese translated, typos corrected, synonyms added) and its
// content words must be found among the other's terms, weighted by their
// IDF, in both directions; the word vectors' closeness of the two
// questions' content words counts as much again, when the vectors know a
// word of each ("East Sea" and "Kamala Harris" are compounds they lack). Questions that name
// different numbers (years, amounts) are held apart: that is most of
// what distinguishes "trade in 2022" from "trade in 2023".
func (l *Lexicon) Similarity(a, b string) float64 {
	qa, qb := l.Parse(a), l.Parse(b)
	lexical := min(coverage(qa, qb), coverage(qb, qa))
	v := Glove()
	ma, mb := v.Mean(v.RowsOf(ContentWords(qa.English))), v.Mean(v.RowsOf(ContentWords(qb.English)))
	s := lexical
	if ma != nil && mb != nil {
		s = (lexical + max(0, Similarity(ma, mb))) / 2
	}
	if !sameNumbers(qa, qb) {
		s /= 2
	}
	return s
}

// coverage is the IDF-weighted share of q's groups that some term of
// other's groups covers.
func coverage(q, other Query) float64 {
	terms := map[string]bool{}
	for _, g := range other.Groups {
		for _, t := range g.Terms {
			terms[t] = true
		}
	}
	var have, total float64
	for _, g := range q.Groups {
		w := max(g.Weight, 0.1)
		total += w
		for _, t := range g.Terms {
			if terms[t] {
				have += w
				break
			}
		}
	}
	if total == 0 {
		return 0
	}
	return have / total
}

// sameNumbers reports whether two queries name the same numbers.
func sameNumbers(a, b Query) bool {
	nums := func(q Query) map[string]bool {
		m := map[string]bool{}
		for _, g := range q.Groups {
			if g.Numeric {
				m[g.Terms[0]] = true
			}
		}
		return m
	}
	na, nb := nums(a), nums(b)
	if len(na) != len(nb) {
		return false
	}
	for n := range na {
		if !nb[n] {
			return false
		}
	}
	return true
}
