package retrieval

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"strings"
)

// vietnameseWordsTSV is everyday Vietnamese vocabulary beyond the
// hand-written glossary: one entry a line, the folded Vietnamese, a tab, and
// the English (empty for a particle). It was written for partnerbot by a
// translator working from general knowledge of the language, never from
// the articles or the question sets, and then cut to the entries that add
// to the glossary (see TestVietnameseWords for the rules every entry keeps).
// It is the project's own, under its licence.
//
//go:embed vietnamese_words.tsv
var vietnameseWordsTSV []byte

// ErrWordList marks a malformed word list.
var ErrWordList = errors.New("bad word list")

// parseWordList reads a word list: lines of folded words (a–z, 0–9, single
// spaces), a tab, and plain lower-case English words or nothing. Blank
// lines are skipped; a key may appear once.
func parseWordList(b []byte) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "\t")
		switch {
		case !ok:
			return nil, fmt.Errorf("%w: line %d: no tab", ErrWordList, n)
		case !plainWords(k) || k == "":
			return nil, fmt.Errorf("%w: line %d: key %q is not folded words", ErrWordList, n, k)
		case v != "" && !plainWords(v):
			return nil, fmt.Errorf("%w: line %d: %q is not plain English words", ErrWordList, n, v)
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("%w: line %d: %q again", ErrWordList, n, k)
		}
		out[k] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrWordList, err)
	}
	return out, nil
}

// plainWords reports whether s is words of a–z and 0–9 joined by single
// spaces.
func plainWords(s string) bool {
	for _, w := range strings.Split(s, " ") {
		if w == "" || strings.Trim(w, "abcdefghijklmnopqrstuvwxyz0123456789") != "" {
			return false
		}
	}
	return true
}
