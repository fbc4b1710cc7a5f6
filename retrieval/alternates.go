package retrieval

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Alternates are terms learned to stand for a question's term: where the
// people who wrote the labelled questions used one word ("mood", "sit-down",
// "made public"), the sentences that answered them used another
// ("atmosphere", "talks", "announced"). A query word's group holds its
// alternates at Weight, as it holds glossary and WordNet synonyms.
//
// They are data, fitted by bot/internal/selectorfit from the labelled
// question sets (never written by hand) and embedded as alternates.json.
type Alternates struct {
	// Weight is how much an alternate counts against the word's own term.
	Weight float64 `json:"weight"`
	// Terms maps a question's term to its alternates, best first.
	Terms map[string][]string `json:"terms"`
	// FittedOn names the question sets behind the table and how it was
	// fitted, for people reading the file.
	FittedOn []string `json:"fitted_on,omitempty"`
}

//go:embed alternates.json
var alternatesJSON []byte

// ErrAlternates marks an alternates file the engine cannot use.
var ErrAlternates = errors.New("bad alternates")

// Limits of an alternates file, so that a bad one cannot slow every query.
const (
	maxAlternateKeys = 20000
	maxAlternatesPer = 8
	maxTermBytes     = 64
)

// NoAlternates is a table with no alternates, for Options.Alternates: the
// lexicon then widens words only with the glossary and WordNet.
var NoAlternates = &Alternates{}

// DefaultAlternates is the embedded table.
func DefaultAlternates() (*Alternates, error) { return ParseAlternates(alternatesJSON) }

// ParseAlternates reads an alternates table and checks it: a weight in
// (0, 1], and every term one analysed term (lower case, no spaces), within
// the limits above.
func ParseAlternates(b []byte) (*Alternates, error) {
	var a Alternates
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrAlternates, err)
	}
	if math.IsNaN(a.Weight) || a.Weight <= 0 || a.Weight > 1 {
		return nil, fmt.Errorf("%w: weight %v is not in (0, 1]", ErrAlternates, a.Weight)
	}
	if len(a.Terms) > maxAlternateKeys {
		return nil, fmt.Errorf("%w: %d terms, at most %d", ErrAlternates, len(a.Terms), maxAlternateKeys)
	}
	for k, alts := range a.Terms {
		if !isTerm(k) {
			return nil, fmt.Errorf("%w: %q is not an analysed term", ErrAlternates, k)
		}
		if len(alts) == 0 || len(alts) > maxAlternatesPer {
			return nil, fmt.Errorf("%w: %q has %d alternates, want 1 to %d", ErrAlternates, k, len(alts), maxAlternatesPer)
		}
		for _, t := range alts {
			if !isTerm(t) || t == k {
				return nil, fmt.Errorf("%w: %q's alternate %q is not another analysed term", ErrAlternates, k, t)
			}
		}
		if len(slices.Compact(slices.Sorted(slices.Values(alts)))) != len(alts) {
			return nil, fmt.Errorf("%w: %q lists an alternate twice", ErrAlternates, k)
		}
	}
	return &a, nil
}

// isTerm reports whether t could be an analysed term: short valid UTF-8,
// with no upper case, white space or control characters.
func isTerm(t string) bool {
	if t == "" || len(t) > maxTermBytes || !utf8.ValidString(t) {
		return false
	}
	return !strings.ContainsFunc(t, func(r rune) bool {
		return unicode.IsUpper(r) || unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError
	})
}

// of is term's alternates; none for a nil table.
func (a *Alternates) of(term string) []string {
	if a == nil {
		return nil
	}
	return a.Terms[term]
}
