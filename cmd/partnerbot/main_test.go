package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/config"
	"github.com/partnerbot/partnerbot/corpus"
)

// runCmd runs the program with args and an environment, returning what it
// printed and its error.
func runCmd(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err := run(context.Background(), args, getenv, &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func TestAskJSON(t *testing.T) {
	out, _, err := runCmd(t, nil, "ask", "--json", "What was the value of bilateral trade in 2022?")
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"question", "answer", "abstained", "mode", "citations"} {
		if _, ok := got[k]; !ok {
			t.Errorf("no %q field in %s", k, out)
		}
	}
	cites, _ := got["citations"].([]any)
	if len(cites) == 0 || got["abstained"] != false || got["mode"] != "extractive" {
		t.Fatalf("want an extractive answer with citations: %s", out)
	}
	c := cites[0].(map[string]any)
	for _, k := range []string{"doc_id", "title", "quote", "chunk_id"} {
		if s, _ := c[k].(string); s == "" {
			t.Errorf("citation field %q empty: %v", k, c)
		}
	}
}

func TestAskText(t *testing.T) {
	out, _, err := runCmd(t, nil, "ask", "When was the Comprehensive Partnership established?")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2013", "Sources:", "001_c8436e6c3965576a", "(extractive answer)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestAskDeclines(t *testing.T) {
	out, _, err := runCmd(t, nil, "ask", "--json", "Who is the coach of Vietnam's football team?")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Abstained bool
		Citations []any
		Answer    string
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"citations": []`) {
		t.Errorf("a decline's citations must be an empty array, not null: %s", out)
	}
	if !got.Abstained || len(got.Citations) != 0 || !strings.Contains(got.Answer, "couldn't find") {
		t.Errorf("want a plain decline: %s", out)
	}
}

func TestAskBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no question", []string{"ask"}, "ask needs a question"}, // a usage error, exit 2
		{"blank question", []string{"ask", "   "}, "Please ask a question"},
		{"too long", []string{"ask", strings.Repeat("trade ", 200)}, "too long"},
		{"control characters", []string{"ask", "trade\x1b[2J"}, "control characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCmd(t, nil, tt.args...)
			if err == nil {
				t.Fatalf("no error; printed %q", out)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			if usage := errors.Is(err, config.ErrUsage); usage != (tt.name == "no question") {
				t.Errorf("usage error %v, want %v: a missing question is a command-line mistake, a bad one is not", usage, !usage)
			}
			if strings.Contains(err.Error(), "goroutine") || strings.Contains(err.Error(), "panic") {
				t.Errorf("error looks like a crash: %q", err)
			}
		})
	}
}

func TestSources(t *testing.T) {
	out, _, err := runCmd(t, nil, "sources")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ID", "PASSAGES", "000_a94376e329917a8c", "2023-09-14", "Bringing Vietnam-US relations"} {
		if !strings.Contains(out, want) {
			t.Errorf("sources lacks %q:\n%s", want, out)
		}
	}
}

func TestSourcesWithArticlesDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "extra.md"), []byte("---\ntitle: An extra article\n---\nTrade kept growing in 2023.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, map[string]string{"PARTNERBOT_ARTICLES_DIR": dir}, "sources", "--json")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"extra"`) || !strings.Contains(out, "An extra article") {
		t.Errorf("extra article missing:\n%s", out)
	}
	if err := os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, map[string]string{"PARTNERBOT_ARTICLES_DIR": dir}, "sources"); err == nil || !strings.Contains(err.Error(), "empty.txt") {
		t.Errorf("an empty article file must fail naming it, got %v", err)
	}
}

// TestArticlesDirWithoutArticles checks that a directory holding only an
// aliases file names the built-in articles' people, and that one holding
// nothing is said to, rather than either passing silently.
func TestArticlesDirWithoutArticles(t *testing.T) {
	aliasesOnly, empty := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(aliasesOnly, corpus.AliasesFile), []byte("Nguyen Phu Trong: [Zorblax]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		dir, wantLog string
		wantAlias    bool
	}{
		{aliasesOnly, "its aliases.yaml names the built-in articles' people", true},
		{empty, "articles directory holds no articles", false},
	} {
		var logs bytes.Buffer
		cp, _, err := loadCorpus(config.Config{ArticlesDir: tt.dir}, slog.New(slog.NewTextHandler(&logs, nil)), nil)
		if err != nil {
			t.Fatal(err)
		}
		aliased := slices.ContainsFunc(cp.Entities(), func(e corpus.Entity) bool { return slices.Contains(e.Aliases, "Zorblax") })
		if aliased != tt.wantAlias || !strings.Contains(logs.String(), tt.wantLog) {
			t.Errorf("%s: alias found %v, want %v; logs:\n%s", tt.dir, aliased, tt.wantAlias, logs.String())
		}
	}
}

// TestArticlesDirCleaningLogged checks that the lines cleaning takes out
// of an operator's article are logged with its file.
func TestArticlesDirCleaningLogged(t *testing.T) {
	dir := t.TempDir()
	const caption = "Delegates at the signing ceremony (Photo: VNA)"
	if err := os.WriteFile(filepath.Join(dir, "k.txt"), []byte("The talks ended at noon.\n"+caption+"\nTrade grew.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	if _, _, err := loadCorpus(config.Config{ArticlesDir: dir}, slog.New(slog.NewTextHandler(&logs, nil)), nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "cleaning removed") || !strings.Contains(logs.String(), caption) || !strings.Contains(logs.String(), "k.txt") {
		t.Errorf("the caption cleaning removed is not logged with its file:\n%s", logs.String())
	}
}

func TestConfigRedacts(t *testing.T) {
	env := map[string]string{"DISCORD_TOKEN": "tok-SECRET-123", "OPENAI_API_KEY": "sk-SECRET-456"}
	out, _, err := runCmd(t, env, "config")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "SECRET") || !strings.Contains(out, config.Redacted) {
		t.Errorf("secrets not redacted:\n%s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"ask", "--nope", "q"}} {
		if _, _, err := runCmd(t, nil, args...); !errors.Is(err, config.ErrUsage) {
			t.Errorf("run(%q) = %v, want a usage error", args, err)
		}
	}
}

func TestEvalGate(t *testing.T) {
	dir := t.TempDir()
	qs := filepath.Join(dir, "q.jsonl")
	lines := `{"id":"a","kind":"factual","question":"What was the value of bilateral trade in 2022?","answerable":true,"answer_contains":[["123.86"]],"evidence":["bilateral trade turnover surpassing $123.86 billion"],"sources":["003_7d7682c6c64d5a91"]}
{"id":"b","kind":"out-of-scope","question":"Who is the coach of Vietnam's football team?","answerable":false,"answer_contains":[],"evidence":[],"sources":[]}
{"id":"c","kind":"factual","question":"What was the value of bilateral trade in 2022?","answerable":true,"answer_contains":[["a figure no article gives"]],"evidence":["bilateral trade turnover surpassing $123.86 billion"],"sources":["003_7d7682c6c64d5a91"]}
`
	if err := os.WriteFile(qs, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, nil, "eval", "--questions", qs, "--mode", "all", "--json", "--min-accuracy", "0.5")
	if err != nil {
		t.Fatalf("eval failed: %v\n%s", err, out)
	}
	var all struct {
		Modes map[string]struct {
			Metrics map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &all); err != nil || len(all.Modes) != 3 {
		t.Fatalf("want three modes in JSON, got %v\n%s", err, out)
	}
	_, _, err = runCmd(t, nil, "eval", "--questions", qs, "--min-accuracy", "0.9") // c cannot be right
	if !errors.Is(err, errGate) || !strings.Contains(err.Error(), "answer_accuracy") || !strings.Contains(err.Error(), "0.900") {
		t.Errorf("a missed threshold must fail naming the metric, value and threshold, got %v", err)
	}
	_, _, err = runCmd(t, nil, "eval", "--questions", qs, "--mode", "all", "--min-accuracy", "0.9")
	for _, m := range []string{"bm25 mode", "vector mode", "hybrid mode"} {
		if !errors.Is(err, errGate) || !strings.Contains(err.Error(), m) {
			t.Errorf("with --mode all every mode is gated; want %q in %v", m, err)
		}
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"id":"a","question":"q","answerable":"yes"}`+"\n"), 0o644)
	if _, _, err := runCmd(t, nil, "eval", "--questions", bad); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a malformed question set must fail naming the line, got %v", err)
	}
}

func TestAskExplain(t *testing.T) {
	t.Run("text", func(t *testing.T) {
		out, _, err := runCmd(t, nil, "ask", "--explain", "What was the value of bilateral trade in 2022?")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Passages, by their best sentence", "Part 1:", "kind: money", "candidates (", "answers when p ≥", "chose 1", "123.86", "Sources:"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("a decline says why", func(t *testing.T) {
		out, _, err := runCmd(t, nil, "ask", "--explain", "Who is the coach of Vietnam's football team?")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "declined: ") {
			t.Errorf("no reason for the decline:\n%s", out)
		}
	})
	t.Run("json", func(t *testing.T) {
		out, _, err := runCmd(t, nil, "ask", "--explain", "--json", "What was the value of bilateral trade in 2022?")
		if err != nil {
			t.Fatal(err)
		}
		var tr struct {
			Passages []struct {
				ChunkID string `json:"chunk_id"`
			}
			Parts []struct {
				Kind       string
				Candidates []struct {
					Features []float64
					P        float64
				}
			}
			Features []string
			Answer   struct{ Answer string }
		}
		if err := json.Unmarshal([]byte(out), &tr); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if len(tr.Passages) == 0 || len(tr.Parts) != 1 || len(tr.Parts[0].Candidates) == 0 || !strings.Contains(tr.Answer.Answer, "123.86") {
			t.Fatalf("trace incomplete: %s", out)
		}
		if got, want := len(tr.Parts[0].Candidates[0].Features), len(tr.Features); got != want || want == 0 {
			t.Errorf("candidate has %d features, names %d", got, want)
		}
	})
	t.Run("json lists are never null", func(t *testing.T) {
		out, _, err := runCmd(t, nil, "ask", "--explain", "--json", "hi")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "null") {
			t.Errorf("a trace with nothing in it has null where [] belongs:\n%s", out)
		}
	})
}

// TestAskInventedArticle loads, through --articles, an article about an
// invented visit with invented names: the bot answers about them with no
// code change, its names and aliases coming from the data.
func TestAskInventedArticle(t *testing.T) {
	dir := filepath.Join("testdata", "invented")
	tests := []struct {
		question string
		want     []string // each in the answer
	}{
		{"Who did Maren Oskvold meet?", []string{"Raskin", "oskvold_visit"}},
		{"Who did Oskvold hold talks with?", []string{"Vantorre", "oskvold_visit"}},
		{"What did Oskvold and Raskin sign?", []string{"fisheries", "oskvold_visit"}},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			out, _, err := runCmd(t, nil, "ask", "--articles", dir, "--data", t.TempDir(), tt.question)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("answer lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
