// Package partnerbot holds the domain types that several packages share: a
// question with its conversation, and an answer with its verified
// citations. It imports nothing of the project, as in benbjohnson/wtf: the
// engine (bot), the adapters (discord, provider, store) and the tools (eval,
// bench, cmd) all speak these types, and none of them needs another's
// internals to do so.
package partnerbot

// Answer modes: how an answer was composed.
const (
	Extractive = "extractive" // verbatim quotes chosen from the passages
	Generative = "generative" // written by a language model, quotes verified
)

// Answer is the reply to one question. Every Citation's quote has been
// verified verbatim, after normalisation, against the passage it names.
type Answer struct {
	Question  string     `json:"question"`
	Text      string     `json:"answer"`
	Abstained bool       `json:"abstained"`
	Mode      string     `json:"mode"`
	Citations []Citation `json:"citations"`
	// Claims are the sentences of a generative answer, each with the
	// citations that support it; Text is their sentences joined.
	Claims []Claim  `json:"claims,omitempty"`
	Notes  []string `json:"notes,omitempty"`
	// Closest lists the nearest articles when the answer abstains.
	Closest []Source `json:"closest,omitempty"`
	// Language is the language the answer's own words are in: "en" or "vi".
	Language string `json:"language"`

	// Reason says, for operators, why the answer took its shape.
	Reason string `json:"-"`
	// Usage is what a language model spent on the answer, if one was used.
	Usage Usage `json:"-"`
	// Fallback is why a generative attempt failed, when the answer is the
	// extractive one standing in.
	Fallback error `json:"-"`
}

// Citation points a quote at the passage it comes from.
type Citation struct {
	DocID   string `json:"doc_id"`
	Title   string `json:"title"`
	Quote   string `json:"quote"`
	ChunkID string `json:"chunk_id"`
	Outlet  string `json:"outlet,omitempty"`
	Date    string `json:"date,omitempty"`
}

// Claim is one sentence of a generative answer and the quotes behind it.
type Claim struct {
	Text string `json:"text"`
	// Citations are 1-based numbers into Answer.Citations: the [n] markers
	// the sentence ends with.
	Citations []int `json:"citations"`
}

// Source names an article.
type Source struct {
	DocID string `json:"doc_id"`
	Title string `json:"title"`
	Date  string `json:"date,omitempty"`
}

// Usage counts language-model tokens.
type Usage struct {
	PromptTokens     int
	CompletionTokens int
}
