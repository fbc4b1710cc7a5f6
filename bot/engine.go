package bot

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/retrieval"
)

// Options configure an Engine. The zero value means the defaults.
type Options struct {
	K         int // passages retrieved per question; default 12
	MaxQuotes int // quotes in an extractive answer; default 3
	// Selector weighs candidate sentences and decides when to decline;
	// default the embedded selector.json.
	Selector *Selector
	// Complete, when set, answers with a language model from the top
	// Passages passages; its quotes are verified and the extractive answer
	// stands in whenever it fails.
	Complete Completer
	// Stream, when set beside Complete, is used by AnswerStream to show
	// verified sentences while the model is still writing.
	Stream   Streamer
	Passages int // passages shown to the model; default 12
}

// DefaultK is how many passages an answer is drawn from when Options.K is
// 0.
const DefaultK = 12

func (o Options) withDefaults() Options {
	if o.K <= 0 {
		o.K = DefaultK
	}
	if o.MaxQuotes <= 0 {
		o.MaxQuotes = 3
	}
	if o.Selector == nil {
		o.Selector = embeddedSelector()
	}
	if o.Passages <= 0 {
		o.Passages = 12 // recall@12 is 0.98 and more on every question set; see README
	}
	return o
}

// embeddedSelector is DefaultSelector, parsed once; the tests check it
// parses, so a failure here is a broken build.
var embeddedSelector = sync.OnceValue(func() *Selector {
	s, err := DefaultSelector()
	if err != nil {
		panic(err)
	}
	return s
})

// Engine answers questions from an index. It is safe for concurrent use;
// Swap replaces the index without disturbing answers in flight.
type Engine struct {
	opts  Options
	state atomic.Pointer[state]
}

// state is everything derived from one index.
type state struct {
	index    *retrieval.Index
	corpus   *corpus.Corpus
	docIndex map[string]int
	docs     []docState // by docIndex, analysed when first needed
	// countryLists are the passages that name two countries or more
	// besides Vietnam and the US, for "which countries…" questions: the
	// maxCountryLists naming the most.
	countryLists []corpus.Passage
	spans        spanCache // parts of sentences clip tried
}

// maxCountryLists bounds the lists a "which countries…" question adds to
// what it retrieved.
const maxCountryLists = 16

// docState is one document's sentences analysed for extraction.
type docState struct {
	once   sync.Once
	terms  []map[string]bool // sentence → terms
	seqs   [][]string        // sentence → terms in order
	norms  []string          // sentence → normalised text
	vecs   [][]int32         // sentence → word-vector rows of its words
	means  [][]float32       // sentence → mean vector of its content words
	cvecs  [][]int32         // sentence → word-vector rows of its content words
	shapes []shapes          // sentence → cached kind.fitsText
}

// doc returns d's analysis, working it out on first use: a large corpus
// costs only for the documents questions reach.
func (st *state) doc(d *corpus.Document) *docState {
	ds := &st.docs[st.docIndex[d.ID]]
	ds.once.Do(func() {
		n := len(d.Sentences)
		ds.terms, ds.seqs, ds.norms, ds.shapes = make([]map[string]bool, n), make([][]string, n), make([]string, n), make([]shapes, n)
		ds.vecs, ds.means, ds.cvecs = make([][]int32, n), make([][]float32, n), make([][]int32, n)
		wv := retrieval.Glove()
		refs := st.corpus.Referents(d.ID)
		for i := range n {
			ds.vecs[i] = wv.IDs(d.Sentence(i))
			ds.cvecs[i] = wv.RowsOf(retrieval.ContentWords(d.Sentence(i)))
			ds.means[i] = wv.Mean(ds.cvecs[i])
			ds.seqs[i] = retrieval.Terms(d.Sentence(i))
			ds.terms[i] = set(ds.seqs[i])
			for _, name := range refs[i] { // "the General Secretary" names Trong
				if t, ok := retrieval.Term(name); ok {
					ds.terms[i][t] = true
				}
			}
			ds.norms[i] = corpus.Normalize(d.Sentence(i))
		}
	})
	return ds
}

// New returns an Engine answering from ix.
func New(ix *retrieval.Index, opts Options) *Engine {
	e := &Engine{opts: opts.withDefaults()}
	e.Swap(ix)
	return e
}

// Swap makes the engine answer from ix from now on.
func (e *Engine) Swap(ix *retrieval.Index) {
	c := ix.Corpus()
	st := &state{index: ix, corpus: c, docIndex: map[string]int{}, docs: make([]docState, len(c.Documents()))}
	type list struct {
		p         corpus.Passage
		countries int
	}
	var lists []list
	for i, d := range c.Documents() {
		st.docIndex[d.ID] = i
		for _, p := range d.Passages {
			if n := countCountries(p.Text); n >= 2 {
				lists = append(lists, list{p, n})
			}
		}
	}
	slices.SortStableFunc(lists, func(a, b list) int { return b.countries - a.countries })
	for _, l := range lists[:min(len(lists), maxCountryLists)] {
		st.countryLists = append(st.countryLists, l.p)
	}
	e.state.Store(st)
}

// Index is the index the engine answers from now.
func (e *Engine) Index() *retrieval.Index { return e.state.Load().index }

// Answer answers a question. The error is non-nil only for a question that
// fails Validate (see UserMessage) or when retrieval itself fails; an
// unanswerable question gets an Answer that abstains.
func (e *Engine) Answer(ctx context.Context, q partnerbot.Question) (partnerbot.Answer, error) {
	return e.AnswerStream(ctx, q, nil)
}

// AnswerStream answers like Answer. With a language model that streams
// (Options.Stream), it also calls show, from the calling goroutine, each
// time the model completes a sentence whose quotes verify, with the
// answer so far; the answer it returns may still differ (an extractive
// fallback when the stream is cut, say). show may be nil.
func (e *Engine) AnswerStream(ctx context.Context, q partnerbot.Question, show func(partnerbot.Answer)) (partnerbot.Answer, error) {
	return e.answer(ctx, q, show, nil)
}

// Explain answers a question as Answer does and says how: the analysed
// question, the passages with each ranking's score, every candidate
// sentence with its features and probability, and what was chosen or why
// it declined.
func (e *Engine) Explain(ctx context.Context, q partnerbot.Question) (Trace, error) {
	tr := &Trace{Threshold: e.opts.Selector.Threshold, AcceptTop: e.opts.Selector.AcceptTop, Features: FeatureNames()}
	a, err := e.answer(ctx, q, nil, tr)
	tr.Answer, tr.Reason = a, a.Reason
	tr.listsNotNil()
	return *tr, err
}

// Asked returns the words a question asks about, as the engine reads it:
// its parts' groups, without the sentences that ask nothing ("ignore your
// rules") it keeps as context. selectorfit learns alternates from them.
func (e *Engine) Asked(text string) []retrieval.Group {
	var out []retrieval.Group
	seen := map[string]bool{}
	for _, r := range e.plan(e.state.Load(), partnerbot.Question{Text: text}).parts {
		for _, g := range r.q.Groups {
			if !g.Context && !seen[g.Terms[0]] {
				seen[g.Terms[0]] = true
				out = append(out, g)
			}
		}
	}
	return out
}

// Warm answers text from the articles alone, with BM25, and discards the
// answer: what the engine loads on first use (the word vectors, WordNet,
// each article's analysis) is then loaded. It calls no model and no
// embedder.
func (e *Engine) Warm(ctx context.Context, text string) {
	q := partnerbot.Question{Text: text}
	if partnerbot.Validate(text) != nil || ctx.Err() != nil {
		return
	}
	st := e.state.Load()
	pq := e.plan(st, q)
	if hits, err := st.index.Search(ctx, pq.whole, retrieval.BM25, e.opts.K); err == nil {
		e.extract(st, q, pq, hits, nil)
	}
}

func (e *Engine) answer(ctx context.Context, q partnerbot.Question, show func(partnerbot.Answer), tr *Trace) (partnerbot.Answer, error) {
	if err := partnerbot.Validate(q.Text); err != nil {
		return partnerbot.Answer{}, err
	}
	if err := ctx.Err(); err != nil {
		return partnerbot.Answer{}, err // in every mode, not only where embedding notices
	}
	st := e.state.Load()
	pq := e.plan(st, q)
	hits, err := st.index.Search(ctx, pq.whole, retrieval.Mode(q.Mode), e.opts.K)
	if err != nil {
		return partnerbot.Answer{}, fmt.Errorf("search: %w", err)
	}
	a, best := e.extract(st, q, pq, hits, tr)
	ranked := rerank(hits, best)
	tr.passages(hits, ranked, best)
	if e.opts.Complete != nil && len(hits) > 0 {
		a = e.withGeneration(ctx, st, q, pq, ranked, a, show)
	}
	return a, nil
}

// withGeneration tries a generative answer and keeps the extractive one,
// marked as such, when the model fails or gives nothing verifiable; its
// note says so, and, when sentences were shown while the model wrote,
// that they are replaced.
func (e *Engine) withGeneration(ctx context.Context, st *state, q partnerbot.Question, p plan, hits []retrieval.Hit, extractive partnerbot.Answer, show func(partnerbot.Answer)) partnerbot.Answer {
	shown := false
	var last partnerbot.Answer // the last shown
	if show != nil {
		inner := show
		show = func(a partnerbot.Answer) { shown, last = true, a; inner(a) }
	}
	g, err := e.generate(ctx, st, q, p, hits, show)
	if err == nil {
		switch {
		case g.Abstained && shown: // the model declined after its sentences were shown
			g.Notes = append(g.Notes, msgs(g.Language).withdrawn)
			g.Text = Neutralize(declineText(g.Language, g.Closest) + "\n\n" + msgs(g.Language).withdrawn)
		case shown && !keepsClaims(g, last): // a draft, or an object the final reading passed over
			g.Notes = append(g.Notes, msgs(g.Language).revised)
			g.Text = Neutralize(g.Text + "\n\n" + msgs(g.Language).revised)
		}
		return g
	}
	extractive.Fallback = err
	extractive.Usage = g.Usage
	note := msgs(extractive.Language).fallback
	switch {
	case shown: // the asker watched the model write: say its sentences are gone
		note = msgs(extractive.Language).replaced
	case errors.Is(err, ErrStreamCut):
		note = msgs(extractive.Language).cut
	case Unverified(err):
		note = msgs(extractive.Language).unverified
	}
	extractive.Notes = append(extractive.Notes, note)
	extractive.Text = joinText(extractive)
	if extractive.Abstained {
		extractive.Text = Neutralize(declineText(extractive.Language, extractive.Closest) + "\n\n" + note)
	}
	extractive.Reason += "; generation failed: " + err.Error()
	return extractive
}

// keepsClaims reports whether an answer holds every claim of one shown
// before it, by their sentences.
func keepsClaims(a, shown partnerbot.Answer) bool {
	for _, c := range shown.Claims {
		if !slices.ContainsFunc(a.Claims, func(k partnerbot.Claim) bool { return k.Text == c.Text }) {
			return false
		}
	}
	return true
}

// Search returns the first k passages retrieval ranks for q, in its own
// order: before Retrieve's order by their best sentence. Evaluation
// compares the retrieval modes on it.
func (e *Engine) Search(ctx context.Context, q partnerbot.Question, k int) ([]retrieval.Hit, error) {
	if err := partnerbot.Validate(q.Text); err != nil {
		return nil, err
	}
	st := e.state.Load()
	return st.index.Search(ctx, e.plan(st, q).whole, retrieval.Mode(q.Mode), k)
}

// Retrieve returns the first k passages the engine considers for q, in the
// order it ranks them: the K it retrieves (Options.K) by the best sentence
// each holds, as a model is shown them, then, when k is deeper, the next
// ones in retrieval order. Evaluation uses it to rank evidence beyond the
// engine's own K.
func (e *Engine) Retrieve(ctx context.Context, q partnerbot.Question, k int) ([]retrieval.Hit, error) {
	if err := partnerbot.Validate(q.Text); err != nil {
		return nil, err
	}
	st := e.state.Load()
	pq := e.plan(st, q)
	mode := retrieval.Mode(q.Mode)
	hits, err := st.index.Search(ctx, pq.whole, mode, e.opts.K)
	if err != nil {
		return nil, err
	}
	_, best := e.extract(st, q, pq, hits, nil)
	out := rerank(hits, best)
	if k > len(out) && len(out) == e.opts.K {
		deeper, err := st.index.Search(ctx, pq.whole, mode, k)
		if err != nil {
			return nil, err
		}
		out = appendNew(out, deeper)
	}
	return out[:min(k, len(out))], nil
}

// appendNew appends to hits those of more it does not hold, numbered on.
func appendNew(hits, more []retrieval.Hit) []retrieval.Hit {
	for _, h := range more {
		if !slices.ContainsFunc(hits, func(x retrieval.Hit) bool { return x.Passage.ID == h.Passage.ID }) {
			h.Rank = len(hits) + 1
			hits = append(hits, h)
		}
	}
	return hits
}

// plan is a question read for answering: the query as a whole, for
// retrieval, and one query for each question it asks.
type plan struct {
	whole retrieval.Query
	parts []reading
}

// plan parses a question. Sentences that ask nothing ("ignore your rules")
// and, for a follow-up, the previous question become context: they can
// help a passage rank, never hold an answer back. The exceptions are a
// question that only points back, outside a conversation ("I read about a
// new council. Who chairs it?"), and a follow-up of only question words
// ("When was that?"): what came before is what it asks about.
//
// Each piece of text is parsed once: the parts, the context and the
// previous question; the whole is the parts merged.
func (e *Engine) plan(st *state, q partnerbot.Question) plan {
	lex := st.index.Lexicon()
	texts, joined, context := questionParts(q.Text)
	parsed := make([]retrieval.Query, len(texts))
	for i, t := range texts {
		parsed[i] = lex.Parse(t)
	}
	parsed, context = foldFollowOns(parsed, joined, context)
	prev := lastQuestion(q.History)
	var contexts []retrieval.Query
	if context != "" {
		c := lex.Parse(context)
		if len(parsed) == 1 && len(parsed[0].Groups) == 0 && prev == "" {
			parsed[0] = retrieval.Merge(parsed[0], c)
		} else {
			contexts = append(contexts, c)
		}
	}
	whole := retrieval.Merge(parsed...)
	if prev != "" && isFollowUp(whole) {
		if pq := lex.Parse(prev); asksOfPrevious(parsed) {
			// "When was that?" asks only a question word: it asks it of
			// the previous question's words, and asks for a date still.
			m := retrieval.Merge(parsed[0], pq)
			m.English = parsed[0].English
			parsed[0], whole = m, m
		} else {
			contexts = append(contexts, pq)
		}
	}
	withContext := func(pq retrieval.Query) retrieval.Query {
		for _, c := range contexts {
			pq = retrieval.WithContext(pq, c)
		}
		return pq
	}
	p := plan{whole: withContext(whole)}
	if len(parsed) == 1 {
		p.parts = []reading{read(p.whole)}
		return p
	}
	for i, pq := range parsed {
		pq = withContext(pq)
		if i > 0 {
			pq = retrieval.WithContext(pq, parsed[0]) // "…and when was it set up?"
		}
		p.parts = append(p.parts, read(pq))
	}
	return p
}

// foldFollowOns keeps as questions only the parts that ask something new:
// a later sentence that does not open like a question, or that brings no
// content word of its own ("like which building, not just the city", "need
// all the names pls"), elaborates the first and becomes context. Parts cut
// from one sentence by "and" stay questions.
func foldFollowOns(parts []retrieval.Query, joined []bool, context string) ([]retrieval.Query, string) {
	if len(parts) < 2 {
		return parts, context
	}
	first := map[string]bool{}
	for _, g := range parts[0].Groups {
		first[g.Terms[0]] = true
	}
	kept := parts[:1]
	extra := []string{}
	for i, pq := range parts[1:] {
		fresh := 0
		for _, g := range pq.Groups {
			if !first[g.Terms[0]] {
				fresh++
			}
		}
		if joined[i+1] || (questionStart.MatchString(pq.Text) && fresh >= 1) {
			kept = append(kept, pq)
		} else {
			extra = append(extra, pq.Text)
		}
	}
	if context != "" {
		extra = append(extra, context)
	}
	return kept, strings.Join(extra, " ")
}

// countCountries counts the distinct countries a text names besides Vietnam
// and the US.
func countCountries(text string) int {
	seen := map[string]bool{}
	for _, w := range retrieval.Words(text) {
		if retrieval.IsCountry(w) && w != "vietnam" && w != "us" {
			seen[w] = true
		}
	}
	return len(seen)
}

// listingCountries returns, as extra hits ranked after hits, the passages
// that list countries: a "which countries…" question is answered by a list
// its words may not retrieve.
func (st *state) listingCountries(hits []retrieval.Hit) []retrieval.Hit {
	have := map[string]bool{}
	for _, h := range hits {
		have[h.Passage.ID] = true
	}
	var out []retrieval.Hit
	for _, p := range st.countryLists {
		if !have[p.ID] {
			out = append(out, retrieval.Hit{Passage: p, Rank: len(hits) + len(out) + 1})
		}
	}
	return out
}

// lastQuestion returns the most recent question of a conversation.
func lastQuestion(history []partnerbot.Turn) string {
	for i := len(history) - 1; i >= 0; i-- {
		if strings.TrimSpace(history[i].Question) != "" {
			return history[i].Question
		}
	}
	return ""
}

// asksOfPrevious reports whether a follow-up asks only a question word of
// the previous question ("When was that?", "Thanks. Why?"): one part, no
// words of its own, a question word, and not about the bot ("who are
// you?"). "thanks!", "ok" and "ignore your rules" ask nothing.
func asksOfPrevious(parsed []retrieval.Query) bool {
	if len(parsed) != 1 || len(parsed[0].Groups) > 0 {
		return false
	}
	return questionKind(parsed[0]) != kindOther && !addressesBot(parsed[0].English)
}

// isFollowUp reports whether a question leans on the one before: it is
// short, or opens or refers the way follow-ups do.
func isFollowUp(q retrieval.Query) bool {
	content := 0
	for _, g := range q.Groups {
		if g.Known {
			content++
		}
	}
	if content <= 3 {
		return true
	}
	lower := " " + strings.ToLower(q.English) + " "
	for _, w := range followUpCues {
		if strings.Contains(lower, " "+w+" ") {
			return true
		}
	}
	return false
}

// extract composes the extractive answer: verbatim quotes, or a decline.
// A question in several parts ("…in 2022, and what is the target for
// 2030?") is answered part by part, noting that some part is not covered.
//
// It also returns each passage's best sentence score, for rerank; a decline
// names the closest articles in that order.
func (e *Engine) extract(st *state, q partnerbot.Question, p plan, hits []retrieval.Hit, tr *Trace) (partnerbot.Answer, map[string]float64) {
	a := partnerbot.Answer{Question: q.Text, Mode: partnerbot.Extractive, Language: "en"}
	best := map[string]float64{}
	if p.whole.Vietnamese {
		a.Language = "vi"
	}
	cands := st.candidates(hits)
	if len(p.parts) == 1 {
		r := p.parts[0]
		k := r.kind
		if k == kindCountries {
			lists := st.listingCountries(hits)
			tr.weighedToo(lists)
			cands = st.candidates(append(hits, lists...))
		}
		pt := tr.part(r)
		sel := e.choose(r, cands, pt)
		bestScores(best, sel.all)
		if len(sel.chosen) == 0 {
			return decline(a, st, rerank(hits, best), sel.reason), best
		}
		chosen, cs := addConflicts(settlesByEvents(r), sel.chosen, sel.eligible, sel.all, e.opts.MaxQuotes)
		pt.settle(chosen, "")
		a.Citations = st.citations(chosen)
		if note := conflictNote(a, cs); note != "" {
			a.Notes = append(a.Notes, note)
		}
		a.Text = joinText(a)
		a.Reason = "answered"
		return a, best
	}
	var chosen []judged
	var conflicts []conflict
	var reasons []string
	missed, own := 0, 0 // own: quotes chosen for the parts, not for conflicts
	for _, r := range p.parts {
		pt := tr.part(r)
		sel := e.choose(r, cands, pt)
		bestScores(best, sel.all)
		if len(sel.chosen) == 0 {
			missed++
			reasons = append(reasons, sel.reason)
			continue
		}
		if !answersOwnPart(chosen, sel.chosen, r.q) {
			missed++
			const why = "only sentences quoted for another part, without this part's own words"
			reasons = append(reasons, why)
			pt.settle(nil, why)
			continue
		}
		var quoted []judged
		for _, j := range sel.chosen[:min(2, len(sel.chosen))] {
			switch {
			case containsSentence(chosen, j):
				quoted = append(quoted, j) // quoted for an earlier part too
			case own < max(e.opts.MaxQuotes, len(p.parts)):
				chosen = append(chosen, j)
				quoted = append(quoted, j)
				own++
			}
		}
		if len(quoted) == 0 {
			missed++
			const why = "the answer's quotes were spent on earlier parts"
			reasons = append(reasons, why)
			pt.settle(nil, why)
			continue
		}
		// Another article's figure joins, past the quotes' bound rather
		// than in place of another part's answer.
		before := len(chosen)
		var cs []conflict
		chosen, cs = addConflicts(settlesByEvents(r), chosen, sel.eligible, sel.all, math.MaxInt)
		conflicts = append(conflicts, cs...)
		pt.settle(append(quoted, chosen[before:]...), "")
	}
	if len(chosen) == 0 {
		return decline(a, st, rerank(hits, best), strings.Join(reasons, "; ")), best
	}
	a.Citations = st.citations(chosen)
	if note := conflictNote(a, conflicts); note != "" {
		a.Notes = append(a.Notes, note)
	}
	if missed > 0 {
		a.Notes = append(a.Notes, msgs(a.Language).partial)
	}
	a.Text = joinText(a)
	a.Reason = fmt.Sprintf("answered %d of %d parts", len(p.parts)-missed, len(p.parts))
	if len(reasons) > 0 {
		a.Reason += "; " + strings.Join(reasons, "; ")
	}
	return a, best
}

// answersOwnPart reports whether a part's sentences answer it rather than
// an earlier part: one is new, or one holds the part's most specific word.
// "What was trade in 2022, and what is the target for 2030?" is not
// answered twice by the sentence about 2022.
func answersOwnPart(earlier, sel []judged, q retrieval.Query) bool {
	for _, j := range sel {
		if !containsSentence(earlier, j) || topMissing(q, j.covered) == 0 {
			return true
		}
	}
	return false
}

// citations turns chosen sentences into citations, keeping only quotes
// verified against the passage they name.
func (st *state) citations(chosen []judged) []partnerbot.Citation {
	var out []partnerbot.Citation
	for _, j := range chosen {
		p, ok := st.corpus.Passage(j.chunk)
		if !ok {
			continue
		}
		if j.quote == j.text && j.index > p.First && anaphor.MatchString(j.text) && !containsIndex(chosen, j.doc, j.index-1) {
			// "This is the most important outcome": quote what "this" is.
			prev := j.doc.Sentences[j.index-1]
			if whole := j.doc.Text[prev.Start:j.doc.Sentences[j.index].End]; len(whole) <= 450 {
				j.quote = whole
			}
		}
		if !Verify(j.quote, p.Text) {
			continue
		}
		out = append(out, partnerbot.Citation{
			DocID: j.doc.ID, Title: j.doc.Title, Quote: j.quote, ChunkID: j.chunk,
			Outlet: j.doc.Outlet, Date: j.doc.Date,
		})
	}
	return out
}

// joinText writes the answer text: each quote, verbatim (clipped to the
// clause that answers, where clip did so), with its citation number, then
// the notes.
func joinText(a partnerbot.Answer) string {
	var b strings.Builder
	for i, c := range a.Citations {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c.Quote)
		fmt.Fprintf(&b, " [%d]", i+1)
	}
	for _, n := range a.Notes {
		b.WriteString("\n\n")
		b.WriteString(n)
	}
	return Neutralize(b.String())
}

// decline turns a into a plain refusal naming the closest articles.
func decline(a partnerbot.Answer, st *state, hits []retrieval.Hit, reason string) partnerbot.Answer {
	a.Abstained = true
	a.Citations = []partnerbot.Citation{}
	a.Notes = nil
	seen := map[string]bool{}
	for _, h := range hits {
		if len(a.Closest) == 3 {
			break
		}
		if seen[h.Passage.DocID] {
			continue
		}
		seen[h.Passage.DocID] = true
		if d, ok := st.corpus.Document(h.Passage.DocID); ok {
			a.Closest = append(a.Closest, partnerbot.Source{DocID: d.ID, Title: d.Title, Date: d.Date})
		}
	}
	a.Text = Neutralize(declineText(a.Language, a.Closest))
	a.Reason = reason
	return a
}

// anaphor matches a sentence that opens by pointing back at the one before.
var anaphor = regexp.MustCompile(`^[“"]?(This|That|These|Those|It|He|She|They|His|Her|Their|Its)\b`)

func containsIndex(js []judged, d *corpus.Document, index int) bool {
	for _, x := range js {
		if x.doc == d && x.index == index {
			return true
		}
	}
	return false
}

func containsSentence(js []judged, j judged) bool {
	for _, x := range js {
		if x.candidate.doc == j.doc && x.index == j.index {
			return true
		}
	}
	return false
}
