package bot

import (
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
	Answer    partnerbot.Answer `json:"answer"`
}

// PassageTrace is one retrieved passage with its fused score.
type PassageTrace struct {
	Rank    int     `json:"rank"`
	ChunkID string  `json:"chunk_id"`
	Score   float64 `json:"score"`
	// LexicalRank and VectorRank are the passage's ranks in BM25 and in
	// vector search, 0 when that ranking did not reach it.
	LexicalRank int `json:"lexical_rank"`
	VectorRank  int `json:"vector_rank"`
}

// PartTrace is one question the text asks, as analysed, with the
// sentences weighed for it, most probable first.
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

// passages records the retrieved passages; a nil Trace records nothing.
func (t *Trace) passages(hits []retrieval.Hit) {
	if t == nil {
		return
	}
	for _, h := range hits {
		t.Passages = append(t.Passages, PassageTrace{Rank: h.Rank, ChunkID: h.Passage.ID, Score: h.Score,
			LexicalRank: h.LexicalRank, VectorRank: h.VectorRank})
	}
}

// part starts the record of one part; a nil Trace gives a nil part.
func (t *Trace) part(q retrieval.Query, k kind) *PartTrace {
	if t == nil {
		return nil
	}
	p := PartTrace{English: q.English, Kind: k.String()}
	for _, g := range q.Groups {
		w := g.Word
		if g.Context {
			w += " (context)"
		}
		p.Words = append(p.Words, w)
	}
	t.Parts = append(t.Parts, p)
	return &t.Parts[len(t.Parts)-1]
}

// record keeps every candidate, most probable first; there are at most
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
	if p != nil {
		p.Reason = s.reason
		for _, j := range s.chosen {
			p.Chosen = append(p.Chosen, j.text)
		}
	}
	return s
}

var kindNames = [...]string{kindOther: "open", kindWhen: "when", kindWhenFuture: "when (future)",
	kindQuantity: "quantity", kindMoney: "money", kindDuration: "duration", kindWho: "who",
	kindWhere: "where", kindCountries: "countries", kindWhy: "why", kindYesNo: "yes/no"}

func (k kind) String() string { return kindNames[k] }
