package bot

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/retrieval"
)

// Trace is how the engine reached an answer, for maintainers asking why an
// answer went wrong: Engine.Explain fills it in.
type Trace struct {
	Passages  []PassageTrace    `json:"passages"`
	Parts     []PartTrace       `json:"parts"`
	Features  []string          `json:"features"`
	Threshold float64           `json:"threshold"`
	AcceptTop int               `json:"accept_top,omitempty"` // the ranks an answer may lead from (0: any)
	Answer    partnerbot.Answer `json:"answer"`
	// Reason says why the answer took its shape (Answer.Reason, which
	// answers leave out of their JSON).
	Reason string `json:"reason"`
	// extra are passages the engine weighed beyond those retrieved (the
	// articles' lists of partner countries, for "which countries").
	extra []retrieval.Hit
}

// listsNotNil makes the trace's empty lists empty rather than nil, so its
// JSON has [] where there is nothing, not null.
func (t *Trace) listsNotNil() {
	t.Passages = orEmpty(t.Passages)
	t.Parts = orEmpty(t.Parts)
	for i := range t.Parts {
		p := &t.Parts[i]
		p.Words, p.Candidates, p.Chosen = orEmpty(p.Words), orEmpty(p.Candidates), orEmpty(p.Chosen)
	}
}

// orEmpty is xs, or an empty slice when xs is nil.
func orEmpty[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// PassageTrace is one retrieved passage: its rank once ordered by its best
// sentence, its rank and score in retrieval, and that sentence's score.
type PassageTrace struct {
	Rank    int     `json:"rank"`
	ChunkID string  `json:"chunk_id"`
	Score   float64 `json:"score"`
	// FusedRank is its rank in retrieval, before rerank; LexicalRank and
	// VectorRank are its ranks in BM25 and in vector search. Each is 0
	// when that ranking did not reach it.
	FusedRank   int `json:"fused_rank"`
	LexicalRank int `json:"lexical_rank"`
	VectorRank  int `json:"vector_rank"`
	// Best is the selector's rank score of its best candidate sentence;
	// nil when it holds none.
	Best *float64 `json:"best_sentence_score,omitempty"`
}

// PartTrace is one question the text asks, as analysed, with the
// sentences weighed for it, best ranked first.
type PartTrace struct {
	English    string           `json:"english"`
	Kind       string           `json:"kind"`
	Words      []string         `json:"words"`
	Candidates []CandidateTrace `json:"candidates"`
	Chosen     []string         `json:"chosen"` // the sentences quoted
	Reason     string           `json:"reason,omitempty"`
}

// CandidateTrace is a sentence weighed as an answer.
type CandidateTrace struct {
	DocID    string `json:"doc_id"`
	ChunkID  string `json:"chunk_id"`
	Sentence string `json:"sentence"`
	Quote    string `json:"quote"` // the part that would be quoted

	Features []float64 `json:"features"`
	Score    float64   `json:"score"` // the selector's rank score
	P        float64   `json:"p"`     // the probability that it answers
}

// passages records the passages in the order rerank put them (ranked),
// with their ranks in retrieval (hits) and best sentence scores; a nil
// Trace records nothing.
func (t *Trace) passages(hits, ranked []retrieval.Hit, best map[string]float64) {
	if t == nil {
		return
	}
	fused := map[string]int{}
	for _, h := range hits {
		fused[h.Passage.ID] = h.Rank
	}
	for _, h := range t.extra {
		if _, ok := fused[h.Passage.ID]; !ok {
			fused[h.Passage.ID] = 0 // weighed, not retrieved
			h.Rank, h.LexicalRank, h.VectorRank = len(ranked)+1, 0, 0
			ranked = append(ranked, h)
		}
	}
	for _, h := range ranked {
		pt := PassageTrace{Rank: h.Rank, ChunkID: h.Passage.ID, Score: h.Score, FusedRank: fused[h.Passage.ID],
			LexicalRank: h.LexicalRank, VectorRank: h.VectorRank}
		if s, ok := best[h.Passage.ID]; ok {
			pt.Best = &s
		}
		t.Passages = append(t.Passages, pt)
	}
}

// maxTermsShown is how many of a word's other terms (synonyms, learned
// alternates, related forms) the trace shows.
const maxTermsShown = 8

// part starts the record of one part; a nil Trace gives a nil part.
func (t *Trace) part(r reading) *PartTrace {
	if t == nil {
		return nil
	}
	p := PartTrace{English: r.q.English, Kind: r.kind.String()}
	for _, g := range r.q.Groups {
		w := g.Word
		if others := g.Terms[1:]; len(others) > 0 {
			w += " (or " + strings.Join(others[:min(len(others), maxTermsShown)], " ")
			if len(others) > maxTermsShown {
				w += " …"
			}
			w += ")"
		}
		if g.Context {
			w += " (context)"
		}
		p.Words = append(p.Words, w)
	}
	t.Parts = append(t.Parts, p)
	return &t.Parts[len(t.Parts)-1]
}

// record keeps every candidate, best ranked first; there are at most
// as many as the sentences of the passages retrieved.
func (p *PartTrace) record(all []judged) {
	if p == nil {
		return
	}
	for _, j := range all {
		p.Candidates = append(p.Candidates, CandidateTrace{DocID: j.doc.ID, ChunkID: j.chunk, Sentence: j.text,
			Quote: j.quote, Features: j.x[:], Score: j.score, P: j.p})
	}
}

// done notes the outcome and passes it on.
func (p *PartTrace) done(s selection) selection {
	p.settle(s.chosen, s.reason)
	return s
}

// settle records what the answer quotes for the part, or why it quotes
// nothing, once the engine has decided: a conflict's other figure added,
// or a part left out as answered only by another part's sentences.
func (p *PartTrace) settle(chosen []judged, reason string) {
	if p == nil {
		return
	}
	p.Chosen, p.Reason = nil, reason
	for _, j := range chosen {
		p.Chosen = append(p.Chosen, j.text)
	}
}

// weighedToo records passages weighed beyond those retrieved.
func (t *Trace) weighedToo(hits []retrieval.Hit) {
	if t != nil {
		t.extra = append(t.extra, hits...)
	}
}

var kindNames = [...]string{kindOther: "open", kindWhen: "when", kindWhenFuture: "when (future)",
	kindQuantity: "quantity", kindMoney: "money", kindDuration: "duration", kindWho: "who", kindIdentity: "identity",
	kindWhere: "where", kindCountries: "countries", kindWhy: "why", kindYesNo: "yes/no"}

func (k kind) String() string { return kindNames[k] }

// maxExplained bounds the candidates WriteTrace shows per part.
const maxExplained = 8

// WriteTrace writes a trace for a maintainer at a terminal: the analysed
// question, the passages with each ranking's rank, the best candidate
// sentences with their features, rank score and probability, and what was
// chosen or why it declined; then the answer.
func WriteTrace(w io.Writer, tr Trace) error {
	var b strings.Builder
	b.WriteString("Passages, by their best sentence's score (then rank in retrieval: fused, BM25, vector; 0 = not ranked):\n")
	for _, p := range tr.Passages {
		best := "no candidate"
		if p.Best != nil {
			best = fmt.Sprintf("best sentence %6.2f", *p.Best)
		}
		fmt.Fprintf(&b, "  %2d  %-28s  %s  fused %2d  bm25 %2d  vector %2d  score %.3f\n",
			p.Rank, p.ChunkID, best, p.FusedRank, p.LexicalRank, p.VectorRank, p.Score)
	}
	for i, p := range tr.Parts {
		fmt.Fprintf(&b, "\nPart %d: %q\n  kind: %s\n  words: %s\n", i+1, p.English, p.Kind, strings.Join(p.Words, ", "))
		fmt.Fprintf(&b, "  candidates (%d; best %d shown; answers when p ≥ %.3f%s, and a list's neighbours or a conflicting figure may join it):\n",
			len(p.Candidates), min(len(p.Candidates), maxExplained), tr.Threshold, leadRanks(tr.AcceptTop))
		for _, c := range p.Candidates[:min(len(p.Candidates), maxExplained)] {
			mark := " "
			if slices.Contains(p.Chosen, c.Sentence) {
				mark = "*"
			}
			fmt.Fprintf(&b, "  %s p %.3f  score %6.2f  %s  %s\n", mark, c.P, c.Score, c.ChunkID, Neutralize(clipRunes(c.Sentence, 110)))
			b.WriteString("      ")
			for k, v := range c.Features {
				if v != 0 {
					fmt.Fprintf(&b, " %s=%.2f", tr.Features[k], v)
				}
			}
			b.WriteString("\n")
		}
		switch {
		case len(p.Chosen) > 0:
			fmt.Fprintf(&b, "  chose %d sentence(s), marked *\n", len(p.Chosen))
		default:
			fmt.Fprintf(&b, "  declined: %s\n", p.Reason)
		}
		if shown := min(len(p.Candidates), maxExplained); len(p.Chosen) > 0 {
			for _, s := range p.Chosen {
				if !slices.ContainsFunc(p.Candidates[:shown], func(c CandidateTrace) bool { return c.Sentence == s }) {
					fmt.Fprintf(&b, "  * also chose, below those shown: %s\n", Neutralize(clipRunes(s, 110)))
				}
			}
		}
	}
	b.WriteString("\nAnswer:\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	return WriteText(w, tr.Answer)
}

// clipRunes shortens s to at most n runes, marking the cut.
func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// leadRanks says which ranks an answer may lead from, for the trace's
// header: "" when any may.
func leadRanks(top int) string {
	if top <= 0 {
		return ""
	}
	return fmt.Sprintf(" for one of the best %d by rank", top)
}
