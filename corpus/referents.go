package corpus

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// offices are the titles that name an office on their own, so that "the
// General Secretary" can stand for the one person an article gives that
// title: the last word of a title before a name. Words such as "party" or
// "state" only qualify an office.
var offices = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`president secretary minister chairman chairwoman chair senator
	ambassador premier governor mayor leader king queen prince emperor`) {
		offices[w] = true
	}
}

// referents works out Corpus.Referents for d, among the entities es.
func referents(d *Document, es []Entity) [][]string {
	n := len(d.Sentences)
	sents := make([][]token, n)
	for i := range n {
		sents[i] = tokens(d.Sentence(i))
	}
	m := newNameMatcher(es)
	bound := bindTitles(sents, m)
	out := make([][]string, n)
	for si, toks := range sents {
		for i := 0; i < len(toks); i++ {
			if _, size := m.at(toks, i); size > 0 {
				i += size - 1
				continue
			}
			if !offices[toks[i].folded] || (i+1 < len(toks) && (startsName(toks[i+1]) || toks[i+1].folded == "of")) {
				continue // a name follows, or a qualifier: "Secretary of State", "the president of the bank"
			}
			if name := boundTo(bound, titleRun(toks, i+1)); name != "" && !slices.Contains(out[si], name) {
				out[si] = append(out[si], name)
			}
		}
	}
	return out
}

// bindTitles maps each title the sentences put right before a name to
// that name, or to "" when they put it before several.
func bindTitles(sents [][]token, m nameMatcher) map[string]string {
	bound := map[string]string{}
	for _, toks := range sents {
		for i := range toks {
			name, _ := m.at(toks, i)
			if name == "" {
				continue
			}
			if run := titleRun(toks, i); run != "" {
				if old, ok := bound[run]; ok && old != name {
					name = ""
				}
				bound[run] = name
			}
		}
	}
	return bound
}

// titleRun is the run of title words right before toks[i], folded and
// without articles, when it ends in an office: "general secretary" before
// "Nguyen Phu Trong" in "Party General Secretary Nguyen Phu Trong".
func titleRun(toks []token, i int) string {
	j := i
	for j > 0 && titles[toks[j-1].folded] && !determiners[toks[j-1].folded] {
		j--
	}
	if j == i || !offices[toks[i-1].folded] {
		return ""
	}
	var ws []string
	for _, t := range toks[j:i] {
		ws = append(ws, t.folded)
	}
	return strings.Join(ws, " ")
}

// determiners are the title words that are not part of a title.
var determiners = map[string]bool{"the": true, "a": true, "an": true}

// boundTo is the one entity a bare title stands for: the entity bound to
// every title that ends the same way as run and is as long or longer
// ("general secretary" for "party general secretary"), or "".
func boundTo(bound map[string]string, run string) string {
	if run == "" {
		return ""
	}
	got := ""
	for b, name := range bound {
		if b != run && !strings.HasSuffix(b, " "+run) {
			continue
		}
		if name == "" || (got != "" && got != name) {
			return ""
		}
		got = name
	}
	return got
}

// startsName reports whether a word could begin a name: capitalised and
// not a title.
func startsName(t token) bool {
	r, _ := utf8.DecodeRuneInString(t.text)
	return unicode.IsUpper(r) && !titles[t.folded]
}

// nameMatcher finds people's names in a sentence's words: a name of two
// words or more in full, or a short form, each known by its last word.
type nameMatcher struct {
	full  map[string][][]string // first folded word → the names starting with it
	short map[string]bool       // short forms
}

func newNameMatcher(es []Entity) nameMatcher {
	m := nameMatcher{full: map[string][][]string{}, short: map[string]bool{}}
	for _, e := range es {
		if ws := strings.Fields(Normalize(e.Name)); len(ws) >= 2 {
			m.full[ws[0]] = append(m.full[ws[0]], ws)
		}
		if e.Short != "" {
			m.short[e.Short] = true
		}
	}
	return m
}

// at is the last word of the longest name that starts at toks[i], and how
// many words it takes; "" and 0 when none does.
func (m nameMatcher) at(toks []token, i int) (name string, size int) {
	for _, ws := range m.full[toks[i].folded] {
		if len(ws) <= size || i+len(ws) > len(toks) {
			continue
		}
		match := true
		for k, w := range ws {
			if toks[i+k].folded != w {
				match = false
				break
			}
		}
		if match {
			name, size = ws[len(ws)-1], len(ws)
		}
	}
	if size == 0 && m.short[toks[i].folded] && startsName(toks[i]) {
		return toks[i].folded, 1
	}
	return name, size
}
