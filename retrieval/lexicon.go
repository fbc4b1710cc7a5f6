package retrieval

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/partnerbot/partnerbot/corpus"
)

// Lexicon holds the corpus vocabulary: how many sentences each term occurs
// in, and the words seen, for weighting query terms and correcting typos.
type Lexicon struct {
	df    map[string]int // term → sentences containing it
	n     int            // sentences
	words map[string]int // folded word → occurrences, corpus and glossary
}

// NewLexicon counts the terms of every sentence in c.
func NewLexicon(c *corpus.Corpus) *Lexicon {
	l := &Lexicon{df: map[string]int{}, words: map[string]int{}}
	for _, d := range c.Documents() {
		for i := range d.Sentences {
			l.n++
			seen := map[string]bool{}
			for _, w := range Words(d.Sentence(i)) {
				l.words[w]++
				if t, ok := Term(w); ok && !seen[t] {
					seen[t] = true
					l.df[t]++
				}
			}
		}
	}
	for _, table := range []map[string]string{synonyms, vietnamese} {
		for k := range table {
			for _, w := range strings.Fields(k) {
				if _, ok := l.words[w]; !ok {
					l.words[w] = 0
				}
			}
		}
	}
	return l
}

// Known reports whether a term occurs in the corpus.
func (l *Lexicon) Known(term string) bool { return l.df[term] > 0 }

// IDF is the inverse sentence frequency of a term, as in BM25. A term the
// corpus never uses gets the largest weight any term can have.
func (l *Lexicon) IDF(term string) float64 {
	df := float64(l.df[term])
	n := float64(l.n)
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// Group is one slot of a query: a word the asker used and the terms that
// can stand for it. A passage covers the group when it holds any term.
type Group struct {
	Word    string    // the word as asked, folded
	Terms   []string  // the word's own term first, then alternatives
	Weights []float64 // how much each term counts, 1 for the word's own
	Weight  float64   // the group's importance: IDF of its best known term
	Known   bool      // some term occurs in the corpus
	Numeric bool      // a number or year, which an answer must contain
	Context bool      // from an earlier turn, not this question
}

// Query is a parsed question.
type Query struct {
	Text       string  // as asked
	English    string  // Vietnamese phrases translated, for reading the question type
	Vietnamese bool    // the question is in Vietnamese
	Groups     []Group // content words, in order, no two with the same first term
}

// Expanded returns the query words with their alternatives, as text for an
// embedder.
func (q Query) Expanded() string {
	var b strings.Builder
	for _, g := range q.Groups {
		b.WriteString(g.Word)
		b.WriteByte(' ')
	}
	for _, g := range q.Groups {
		for _, t := range g.Terms[1:] {
			b.WriteString(t)
			b.WriteByte(' ')
		}
	}
	return strings.TrimSpace(b.String())
}

// Parse reads a question: translates Vietnamese, drops stop words, and
// gives each content word a group of terms, with glossary synonyms and, for
// words the corpus lacks, close spellings it has.
func (l *Lexicon) Parse(text string) Query {
	q := Query{Text: text}
	words := Words(text)
	q.Vietnamese = isVietnamese(text, words)
	if q.Vietnamese {
		words = translate(words)
	}
	q.English = strings.Join(words, " ")
	seen := map[string]int{}
	for _, w := range phrases(words, synonyms) {
		g, ok := l.group(w)
		if !ok {
			continue
		}
		if i, dup := seen[g.Terms[0]]; dup {
			q.Groups[i] = mergeGroups(q.Groups[i], g)
			continue
		}
		seen[g.Terms[0]] = len(q.Groups)
		q.Groups = append(q.Groups, g)
	}
	return q
}

// WithContext adds the groups of an earlier question, marked as context, to
// q, so a follow-up such as "and the next year?" keeps its topic.
func (l *Lexicon) WithContext(q Query, earlier string) Query {
	prev := l.Parse(earlier)
	have := map[string]bool{}
	for _, g := range q.Groups {
		have[g.Terms[0]] = true
	}
	for _, g := range prev.Groups {
		if have[g.Terms[0]] {
			continue
		}
		g.Context = true
		q.Groups = append(q.Groups, g)
	}
	return q
}

// group builds the group for one query word or glossary phrase.
func (l *Lexicon) group(w string) (Group, bool) {
	fields := strings.Fields(w)
	if len(fields) == 1 && stopwords[w] {
		return Group{}, false
	}
	g := Group{Word: w, Numeric: isNumeric(w)}
	add := func(word string, weight float64) {
		for _, f := range strings.Fields(word) {
			t, ok := Term(f)
			if !ok {
				continue
			}
			if i := indexOf(g.Terms, t); i >= 0 {
				g.Weights[i] = math.Max(g.Weights[i], weight)
				continue
			}
			g.Terms = append(g.Terms, t)
			g.Weights = append(g.Weights, weight)
		}
	}
	add(w, 1)
	if alt, ok := synonyms[w]; ok {
		add(alt, 0.8)
	}
	if len(g.Terms) == 0 {
		return Group{}, false
	}
	if len(fields) == 1 && !l.Known(g.Terms[0]) && !g.Numeric {
		if fix := l.correct(w); fix != "" {
			add(fix, 0.7)
			if alt, ok := synonyms[fix]; ok {
				add(alt, 0.6)
			}
		}
	}
	l.weigh(&g)
	return g, true
}

// weigh sets a group's Known flag and its Weight: the IDF of the word's own
// term when the corpus has it, else of its most specific known alternative,
// else the IDF of an unseen term.
func (l *Lexicon) weigh(g *Group) {
	g.Weight = 0
	g.Known = false
	for _, t := range g.Terms {
		if l.Known(t) {
			g.Known = true
			g.Weight = math.Max(g.Weight, l.IDF(t))
		}
	}
	switch {
	case !g.Known:
		g.Weight = l.IDF("")
	case l.Known(g.Terms[0]):
		g.Weight = l.IDF(g.Terms[0])
	}
}

func mergeGroups(a, b Group) Group {
	for i, t := range b.Terms {
		if indexOf(a.Terms, t) < 0 {
			a.Terms = append(a.Terms, t)
			a.Weights = append(a.Weights, b.Weights[i])
		}
	}
	a.Weight = math.Max(a.Weight, b.Weight)
	a.Known = a.Known || b.Known
	return a
}

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}

// correct returns the corpus word closest in spelling to w: one edit away
// for words of up to seven letters, two for longer ones, with the same first
// letter, the most frequent first. It returns "" when there is none.
func (l *Lexicon) correct(w string) string {
	if len(w) < 4 {
		return ""
	}
	limit := 1
	if len([]rune(w)) >= 8 {
		limit = 2
	}
	type cand struct {
		word string
		dist int
		freq int
	}
	var best []cand
	for v, freq := range l.words {
		if v == "" || v[0] != w[0] || abs(len(v)-len(w)) > limit || stopwords[v] {
			continue
		}
		if d := editDistance(w, v, limit); d <= limit {
			best = append(best, cand{v, d, freq})
		}
	}
	if len(best) == 0 {
		return ""
	}
	sort.Slice(best, func(i, j int) bool {
		if best[i].dist != best[j].dist {
			return best[i].dist < best[j].dist
		}
		if best[i].freq != best[j].freq {
			return best[i].freq > best[j].freq
		}
		return best[i].word < best[j].word
	})
	return best[0].word
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and adjacent transpositions), or
// limit+1 once it is sure to exceed limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// phrases groups words into the longest phrases that table knows, up to
// four words, leaving other words as they are.
func phrases(words []string, table map[string]string) []string {
	var out []string
	for i := 0; i < len(words); {
		n := 1
		for size := min(4, len(words)-i); size > 1; size-- {
			if _, ok := table[strings.Join(words[i:i+size], " ")]; ok {
				n = size
				break
			}
		}
		out = append(out, strings.Join(words[i:i+n], " "))
		i += n
	}
	return out
}

// translate replaces Vietnamese phrases with English words and drops
// Vietnamese function words; anything else (names, numbers, English) stays.
func translate(words []string) []string {
	var out []string
	for _, p := range phrases(words, vietnamese) {
		if en, ok := vietnamese[p]; ok {
			out = append(out, Words(en)...)
			continue
		}
		if vietnameseStopwords[p] || p == "nam" || p == "viet" {
			continue
		}
		out = append(out, p)
	}
	return out
}

// isVietnamese reports whether a question is written in Vietnamese: it uses
// letters only Vietnamese uses, or more Vietnamese words than English ones.
func isVietnamese(text string, words []string) bool {
	for _, r := range text {
		if strings.ContainsRune("ăâđêôơưĂÂĐÊÔƠƯ", r) || (r >= 0x1EA0 && r <= 0x1EF9) {
			return true
		}
	}
	vi, en := 0, 0
	for i, w := range words {
		switch {
		case vietnameseStopwords[w] || vietnamese[w] != "":
			vi++
		case i+1 < len(words) && vietnamese[w+" "+words[i+1]] != "":
			vi++
		case stopwords[w] && !unicode.IsDigit(rune(w[0])):
			en++
		}
	}
	return vi >= 2 && vi > en
}
