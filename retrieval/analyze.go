package retrieval

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/kljensen/snowball/english"

	"github.com/partnerbot/partnerbot/corpus"
)

// Words splits text into matching words: corpus.Normalize, then runs of
// letters and digits. Dotted acronyms join ("U.S." → "us"), digit groups keep
// their decimal point and lose thousands commas ("1,200" → "1200"), a
// possessive "'s" is dropped, "%" becomes "percent", ordinals become numerals
// ("seventh" → "7th"), and known compounds join ("viet nam" → "vietnam",
// "united states" → "us").
func Words(text string) []string {
	return joinCompounds(scan(corpus.Normalize(text)))
}

// ContentWords is Words without stop words.
func ContentWords(text string) []string {
	var out []string
	for _, w := range Words(text) {
		if !stopwords[w] {
			out = append(out, w)
		}
	}
	return out
}

// Terms is Words without stop words, spelling variants folded to one form
// and each word stemmed. It is what both the index and queries match on.
func Terms(text string) []string {
	var out []string
	for _, w := range Words(text) {
		if t, ok := Term(w); ok {
			out = append(out, t)
		}
	}
	return out
}

// Term turns one word from Words into its index term. It reports false for
// stop words.
func Term(w string) (string, bool) {
	if stopwords[w] {
		return "", false
	}
	return stem(variant(w)), true
}

// stems caches the stems of the words indexed and asked about.
var stems = stemCache{max: maxStems}

// maxStems bounds stems: a few times the vocabulary of a large corpus.
const maxStems = 1 << 17

func stem(w string) string {
	if isNumeric(w) || len(w) < 3 {
		return w
	}
	return stems.stem(w)
}

// maxCachedWord is the longest word, in bytes, whose stem is kept: no
// English word is longer, so a long one is noise or abuse, and the cache
// holds at most max × 2 × maxCachedWord bytes of text.
const maxCachedWord = 32

// stemCache caches english.Stem for at most max words of at most
// maxCachedWord bytes; once full, new words are stemmed without being
// kept, so questions cannot grow it.
type stemCache struct {
	max int64
	m   sync.Map // word → stem
	n   atomic.Int64
}

func (c *stemCache) stem(w string) string {
	if s, ok := c.m.Load(w); ok {
		return s.(string)
	}
	s := english.Stem(w, false)
	if len(w) <= maxCachedWord && c.n.Load() < c.max {
		if _, loaded := c.m.LoadOrStore(w, s); !loaded {
			c.n.Add(1)
		}
	}
	return s
}

// size is how many words c holds.
func (c *stemCache) size() int64 { return c.n.Load() }

// scan cuts normalised text into raw words.
func scan(s string) []string {
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, canonical(b.String()))
			b.Reset()
		}
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case (r == '.' || r == ',') && b.Len() > 0 && i+1 < len(rs) && isDigitRune(rs[i-1]) && isDigitRune(rs[i+1]):
			switch {
			case r == ',' && thousandsComma(rs, i): // dropped: "1,200"
			case r == '.' || digitsBefore(rs, i) <= 3:
				b.WriteRune('.') // a decimal point, "123.86" or Vietnamese "123,86"
			default:
				flush() // two numbers: "2013,2023"
			}
		case r == '.' && b.Len() > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i+1]) && isAcronymStep(rs, i):
			// "u.s." and "p.m.": letters joined by dots
		case r == '\'' && b.Len() > 0 && i+1 < len(rs) && rs[i+1] == 's' && (i+2 == len(rs) || !unicode.IsLetter(rs[i+2])):
			flush()
			i++ // skip "'s"
		case r == '%':
			flush()
			words = append(words, "percent")
		case r == '#' && i+2 <= len(rs)-1 && rs[i+1] == '1' && !isDigitRune(rs[i+2]),
			r == '#' && i+1 == len(rs)-1 && rs[i+1] == '1':
			flush()
			words = append(words, "top") // "#1"
			i++
		default:
			flush()
		}
	}
	flush()
	return words
}

// dottedThousands reads numbers as Vietnamese writes them: it drops the
// dots between groups of thousands ("1.200 dự án", "123.860.000") and makes
// a comma right after such a number its decimal point ("1.200,5"). A number
// is dotted thousands when it stands apart from letters and has a first
// group of one to three digits, not a lone leading zero, then only groups
// of a dot and exactly three digits. Any other dot stays a decimal point
// ("1.5", "0.500", "1.2345").
func dottedThousands(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); {
		if !isDigitRune(rs[i]) || i > 0 && (isDigitRune(rs[i-1]) || rs[i-1] == '.' || rs[i-1] == ',') {
			b.WriteRune(rs[i])
			i++
			continue
		}
		end := numberEnd(rs, i)
		if !thousandsDotted(rs, i, end) {
			b.WriteString(string(rs[i:end]))
			i = end
			continue
		}
		for _, r := range rs[i:end] {
			if r != '.' {
				b.WriteRune(r)
			}
		}
		if end+1 < len(rs) && rs[end] == ',' && isDigitRune(rs[end+1]) {
			b.WriteRune('.')
			end++
		}
		i = end
	}
	return b.String()
}

// numberEnd is where the run of digits and dots between digits that starts
// at rs[i] ends.
func numberEnd(rs []rune, i int) int {
	for i < len(rs) && (isDigitRune(rs[i]) || rs[i] == '.' && i+1 < len(rs) && isDigitRune(rs[i+1])) {
		i++
	}
	return i
}

// thousandsDotted reports whether rs[start:end], a run from numberEnd, is a
// number in dotted thousands that no letter touches.
func thousandsDotted(rs []rune, start, end int) bool {
	if start > 0 && unicode.IsLetter(rs[start-1]) || end < len(rs) && unicode.IsLetter(rs[end]) {
		return false
	}
	groups := strings.Split(string(rs[start:end]), ".")
	if len(groups) < 2 || len(groups[0]) > 3 || groups[0][0] == '0' {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// thousandsComma reports whether the comma at rs[i], between digits,
// separates thousands: one to three digits before it, back to the number's
// start or the comma before, not a lone leading zero, and exactly three
// after it ("1,200", "1,200,000").
func thousandsComma(rs []rune, i int) bool {
	before, after := digitsBefore(rs, i), digitsAfter(rs, i)
	return after == 3 && before >= 1 && before <= 3 && rs[i-before] != '0'
}

// digitsBefore counts the digits right before rs[i]; digitsAfter, right
// after it.
func digitsBefore(rs []rune, i int) int {
	n := 0
	for j := i - 1; j >= 0 && isDigitRune(rs[j]); j-- {
		n++
	}
	return n
}

func digitsAfter(rs []rune, i int) int {
	n := 0
	for j := i + 1; j < len(rs) && isDigitRune(rs[j]); j++ {
		n++
	}
	return n
}

// isAcronymStep reports whether the dot at rs[i] sits inside a dotted
// acronym: single letters separated by dots, like "u.s" or "p.m".
func isAcronymStep(rs []rune, i int) bool {
	before := i - 1
	if before > 0 && unicode.IsLetter(rs[before-1]) {
		return false
	}
	return i+2 >= len(rs) || !unicode.IsLetter(rs[i+2])
}

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' }

func isNumeric(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !isDigitRune(r) && r != '.' {
			return false
		}
	}
	return true
}

// canonical maps one raw word to the form all its spellings share.
func canonical(w string) string {
	if c, ok := canonicalWords[w]; ok {
		return c
	}
	if o, ok := ordinal(w); ok {
		return o
	}
	return w
}

// joinCompounds joins the general compounds, the names of countries and
// cities among them, into one word. The names of people and places that
// articles use are not compounds: Lexicon.Parse matches them.
func joinCompounds(words []string) []string {
	out := words[:0]
	for i := 0; i < len(words); i++ {
		if i+2 < len(words) {
			if c, ok := compounds3[words[i]+" "+words[i+1]+" "+words[i+2]]; ok {
				out = append(out, c)
				i += 2
				continue
			}
		}
		if i+1 < len(words) {
			if c, ok := compounds2[words[i]+" "+words[i+1]]; ok {
				out = append(out, c)
				i++
				continue
			}
		}
		if (words[i] == "pm" || words[i] == "am") && afterClock(words, i) {
			out = append(out, words[i]+"time") // "3:40 p.m." is a time, not the prime minister
			continue
		}
		out = append(out, words[i])
	}
	return out
}

// afterClock reports whether words[i] follows a time of day: an hour (1 to
// 12), or an hour and its minutes ("3 40", as Words reads "3:40").
func afterClock(words []string, i int) bool {
	hour := func(w string) bool { n, err := strconv.Atoi(w); return err == nil && len(w) <= 2 && n >= 1 && n <= 12 }
	minutes := func(w string) bool { n, err := strconv.Atoi(w); return err == nil && len(w) == 2 && n <= 59 }
	switch {
	case i >= 2 && minutes(words[i-1]) && hour(words[i-2]):
		return true
	case i >= 1 && hour(words[i-1]):
		return true
	}
	return false
}

// variant folds British and American spellings to one form before stemming.
func variant(w string) string {
	if v, ok := spellings[w]; ok {
		return v
	}
	switch {
	case strings.HasSuffix(w, "isation"), strings.HasSuffix(w, "isations"):
		return strings.Replace(w, "isation", "ization", 1)
	case len(w) > 6 && !iseExceptions[w]:
		for _, suf := range []string{"ise", "ised", "ises", "ising"} {
			if strings.HasSuffix(w, suf) {
				return w[:len(w)-len(suf)] + "iz" + suf[2:]
			}
		}
	}
	return w
}

var canonicalWords = map[string]string{
	"us": "us", "usa": "us", "america": "us", "american": "us", "americans": "us",
	"pct": "percent",
}

var compounds2 = map[string]string{
	"viet nam": "vietnam", "ha noi": "hanoi",
	"united states": "us", "hoa ky": "us", "clean up": "cleanup", "per cent": "percent",
	"world war": "worldwar", "east sea": "eastsea", "indo pacific": "indopacific",
	"number one": "top", "no 1": "top", "united nations": "un", "the states": "us",
	"asia pacific": "asiapacific", "south korea": "korea",
}

var compounds3 = map[string]string{
	"united states of": "us", "south china sea": "eastsea",
}

var spellings = map[string]string{
	"defence": "defense", "neighbour": "neighbor", "neighbours": "neighbors",
	"centre": "center", "programme": "program", "honour": "honor", "favour": "favor",
	"labour": "labor", "emphasise": "emphasize", "realise": "realize", "recognise": "recognize",
	"organisation": "organization",
}

// iseExceptions end in -ise but are not -ize verbs.
var iseExceptions = map[string]bool{
	"promise": true, "promised": true, "promises": true, "exercise": true, "exercised": true,
	"advise": true, "advised": true, "enterprise": true, "enterprises": true, "compromise": true,
	"surprise": true, "surprised": true, "expertise": true, "otherwise": true, "franchise": true,
	"merchandise": true, "premise": true, "premises": true, "concise": true, "precise": true,
	"revise": true, "revised": true, "supervise": true, "televise": true, "televised": true,
	"devise": true, "devised": true, "disguise": true, "despise": true, "improvise": true,
	"advertise": true, "advertised": true, "comprise": true, "comprised": true, "comprises": true,
	"raise": true, "raised": true, "raises": true, "praise": true, "praised": true, "cruise": true,
	"noise": true, "poise": true, "chinese": true, "vietnamese": true, "japanese": true,
	"burmese": true, "lanise": true, "bruise": true,
}
