package bot

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/retrieval"
)

// kind is what sort of thing a question asks for. An answer must hold it:
// a date for "when", a figure for "how many", a name for "who".
type kind int

const (
	kindOther      kind = iota
	kindWhen            // a date or time
	kindWhenFuture      // a date still to come ("when will…")
	kindQuantity        // a number
	kindMoney           // an amount of money ("how much did it cost")
	kindDuration        // a length of time ("how long…")
	kindWho             // a name
	kindIdentity        // who someone named is: their role ("who is Vuong Dinh Hue")
	kindWhere           // a place
	kindCountries       // countries ("which countries…")
	kindWhy
	kindYesNo
)

var (
	moneyRe     = regexp.MustCompile(`\b(cost|costs|spend|spent|price|prices|paid|pay|budget|funding|fund|funds|money|dollar|dollars|worth|value|valued|invested)\b`)
	quantityRe  = regexp.MustCompile(`\b(how (many|much|big|large|long|far|often|old)|what (percentage|percent|share|proportion|number|figure|amount|rank|place|position)|which (number|rank|place|position)|(dollar )?value of|amount of|total of|where (does|do|did|is|was) .*\b(rank|ranks|ranked|stand|stands))\b`)
	durationRe  = regexp.MustCompile(`\bhow long\b(?: have| has| had| did| does| do| is| was| were| will)?`)
	whenRe      = regexp.MustCompile(`\b(when|what (date|day|year|month|time|week)|which (year|date|day|month)|since when|how long ago|(list|name|what|which) (the )?(years|dates)|(what|which) day of the week)\b`)
	futureRe    = regexp.MustCompile(`\b(will|going to|gonna|expected|plan|plans|planned|next|soon|upcoming|future)\b`)
	countriesRe = regexp.MustCompile(`\b(which|what|name|list)\s+(?:(?:other|the|all|of|its|their|vietnam|vietnamese|us|comprehensive|strategic|foreign|asian|southeast|neighbouring|neighboring|partner)\s+){0,4}(countries|nations|partners|neighbours|neighbors)\b`)
	whoRe       = regexp.MustCompile(`\b(who|whom|whose|which (\w+ ){0,2}(leader|leaders|president|presidents|official|officials|person|people|senator|politician))\b`)
	identityRe  = regexp.MustCompile(`^\W*(who|whom)\b`) // with onlyNames: "who is X", "who's X"
	whereRe     = regexp.MustCompile(`\bwhere\b`)
	whyRe       = regexp.MustCompile(`\b(why|how come|for what (reason|purpose)|what (reasons?|purpose|motivated|prompted|drove)|reasons? (for|behind|why))\b`)
)

// questionKind reads what a question asks for from its English words. The
// question word that comes first decides: "which roles was Vietnam holding
// when…" asks which, not when.
func questionKind(q retrieval.Query) kind {
	s := strings.ToLower(q.English)
	if loc := leadingWh.FindStringIndex(s); loc != nil {
		if w := s[loc[0]:loc[1]]; w == "which" || w == "what" {
			s = firstClause(s[loc[0]:])
		}
	}
	switch {
	case countriesRe.MatchString(s) && !strings.Contains(s, "how many"):
		return kindCountries
	case quantityRe.MatchString(s) && moneyRe.MatchString(s):
		return kindMoney
	case durationRe.MatchString(s):
		return kindDuration
	case quantityRe.MatchString(s):
		return kindQuantity
	case whenRe.MatchString(s) && futureRe.MatchString(s):
		return kindWhenFuture
	case whenRe.MatchString(s):
		return kindWhen
	case identityRe.MatchString(s) && onlyNames(q):
		return kindIdentity
	case whoRe.MatchString(s):
		return kindWho
	case whereRe.MatchString(s):
		return kindWhere
	case whyRe.MatchString(s):
		return kindWhy
	case yesNoRe.MatchString(s):
		return kindYesNo
	}
	return kindOther
}

// firstClause is s up to a word that starts a subordinate clause.
func firstClause(s string) string {
	for _, w := range clauseOpeners {
		if i := strings.Index(s, " "+w+" "); i > 0 {
			s = s[:i]
		}
	}
	return s
}

var (
	dateRe = regexp.MustCompile(`\b` + yearPattern + `\b|\b` + alternation(unambiguousMonths()) + `\b|\bmay \d|\b\d{1,2}:\d\d\b|\b[ap]\.m\.|\b` +
		alternation([]string{"today", "yesterday", "tomorrow", "tonight", "afternoon", "evening", "morning"}, weekdays) + `\b`)
	futureDay = regexp.MustCompile(`\b20(2[4-9]|[3-9]\d)\b|\bnext (week|month|year)\b|\bcoming (weeks|months|years)\b`)
	numberRe  = regexp.MustCompile(`\d|\b` + alternation(retrieval.CardinalWords(), retrieval.OrdinalWords(), quantifiers,
		[]string{"dozen", "dozens", "hundreds", "thousands", "decade"}) + `\b`)
	// notCounts are numbers that name the parties or a date, or pick one out
	// of many ("one of the major partners"), not a figure.
	notCounts = regexp.MustCompile(`\b(the )?two (countries|nations|sides|leaders|parties|neighbours|neighbors|presidents|peoples)\b|\bfirst time\b|\bone of\b|\b` +
		alternation(months) + ` \d{1,2}(-\d{1,2})?\b|\b` + yearPattern + `\b|\b\d{1,2}:\d\d\b`)
	lengthOfTime = regexp.MustCompile(`\b(\d+|` + alternation(retrieval.CardinalWords()) + `|several|many|nearly \d+|a|a few)[- ](years?|months?|weeks?|days?|decades?|hours?|centuries)\b|\b(decade|century)\b`)
	moneyAmt     = regexp.MustCompile(`\$\s?\d|\d[\d,.]*\s*(billion|million|trillion|dollars?|usd)\b`)
	placeAt      = regexp.MustCompile(`\b(in|at)\s+(the\s+)?(\p{Lu}[\p{L}.]*|headquarters)`)
)

// fits reports whether a sentence holds the kind of thing the question
// asks for. Kinds without a clear textual mark always fit.
func (k kind) fits(c *candidate, asked map[string]bool) bool {
	if k.shaped() {
		return c.hasShape(k)
	}
	switch k {
	case kindWho:
		return hasName(c.text, asked)
	case kindIdentity:
		return hasTitle(c.text, asked)
	case kindWhere:
		return hasPlace(c.text, asked)
	case kindCountries:
		return hasCountry(c.text, asked)
	}
	return true
}

// shaped reports whether the kind asks for a date, a figure, an amount or
// a length of time: a mark in the text, where a name or place is a guess.
func (k kind) shaped() bool {
	switch k {
	case kindWhen, kindWhenFuture, kindQuantity, kindMoney, kindDuration:
		return true
	}
	return false
}

// fitsText reports whether normalised text holds a date, a number, an
// amount or a length of time, for the kinds that ask for one.
func (k kind) fitsText(norm string) bool {
	switch k {
	case kindWhen:
		return dateRe.MatchString(norm)
	case kindWhenFuture:
		return futureDay.MatchString(norm)
	case kindQuantity:
		return numberRe.MatchString(notCounts.ReplaceAllString(norm, ""))
	case kindMoney:
		return moneyAmt.MatchString(norm)
	case kindDuration:
		return lengthOfTime.MatchString(norm)
	}
	return true
}

// shapes caches kind.fitsText for one sentence, two bits per kind: known,
// and fits. Every question about the sentence shares it.
type shapes = atomic.Uint32

// hasShape is k.fitsText(c.norm), cached in c.shapes when c has one.
func (c *candidate) hasShape(k kind) bool {
	if c.shapes == nil {
		return k.fitsText(c.norm)
	}
	known, yes := uint32(1)<<(2*k), uint32(2)<<(2*k)
	v := c.shapes.Load()
	if v&known == 0 {
		v = known
		if k.fitsText(c.norm) {
			v |= yes
		}
		c.shapes.Or(v)
	}
	return v&yes != 0
}

// spanCache caches the normalised text and shapes of the sentence parts
// clip tries, which recur from question to question. It holds at most
// spanCacheMax parts; past that, parts are judged uncached.
type spanCache struct {
	m sync.Map // string → *spanEntry
	n atomic.Int64
}

type spanEntry struct {
	norm   string
	shapes shapes
}

const spanCacheMax = 1 << 16

// candidate returns a candidate for a part of a sentence, its shapes
// cached. A nil cache caches nothing.
func (sc *spanCache) candidate(text string) *candidate {
	if sc == nil {
		return &candidate{text: text, norm: corpus.Normalize(text)}
	}
	if e, ok := sc.m.Load(text); ok {
		e := e.(*spanEntry)
		return &candidate{text: text, norm: e.norm, shapes: &e.shapes}
	}
	e := &spanEntry{norm: corpus.Normalize(text)}
	if sc.n.Load() < spanCacheMax {
		if old, loaded := sc.m.LoadOrStore(text, e); loaded {
			e = old.(*spanEntry)
		} else {
			sc.n.Add(1)
		}
	}
	return &candidate{text: text, norm: e.norm, shapes: &e.shapes}
}

// hasName reports whether text names someone or something the question
// does not: a capitalised word that is not a title or a stock phrase.
func hasName(text string, asked map[string]bool) bool {
	return len(namesAsked(text, asked)) > 0
}

// namesAsked returns the names in text that asked does not hold. A first
// name before an asked surname ("Maren" in "Maren Oskvold") is asked too.
func namesAsked(text string, asked map[string]bool) map[string]bool {
	out := map[string]bool{}
	caps := capitalised(text)
	for i, w := range caps {
		if w == "" || !isName(w, asked) {
			continue
		}
		if i+1 < len(caps) && caps[i+1] != "" && asked[caps[i+1]] {
			continue
		}
		out[w] = true
	}
	return out
}

// capitalised returns text's words, folded, with "" for each word that is
// not capitalised, so neighbours stay neighbours.
func capitalised(text string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' }) {
		f = strings.Trim(f, ".")
		if r := []rune(f); len(r) >= 2 && unicode.IsUpper(r[0]) && !isAcronym(f) {
			out = append(out, corpus.Normalize(f))
		} else {
			out = append(out, "")
		}
	}
	return out
}

// isAcronym reports whether a word is written in capitals, as the
// acronyms of organisations and countries are ("CPV", "ASEAN"): it names
// no one.
func isAcronym(w string) bool {
	return strings.IndexFunc(w, unicode.IsLower) < 0
}

func isName(w string, asked map[string]bool) bool {
	bare := strings.TrimSuffix(w, "s")
	return !notNames[w] && !notNames[bare] && !asked[w] && !asked[strings.ReplaceAll(w, ".", "")]
}

// namesIn returns the capitalised words of text that are not titles or
// stock phrases.
func namesIn(text string) map[string]bool {
	return namesAsked(text, nil)
}

// addsNames reports whether text names anyone not in names, and adds them.
func addsNames(names map[string]bool, text string) bool {
	added := false
	for w := range namesIn(text) {
		if !names[w] {
			names[w] = true
			added = true
		}
	}
	return added
}

// onlyNames reports whether every word the question gives of its own is a
// name: the question is about someone, not about something they did.
func onlyNames(q retrieval.Query) bool {
	own := 0
	for _, g := range q.Groups {
		if g.Context {
			continue
		}
		if !g.Entity && len(g.Names) == 0 {
			return false
		}
		own++
	}
	return own > 0
}

// hasTitle reports whether text puts a title before a name the question
// gives, as in "Prime Minister Pham Minh Chinh": directly before the name's
// first word, a capitalised content word that is not itself a name
// ("Minister", "Assembly"), so not a sentence opener like "In" or "The".
func hasTitle(text string, asked map[string]bool) bool {
	caps := capitalised(text)
	for i := 1; i < len(caps); i++ {
		prev := caps[i-1]
		if caps[i] != "" && asked[caps[i]] && prev != "" && !asked[prev] && !isName(prev, asked) &&
			len(retrieval.ContentWords(prev)) > 0 {
			return true
		}
	}
	return false
}

// hasCountry reports whether text names a country the question does not.
func hasCountry(text string, asked map[string]bool) bool {
	for _, w := range retrieval.Words(text) {
		if retrieval.IsCountry(w) && !asked[w] && w != "vietnam" && w != "us" {
			return true
		}
	}
	return false
}

// hasPlace reports whether text says where: "in" or "at" before a
// capitalised name or "headquarters" the question does not give itself.
func hasPlace(text string, asked map[string]bool) bool {
	for _, m := range placeAt.FindAllStringSubmatch(text, -1) {
		if w := corpus.Normalize(m[3]); !asked[w] && !asked[strings.ReplaceAll(w, ".", "")] {
			return true
		}
	}
	return false
}

func askedWords(q retrieval.Query) map[string]bool {
	asked := map[string]bool{}
	for _, w := range retrieval.Words(q.Text) {
		asked[w] = true
	}
	for _, w := range q.Names {
		asked[w] = true // "Trong" also asks "Nguyen Phu Trong"
	}
	for _, f := range strings.FieldsFunc(corpus.Normalize(q.Text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		asked[f] = true
	}
	for _, w := range strings.Fields(q.English) {
		asked[w] = true
	}
	return asked
}

// notNames are capitalised words that are titles, institutions or sentence
// openers rather than names.
var notNames = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the a an this that these those he she it they we i in on at of
for and but as after before during since with by to from over under all both other such some
president vice general secretary party prime minister chairman chairwoman national assembly state
communist central committee commission for external relations joint leaders leader statement
comprehensive strategic partnership partnerships cooperation sustainable development peace
declaration independence charter convention code conduct parties law sea east south china
united states nations u.s. u.s us usa america american vietnam viet nam việt vietnamese hanoi
white house world war ii economic framework indo-pacific asia-pacific congress security
council chair member forums other besides accordingly additionally however based welcoming
speaking economic direct humanitarian medical defence defense along to date ha noi hanoi`) {
		m[corpus.Normalize(w)] = true
	}
	for _, w := range append(append([]string(nil), months...), weekdays...) {
		m[w] = true
	}
	return m
}()
