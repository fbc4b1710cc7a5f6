package retrieval

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/partnerbot/partnerbot/corpus"
)

// Lexicon holds the corpus vocabulary: how many sentences each term occurs
// in, and the words seen, for weighting query terms and correcting typos.
type Lexicon struct {
	df       map[string]int      // term → sentences containing it
	n        int                 // sentences
	words    map[string]int      // folded word → occurrences, corpus and glossary
	prefixes map[string][]string // six-letter prefix → corpus terms
	names    names               // the people, places and organisations the corpus names
	// alternates widen a query word with terms learned to stand for it;
	// NewLexicon has none, Build gives the index's.
	alternates *Alternates
}

// NewLexicon counts the terms of every sentence in c.
func NewLexicon(c *corpus.Corpus) *Lexicon {
	l := &Lexicon{df: map[string]int{}, words: map[string]int{}, prefixes: map[string][]string{}}
	for _, d := range c.Documents() {
		for i := range d.Sentences {
			l.n++
			seen := map[string]bool{}
			raw := scan(corpus.Normalize(d.Sentence(i)))
			for _, w := range raw {
				l.words[w]++
			}
			for _, w := range joinCompounds(raw) {
				if t, ok := Term(w); ok && !seen[t] {
					seen[t] = true
					l.df[t]++
				}
			}
		}
	}
	known := func(w string) {
		if _, ok := l.words[w]; !ok {
			l.words[w] = 0
		}
	}
	for _, table := range []map[string]string{synonyms, compounds2, compounds3, canonicalWords} {
		for k := range table {
			for _, w := range strings.Fields(k) {
				known(w)
			}
		}
	}
	l.names = newNames(c.Entities())
	for _, n := range l.names.list {
		for _, w := range n.parts {
			known(w)
		}
	}
	for _, table := range []map[string]bool{stopwords, gazetteer} {
		for w := range table {
			known(w)
		}
	}
	for t := range l.df {
		if len(t) >= prefixLen && !isNumeric(t) {
			l.prefixes[t[:prefixLen]] = append(l.prefixes[t[:prefixLen]], t)
		}
	}
	for _, ts := range l.prefixes {
		sort.Strings(ts)
	}
	return l
}

// prefixLen is how many leading letters two terms must share to count as
// forms of one word the stemmer keeps apart ("remembering", "remembrance").
const prefixLen = 6

// Known reports whether a term occurs in the corpus.
func (l *Lexicon) Known(term string) bool { return l.df[term] > 0 }

// Fingerprint identifies the counts behind IDF: two lexicons with one
// fingerprint weigh every term alike.
func (l *Lexicon) Fingerprint() string {
	terms := slices.Sorted(maps.Keys(l.df))
	h := sha256.New()
	fmt.Fprintf(h, "%d\n", l.n)
	for _, t := range terms {
		fmt.Fprintf(h, "%s %d\n", t, l.df[t])
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

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
	Alts    []Alt     // the word's own term first, then synonyms and related forms
	Terms   []string  // every term of Alts, once
	Weights []float64 // how much each term counts alone, 1 for the word's own
	Weight  float64   // the group's importance: IDF of its best known term
	Known   bool      // some term occurs in the corpus
	Numeric bool      // a number or year
	Entity  bool      // a place, person or organisation from the gazetteer
	Context bool      // from an earlier turn, not this question
	// Names, when the word is a name the articles use or its short form,
	// are the words the name and its aliases are written with: "Trong"
	// also asks "Nguyen Phu Trong".
	Names []string
}

// Critical reports whether an answer must mention the group: a named
// entity. (Numbers are critical as a set; see the bot.)
func (g Group) Critical() bool { return g.Entity && !g.Context }

// Alt is one way to say a group's word: a term, or a phrase of terms that
// only fully stands for the word together.
type Alt struct {
	Terms  []string
	Weight float64
}

// Query is a parsed question.
type Query struct {
	Text       string  // as asked
	English    string  // Vietnamese phrases translated, for reading the question type
	Vietnamese bool    // the question is in Vietnamese
	Groups     []Group // content words, in order, no two with the same first term
	// Names are the words of every name the question gives, in full and
	// short ("trong" gives "nguyen", "phu", "trong"), even one it leaves
	// out ("besides Trong…").
	Names []string
}

// withContextText is the question as asked, followed by the words of its
// context groups, for embedders that read text.
func (q Query) withContextText() string {
	var b strings.Builder
	b.WriteString(q.Text)
	for _, g := range q.Groups {
		if g.Context {
			b.WriteByte(' ')
			b.WriteString(g.Word)
		}
	}
	return b.String()
}

// Parse reads a question: translates Vietnamese, drops stop words, and
// gives each content word a group of terms, with glossary synonyms and, for
// words the corpus lacks, close spellings it has.
func (l *Lexicon) Parse(text string) Query {
	q := Query{Text: text}
	norm := corpus.Normalize(text)
	raw := scan(norm)
	q.Vietnamese = isVietnamese(text, raw, l.names.parts)
	if q.Vietnamese {
		raw = scan(dottedThousands(norm))
	} else {
		raw = l.correctAll(chatSpeak(raw))
	}
	words := dayOrdinals(joinCompounds(raw))
	if q.Vietnamese {
		words = translate(l.names.mark(words, vietnameseAll))
	} else {
		words = l.names.mark(words, nil)
	}
	q.English = strings.Join(l.names.unmark(words), " ")
	for _, w := range words {
		for _, n := range l.names.named(w) {
			q.Names = append(q.Names, n.parts...)
		}
	}
	words, left := dropExcluded(dropQuestionWords(dropCourtesies(words)))
	leftOut := l.termsOf(left)
	seen := map[string]int{}
	for _, w := range phrases(words, synonyms) {
		g, ok := l.group(w)
		if !ok {
			continue
		}
		if len(leftOut) > 0 {
			g.without(leftOut)
			l.weigh(&g)
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
	return WithContext(q, l.Parse(earlier))
}

// WithContext adds the groups of an earlier, already parsed question to q,
// marked as context.
func WithContext(q, prev Query) Query {
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

// Merge joins the parsed parts of one question into the query for the whole:
// their texts and English joined, their groups in order, a group whose first
// term is already there merged into it. The parts are not parsed again.
func Merge(parts ...Query) Query {
	var q Query
	seen := map[string]int{}
	var texts, english []string
	for _, p := range parts {
		texts, english = append(texts, p.Text), append(english, p.English)
		q.Vietnamese = q.Vietnamese || p.Vietnamese
		for _, g := range p.Groups {
			if i, dup := seen[g.Terms[0]]; dup {
				q.Groups[i] = mergeGroups(q.Groups[i], g)
				q.Groups[i].Context = q.Groups[i].Context && g.Context
				continue
			}
			seen[g.Terms[0]] = len(q.Groups)
			q.Groups = append(q.Groups, g)
		}
	}
	q.Text, q.English = strings.Join(texts, " "), strings.Join(english, " ")
	return q
}

// group builds the group for one query word or glossary phrase.
func (l *Lexicon) group(w string) (Group, bool) {
	if n, ok := l.names.marked(w); ok {
		return l.nameGroup(n)
	}
	fields := strings.Fields(w)
	if len(fields) == 1 && stopwords[w] {
		return Group{}, false
	}
	g := Group{Word: w, Numeric: isNumeric(w) || IsOrdinal(w), Entity: len(fields) == 1 && gazetteer[w]}
	g.add(w, 1)
	if alts, ok := synonyms[w]; ok {
		for _, alt := range strings.Split(alts, ",") {
			g.add(alt, 0.8)
		}
	}
	if len(g.Terms) == 0 {
		return Group{}, false
	}
	if len(fields) == 1 && !g.Numeric && !l.Known(g.Terms[0]) {
		l.addWordNet(&g, w)
	}
	if len(fields) == 1 && !g.Numeric {
		for _, t := range l.alternates.of(g.Terms[0]) {
			g.addTerms([]string{t}, l.alternates.Weight)
		}
	}
	for _, a := range append([]Alt(nil), g.Alts...) {
		if len(a.Terms) == 1 {
			for _, t := range l.related(a.Terms[0]) {
				g.addTerms([]string{t}, 0.8*a.Weight)
			}
		}
	}
	for _, n := range l.names.named(w) {
		g.Names = append(g.Names, n.parts...)
	}
	l.weigh(&g)
	return g, true
}

// nameGroup builds the group for a name the articles use: its short form
// ("trong"), which the articles use alone, then the whole name.
func (l *Lexicon) nameGroup(n *name) (Group, bool) {
	g := Group{Word: strings.Join(n.words, " "), Names: n.parts}
	if n.short != "" {
		g.add(n.short, 1)
	}
	var terms []string
	for _, w := range n.words {
		if t, ok := Term(w); ok && !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	g.addTerms(terms, 1)
	if len(g.Terms) == 0 {
		return Group{}, false
	}
	l.weigh(&g)
	return g, true
}

// add adds the phrase as an alternative of the group.
func (g *Group) add(phrase string, weight float64) {
	var terms []string
	for _, w := range Words(phrase) {
		if t, ok := Term(w); ok && !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	g.addTerms(terms, weight)
}

// without drops the alternatives, but the word's own, that use a term of
// drop: what the asker leaves out ("besides Trong, which leaders…") must
// not come back as another word's synonym or learned alternate.
func (g *Group) without(drop map[string]bool) {
	alts := g.Alts
	g.Alts, g.Terms, g.Weights = nil, nil, nil
	for i, a := range alts {
		if i > 0 && slices.ContainsFunc(a.Terms, func(t string) bool { return drop[t] }) {
			continue
		}
		g.addTerms(a.Terms, a.Weight)
	}
}

// addTerms adds analysed terms as one alternative of the group.
func (g *Group) addTerms(terms []string, weight float64) {
	if len(terms) == 0 {
		return
	}
	for _, a := range g.Alts {
		if strings.Join(a.Terms, " ") == strings.Join(terms, " ") {
			return
		}
	}
	g.Alts = append(g.Alts, Alt{Terms: terms, Weight: weight})
	alone := weight
	if len(terms) > 1 {
		alone *= 0.7 // one word of a phrase says less than the phrase
	}
	for _, t := range terms {
		if i := slices.Index(g.Terms, t); i >= 0 {
			g.Weights[i] = math.Max(g.Weights[i], alone)
			continue
		}
		g.Terms = append(g.Terms, t)
		g.Weights = append(g.Weights, alone)
	}
}

// maxWordNet bounds how many WordNet synonyms one word may bring in.
const maxWordNet = 8

// addWordNet adds the WordNet synonyms of a word the corpus lacks, keeping
// only those the corpus uses: "militaries" gains "armed forces" only if an
// article says it.
func (l *Lexicon) addWordNet(g *Group, w string) {
	n := 0
	for _, syn := range WordNetSynonyms(w) {
		if n == maxWordNet {
			return
		}
		var terms []string
		known := true
		for _, sw := range Words(syn) {
			if t, ok := Term(sw); ok {
				terms = append(terms, t)
				known = known && l.Known(t)
			}
		}
		if known && len(terms) > 0 {
			g.addTerms(terms, 0.6)
			n++
		}
	}
}

// related returns the corpus terms that share t's first six letters: forms
// of one word that the stemmer keeps apart.
func (l *Lexicon) related(t string) []string {
	if len(t) < prefixLen || isNumeric(t) {
		return nil
	}
	var out []string
	for _, v := range l.prefixes[t[:prefixLen]] {
		if v != t {
			out = append(out, v)
		}
	}
	return out
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
	for _, alt := range b.Alts {
		a.addTerms(alt.Terms, alt.Weight)
	}
	a.Weight = math.Max(a.Weight, b.Weight)
	a.Known = a.Known || b.Known
	return a
}

// chatWords are the abbreviations and spellings of chat: what they stand
// for, in the words the rest of the analysis reads.
var chatWords = map[string]string{
	"wat": "what", "wut": "what", "wht": "what", "whut": "what", "wen": "when", "whn": "when",
	"wher": "where", "whr": "where", "hw": "how", "hwo": "how", "y": "why", "u": "you", "ur": "your",
	"r": "are", "yr": "year", "yrs": "years", "abt": "about", "govt": "government", "gov": "government",
	"prez": "president", "pres": "president", "intl": "international", "w": "with", "bc": "because",
	"cuz": "because", "ppl": "people", "smth": "something", "sth": "something", "vn": "vietnam",
	"viet": "vietnam", "ty": "thanks", "tho": "though", "rn": "now", "tbf": "", "imo": "", "idk": "",
	"pls": "please", "plz": "please", "thx": "thanks", "b4": "before", "2day": "today",
	// question words run into "is": "whos", "whats"
	"whos": "who", "whats": "what", "wats": "what", "hows": "how", "wheres": "where", "whens": "when",
	"whys": "why",
}

// chatSpeak expands chat abbreviations ("wen did vn…" → "when did vietnam…").
func chatSpeak(words []string) []string {
	out := words[:0:0]
	for i, w := range words {
		switch v, ok := chatWords[w]; {
		case !ok:
			out = append(out, w)
		case w == "viet" && i+1 < len(words) && words[i+1] == "nam":
			out = append(out, w) // "viet nam" joins as a compound
		case v != "":
			out = append(out, v)
		}
	}
	return out
}

// correctAll replaces each word the lexicon does not know with the known
// word closest in spelling, when there is one, so "bilaterl" reads as
// "bilateral" and "United Staes" as "United States".
func (l *Lexicon) correctAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = w
		if _, ok := l.words[w]; ok || isNumeric(w) || len(w) < 3 {
			continue
		}
		fix := l.completeCompound(words, i)
		switch {
		case fix != "":
		case IsEnglishWord(w):
			// A real word is left alone ("funded" is not "founded",
			// "police" is not "policy"), unless it is one letter from a
			// name the articles use often ("Bidden").
			if f := l.correctWith(w, 1, minNameFreq); l.names.parts[f] {
				fix = f
			}
		default:
			fix = l.correct(w)
		}
		if fix != "" {
			out[i] = fix
		}
	}
	return out
}

// correct returns the known word closest in spelling to w: one edit away
// for words of up to seven letters, two for longer ones, with the same first
// letter, the most frequent first. A three-letter word is corrected only to
// a longer one ("min" → "minh", "wat" → "what"). It returns "" when there
// is none.
func (l *Lexicon) correct(w string) string {
	limit := 1
	if len([]rune(w)) >= 8 {
		limit = 2
	}
	return l.correctWith(w, limit, 0)
}

// completeCompound returns the word one edit from words[i] that makes a
// known compound with the words before it ("ho chi min" → "minh"), or "".
func (l *Lexicon) completeCompound(words []string, i int) string {
	w := words[i]
	for n := 1; n <= 2 && i-n >= 0; n++ {
		prefix := strings.Join(words[i-n:i], " ") + " "
		table := compounds2
		if n == 2 {
			table = compounds3
		}
		for k := range table {
			if !strings.HasPrefix(k, prefix) {
				continue
			}
			last := k[len(prefix):]
			if last != w && !strings.Contains(last, " ") && editDistance(w, last, 1) <= 1 {
				return last
			}
		}
	}
	return ""
}

// minNameFreq is how often the articles must use a word before a real
// English word one letter away is read as a misspelling of it.
const minNameFreq = 5

// correctWith is correct with an edit limit and a least corpus frequency.
func (l *Lexicon) correctWith(w string, limit, minFreq int) string {
	if minFreq > 0 && len(w) < 5 {
		return ""
	}
	type cand struct {
		word string
		dist int
		freq int
	}
	var best []cand
	for v, freq := range l.words {
		if v == "" || v[0] != w[0] || abs(len(v)-len(w)) > limit || len(v) < 4 || isNumeric(v) || freq < minFreq {
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
	for _, p := range phrases(words, vietnameseAll) {
		v, known := vietnameseAll[p]
		switch {
		case v != "":
			out = append(out, Words(v)...)
		case known: // glossed as nothing: a particle
		case p == "nao" && len(out) > 0:
			// "lãnh đạo nào": "which leaders"
			out = append(out[:len(out)-1], "which", out[len(out)-1])
		case p == "gi":
			out = append(out, "what")
		case vietnameseStopwords[p] || p == "nam" || p == "viet":
		default:
			out = append(out, p)
		}
	}
	return out
}

// isVietnamese reports whether a question is written in Vietnamese: it uses
// letters only Vietnamese uses, or more Vietnamese words than English ones.
// Names alone, such as "Việt Nam" or "Nguyễn Phú Trọng", do not make an
// English question Vietnamese: a word capitalised after the first, or a
// word of nameParts (the words of the names the articles use), is a name.
func isVietnamese(text string, words []string, nameParts map[string]bool) bool {
	marked, english := 0, 0 // words with Vietnamese letters; English function words as typed
	for i, f := range strings.Fields(text) {
		f = strings.Trim(f, ".,;:!?'\"()“”‘’")
		if f == "" {
			continue
		}
		if strings.IndexFunc(f, vietnameseLetter) < 0 {
			// Only a word typed without Vietnamese marks can be English:
			// "Mỹ" and "thể" would fold to "my" and "the".
			if w := corpus.Normalize(f); stopwords[w] && !strings.ContainsFunc(w, unicode.IsDigit) && !vietnameseMarkers[w] {
				english++
			}
			continue
		}
		r, _ := utf8.DecodeRuneInString(f)
		if !nameParts[corpus.Normalize(f)] && (i == 0 || !unicode.IsUpper(r)) {
			marked++
		}
	}
	vi, en := 0, 0
	for i, w := range words {
		switch {
		case vietnameseMarkers[w]:
			vi++
		case i+1 < len(words) && vietnameseAll[w+" "+words[i+1]] != "" && !synonymPhrase(w+" "+words[i+1]):
			vi++ // a two-word Vietnamese phrase ("ha canh", "may gio")
		case stopwords[w] && !unicode.IsDigit(rune(w[0])):
			en++
		}
	}
	// Two words with Vietnamese letters make a question Vietnamese, unless
	// English function words outnumber them ("how long has the đổi mới
	// lasted?"); without diacritics, Vietnamese function words must.
	return marked >= 2 && marked >= english || vi >= 2 && vi > en
}

// vietnameseLetter reports whether r is a letter with a Vietnamese mark.
// Some are French too ("café", "résumé"): isVietnamese weighs them against
// the English function words typed beside them.
func vietnameseLetter(r rune) bool {
	return strings.ContainsRune("ăâđêôơưĂÂĐÊÔƠƯ", r) || (r >= 0x1EA0 && r <= 0x1EF9) ||
		strings.ContainsRune("àáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ", unicode.ToLower(r))
}

// vietnameseAll is the whole Vietnamese glossary: the domain entries, the
// general vocabulary and, where neither has an entry, the word list.
var vietnameseAll = func() map[string]string {
	words, err := parseWordList(vietnameseWordsTSV)
	if err != nil {
		panic("retrieval: vietnamese_words.tsv: " + err.Error())
	}
	m := make(map[string]string, len(vietnamese)+len(vietnameseGeneral)+len(words))
	for k, v := range words {
		m[k] = v
	}
	for k, v := range vietnameseGeneral {
		m[k] = v
	}
	for k, v := range vietnamese {
		m[k] = v
	}
	return m
}()

// synonymPhrase reports whether an English synonym phrase reads the same,
// so it is no evidence of Vietnamese.
func synonymPhrase(p string) bool {
	_, ok := synonyms[p]
	return ok
}

// dropQuestionWords removes the words that say what kind of thing is asked
// ("how long", "what year", "in two ways", "what was it called") rather
// than what it is about.
func dropQuestionWords(words []string) []string {
	out := words[:0:0]
	for i, w := range words {
		if shapeNouns[w] && len(out) > 0 && (isNumeric(out[len(out)-1]) || countWords[out[len(out)-1]]) {
			out = out[:len(out)-1] // "two ways": the count describes the answer
			continue
		}
		if (w == "called" || w == "named") && i == len(words)-1 {
			continue // "what was the document called"
		}
		prev := ""
		if i > 0 {
			prev = words[i-1]
		}
		prev2 := ""
		if i > 1 {
			prev2 = words[i-2]
		}
		asks := prev == "what" || prev == "which" || prev2 == "what" || prev2 == "which" || prev == "list" || prev2 == "list"
		switch {
		case prev == "how" && howWords[w]:
			continue
		case asks && kindWords[w], alwaysKind[w]:
			continue
		}
		out = append(out, w)
	}
	return out
}

var howWords = setOf(`long big large far often old soon much many`)

// shapeNouns, after a number, say how an answer is laid out, not what it is
// about: "in two ways", "three things".
var shapeNouns = setOf(`ways things reasons points items examples facts aspects areas fields kinds types`)

var kindWords = setOf(`year years date dates day days month months time times areas area fields
field sectors sector topics topic issues aspects kinds types ways things specifics role roles
positions titles week weekday`)

// alwaysKind are words that only ever say what kind of answer is wanted
// ("month and year pls").
var alwaysKind = setOf(`month months date dates weekday weekend week yr yrs`)

// exclusions open a phrase naming what the asker leaves out: "besides
// Trong, which leaders…".
var exclusions = setOf(`besides except excluding other apart aside separate`)

// dropExcluded removes the words that follow an exclusion ("besides
// trong"), up to the next stop word, and returns them apart.
func dropExcluded(words []string) (kept, left []string) {
	kept = words[:0:0]
	skipping := false
	for i, w := range words {
		switch {
		case exclusions[w] && (w != "other" || (i+1 < len(words) && words[i+1] == "than")):
			skipping = true
			continue
		case skipping && (w == "than" || w == "from" || w == "the"):
			continue
		case skipping && !stopwords[w]:
			left = append(left, w)
			continue
		}
		skipping = false
		kept = append(kept, w)
	}
	return kept, left
}

// termsOf are the terms of words and their related forms ("investment":
// "invest", "investor"), a name's counting every word it is written with
// ("trong": "nguyen", "phu", "trong").
func (l *Lexicon) termsOf(words []string) map[string]bool {
	out := map[string]bool{}
	for _, w := range words {
		parts := strings.Fields(w)
		if n, ok := l.names.marked(w); ok {
			parts = n.parts
		}
		for _, p := range parts {
			if t, ok := Term(p); ok {
				out[t] = true
				for _, r := range l.related(t) {
					out[r] = true
				}
			}
		}
	}
	return out
}

// LooksVietnamese reports whether text reads as Vietnamese rather than
// English, by the same test queries are parsed with.
func LooksVietnamese(text string) bool {
	return isVietnamese(text, scan(corpus.Normalize(text)), nil)
}
