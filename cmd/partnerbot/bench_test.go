package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/config"
)

// TestBenchJSON runs the bench command on the articles and one small
// synthetic corpus and checks the JSON fields the README promises.
func TestBenchJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("builds several indexes")
	}
	out, _, err := runCmd(t, map[string]string{"PARTNERBOT_LOG_LEVEL": "warn"},
		"bench", "--sizes", "200", "--reps", "1", "--questions", "../../eval/testdata/dev.jsonl", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("not a JSON array: %v\n%.300s", err, out)
	}
	if len(rows) != 6 {
		t.Fatalf("got %d rows, want 3 modes × 2 corpora", len(rows))
	}
	keys := []string{"passages", "mode", "p50_ms", "p99_ms", "chromem_p50_ms", "floor_p50_ms", "build_ms", "heap_bytes",
		"startup_ms", "reembedded", "answer_p50_ms"}
	for i, r := range rows {
		for _, k := range keys {
			if _, ok := r[k]; !ok {
				t.Errorf("row %d has no %q", i, k)
			}
		}
		if p, _ := r["p50_ms"].(float64); p <= 0 {
			t.Errorf("row %d: p50_ms = %v, want a time", i, r["p50_ms"])
		}
	}
	if rows[3]["passages"] != 200.0 || rows[3]["corpus"] != "synthetic" {
		t.Errorf("row 3 = %v, want the 200-passage synthetic corpus", rows[3])
	}
}

// TestBenchMode checks that bench times only the mode asked for with
// --mode, and every mode without it.
func TestBenchMode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index")
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--mode", "bm25"}, "bm25"},
		{nil, "bm25 vector hybrid"},
	} {
		args := append([]string{"bench", "--sizes", "none", "--reps", "1", "--json"}, tt.args...)
		out, _, err := runCmd(t, map[string]string{"PARTNERBOT_LOG_LEVEL": "warn"}, args...)
		if err != nil {
			t.Fatal(err)
		}
		var rows []struct{ Mode string }
		if err := json.Unmarshal([]byte(out), &rows); err != nil {
			t.Fatalf("not a JSON array: %v\n%.300s", err, out)
		}
		var modes []string
		for _, r := range rows {
			modes = append(modes, r.Mode)
		}
		if got := strings.Join(modes, " "); got != tt.want {
			t.Errorf("bench %q timed %q, want %q", tt.args, got, tt.want)
		}
	}
}

// TestBenchOutsideCheckout runs bench from a directory that holds no
// question set: it times the built-in dev set. A --questions file that is
// missing or malformed is an error naming the flag and the file.
func TestBenchOutsideCheckout(t *testing.T) {
	t.Chdir(t.TempDir())
	out, _, err := runCmd(t, map[string]string{"PARTNERBOT_LOG_LEVEL": "warn"}, "bench", "--sizes", "none", "--reps", "1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "built-in dev question set") || !strings.Contains(out, "articles") {
		t.Errorf("bench did not time the built-in questions:\n%s", out)
	}
	os.WriteFile("bad.jsonl", []byte("{\"id\": 1}\n"), 0o644)
	for _, file := range []string{"missing.jsonl", "bad.jsonl"} {
		_, _, err := runCmd(t, nil, "bench", "--sizes", "none", "--reps", "1", "--questions", file)
		if err == nil || !strings.Contains(err.Error(), "--questions") || !strings.Contains(err.Error(), file) {
			t.Errorf("--questions %s: err = %v, want one naming the flag and the file", file, err)
		}
	}
}

func TestBenchBadSizes(t *testing.T) {
	_, _, err := runCmd(t, nil, "bench", "--sizes", "10k")
	if err == nil || !strings.Contains(err.Error(), "--sizes") {
		t.Errorf("err = %v, want one naming --sizes", err)
	}
}

// TestColdAskKeepsBenchSettings checks that bench's cold ask runs with
// the articles, data directory, config file, mode and top-k bench was
// given, and the question whole, even one that starts with "-".
func TestColdAskKeepsBenchSettings(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(file, []byte("log_format: text\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bench, err := config.Load([]string{"bench", "--articles", dir, "--data", dir, "--config", file, "--mode", "bm25", "--top-k", "7"}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	const q = "-5% trade in 2022?"
	ask, err := config.Load(askArgs(bench.Config, q), func(string) string { return "" })
	if err != nil {
		t.Fatalf("the cold ask's command line %q: %v", askArgs(bench.Config, q), err)
	}
	got, want := ask.Config, bench.Config
	if got.ArticlesDir != want.ArticlesDir || got.DataDir != want.DataDir || got.ConfigFile != want.ConfigFile ||
		got.Mode != want.Mode || got.TopK != want.TopK || got.LogFormat != "text" {
		t.Errorf("cold ask runs with %+v, want bench's %+v", got, want)
	}
	if ask.Command != "ask" || strings.Join(ask.Args, " ") != q {
		t.Errorf("cold ask = %s %q, want ask %q", ask.Command, ask.Args, q)
	}
}

// TestBenchQuestionsWarns checks that bench logs a question set's
// warnings, as eval does, rather than dropping them.
func TestBenchQuestionsWarns(t *testing.T) {
	file := filepath.Join(t.TempDir(), "q.jsonl")
	if err := os.WriteFile(file, []byte(`{"id":"a","question":"Who won the match?","answerable":false,"note":"y"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cp, _, err := loadCorpus(config.Config{}, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	qs, _, err := benchQuestions(file, cp, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil || len(qs) != 1 {
		t.Fatalf("benchQuestions = %d questions, %v", len(qs), err)
	}
	if !strings.Contains(logs.String(), `unknown field \"note\"`) {
		t.Errorf("the unknown field's warning is not logged:\n%s", logs.String())
	}
}
