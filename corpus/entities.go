package corpus

import (
	"sort"
	"strings"
	"unicode"
)

// Entity is a name the articles use for a person, place or organisation,
// found in their text when the corpus is built, or given in an aliases
// file.
type Entity struct {
	Name string // as the articles write it most often: "Maren Oskvold"
	// Short is the last word of Name, folded by Normalize, when the
	// articles also use it alone as a name ("oskvold" for Maren Oskvold),
	// or "".
	Short   string
	Aliases []string // other names for it, from the aliases file
}

// titles are the English words for offices and institutions that stand
// before a name without being part of it: "General Secretary Maren
// Oskvold", "National Assembly Chairman Tor Raskin".
var titles = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`president vice general secretary party prime minister
	chairman chairwoman chair deputy foreign senator ambassador mr mrs ms dr sir madam former
	state national assembly central committee commission congress council government minister
	king queen prince emperor premier governor mayor leader leaders the a an`) {
		titles[w] = true
	}
}

// IsTitle reports whether a folded word is an office or institution that
// stands before a name ("president", "secretary"), or an article.
func IsTitle(w string) bool { return titles[w] }

// token is one word of a sentence, as written.
type token struct {
	text    string // as written
	folded  string // Normalize(text)
	initial bool   // first word of its sentence
	joined  bool   // a single space joins it to the word before
}

// deriveEntities finds the names in docs: runs of two or more capitalised
// words that the articles never write in lower case, with no title among
// them ("Maren Oskvold", "Port Halden"). Each name's last word is its
// short form when the articles also use that word alone as a name. Names
// from aliases join them, with their aliases.
func deriveEntities(docs []*Document, aliases Aliases) []Entity {
	var sentences [][]token
	lower := map[string]bool{}  // folded words written in lower case somewhere
	inside := map[string]bool{} // folded words capitalised inside a sentence
	for _, d := range docs {
		for i := range d.Sentences {
			toks := tokens(d.Sentence(i))
			for _, t := range toks {
				switch r := []rune(t.text); {
				case !unicode.IsUpper(r[0]):
					lower[t.folded] = true
				case !t.initial:
					inside[t.folded] = true
				}
			}
			sentences = append(sentences, toks)
		}
	}
	nameWord := func(t token) bool {
		r := []rune(t.text)
		return len(r) >= 2 && unicode.IsUpper(r[0]) && !allUpper(t.text) && !lower[t.folded] && inside[t.folded] && !titles[t.folded]
	}
	type found struct {
		spellings map[string]int
		last      string
	}
	names := map[string]*found{} // folded name → spellings
	alone := map[string]bool{}   // folded words used alone as a name
	for _, toks := range sentences {
		for i := 0; i < len(toks); {
			j := i
			for j < len(toks) && nameWord(toks[j]) && (j == i || toks[j].joined) {
				j++
			}
			switch {
			case j-i >= 2:
				var written, folded []string
				for _, t := range toks[i:j] {
					written = append(written, t.text)
					folded = append(folded, t.folded)
				}
				key := strings.Join(folded, " ")
				f := names[key]
				if f == nil {
					f = &found{spellings: map[string]int{}, last: folded[len(folded)-1]}
					names[key] = f
				}
				f.spellings[strings.Join(written, " ")]++
			case j-i == 1 && !toks[i].initial:
				alone[toks[i].folded] = true
			}
			i = max(j, i+1)
		}
	}
	var out []Entity
	index := map[string]int{}
	for key, f := range names {
		e := Entity{Name: mostUsed(f.spellings)}
		if alone[f.last] {
			e.Short = f.last
		}
		index[key] = len(out)
		out = append(out, e)
	}
	for name, as := range aliases {
		key := strings.Join(strings.Fields(Normalize(name)), " ")
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, Entity{Name: name})
		}
		out[i].Aliases = append(out[i].Aliases, as...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// tokens cuts a sentence into words: runs of letters and digits. A word
// after anything but a single space (a comma, a dash) starts a new run
// of names.
func tokens(s string) []token {
	var out []token
	start, prevEnd := -1, -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		f := s[start:end]
		joined := len(out) > 0 && start-prevEnd == 1 && s[prevEnd] == ' '
		out = append(out, token{text: f, folded: Normalize(f), initial: len(out) == 0, joined: joined})
		start, prevEnd = -1, end
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
	return out
}

func allUpper(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// mostUsed returns the most frequent spelling, the first in order on a tie.
func mostUsed(spellings map[string]int) string {
	best, n := "", 0
	for s, c := range spellings {
		if c > n || (c == n && s < best) {
			best, n = s, c
		}
	}
	return best
}
