package bot

import (
	"math/big"
	"regexp"
	"slices"
	"strings"
)

// This file reads the figures a generated sentence and its quotes give, as
// values, for the guard that drops a claim stating a number none of its
// quotes holds: "$1,238.6 billion", "five hundred billion dollars" or
// "1.1%" beside a quote that says "$123.86 billion" or "11%".

// numberToken is a number as written (digits, with decimal or thousands
// marks between them: "123.86", "1,200", Vietnamese "123,86") or a word.
var numberToken = regexp.MustCompile(`\d+(?:[.,]\d+)*|\p{L}+`)

// numberWords are the English number words and what each is worth; the
// scales multiply what comes before them.
var numberWords = func() map[string]int64 {
	m := map[string]int64{"zero": 0, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
	for i, w := range strings.Fields("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen") {
		m[w] = int64(i + 1)
	}
	for i, w := range strings.Fields("twenty thirty forty fifty sixty seventy eighty ninety") {
		m[w] = int64(20 + 10*i)
	}
	return m
}()

// statedNumber is one number in a text: every value it may be worth.
type statedNumber struct {
	values []string // exact decimals, as big.Rat writes them
	words  bool     // written in words
	scaled bool     // followed by a scale ("billion") or "percent"
}

// statedNumbers returns the numbers a text gives, in order.
func statedNumbers(text string) []statedNumber {
	toks := numberToken.FindAllString(strings.ToLower(text), -1)
	var out []statedNumber
	for i := 0; i < len(toks); i++ {
		var f statedNumber
		var n int
		if isDigit(toks[i][0]) {
			f, n = numeral(toks[i]), 1
		} else if f, n = wordNumber(toks[i:]); n == 0 {
			continue
		}
		if i+n < len(toks) {
			switch next := toks[i+n]; {
			case next == "percent" || next == "per" && i+n+1 < len(toks) && toks[i+n+1] == "cent":
				f.scaled = true
			case scaleOf(next) > 0:
				f.scaled = true
				for _, v := range slices.Clone(f.values) {
					f.values = addValue(f.values, mulRat(v, scaleOf(next)))
				}
			}
		}
		out = append(out, f)
		i += n - 1
	}
	return out
}

// numeral reads a number written in digits in both conventions: "1,200"
// is 1200 or, with a Vietnamese decimal comma, 1.2; "123.86" only 123.86,
// since a thousands mark is followed by three digits. A run neither reads
// (a date such as "10.9.2023") is its digits.
func numeral(run string) statedNumber {
	var f statedNumber
	for _, marks := range [][2]byte{{',', '.'}, {'.', ','}} {
		if v, ok := readNumeral(run, marks[0], marks[1]); ok {
			f.values = addValue(f.values, v)
		}
	}
	if len(f.values) == 0 {
		f.values = []string{"digits " + strings.NewReplacer(".", "", ",", "").Replace(run)}
	}
	return f
}

// readNumeral reads run with the given thousands and decimal marks.
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
// hundred", "twenty five", "half a", "a million") and says how many tokens
// it took; 0 when toks do not start with one.
func wordNumber(toks []string) (statedNumber, int) {
	var total, group int64
	n := 0
	half := false
	for n < len(toks) {
		w := toks[n]
		v, isNumber := numberWords[w]
		switch {
		case w == "half" && n == 0:
			half = true
		case (w == "a" || w == "an") && n+1 < len(toks) && scaleOf(toks[n+1]) > 0 && (n == 0 || half):
			group = max(group, 1)
		case !isNumber:
			return wordValue(total+group, half, n)
		case v == 100:
			group = max(group, 1) * 100
		case v >= 1000:
			if n+1 < len(toks) && !isNumberWord(toks[n+1]) {
				// The last scale is the figure's unit ("five hundred
				// billion"), read by statedNumbers.
				return wordValue(total+group, half, n)
			}
			total += max(group, 1) * v
			group = 0
		default:
			group += v
		}
		n++
	}
	return wordValue(total+group, half, n)
}

// wordValue is the reading of a number in words worth v (halved), read
// from n tokens.
func wordValue(v int64, half bool, n int) (statedNumber, int) {
	if n == 0 || v == 0 && !half {
		return statedNumber{}, 0
	}
	r := new(big.Rat).SetInt64(max(v, 1))
	if half {
		r.Quo(r, big.NewRat(2, 1))
	}
	return statedNumber{values: []string{r.RatString()}, words: true}, n
}

// isNumberWord reports whether w is a number word.
func isNumberWord(w string) bool { _, ok := numberWords[w]; return ok }

// scaleOf is what a scale word multiplies by: 1e3 for "thousand"; 0 for
// any other word.
func scaleOf(w string) int64 {
	if v := numberWords[w]; v >= 1000 {
		return v
	}
	return 0
}

// mulRat multiplies an exact decimal by k.
func mulRat(v string, k int64) string {
	r, ok := new(big.Rat).SetString(v)
	if !ok {
		return v
	}
	return r.Mul(r, new(big.Rat).SetInt64(k)).RatString()
}

// addValue adds v to values once.
func addValue(values []string, v string) []string {
	if slices.Contains(values, v) {
		return values
	}
	return append(values, v)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// statesUnquotedNumber reports whether a claim's sentence gives a number
// that none of its quotes holds, compared by value: "$500 billion", "five
// hundred billion dollars" or "$1,238.6 billion" backed by a quote about
// trade that says "$123.86 billion". "123,86" is 123.86, and a figure
// with its scale ("123.86 billion") matches the quote's with or without
// it. Numbers in words count in a claim only with a scale or "percent"
// ("two countries" is left to the quotes' words); in a quote, all do.
func statesUnquotedNumber(sentence string, quotes []verifiedQuote) bool {
	held := map[string]bool{}
	for _, q := range quotes {
		for _, f := range statedNumbers(q.quote) {
			for _, v := range f.values {
				held[v] = true
			}
		}
	}
	for _, f := range statedNumbers(sentence) {
		if f.words && !f.scaled {
			continue
		}
		if !slices.ContainsFunc(f.values, func(v string) bool { return held[v] }) {
			return true
		}
	}
	return false
}
