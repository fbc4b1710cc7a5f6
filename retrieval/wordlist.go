package retrieval

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"strings"
)

// vietnameseWordsTSV is Vietnamese vocabulary beyond the hand-written
// glossary, everyday and topical words and phrases: one entry a line, the
// folded Vietnamese, a tab, and the English, or "-" for a particle that
// means nothing in a question. A translator wrote 1,672 entries for
// partnerbot from general knowledge of the language, never from the
// articles or the question sets; the list keeps only those that break
// none of the rules TestVietnameseWords checks (two words or more, no word
// of a name, not overlapping a glossary phrase, not in the glossary, no
// number). It is the project's own, under its licence.
//
//go:embed vietnamese_words.tsv
var vietnameseWordsTSV []byte

// errWordList marks a malformed word list.
var errWordList = errors.New("bad word list")

// parseWordList reads a word list: lines of folded words (a–z, 0–9, single
// spaces), a tab, and plain lower-case English words, or "-" for none.
// Blank lines are skipped; a key may appear once.
func parseWordList(b []byte) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "\t")
		if v == "-" {
			v = ""
		}
		switch {
		case !ok:
			return nil, fmt.Errorf("%w: line %d: no tab", errWordList, n)
		case !plainWords(k) || k == "":
			return nil, fmt.Errorf("%w: line %d: key %q is not folded words", errWordList, n, k)
		case v != "" && !plainWords(v):
			return nil, fmt.Errorf("%w: line %d: %q is not plain English words", errWordList, n, v)
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("%w: line %d: %q again", errWordList, n, k)
		}
		out[k] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", errWordList, err)
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
