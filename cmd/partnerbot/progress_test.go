package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProgressOnATerminal draws steps on a stand-in terminal with a
// clock that moves 50 ms a reading: the line is redrawn in place at most
// every progressEvery, always for the last step, cleared at the end, and
// one summary line is logged.
func TestProgressOnATerminal(t *testing.T) {
	var term, logs bytes.Buffer
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { at = at.Add(50 * time.Millisecond); return at }
	p := newProgress(&term, slog.New(slog.NewJSONHandler(&logs, nil)), clock, "eval")
	for i := 1; i <= 10; i++ {
		p.step(i, 10, "answers")
	}
	p.done("eval finished", "questions", 10)
	got := term.String()
	draws := strings.Split(got, "\r\033[K")
	want := []string{"", "eval: 1/10 answers (100ms)", "eval: 5/10 answers (300ms)", "eval: 9/10 answers (500ms)", "eval: 10/10 answers (500ms)", ""}
	if strings.Join(draws, "|") != strings.Join(want, "|") {
		t.Errorf("terminal got %q\nwant %q", draws, want)
	}
	var rec map[string]any
	if err := json.Unmarshal(logs.Bytes(), &rec); err != nil || rec["msg"] != "eval finished" || rec["questions"] != 10.0 || rec["seconds"] != 0.55 {
		t.Errorf("summary line %s (%v), want eval finished, 10 questions, 0.55 s", logs.String(), err)
	}
}

// TestNoProgressOffATerminal checks that without a terminal only the
// summary line is written, and that a buffer or a file is no terminal.
func TestNoProgressOffATerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, w := range []any{&bytes.Buffer{}, f} {
		if terminal(w.(interface{ Write([]byte) (int, error) })) != nil {
			t.Errorf("%T taken for a terminal", w)
		}
	}
	var logs bytes.Buffer
	p := newProgress(nil, slog.New(slog.NewTextHandler(&logs, nil)), time.Now, "bench")
	p.step(1, 2, "x")
	p.done("bench finished")
	if strings.Count(logs.String(), "\n") != 1 || !strings.Contains(logs.String(), "bench finished") || strings.Contains(logs.String(), "\r") {
		t.Errorf("logs = %q, want the one summary line", logs.String())
	}
	var none *progress // nil: reports nothing
	none.step(1, 1, "")
	none.done("x")
}

// TestLongWorkSummaries checks the summary lines of the CLI off a
// terminal: eval, bench, and indexing an articles directory, which also
// names the files it skipped.
func TestLongWorkSummaries(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "extra.md"), []byte("---\ntitle: An extra article\n---\nTrade kept growing in 2023.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.pdf"), []byte("%PDF"), 0o644)
	os.WriteFile(filepath.Join(dir, ".draft.txt"), []byte("draft"), 0o644)
	os.Mkdir(filepath.Join(dir, "old"), 0o755)
	qs := filepath.Join(t.TempDir(), "q.jsonl")
	os.WriteFile(qs, []byte(`{"id":"a","kind":"factual","question":"What was the value of bilateral trade in 2022?","answerable":true,"answer_contains":[["123.86"]],"evidence":["bilateral trade turnover surpassing $123.86 billion"],"sources":["003_7d7682c6c64d5a91"]}`+"\n"), 0o644)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"eval", []string{"eval", "--questions", qs, "--mode", "all"}, []string{`"msg":"eval finished"`, `"questions":1`, `"modes":3`}},
		{"bench", []string{"bench", "--sizes", "none", "--reps", "1"}, []string{`"msg":"bench finished"`, `"corpora":1`}},
		{"indexing", []string{"ask", "--articles", dir, "How did trade grow in 2023?"}, []string{
			`"msg":"articles indexed"`, `"documents":6`,
			"skipped files that are not articles", `"count":3`, ".draft.txt (a hidden file)", "notes.pdf (not a .txt or .md file)", "old (a directory"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, err := runCmd(t, nil, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %s:\n%s", w, errOut)
				}
			}
			if strings.Contains(errOut, "\r") {
				t.Errorf("progress drawn off a terminal:\n%q", errOut)
			}
		})
	}
}
