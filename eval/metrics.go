package eval

import (
	"math"
	"sort"
)

// Metrics summarise results. A ratio is nil when no question it is defined
// over is present (say, abstention accuracy with no unanswerable questions).
type Metrics struct {
	Questions int      `json:"questions"`
	HitAtK    *float64 `json:"hit_at_k"`
	MRR       *float64 `json:"mrr"`
	// SearchHitAtK and SearchMRR are hit@k and MRR in retrieval's own
	// order, before the engine orders passages by their best sentence.
	SearchHitAtK        *float64 `json:"search_hit_at_k"`
	SearchMRR           *float64 `json:"search_mrr"`
	AnswerAccuracy      *float64 `json:"answer_accuracy"`
	CitationValidity    *float64 `json:"citation_validity"`
	AbstentionAccuracy  *float64 `json:"abstention_accuracy"`
	FalseAbstentionRate *float64 `json:"false_abstention_rate"`
	ExcludesViolations  int      `json:"excludes_violations"`
	P50MS               float64  `json:"p50_ms"`
	P95MS               float64  `json:"p95_ms"`
}

// Summarize computes the metrics of a set of results at depth k.
func Summarize(rs []Result, k int) Metrics {
	m := Metrics{Questions: len(rs)}
	var answerable, hits, searchHits, correct, falseAbst, unanswerable, rightAbst, cites, valid int
	var rr, searchRR float64
	var lat []float64
	for _, r := range rs {
		lat = append(lat, r.LatencyMS)
		cites += len(r.Citations)
		valid += r.ValidCitations
		if len(r.Violations) > 0 {
			m.ExcludesViolations++
		}
		if !r.Answerable {
			unanswerable++
			if r.Abstained && len(r.Citations) == 0 {
				rightAbst++
			}
			continue
		}
		answerable++
		hits += hitWithin(r.HitRank, k)
		searchHits += hitWithin(r.SearchHitRank, k)
		rr += reciprocal(r.HitRank)
		searchRR += reciprocal(r.SearchHitRank)
		if r.Correct {
			correct++
		}
		if r.Abstained {
			falseAbst++
		}
	}
	m.HitAtK, m.SearchHitAtK = ratio(hits, answerable), ratio(searchHits, answerable)
	if answerable > 0 {
		v, w := rr/float64(answerable), searchRR/float64(answerable)
		m.MRR, m.SearchMRR = &v, &w
	}
	m.AnswerAccuracy = ratio(correct, answerable)
	m.FalseAbstentionRate = ratio(falseAbst, answerable)
	m.AbstentionAccuracy = ratio(rightAbst, unanswerable)
	m.CitationValidity = ratio(valid, cites)
	if cites == 0 && len(rs) > 0 {
		one := 1.0
		m.CitationValidity = &one // no citation shown, none invalid
	}
	m.P50MS, m.P95MS = Percentile(lat, 0.50), Percentile(lat, 0.95)
	return m
}

// hitWithin is 1 when a relevant passage ranks within k (rank 0: none did).
func hitWithin(rank, k int) int {
	if rank > 0 && rank <= k {
		return 1
	}
	return 0
}

// reciprocal is 1/rank within mrrDepth, else 0.
func reciprocal(rank int) float64 {
	if rank > 0 && rank <= mrrDepth {
		return 1 / float64(rank)
	}
	return 0
}

func ratio(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	v := float64(n) / float64(d)
	return &v
}

// Percentile returns the nearest-rank percentile p (0 to 1) of xs.
func Percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

// Value returns a metric by its JSON name, and whether it is defined.
func (m Metrics) Value(name string) (float64, bool) {
	get := func(p *float64) (float64, bool) {
		if p == nil {
			return 0, false
		}
		return *p, true
	}
	switch name {
	case "hit_at_k":
		return get(m.HitAtK)
	case "mrr":
		return get(m.MRR)
	case "search_hit_at_k":
		return get(m.SearchHitAtK)
	case "search_mrr":
		return get(m.SearchMRR)
	case "answer_accuracy":
		return get(m.AnswerAccuracy)
	case "citation_validity":
		return get(m.CitationValidity)
	case "abstention_accuracy":
		return get(m.AbstentionAccuracy)
	case "false_abstention_rate":
		return get(m.FalseAbstentionRate)
	case "excludes_violations":
		return float64(m.ExcludesViolations), true
	case "p50_ms":
		return m.P50MS, true
	case "p95_ms":
		return m.P95MS, true
	}
	return 0, false
}
