package main

import (
	"encoding/json"
	"errors"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/config"
	"github.com/partnerbot/partnerbot/provider/openaitest"
)

// TestHelp checks every way of asking for help: on stdout, no error (exit
// 0), nothing on stderr, and every flag with the environment variable
// behind it.
func TestHelp(t *testing.T) {
	var table strings.Builder
	if err := config.Markdown(&table); err != nil {
		t.Fatal(err)
	}
	everyEnv := regexp.MustCompile("`([A-Z][A-Z0-9_]+)`").FindAllStringSubmatch(table.String(), -1)
	everyFlag := regexp.MustCompile("`(--[a-z-]+)`").FindAllStringSubmatch(table.String(), -1)
	tests := []struct {
		args []string
		want []string // besides, for the overview, every setting
	}{
		{[]string{"--help"}, []string{"usage: partnerbot COMMAND", "ask", "eval", "serve", "bench", "--config FILE", "--mode", "--top-k", "--articles", "--data", "--log-level"}},
		{[]string{"-h"}, []string{"usage: partnerbot COMMAND"}},
		{[]string{"help"}, []string{"usage: partnerbot COMMAND"}},
		{[]string{"ask", "--help"}, []string{"usage: partnerbot ask", "--json", "--mode VALUE", "PARTNERBOT_MODE", "--top-k VALUE", "PARTNERBOT_TOP_K", "--articles", "--data", "--config FILE", "--log-level", "OPENAI_API_KEY"}},
		{[]string{"ask", "-h"}, []string{"usage: partnerbot ask"}},
		{[]string{"help", "ask"}, []string{"usage: partnerbot ask", "--json"}},
		{[]string{"help", "eval"}, []string{"--questions", "--k VALUE", "--min-hit", "--max-excludes", "PARTNERBOT_MODE"}},
		{[]string{"bench", "--help"}, []string{"--sizes", "--reps", "--questions", "built-in dev set"}},
		{[]string{"serve", "-h"}, []string{"--http VALUE", "PARTNERBOT_HTTP_ADDR", "DISCORD_TOKEN", "(environment only)"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, errOut, err := runCmd(t, nil, tt.args...)
			if err != nil {
				t.Fatalf("err = %v, want none (exit 0)", err)
			}
			if errOut != "" {
				t.Errorf("help wrote to stderr: %s", errOut)
			}
			want := tt.want
			if tt.args[0] != "ask" && len(tt.args) == 1 {
				for _, m := range append(everyEnv, everyFlag...) {
					want = append(want, m[1])
				}
			}
			for _, w := range want {
				if !strings.Contains(out, w) {
					t.Errorf("help lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestHelpJSON checks that help asked for with --json, wherever it stands,
// is one JSON object on stdout: the overview's commands, or a command's usage.
func TestHelpJSON(t *testing.T) {
	tests := []struct {
		args      []string
		wantUsage string
	}{
		{[]string{"help", "--json"}, "partnerbot COMMAND [flags] [arguments]"},
		{[]string{"--help", "--json"}, "partnerbot COMMAND [flags] [arguments]"},
		{[]string{"help", "--json", "eval"}, "partnerbot eval --questions FILE [flags]"},
		{[]string{"ask", "--json", "-h"}, `partnerbot ask [flags] "question"`},
		{[]string{"version", "--help", "--json"}, "partnerbot version [--json]"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, errOut, err := runCmd(t, nil, tt.args...)
			if err != nil || errOut != "" {
				t.Fatalf("err = %v, stderr %q; want neither", err, errOut)
			}
			var doc struct {
				Usage    string            `json:"usage"`
				Commands []json.RawMessage `json:"commands"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if doc.Usage != tt.wantUsage {
				t.Errorf("usage %q, want %q", doc.Usage, tt.wantUsage)
			}
			if overview := strings.Contains(tt.wantUsage, "COMMAND"); overview != (len(doc.Commands) > 0) {
				t.Errorf("%d commands listed", len(doc.Commands))
			}
		})
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		out, _, err := runCmd(t, nil, args...)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out, "partnerbot ") || !strings.Contains(out, "commit ") || !strings.Contains(out, runtime.Version()) {
			t.Errorf("%q printed %q, want the version, commit and %s", args, out, runtime.Version())
		}
	}
	out, _, err := runCmd(t, nil, "version", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil || v["go"] != runtime.Version() || v["commit"] == nil || v["version"] == nil {
		t.Errorf("version --json = %s (%v), want version, commit and go", out, err)
	}
}

// TestVersionStampedCommit checks that a commit the linker stamps is
// reported when the build information has none (a test binary has none;
// the Docker build, without .git, neither).
func TestVersionStampedCommit(t *testing.T) {
	if readBuildInfo().Commit != "unknown" {
		t.Skip("this binary knows its commit")
	}
	old := stampedCommit
	defer func() { stampedCommit = old }()
	stampedCommit = "0123abcd"
	if got := readVersion().Commit; got != "0123abcd" {
		t.Errorf("commit = %q, want the stamped one", got)
	}
}

// TestFlagErrorsNameTheFlag checks that a bad value is named as it was
// given: by its flag, or by its environment variable.
func TestFlagErrorsNameTheFlag(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		want    string
		notWant string
	}{
		{"--mode", nil, []string{"ask", "--mode", "foo", "q"}, `--mode: must be hybrid, bm25 or vector, not "foo"`, "PARTNERBOT_MODE"},
		{"PARTNERBOT_MODE", map[string]string{"PARTNERBOT_MODE": "foo"}, []string{"ask", "q"}, `PARTNERBOT_MODE: must be`, "--mode"},
		{"--top-k not a number", nil, []string{"ask", "q", "--top-k", "many"}, `--top-k: must be a whole number`, "PARTNERBOT_TOP_K"},
		{"PARTNERBOT_TOP_K", map[string]string{"PARTNERBOT_TOP_K": "99"}, []string{"ask", "q"}, `PARTNERBOT_TOP_K: must be between 1 and 50`, "--top-k"},
		{"--log-level", nil, []string{"sources", "--log-level", "loud"}, `--log-level: must be debug`, "PARTNERBOT_LOG_LEVEL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, tt.env, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), tt.notWant) {
				t.Errorf("err = %v, want it to say %q and not %q", err, tt.want, tt.notWant)
			}
		})
	}
}

// TestJSONErrors checks that under --json an error is a JSON object on
// stdout too, and still an error (a non-zero exit).
func TestJSONErrors(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		env       map[string]string
		want      string
		wantUsage bool
	}{
		{"empty question", []string{"ask", "--json", ""}, nil, "Please ask a question", false},
		{"flag after the question", []string{"ask", "", "--json"}, nil, "Please ask a question", false},
		{"bad mode", []string{"ask", "--json", "--mode", "foo", "q"}, nil, "--mode", true},
		{"bad mode from the environment", []string{"ask", "--json", "q"}, map[string]string{"PARTNERBOT_MODE": "foo"}, "PARTNERBOT_MODE", false},
		{"unknown flag", []string{"ask", "--json", "--nope", "q"}, nil, "nope", true},
		{"missing question set", []string{"eval", "--json"}, nil, "--questions", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCmd(t, tt.env, tt.args...)
			if err == nil {
				t.Fatalf("no error; printed %s", out)
			}
			var got struct {
				Error *string
				Usage bool
			}
			if jerr := json.Unmarshal([]byte(out), &got); jerr != nil || got.Error == nil {
				t.Fatalf("stdout is not {\"error\": …}: %v\n%s", jerr, out)
			}
			if *got.Error != err.Error() || !strings.Contains(*got.Error, tt.want) {
				t.Errorf("error = %q, want %q, containing %q", *got.Error, err.Error(), tt.want)
			}
			if got.Usage != tt.wantUsage || errors.Is(err, config.ErrUsage) != tt.wantUsage {
				t.Errorf("usage = %v (ErrUsage %v), want %v", got.Usage, errors.Is(err, config.ErrUsage), tt.wantUsage)
			}
		})
	}
	out, _, err := runCmd(t, nil, "ask", "")
	if err == nil || out != "" {
		t.Errorf("without --json: err %v, stdout %q; want an error and nothing on stdout", err, out)
	}
}

// TestModelFailureWarns checks that when the language model fails, the
// default log level shows one warn line with the cause, the key scrubbed.
func TestModelFailureWarns(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Options{})
	srv.FailAlways("chat", openaitest.InsufficientQuota())
	const key = "sk-test-key-1234567890"
	env := map[string]string{"OPENAI_BASE_URL": srv.URL(), "OPENAI_API_KEY": key, "PARTNERBOT_DATA_DIR": t.TempDir()}
	out, errOut, err := runCmd(t, env, "ask", "What was the value of bilateral trade in 2022?")
	if err != nil || !strings.Contains(out, "language model was unavailable") {
		t.Fatalf("err %v, answer %q; want the extractive fallback", err, out)
	}
	var warns []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(errOut), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["level"] == "WARN" {
			warns = append(warns, rec)
		}
	}
	if len(warns) != 1 {
		t.Fatalf("%d warn lines, want 1:\n%s", len(warns), errOut)
	}
	if cause, _ := warns[0]["err"].(string); !strings.Contains(cause, "quota") || warns[0]["kind"] == "" {
		t.Errorf("warn line lacks the cause: %v", warns[0])
	}
	if strings.Contains(errOut, key) {
		t.Errorf("the API key reached the log:\n%s", errOut)
	}
}
