package retrieval

import (
	"strconv"
	"strings"

	"github.com/partnerbot/partnerbot/corpus"
)

// name is one of the corpus's entities as questions are matched against
// it: its words as Words writes them, its short form, and every word it
// and its aliases are written with.
type name struct {
	words []string // "nguyen phu trong"
	short string   // "trong", or ""
	parts []string // the folded words of the name, its short form and aliases
}

// names is what the lexicon knows of the corpus's entities.
type names struct {
	list    []*name
	phrases map[string]int   // a name or alias of two words or more, or any alias → list index
	shorts  map[string][]int // a short form → list indexes
	parts   map[string]bool  // every folded word of every name
	longest int              // words in the longest phrase
}

func newNames(es []corpus.Entity) names {
	ns := names{phrases: map[string]int{}, shorts: map[string][]int{}, parts: map[string]bool{}}
	for _, e := range es {
		n := &name{words: Words(e.Name)}
		if len(n.words) == 0 {
			continue
		}
		i := len(ns.list)
		ns.list = append(ns.list, n)
		add := func(phrase string, alias bool) {
			ws := Words(phrase)
			for _, f := range strings.Fields(corpus.Normalize(phrase)) {
				ns.parts[f] = true
			}
			n.parts = append(n.parts, ws...)
			if len(ws) >= 2 || (alias && len(ws) == 1) {
				key := strings.Join(ws, " ")
				if _, taken := ns.phrases[key]; !taken {
					ns.phrases[key] = i
				}
				ns.longest = max(ns.longest, len(ws))
			}
		}
		add(e.Name, false)
		for _, a := range e.Aliases {
			add(a, true)
		}
		if e.Short != "" {
			n.short = corpus.Normalize(e.Short)
			ns.shorts[n.short] = append(ns.shorts[n.short], i)
		}
	}
	return ns
}

// nameMark stands in a question's words for a name matched there.
const nameMark = "\x00name"

// mark replaces each name or alias in words with a mark for it, longest
// first. A glossary phrase at least as long wins over a name, so "đã nâng
// cấp" (da nang cap: upgraded) is not the city Đà Nẵng.
func (ns names) mark(words []string, glossary map[string]string) []string {
	if len(ns.phrases) == 0 {
		return words
	}
	var out []string
	for i := 0; i < len(words); {
		n, at := 0, -1
		for size := min(ns.longest, len(words)-i); size >= 1; size-- {
			if j, ok := ns.phrases[strings.Join(words[i:i+size], " ")]; ok {
				n, at = size, j
				break
			}
		}
		if at >= 0 && glossary != nil {
			for size := min(4, len(words)-i); size >= n; size-- {
				if _, ok := glossary[strings.Join(words[i:i+size], " ")]; ok {
					at = -1
					break
				}
			}
		}
		if at < 0 {
			out = append(out, words[i])
			i++
			continue
		}
		out = append(out, nameMark+strconv.Itoa(at))
		i += n
	}
	return out
}

// marked returns the name a word marks, if it is a mark.
func (ns names) marked(w string) (*name, bool) {
	if !strings.HasPrefix(w, nameMark) {
		return nil, false
	}
	i, err := strconv.Atoi(w[len(nameMark):])
	if err != nil || i < 0 || i >= len(ns.list) {
		return nil, false
	}
	return ns.list[i], true
}

// unmark writes marks back as their names' words, for reading.
func (ns names) unmark(words []string) []string {
	var out []string
	for _, w := range words {
		if n, ok := ns.marked(w); ok {
			out = append(out, n.words...)
			continue
		}
		out = append(out, w)
	}
	return out
}

// named returns the names a group's word stands for: the name it marks, or
// the names whose short form it is.
func (ns names) named(w string) []*name {
	if n, ok := ns.marked(w); ok {
		return []*name{n}
	}
	var out []*name
	for _, i := range ns.shorts[w] {
		out = append(out, ns.list[i])
	}
	return out
}
