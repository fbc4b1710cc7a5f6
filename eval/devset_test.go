package eval

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/corpus"
)

// devSet reads testdata/dev.jsonl against the embedded articles and returns
// its questions and the chunked corpus they refer to.
func devSet(t *testing.T) ([]Question, *corpus.Corpus) {
	t.Helper()
	return labelledSet(t, "testdata/dev.jsonl")
}

// labelledSet reads a question set against the embedded articles and
// returns its questions and the chunked corpus they refer to.
func labelledSet(t *testing.T, path string) ([]Question, *corpus.Corpus) {
	t.Helper()
	docs, err := corpus.Embedded()
	if err != nil {
		t.Fatalf("embedded articles: %v", err)
	}
	c, err := corpus.New(docs, corpus.ChunkOptions{}) // the options the command uses
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, warnings, err := ReadQuestions(f, CorpusText(c))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(warnings) > 0 {
		t.Errorf("%s warnings: %q", path, warnings)
	}
	return qs, c
}

// TestDevSetBuiltIn checks that the dev set built into the binary is the
// file in testdata.
func TestDevSetBuiltIn(t *testing.T) {
	want, err := os.ReadFile("testdata/dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(DevSet())
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("DevSet() is %d bytes (%v), want testdata/dev.jsonl's %d", len(got), err, len(want))
	}
}

// TestDevSetShape checks that the dev set is big and varied enough to mean
// something: at least 80 questions, at least 15% out of scope, and every
// kind of question the bot must handle.
func TestDevSetShape(t *testing.T) {
	qs, _ := devSet(t)
	if len(qs) < 80 {
		t.Errorf("dev set has %d questions, want at least 80", len(qs))
	}
	kinds := map[string]int{}
	for _, q := range qs {
		kinds[q.Kind]++
	}
	if share := float64(kinds["out-of-scope"]) / float64(len(qs)); share < 0.15 {
		t.Errorf("out-of-scope share = %.3f (%d of %d), want at least 0.15", share, kinds["out-of-scope"], len(qs))
	}
	for _, kind := range []string{"factual", "paraphrase", "spelling", "multi-fact", "conflicting",
		"vietnamese", "partial", "out-of-scope", "adversarial"} {
		t.Run(kind, func(t *testing.T) {
			if kinds[kind] == 0 {
				t.Errorf("no %q questions", kind)
			}
		})
	}
	for _, q := range qs {
		if q.Kind == "out-of-scope" && q.Answerable {
			t.Errorf("%s is out of scope but marked answerable", q.ID)
		}
	}
}

// TestDevSetGrounded checks that the dev set is honest about the articles:
// every source exists, every evidence phrase is in one of its question's
// sources, every source of an answerable question holds some evidence, and
// each phrase sits within one passage, so a perfect retriever can score.
func TestDevSetGrounded(t *testing.T) {
	qs, c := devSet(t)
	text := map[string]string{} // normalised cleaned text by document ID
	for _, d := range c.Documents() {
		text[d.ID] = corpus.Normalize(d.Text)
	}
	for _, q := range qs {
		t.Run(q.ID, func(t *testing.T) {
			for _, s := range q.Sources {
				if _, ok := text[s]; !ok {
					t.Errorf("source %q is not an embedded article", s)
				}
			}
			if q.Answerable && len(q.Evidence) == 0 {
				t.Error("answerable question without evidence: hit@k can never count it")
			}
			for _, ev := range q.Evidence {
				n := corpus.Normalize(ev)
				found := false
				for _, s := range q.Sources {
					if n != "" && strings.Contains(text[s], n) {
						found = true
					}
				}
				if !found {
					t.Errorf("evidence %q is in none of its sources %q", ev, q.Sources)
				}
			}
			if !q.Answerable {
				return
			}
			for _, s := range q.Sources {
				holds := false
				for _, ev := range q.Evidence {
					if n := corpus.Normalize(ev); n != "" && strings.Contains(text[s], n) {
						holds = true
					}
				}
				if !holds {
					t.Errorf("source %s holds none of the evidence %q", s, q.Evidence)
				}
			}
			// Each phrase must sit whole within one passage of a listed
			// source, or it could never make a passage relevant.
			for _, ev := range q.Evidence {
				one := q
				one.Evidence = []string{ev}
				inPassage := false
				for _, p := range c.Passages() {
					if relevant(one, p) {
						inPassage = true
						break
					}
				}
				if !inPassage {
					t.Errorf("evidence %q is in no single passage of %q, so it can never mark a hit", ev, q.Sources)
				}
			}
		})
	}
}

// TestSetsCanScore checks every labelled set, the dev set's strict checks
// aside: each answerable question has an evidence phrase that sits whole
// within one passage of a listed source, so a perfect retriever scores on
// it; a set written from the raw articles can quote text that cleaning
// removes (a photo caption), and a question with only such phrases could
// never count as a hit.
func TestSetsCanScore(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		if filepath.Base(path) == "valid.jsonl" { // about invented documents
			continue
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			qs, c := labelledSet(t, path)
			for _, q := range qs {
				if q.Answerable && !slices.ContainsFunc(c.Passages(), func(p corpus.Passage) bool { return relevant(q, p) }) {
					t.Errorf("%s: no evidence phrase %q sits within one passage of %q", q.ID, q.Evidence, q.Sources)
				}
			}
		})
	}
}
