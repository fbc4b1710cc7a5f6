package retrieval

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// WordNet synonyms: a general English synonym table derived from WordNet 3.1,
// used to widen query words toward the corpus vocabulary ("commerce" →
// "commercialism", "troops" → "soldiery"), and WordNet's full word list,
// used to tell real English words from misspellings (IsEnglishWord).
//
// The data is wordnet/synsets.txt.gz, built by retrieval/internal/wordnetgen
// (its package comment says how to regenerate it and which senses are kept):
// gzip-compressed text lines
//
//	# comment (the WordNet licence and provenance)
//	S <pos> lemma[:rank]|lemma[:rank]|...
//	X <pos> inflected|base[|base...]
//	W <pos> word word word ...
//
// where <pos> is n, v, a or r. An S line is a synonym set (synset) with its
// lemmas in WordNet's order; rank is the lemma's sense number for that part
// of speech (":1" is omitted), and only senses 1-3 appear. An X line is an
// entry of WordNet's morphological exception lists ("went" → "go"). A W line
// lists every single-word lemma of a part of speech (any sense, proper nouns
// included), separated by single spaces and sorted bytewise. Lemmas are
// lowercase, multi-word lemmas use single spaces.
//
// WordNet 3.1 Copyright 2011 by Princeton University. All rights reserved.
// Used under the WordNet licence, whose full text heads the data file.

//go:embed wordnet/synsets.txt.gz
var wordNetGz []byte

// wordNet parses the embedded table on first use. It is nil if the embedded
// file is corrupt (a build-time defect that TestWordNetEmbedded catches); the
// lookups then find nothing.
var wordNet = sync.OnceValue(func() *wordNetData {
	d, err := parseWordNet(wordNetGz)
	if err != nil {
		return nil
	}
	return d
})

// Part-of-speech bits, in WordNet's conventional order noun, verb,
// adjective, adverb (the order used to break ties in sense order).
const (
	wnNoun uint8 = 1 << iota
	wnVerb
	wnAdj
	wnAdv
	wnAllPOS = wnNoun | wnVerb | wnAdj | wnAdv
)

// wnPOSOrder lists the part-of-speech bits in lookup order.
var wnPOSOrder = [...]uint8{wnNoun, wnVerb, wnAdj, wnAdv}

// wnPOSBit maps a part-of-speech code of the data file to its bit.
func wnPOSBit(c byte) (uint8, int) {
	switch c {
	case 'n':
		return wnNoun, 0
	case 'v':
		return wnVerb, 1
	case 'a', 's':
		return wnAdj, 2
	case 'r':
		return wnAdv, 3
	}
	return 0, -1
}

// wordNetData is the parsed table. Lemmas are interned: each distinct lemma
// is stored once and referred to by its int32 index.
type wordNetData struct {
	arena    string           // all lemmas, concatenated
	lemmaEnd []int32          // lemma i is arena[lemmaEnd[i-1]:lemmaEnd[i]] (0 for i = 0)
	ids      map[string]int32 // lemma -> index; keys are substrings of arena
	lemmaPOS []uint8          // lemma index -> parts of speech it is a lemma of

	// Synset i has part of speech synPOS[i] and lemmas
	// members[synStart[i]:synStart[i+1]], in WordNet's order.
	members  []int32
	synStart []int32
	synPOS   []uint8

	// Lemma l belongs to synsets senses[senseStart[l]:senseStart[l+1]], in
	// sense order: by sense number, then part of speech.
	senses     []int32
	senseStart []int32

	exc map[string][]wnBase // inflected form -> base forms

	// The W lines' word lists, for IsEnglishWord: every word is followed by
	// a space in wordText and starts at an offset in wordOff. List i has
	// part of speech wordLists[i].pos and its words, sorted, start at
	// wordOff[wordLists[i].lo:wordLists[i].hi]. Binary search on these
	// takes far less memory than a map of some 83,000 words.
	wordText  string
	wordOff   []int32
	wordLists []wnWordList
}

// wnWordList is the part of speech and the wordOff range of a W line.
type wnWordList struct {
	pos    uint8
	lo, hi int32
}

// wnBase is a base form from an exception list.
type wnBase struct {
	lemma int32
	pos   uint8
}

// parseWordNet parses the gzip-compressed table. Malformed lines are
// skipped; only an unreadable gzip stream is an error.
func parseWordNet(gz []byte) (*wordNetData, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("wordnet: open gzip: %w", err)
	}
	// The gzip trailer holds the uncompressed size (mod 2^32): read the
	// text into one allocation, which strings.Builder turns into a string
	// without copying.
	var buf strings.Builder
	if n := len(gz); n >= 4 {
		if size := binary.LittleEndian.Uint32(gz[n-4:]); size < 64<<20 {
			buf.Grow(int(size) + 1)
		}
	}
	if _, err := io.Copy(&buf, zr); err != nil {
		return nil, fmt.Errorf("wordnet: decompress: %w", err)
	}
	if err := zr.Close(); err != nil {
		return nil, fmt.Errorf("wordnet: decompress: %w", err)
	}
	text := buf.String()

	lines := strings.Count(text, "\n") + 1
	tokens := strings.Count(text, "|") + lines
	// About four in five lemma occurrences are distinct lemmas.
	distinct := tokens * 4 / 5
	d := &wordNetData{
		ids:      make(map[string]int32, distinct),
		lemmaPOS: make([]uint8, 0, distinct),
		members:  make([]int32, 0, tokens),
		synStart: make([]int32, 0, lines+1),
		synPOS:   make([]uint8, 0, lines),
		exc:      make(map[string][]wnBase, strings.Count(text, "\nX ")),
	}
	// Sort key of each member within its lemma's senses:
	// (sense number-1)*4 + part-of-speech order, at most 11.
	keys := make([]uint8, 0, cap(d.members))
	lemmas := make([]string, 0, distinct) // substrings of text until the arena is built
	var words strings.Builder
	var unsorted []int // indexes into d.wordLists of lists to sort
	intern := func(s string) int32 {
		if id, ok := d.ids[s]; ok {
			return id
		}
		id := int32(len(lemmas))
		d.ids[s] = id
		lemmas = append(lemmas, s)
		d.lemmaPOS = append(d.lemmaPOS, 0)
		return id
	}

	for len(text) > 0 {
		var line string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			line, text = text, ""
		}
		if len(line) < 5 || line[1] != ' ' || line[3] != ' ' {
			continue // comment or malformed
		}
		bit, order := wnPOSBit(line[2])
		if bit == 0 {
			continue
		}
		body := line[4:]
		switch line[0] {
		case 'S':
			start := len(d.members)
			for body != "" {
				var tok string
				if i := strings.IndexByte(body, '|'); i >= 0 {
					tok, body = body[:i], body[i+1:]
				} else {
					tok, body = body, ""
				}
				rank := 1
				if n := len(tok); n > 2 && tok[n-2] == ':' && tok[n-1] >= '1' && tok[n-1] <= '3' {
					rank = int(tok[n-1] - '0')
					tok = tok[:n-2]
				}
				if tok == "" {
					continue
				}
				id := intern(tok)
				d.lemmaPOS[id] |= bit
				d.members = append(d.members, id)
				keys = append(keys, uint8((rank-1)*4+order))
			}
			if len(d.members)-start < 2 {
				d.members, keys = d.members[:start], keys[:start]
				continue
			}
			d.synStart = append(d.synStart, int32(start))
			d.synPOS = append(d.synPOS, bit)
		case 'X':
			i := strings.IndexByte(body, '|')
			if i <= 0 {
				continue
			}
			infl := strings.Clone(body[:i])
			for rest := body[i+1:]; rest != ""; {
				var base string
				if j := strings.IndexByte(rest, '|'); j >= 0 {
					base, rest = rest[:j], rest[j+1:]
				} else {
					base, rest = rest, ""
				}
				if base == "" {
					continue
				}
				id := intern(base)
				d.lemmaPOS[id] |= bit
				d.exc[infl] = append(d.exc[infl], wnBase{lemma: id, pos: bit})
			}
		case 'W':
			list := wnWordList{pos: bit, lo: int32(len(d.wordOff))}
			d.wordOff = slices.Grow(d.wordOff, strings.Count(body, " ")+1)
			words.Grow(len(body) + 1)
			base := words.Len()
			words.WriteString(body)
			words.WriteByte(' ')
			sorted := true
			prev := ""
			for at := 0; at < len(body); {
				end := strings.IndexByte(body[at:], ' ')
				if end < 0 {
					end = len(body)
				} else {
					end += at
				}
				if w := body[at:end]; w != "" {
					d.wordOff = append(d.wordOff, int32(base+at))
					sorted = sorted && prev < w
					prev = w
				}
				at = end + 1
			}
			list.hi = int32(len(d.wordOff))
			if !sorted {
				unsorted = append(unsorted, len(d.wordLists))
			}
			d.wordLists = append(d.wordLists, list)
		}
	}
	d.wordText = words.String()
	for _, i := range unsorted {
		l := d.wordLists[i]
		slices.SortFunc(d.wordOff[l.lo:l.hi], func(a, b int32) int {
			return strings.Compare(d.wordAt(a), d.wordAt(b))
		})
	}
	d.synStart = append(d.synStart, int32(len(d.members)))
	if len(d.synPOS) == 0 {
		return nil, errors.New("wordnet: no synsets")
	}

	// Copy the lemmas into one compact string so that the decompressed text
	// can be collected. Assigning to an existing string key also replaces
	// the key, so the map stops referring to the text.
	size := 0
	for _, l := range lemmas {
		size += len(l)
	}
	var arena strings.Builder
	arena.Grow(size)
	for _, l := range lemmas {
		arena.WriteString(l)
	}
	d.arena = arena.String()
	d.lemmaEnd = make([]int32, len(lemmas))
	off := 0
	for i, l := range lemmas {
		d.ids[d.arena[off:off+len(l)]] = int32(i)
		off += len(l)
		d.lemmaEnd[i] = int32(off)
	}

	// Index lemma -> synsets (CSR), each lemma's list sorted by key.
	d.senseStart = make([]int32, len(lemmas)+1)
	for _, id := range d.members {
		d.senseStart[id+1]++
	}
	for i := 1; i < len(d.senseStart); i++ {
		d.senseStart[i] += d.senseStart[i-1]
	}
	d.senses = make([]int32, len(d.members))
	senseKeys := make([]uint8, len(d.members))
	fill := make([]int32, len(lemmas))
	for s := range len(d.synPOS) {
		for m := d.synStart[s]; m < d.synStart[s+1]; m++ {
			id := d.members[m]
			at := d.senseStart[id] + fill[id]
			fill[id]++
			// Insertion sort: lists are short (at most 12 entries).
			for at > d.senseStart[id] && senseKeys[at-1] > keys[m] {
				d.senses[at], senseKeys[at] = d.senses[at-1], senseKeys[at-1]
				at--
			}
			d.senses[at], senseKeys[at] = int32(s), keys[m]
		}
	}
	return d, nil
}

// wordAt returns the word of the W lists that starts at wordText[off].
func (d *wordNetData) wordAt(off int32) string {
	w := d.wordText[off:]
	return w[:strings.IndexByte(w, ' ')]
}

// wordPOS returns the parts of speech, among those of mask, of which word
// is a lemma by the W lists.
func (d *wordNetData) wordPOS(word string, mask uint8) uint8 {
	var pos uint8
	for _, l := range d.wordLists {
		if l.pos&mask == 0 || l.pos&pos != 0 {
			continue
		}
		lo, hi := l.lo, l.hi
		for lo < hi {
			m := int32(uint32(lo+hi) >> 1)
			if d.wordAt(d.wordOff[m]) < word {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo < l.hi && d.wordAt(d.wordOff[lo]) == word {
			pos |= l.pos
		}
	}
	return pos
}

// isLemma reports whether word is a WordNet lemma of one of the parts of
// speech of mask: a single word of the W lists, or a lemma (possibly
// multi-word) of the synset table or an exception-list base.
func (d *wordNetData) isLemma(word string, mask uint8) bool {
	if id, ok := d.ids[word]; ok && d.lemmaPOS[id]&mask != 0 {
		return true
	}
	return d.wordPOS(word, mask) != 0
}

// baseForm maps a cleaned word to its base form among all WordNet lemmas:
// its first base from the exception lists, else the word itself if it is a
// lemma, else the first lemma morphy's detachment rules give, trying nouns,
// verbs, adjectives and adverbs in that order. It is resolve with the full
// word lists, returning only the first form.
func (d *wordNetData) baseForm(word string) (string, bool) {
	if bases := d.exc[word]; len(bases) > 0 {
		return d.lemma(bases[0].lemma), true
	}
	if word == "" {
		return "", false
	}
	if d.isLemma(word, wnAllPOS) {
		return word, true
	}
	for _, pos := range wnPOSOrder {
		for _, cand := range wnDetach(word, pos) {
			if d.isLemma(cand, pos) {
				return cand, true
			}
		}
	}
	return "", false
}

// lemma returns the text of lemma id.
func (d *wordNetData) lemma(id int32) string {
	start := int32(0)
	if id > 0 {
		start = d.lemmaEnd[id-1]
	}
	return d.arena[start:d.lemmaEnd[id]]
}

// wnForm is a lemma a looked-up word resolves to, with the parts of speech
// in which it applies.
type wnForm struct {
	lemma int32
	pos   uint8
}

// resolve maps a word to its WordNet lemmas: the base forms the exception
// lists give for it, then the word itself if it is a lemma, and, only if
// neither exists, the lemmas found by morphy's suffix detachment rules.
// Irregular bases come first because in running text an exception-listed
// form is usually the inflection ("saw" is more often "see" than the tool).
func (d *wordNetData) resolve(word string) []wnForm {
	var forms []wnForm
	add := func(id int32, pos uint8) {
		for i := range forms {
			if forms[i].lemma == id {
				forms[i].pos |= pos
				return
			}
		}
		forms = append(forms, wnForm{id, pos})
	}
	for _, b := range d.exc[word] {
		add(b.lemma, b.pos)
	}
	if id, ok := d.ids[word]; ok {
		add(id, wnAllPOS)
	}
	if len(forms) > 0 {
		return forms
	}
	for _, pos := range wnPOSOrder {
		for _, cand := range wnDetach(word, pos) {
			if id, ok := d.ids[cand]; ok && d.lemmaPOS[id]&pos != 0 {
				add(id, pos)
			}
		}
	}
	return forms
}

// wnRule is a suffix detachment rule: a word ending in suffix may be an
// inflection of the word ending in ending instead.
type wnRule struct{ suffix, ending string }

// wnRules are WordNet's morphy detachment rules (morph.c) per part of
// speech; adverbs have none.
var wnRules = map[uint8][]wnRule{
	wnNoun: {{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}},
	wnVerb: {{"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}},
	wnAdj:  {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}},
}

// wnDetach returns the candidate base forms of word for one part of speech
// by the detachment rules. As in morph.c, nouns ending in "ss" or of at
// most two letters are not detached, and for a noun ending in "ful" the
// rules apply before the "ful" ("boxesful" → "boxful").
func wnDetach(word string, pos uint8) []string {
	tail := ""
	if pos == wnNoun {
		if stem, ok := strings.CutSuffix(word, "ful"); ok && stem != "" {
			word, tail = stem, "ful"
		} else if strings.HasSuffix(word, "ss") || len(word) <= 2 {
			return nil
		}
	}
	var out []string
	for _, r := range wnRules[pos] {
		if stem, ok := strings.CutSuffix(word, r.suffix); ok && stem != "" {
			out = append(out, stem+r.ending+tail)
		}
	}
	return out
}

// wnClean lowercases a word and trims and collapses its spaces.
func wnClean(word string) string {
	word = strings.ToLower(strings.TrimSpace(word))
	if strings.Contains(word, "  ") || strings.ContainsAny(word, "\t\n\r") {
		word = strings.Join(strings.Fields(word), " ")
	}
	return word
}

// WordNetSynonyms returns the WordNet synonyms of a lowercase word or
// multi-word phrase (words separated by single spaces): the other lemmas of
// every synset it belongs to, deduplicated, ordered by the word's sense order
// (sense number, then noun, verb, adjective, adverb) and then WordNet's lemma
// order within each synset. The word is first mapped to its base forms
// through WordNet's exception lists of irregular inflections ("went" →
// "go"); the synsets of those bases come before the word's own ("found"
// gets those of "find", then of "found"). A word that is neither a lemma
// nor an exception is de-inflected by morphy's suffix rules ("militaries"
// → "military"). Neither the word nor its base forms are returned. Only the
// synsets the embedded table keeps (a lemma's most frequent senses; see
// retrieval/internal/wordnetgen) are consulted. It returns nil for an
// unknown word.
func WordNetSynonyms(word string) []string {
	d := wordNet()
	if d == nil {
		return nil
	}
	forms := d.resolve(wnClean(word))
	if len(forms) == 0 {
		return nil
	}
	var out []string
	var seen map[int32]bool // lazily made: most words have few synonyms
	isForm := func(id int32) bool {
		for _, f := range forms {
			if f.lemma == id {
				return true
			}
		}
		return false
	}
	for _, f := range forms {
		for _, s := range d.senses[d.senseStart[f.lemma]:d.senseStart[f.lemma+1]] {
			if d.synPOS[s]&f.pos == 0 {
				continue
			}
			for _, m := range d.members[d.synStart[s]:d.synStart[s+1]] {
				if isForm(m) || seen[m] {
					continue
				}
				if seen == nil {
					seen = make(map[int32]bool)
				}
				seen[m] = true
				out = append(out, d.lemma(m))
			}
		}
	}
	return out
}

// WordNetLemma returns the base form of a word or phrase among all WordNet
// lemmas (any part of speech, any sense): its first base form from the
// exception lists ("went" → "go", "saw" → "see"), else the word itself if it
// is a lemma ("soldier", "glasses", "years"), else the first lemma morphy's
// suffix rules give ("soldiers" → "soldier", "militaries" → "military"),
// trying nouns, verbs, adjectives and adverbs in that order. The word is
// lowercased and its spaces trimmed and collapsed first. It reports false
// if WordNet does not know the word. Multi-word phrases are known only as
// lemmas of the synonym table (see WordNetSynonyms); WordNet's full lemma
// list is embedded for single words only.
//
// WordNetSynonyms resolves words the same way but only among the lemmas of
// its synonym table (and exception-list bases), so it still de-inflects a
// word that WordNet lists as a lemma without kept synonyms: the lemma of
// "assets" is "assets", but its synonyms are those of "asset".
func WordNetLemma(word string) (string, bool) {
	d := wordNet()
	if d == nil {
		return "", false
	}
	return d.baseForm(wnClean(word))
}

// IsEnglishWord reports whether word is a real English word as far as
// WordNet 3.1 knows: whether it, or a base form found through WordNet's
// exception lists of irregular inflections ("went") or morphy's suffix
// rules ("soldiers", "funded"), is a lemma of any part of speech in any
// sense; WordNetLemma says which. Case and surrounding spaces are ignored.
// WordNet has no function words (articles, pronouns, prepositions,
// conjunctions) and few slang or abbreviated forms, so a false result means
// "not a WordNet word", not necessarily a misspelling.
func IsEnglishWord(word string) bool {
	_, ok := WordNetLemma(word)
	return ok
}

// CanBeVerb reports whether word, or a base form of it by the exception
// lists or morphy's verb rules, is a WordNet verb ("say", "pledged", "went").
// Many words are nouns too; callers use it to find where a subject ends.
func CanBeVerb(word string) bool {
	d := wordNet()
	if d == nil {
		return false
	}
	w := wnClean(word)
	for _, b := range d.exc[w] {
		if b.pos&wnVerb != 0 {
			return true
		}
	}
	if d.isLemma(w, wnVerb) {
		return true
	}
	for _, cand := range wnDetach(w, wnVerb) {
		if d.isLemma(cand, wnVerb) {
			return true
		}
	}
	return false
}
