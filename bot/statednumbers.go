package bot

import (
	"math/big"
	"regexp"
	"slices"
	"strings"

	"github.com/partnerbot/partnerbot/retrieval"
)

// This file reads the figures a generated sentence and its quotes give, as
// values, for the guard that drops a claim stating a number none of its
// quotes holds: "$1,238.6 billion", "five hundred billion dollars",
// "$123.86 million" or "1.1%" beside a quote that says "$123.86 billion"
// or "11%".

// numberToken is a number as written (digits, with decimal or thousands
// marks between them: "123.86", "1,200", Vietnamese "123,86"), a word, or
// a percent sign.
var numberToken = regexp.MustCompile(`\d+(?:[.,]\d+)*|\p{L}+|%`)

// numberWords are the English number words and what each is worth.
var numberWords = func() map[string]int64 {
	m := map[string]int64{"zero": 0, "hundred": 100}
	for i, w := range strings.Fields("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen") {
		m[w] = int64(i + 1)
	}
	for i, w := range strings.Fields("twenty thirty forty fifty sixty seventy eighty ninety") {
		m[w] = int64(20 + 10*i)
	}
	for w, v := range scales {
		m[w] = v
	}
	return m
}()

// scales multiply the number before them: "123.86 billion", "five
// thousand", Vietnamese "123,86 tỷ".
var scales = map[string]int64{"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}

// statedNumber is one number in a text: what it may be worth, each value
// an exact decimal as big.Rat writes it, with "%" after a percentage.
type statedNumber struct {
	// claimed is what a claim that writes it states: its scaled value
	// ("123.86 billion" states 123860000000), its percentage, or its value.
	claimed []string
	// held is what a quote that writes it backs: the claimed values and
	// the bare ones ("123.86 billion" backs a claim of 123.86 too).
	held []string
	// figure: digits, or words that hold or are followed by a scale
	// ("five hundred billion"), or a percentage. Other words ("two
	// countries", "one of") count things rather than state figures.
	figure bool
}

// statedNumbers returns the numbers a text gives, in order; decimalComma
// reads "1,200" as 1.2 rather than 1200 (Vietnamese), while a numeral only
// the other way reads ("123,86" in English) is read that way.
func statedNumbers(text string, decimalComma bool) []statedNumber {
	toks := numberToken.FindAllString(strings.ToLower(text), -1)
	var out []statedNumber
	for i := 0; i < len(toks); {
		var values []string
		var n int
		figure := false
		if isDigit(toks[i][0]) {
			values, n, figure = numeral(toks[i], decimalComma), 1, true
		} else if values, n, figure = wordNumber(toks[i:]); n == 0 {
			i++
			continue
		}
		s := statedNumber{held: values, claimed: values, figure: figure}
		switch rest := toks[i+n:]; {
		case len(rest) > 0 && scales[rest[0]] > 0:
			s.claimed, s.figure = mulAll(values, scales[rest[0]]), true
			s.held = append(slices.Clone(values), s.claimed...)
			n++ // the scale is the figure's unit, not a number of its own
		case isPercent(rest):
			s.claimed, s.figure = suffixAll(values, "%"), true
			s.held = append(slices.Clone(values), s.claimed...)
		}
		out = append(out, s)
		i += n
	}
	return out
}

// isPercent reports whether toks begin with a percent sign or word.
func isPercent(toks []string) bool {
	switch {
	case len(toks) == 0:
		return false
	case toks[0] == "%" || toks[0] == "percent":
		return true
	case len(toks) > 1:
		return toks[0] == "per" && toks[1] == "cent" || toks[0] == "phần" && toks[1] == "trăm"
	}
	return false
}

// numeral reads a number written in digits: with decimalComma in the
// Vietnamese convention ("1.200" is 1200, "123,86" 123.86), else in the
// English one ("1,200" is 1200), falling back to the other convention
// when the first cannot read it ("123,86" in English). A run neither reads
// (a date such as "10.9.2023") is its digits.
func numeral(run string, decimalComma bool) []string {
	conventions := [][2]byte{{',', '.'}, {'.', ','}} // thousands, decimal
	if decimalComma {
		slices.Reverse(conventions)
	}
	for _, marks := range conventions {
		if v, ok := readNumeral(run, marks[0], marks[1]); ok {
			return []string{v}
		}
	}
	return []string{"digits " + strings.NewReplacer(".", "", ",", "").Replace(run)}
}

// readNumeral reads run with the given thousands and decimal marks; a
// thousands mark must be followed by three digits.
func readNumeral(run string, thousands, decimal byte) (string, bool) {
	whole, frac := run, ""
	if i := strings.LastIndexByte(run, decimal); i >= 0 {
		whole, frac = run[:i], run[i+1:]
		if strings.ContainsAny(frac, ".,") || strings.IndexByte(whole, decimal) >= 0 {
			return "", false
		}
	}
	groups := strings.Split(whole, string(thousands))
	if len(groups) > 1 && len(groups[0]) > 3 {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "", false
		}
	}
	s := strings.Join(groups, "")
	if frac != "" {
		s += "." + frac
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return "", false
	}
	return r.RatString(), true
}

// wordNumber reads a number written in words at the start of toks ("five
// hundred", "twenty five", "two and a half", "half a", "a" before a
// scale, an ordinal such as "tenth") and says how many tokens it took (0
// when toks do not start with one) and whether it holds a figure's word
// (hundred, thousand…). A scale the number ends on is left for
// statedNumbers to read as its unit.
func wordNumber(toks []string) ([]string, int, bool) {
	if len(toks) > 0 {
		if ws := retrieval.Words(toks[0]); len(ws) == 1 && ws[0] != toks[0] { // "tenth" is written "10th"
			if o, ok := retrieval.OrdinalNumber(ws[0]); ok {
				return []string{o}, 1, false
			}
		}
	}
	var total, group int64
	n := 0
	half, andHalf, sized := false, false, false
	for n < len(toks) {
		w := toks[n]
		v, isNumber := numberWords[w]
		next := ""
		if n+1 < len(toks) {
			next = toks[n+1]
		}
		switch {
		case w == "half" && n == 0:
			half = true
		case (w == "a" || w == "an") && scales[next] > 0 && (n == 0 || half):
			group = max(group, 1)
		case w == "and" && n > 0 && next == "a" && n+2 < len(toks) && toks[n+2] == "half":
			andHalf = true
			n += 3
			continue
		case !isNumber || andHalf:
			return wordValue(total+group, half, andHalf, n, sized)
		case v == 100:
			group, sized = max(group, 1)*100, true
		case v >= 1000:
			if !isNumberWord(next) {
				return wordValue(total+group, half, andHalf, n, sized) // the unit
			}
			total += max(group, 1) * v
			group, sized = 0, true
		default:
			group += v
		}
		n++
	}
	return wordValue(total+group, half, andHalf, n, sized)
}

// wordValue is the reading of a number in words worth v, halved or with a
// half added, read from n tokens.
func wordValue(v int64, half, andHalf bool, n int, sized bool) ([]string, int, bool) {
	if n == 0 || v == 0 && !half {
		return nil, 0, false
	}
	r := new(big.Rat).SetInt64(max(v, 1))
	if andHalf {
		r.Add(r, big.NewRat(1, 2))
	}
	if half {
		r.Quo(r, big.NewRat(2, 1))
	}
	return []string{r.RatString()}, n, sized
}

// isNumberWord reports whether w is a number word.
func isNumberWord(w string) bool { _, ok := numberWords[w]; return ok }

// mulAll multiplies each exact decimal by k.
func mulAll(values []string, k int64) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		if r, ok := new(big.Rat).SetString(v); ok {
			v = r.Mul(r, new(big.Rat).SetInt64(k)).RatString()
		}
		out = append(out, v)
	}
	return out
}

// suffixAll appends s to each value.
func suffixAll(values []string, s string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = v + s
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// statesUnquotedNumber reports whether a claim's sentence, in lang, gives
// a figure that none of its quotes holds, compared by value and scale:
// "$500 billion", "five hundred billion dollars", "$1,238.6 billion" or
// "$123.86 million" backed by a quote about trade that says "$123.86
// billion"; "5%" backed by "$5 billion". A claim may give a quote's
// figure without its scale ("123.86"). Numbers in words count in a claim
// only as figures (see statedNumber.figure); in a quote, all do. Quotes
// are read in the English convention, the articles' own.
func statesUnquotedNumber(sentence, lang string, quotes []verifiedQuote) bool {
	held := map[string]bool{}
	for _, q := range quotes {
		for _, n := range statedNumbers(q.quote, false) {
			for _, v := range n.held {
				held[v] = true
			}
		}
	}
	for _, n := range statedNumbers(sentence, lang == "vi") {
		if n.figure && !slices.ContainsFunc(n.claimed, func(v string) bool { return held[v] }) {
			return true
		}
	}
	return false
}
