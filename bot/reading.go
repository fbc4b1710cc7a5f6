package bot

import "github.com/partnerbot/partnerbot/retrieval"

// reading is one question, or one part of a question in several parts,
// analysed once: the parsed query (language, words and the terms that stand
// for them, names, numbers, context from earlier turns), the kind of thing
// it asks for, its focus and the words it asks with. Every later stage
// reads this value; none reads the question's text again.
type reading struct {
	q     retrieval.Query
	kind  kind
	focus []int           // indexes in q.Groups of the focus; see focus
	asked map[string]bool // see askedWords
}

// read analyses a parsed query.
func read(q retrieval.Query) reading {
	return reading{q: q, kind: questionKind(q), focus: focus(q), asked: askedWords(q)}
}
