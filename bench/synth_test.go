package bench

import (
	"fmt"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/corpus"
)

// articles loads and chunks the embedded articles; t may be nil, and then
// a failure panics.
func articles(t testing.TB) []*corpus.Document {
	docs, err := corpus.Embedded()
	if err == nil {
		_, err = corpus.New(docs, corpus.ChunkOptions{})
	}
	if err != nil && t != nil {
		t.Fatal(err)
	}
	if err != nil {
		panic(err)
	}
	return docs
}

func TestSynthesizeExactSizeFromRealSentences(t *testing.T) {
	docs := articles(t)
	var real [][]string
	for _, d := range docs {
		for i := range d.Sentences {
			real = append(real, strings.Fields(d.Sentence(i)))
		}
	}
	// fromArticles reports whether s is a sentence of the articles with at
	// most one word changed.
	fromArticles := func(s string) bool {
		got := strings.Fields(s)
		for _, r := range real {
			if len(r) != len(got) {
				continue
			}
			diff := 0
			for i := range r {
				if r[i] != got[i] {
					diff++
				}
			}
			if diff <= 1 {
				return true
			}
		}
		return false
	}
	for _, n := range []int{1, 2, 7, 8, 9, 100, 1001} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			c, err := Synthesize(docs, n, 1)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(c.Passages()); got != n {
				t.Errorf("got %d passages, want %d", got, n)
			}
			distinct := map[string]bool{}
			for _, p := range c.Passages() {
				distinct[p.Text] = true
			}
			if n >= 100 && len(distinct) < n*95/100 {
				t.Errorf("%d distinct passages of %d, want at least 95%%", len(distinct), n)
			}
			for _, d := range c.Documents() {
				for i := range d.Sentences {
					if s := d.Sentence(i); !fromArticles(s) {
						t.Fatalf("%s sentence %d is not a sentence of the articles with one word swapped: %q", d.ID, i, s)
					}
				}
			}
		})
	}
}

func TestSynthesizeSeeded(t *testing.T) {
	docs := articles(t)
	text := func(seed uint64) string {
		c, err := Synthesize(docs, 50, seed)
		if err != nil {
			t.Fatal(err)
		}
		var s string
		for _, p := range c.Passages() {
			s += p.Text + "\n"
		}
		return s
	}
	if text(1) != text(1) {
		t.Error("one seed gave two corpora")
	}
	if text(1) == text(2) {
		t.Error("two seeds gave one corpus")
	}
}

func TestSynthesizeNoSentences(t *testing.T) {
	if _, err := Synthesize(nil, 10, 1); err == nil {
		t.Error("no articles: want an error")
	}
}
