package eval

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/retrieval"
)

// mrrDepth is how deep MRR looks for the first relevant passage.
const mrrDepth = 10

// Result is how the engine did on one question.
type Result struct {
	ID         string `json:"id"`
	Kind       string `json:"kind"`
	Question   string `json:"question"`
	Answerable bool   `json:"answerable"`
	Answer     string `json:"answer"`
	Abstained  bool   `json:"abstained"`
	Correct    bool   `json:"correct"`
	HitRank    int    `json:"hit_rank"` // 1-based rank of the first relevant passage; 0 if none in the top 10
	// SearchHitRank is HitRank in retrieval's own order (Engine.Search).
	SearchHitRank int                   `json:"search_hit_rank"`
	Citations     []partnerbot.Citation `json:"citations"`
	Retrieved     []Retrieved           `json:"retrieved"`
	LatencyMS     float64               `json:"latency_ms"`
	// ValidCitations counts citations whose quote is in the cited document.
	ValidCitations int `json:"valid_citations"`
	// Violations are answer_excludes strings found in the answer.
	Violations []string   `json:"violations,omitempty"`
	Expected   [][]string `json:"expected,omitempty"`
	Reason     string     `json:"reason,omitempty"`
	// Mode is how the answer was composed: "extractive" or "generative".
	Mode string `json:"mode"`
	// Fallback is why a generative attempt failed, when it did.
	Fallback string `json:"fallback,omitempty"`
	// Replay is "stale" or "missing" when a replayed model reply could not
	// be served (see ErrStale, ErrNotRecorded).
	Replay string `json:"replay,omitempty"`
}

// Retrieved is one passage the engine retrieved.
type Retrieved struct {
	DocID   string `json:"doc_id"`
	ChunkID string `json:"chunk_id"`
	Rank    int    `json:"rank"`
}

// Run asks the engine every question in mode and scores the answers. now
// times each answer.
func Run(ctx context.Context, e *bot.Engine, qs []Question, mode retrieval.Mode, k int, now func() time.Time) (Report, error) {
	return RunProgress(ctx, e, qs, mode, k, now, nil)
}

// RunProgress is Run, calling progress (when not nil) after each question
// with the questions answered and the questions in all. The first question
// is answered once more, untimed and from the articles alone (Engine.Warm),
// before the run, so that loading what the engine loads on first use is
// not timed.
func RunProgress(ctx context.Context, e *bot.Engine, qs []Question, mode retrieval.Mode, k int, now func() time.Time, progress func(done, total int)) (Report, error) {
	c := e.Index().Corpus()
	rep := Report{Mode: string(mode), K: k}
	if len(qs) > 0 {
		// Warm up, untimed and without a model: the first answer loads
		// the word vectors, WordNet and each article's analysis, which
		// would otherwise count in the first question's latency and its
		// kind's p95.
		e.Warm(ctx, qs[0].Question)
	}
	for i, q := range qs {
		if err := ctx.Err(); err != nil {
			return Report{}, err
		}
		r, err := runOne(ctx, e, c, q, mode, now)
		if err != nil {
			return Report{}, fmt.Errorf("question %s: %w", q.ID, err)
		}
		rep.Results = append(rep.Results, r)
		if progress != nil {
			progress(i+1, len(qs))
		}
	}
	rep.Metrics = Summarize(rep.Results, k)
	rep.ByKind = map[string]Metrics{}
	byKind := map[string][]Result{}
	for _, r := range rep.Results {
		byKind[r.Kind] = append(byKind[r.Kind], r)
	}
	for kind, rs := range byKind {
		rep.ByKind[kind] = Summarize(rs, k)
	}
	return rep, nil
}

func runOne(ctx context.Context, e *bot.Engine, c *corpus.Corpus, q Question, mode retrieval.Mode, now func() time.Time) (Result, error) {
	r := Result{ID: q.ID, Kind: q.Kind, Question: q.Question, Answerable: q.Answerable, Expected: q.AnswerContains}
	bq := partnerbot.Question{Text: q.Question, Mode: string(mode)}
	start := now()
	a, err := e.Answer(ctx, bq)
	r.LatencyMS = float64(now().Sub(start).Microseconds()) / 1000
	if msg := partnerbot.UserMessage(err); msg != "" {
		// The bot refuses the question as asked: a decline.
		r.Answer, r.Abstained = msg, true
	} else if err != nil {
		return r, err
	} else {
		r.Answer, r.Abstained, r.Citations, r.Reason, r.Mode = a.Text, a.Abstained, a.Citations, a.Reason, a.Mode
	}
	if a.Fallback != nil {
		r.Fallback = a.Fallback.Error()
		switch {
		case errors.Is(a.Fallback, ErrStale):
			r.Replay = "stale"
		case errors.Is(a.Fallback, ErrNotRecorded):
			r.Replay = "missing"
		}
	}
	if r.Citations == nil {
		r.Citations = []partnerbot.Citation{}
	}
	hits, err := e.Retrieve(ctx, bq, mrrDepth)
	if err != nil && partnerbot.UserMessage(err) == "" {
		return r, err
	}
	r.Retrieved = []Retrieved{}
	for _, h := range hits {
		r.Retrieved = append(r.Retrieved, Retrieved{DocID: h.Passage.DocID, ChunkID: h.Passage.ID, Rank: h.Rank})
	}
	r.HitRank = firstRelevant(q, hits)
	searched, err := e.Search(ctx, bq, mrrDepth)
	if err != nil && partnerbot.UserMessage(err) == "" {
		return r, err
	}
	r.SearchHitRank = firstRelevant(q, searched)
	for _, ct := range r.Citations {
		if d, ok := c.Document(ct.DocID); ok && strings.Contains(corpus.Normalize(d.Text), corpus.Normalize(ct.Quote)) && corpus.Normalize(ct.Quote) != "" {
			r.ValidCitations++
		}
	}
	norm := corpus.Normalize(r.Answer)
	r.Correct = q.Answerable && !r.Abstained && matchesAll(norm, q.AnswerContains)
	for _, x := range q.AnswerExcludes {
		if nx := corpus.Normalize(x); nx != "" && strings.Contains(norm, nx) {
			r.Violations = append(r.Violations, x)
		}
	}
	return r, nil
}

// firstRelevant is the rank of the first relevant passage of hits, 0 if none.
func firstRelevant(q Question, hits []retrieval.Hit) int {
	for _, h := range hits {
		if relevant(q, h.Passage) {
			return h.Rank
		}
	}
	return 0
}

// relevant reports whether a passage holds an evidence phrase and comes
// from a listed source.
func relevant(q Question, p corpus.Passage) bool {
	listed := false
	for _, s := range q.Sources {
		if s == p.DocID {
			listed = true
		}
	}
	if !listed {
		return false
	}
	text := corpus.Normalize(p.Text)
	for _, ev := range q.Evidence {
		if n := corpus.Normalize(ev); n != "" && strings.Contains(text, n) {
			return true
		}
	}
	return false
}

// matchesAll reports whether every group has an alternative in text.
func matchesAll(text string, groups [][]string) bool {
	for _, g := range groups {
		found := false
		for _, alt := range g {
			if n := corpus.Normalize(alt); n != "" && strings.Contains(text, n) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
