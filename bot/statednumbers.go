package bot

import (
	"math/big"
	"regexp"
	"slices"
	"strings"
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

// scales multiply the number before them: "123.86 billion", "$11bn",
// "five thousand", Vietnamese "123,86 tỷ", "1 nghìn tỷ" (successive scales
// multiply).
var scales = map[string]int64{"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"bn": 1e9, "bln": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12, "trn": 1e12,
	"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}

// gluedScales are abbreviations that are scales only written against
// the digits ("$11B", "5k"): apart, they are words.
var gluedScales = map[string]int64{"k": 1e3, "m": 1e6, "b": 1e9}

// notScale are the words that make a scale word the start of another
// word: Vietnamese "tỷ lệ" is a rate, not billions.
var notScale = map[string]bool{"lệ": true, "trọng": true, "giá": true, "suất": true}

// statedNumber is one number in a text: what it may be worth, each value
// an exact decimal as big.Rat writes it, with "%" after a percentage.
type statedNumber struct {
	// claimed is what a claim that writes it states: its scaled value
	// ("123.86 billion" states 123860000000), its percentage, or its value.
	claimed []string
	// held is what a quote that writes it backs: the claimed values and
	// the bare ones ("123.86 billion" backs a claim of 123.86 too), and a
	// range's first figure with the range's unit.
	held []string
	// figure: digits, or words that hold or are followed by a scale
	// ("five hundred billion"), or a percentage. Other words ("two
	// countries", "one of") count things rather than state figures.
	figure bool
	// literal is a numeral as written ("1,200"): a claim that copies it
	// states what the quote does, whatever its convention.
	literal string
	// unit is its scale, or 0; percent, whether it is a percentage.
	unit    int64
	percent bool
	// start and end are where it is in the text, unit included.
	start, end int
}

// token is a token of numberToken and where it is in the text.
type token struct {
	text       string
	start, end int
}

// statedNumbers returns the numbers a text gives, in order; decimalComma
// reads "1,200" as 1.2 rather than 1200 (Vietnamese), while a numeral only
// the other way reads ("123,86" in English) is read that way. A scale or
// percent is a number's unit only when nothing but spaces stands between
// them.
func statedNumbers(text string, decimalComma bool) []statedNumber {
	lower := strings.ToLower(text)
	var toks []token
	for _, m := range numberToken.FindAllStringIndex(lower, -1) {
		toks = append(toks, token{lower[m[0]:m[1]], m[0], m[1]})
	}
	words := make([]string, len(toks))
	for k, t := range toks {
		words[k] = t.text
	}
	var out []statedNumber
	for i := 0; i < len(toks); {
		s := statedNumber{start: toks[i].start}
		var n int
		if isDigit(toks[i].text[0]) {
			s.claimed, n, s.figure, s.literal = numeral(toks[i].text, decimalComma), 1, true, toks[i].text
		} else if s.claimed, n, s.figure = wordNumber(words[i:]); n == 0 {
			i++
			continue
		}
		s.held = s.claimed
		last := toks[i+n-1]
		if unit, used := unitScale(lower, toks[i+n-1:]); unit > 0 {
			s.unit, s.figure = unit, true
			n += used // the scales are the figure's unit, not numbers of their own
		} else if adjacent(lower, last, toks[i+n:]) && isPercent(words[i+n:]) {
			s.percent, s.figure = true, true
		}
		if s.unit > 0 || s.percent {
			bare := s.claimed
			s.claimed = withUnit(bare, s.unit, s.percent)
			s.held = append(slices.Clone(bare), s.claimed...)
		}
		s.end = toks[i+n-1].end
		out = append(out, s)
		i += n
	}
	return withRanges(lower, out)
}

// withUnit gives values a scale or a percent sign.
func withUnit(values []string, unit int64, percent bool) []string {
	if percent {
		return suffixAll(values, "%")
	}
	return mulAll(values, unit)
}

// unitScale reads the scales after a number's last token, toks[0]: what
// they multiply it by, and how many tokens they take; 0 when none follows
// it with only spaces between.
func unitScale(text string, toks []token) (int64, int) {
	scale, used := int64(1), 0
	for k := 1; k < len(toks) && adjacent(text, toks[k-1], toks[k:]); k++ {
		v := scales[toks[k].text]
		if g := gluedScales[toks[k].text]; g > 0 && k == 1 && toks[k].start == toks[0].end && isDigit(toks[0].text[0]) {
			v = g // "$11B", "5k"
		}
		if v == 0 || k+1 < len(toks) && notScale[toks[k+1].text] || scale > 1e15/v { // no figure is that large
			break
		}
		scale, used = scale*v, used+1
	}
	if used == 0 {
		return 0, 0
	}
	return scale, used
}

// adjacent reports whether the first of rest follows prev with nothing but
// spaces between.
func adjacent(text string, prev token, rest []token) bool {
	return len(rest) > 0 && strings.TrimSpace(text[prev.end:rest[0].start]) == ""
}

// rangeJoin is what joins the two ends of a range.
var rangeJoin = regexp.MustCompile(`^\s*(?:-|–|—|to|and)\s*$`)

// withRanges lets a range's first figure back what its second's unit
// gives it: in "$2-3 billion" and "5-6%", 2 billion and 5%.
func withRanges(text string, nums []statedNumber) []statedNumber {
	for k := 1; k < len(nums); k++ {
		a, b := &nums[k-1], &nums[k]
		if a.unit > 0 || a.percent || b.unit == 0 && !b.percent || !rangeJoin.MatchString(text[a.end:b.start]) {
			continue
		}
		a.held = append(a.held, withUnit(a.claimed, b.unit, b.percent)...)
	}
	return nums
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
		case !isNumber && ordinalValue(w) > 0 && !andHalf: // "tenth", "thirtieth", "twenty-first": it ends the number
			return wordValue(total+group+ordinalValue(w), half, andHalf, n+1, sized)
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

// ordinalValue is what an ordinal word counts to ("tenth" 10, "thirtieth"
// 30), 0 for any other word.
func ordinalValue(w string) int64 {
	if o, ok := map[string]int64{"first": 1, "second": 2, "third": 3, "fifth": 5, "eighth": 8, "ninth": 9, "twelfth": 12}[w]; ok {
		return o
	}
	for _, form := range []struct{ suffix, cardinal string }{{"ieth", "y"}, {"th", ""}} {
		if stem, ok := strings.CutSuffix(w, form.suffix); ok {
			if v, ok := numberWords[stem+form.cardinal]; ok && v > 0 && v < 100 {
				return v
			}
		}
	}
	return 0
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
			if n.literal != "" && n.unit == 0 && !n.percent {
				held["as written "+n.literal] = true
			}
		}
	}
	for _, n := range statedNumbers(sentence, lang == "vi") {
		if !n.figure || n.literal != "" && n.unit == 0 && !n.percent && held["as written "+n.literal] {
			continue // a count in words, or a numeral copied as the quote prints it
		}
		if !slices.ContainsFunc(n.claimed, func(v string) bool { return held[v] }) {
			return true
		}
	}
	return false
}
