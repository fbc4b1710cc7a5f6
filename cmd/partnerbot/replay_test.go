package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/eval"
	"github.com/partnerbot/partnerbot/provider/openaitest"
)

// firstSentenceModel answers any prompt with one claim quoting the start
// of passage 1, as a model that always trusts the top passage would.
func firstSentenceModel(req openaitest.ChatRequest) openaitest.ChatReply {
	prompt := req.Messages[len(req.Messages)-1].Content
	quote := ""
	if i := strings.Index(prompt, "\n[1] "); i >= 0 {
		lines := strings.SplitN(prompt[i+1:], "\n", 3)
		if len(lines) > 1 {
			quote = strings.Join(strings.Fields(lines[1])[:min(8, len(strings.Fields(lines[1])))], " ")
		}
	}
	b, _ := json.Marshal(map[string]any{"abstain": false, "claims": []map[string]any{
		{"sentence": "The top passage says so.", "quotes": []map[string]any{{"passage": 1, "quote": quote}}}}})
	return openaitest.ChatReply{Content: string(b)}
}

// devQuestions writes the first n questions of the dev set to a file.
func devQuestions(t *testing.T, n int) string {
	t.Helper()
	f, err := os.Open("../../eval/testdata/dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() && len(lines) < n {
		lines = append(lines, sc.Text())
	}
	path := filepath.Join(t.TempDir(), "questions.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type evalJSON struct {
	Results []struct {
		ID, Answer, Mode, Replay string
	}
}

func evalRun(t *testing.T, env map[string]string, args ...string) (evalJSON, error) {
	t.Helper()
	out, stderr, err := runCmd(t, env, append([]string{"eval", "--json", "--mode", "hybrid"}, args...)...)
	var rep evalJSON
	if jerr := json.Unmarshal([]byte(out), &rep); jerr != nil {
		t.Fatalf("eval output is not JSON (%v, err %v):\n%s\n%s", jerr, err, out, stderr)
	}
	return rep, err
}

func TestEvalRecordReplay(t *testing.T) {
	questions := devQuestions(t, 6)
	dir := filepath.Join(t.TempDir(), "replies")
	srv := openaitest.NewServer(t, openaitest.Options{Chat: firstSentenceModel})
	model := map[string]string{"OPENAI_BASE_URL": srv.URL(), "OPENAI_CHAT_MODEL": "test-model", "PARTNERBOT_DATA_DIR": t.TempDir()}

	recorded, err := evalRun(t, model, "--questions", questions, "--record", dir)
	if err != nil {
		t.Fatalf("record: %v", err)
	}
	calls := srv.Calls(openaitest.EndpointChat)
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if calls == 0 || len(files) != calls {
		t.Fatalf("%d model calls, %d recordings; want one file per question asked", calls, len(files))
	}

	// No model configured at all: the replies come from the directory.
	offline := map[string]string{"PARTNERBOT_DATA_DIR": t.TempDir()}
	replayed, err := evalRun(t, offline, "--questions", questions, "--replay", dir)
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	generative := 0
	for i, r := range replayed.Results {
		if r.Answer != recorded.Results[i].Answer || r.Mode != recorded.Results[i].Mode {
			t.Errorf("%s: replayed %s %q, recorded %s %q", r.ID, r.Mode, r.Answer, recorded.Results[i].Mode, recorded.Results[i].Answer)
		}
		if r.Mode == "generative" {
			generative++
		}
	}
	if generative == 0 {
		t.Error("no replayed answer is generative")
	}
	if srv.Calls(openaitest.EndpointChat) != calls {
		t.Error("replay called the model")
	}

	// Retrieval shows other passages now: the reply is stale, not misapplied.
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Question string
		Replies  []map[string]any
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	for _, r := range rec.Replies {
		r["passages"] = []string{"000_a94376e329917a8c#99"}
	}
	b, _ = json.Marshal(rec)
	if err := os.WriteFile(files[0], b, 0o644); err != nil {
		t.Fatal(err)
	}
	stale, err := evalRun(t, offline, "--questions", questions, "--replay", dir)
	if !errors.Is(err, errReplay) || !strings.Contains(err.Error(), "1 replies stale") {
		t.Fatalf("replay of a stale reply: err %v, want it reported stale", err)
	}
	for _, r := range stale.Results {
		if r.Replay == "stale" {
			if r.Mode != "extractive" || !strings.Contains(r.Answer, "language model was unavailable") {
				t.Errorf("%s: a stale reply was applied: %s %q", r.ID, r.Mode, r.Answer)
			}
			return
		}
	}
	t.Errorf("no result is marked stale: %+v", stale.Results)
}

// TestReplayProblemsNamesOnlyWhatHappened checks the replay error leaves
// out a kind of problem that did not happen.
func TestReplayProblemsNamesOnlyWhatHappened(t *testing.T) {
	tests := []struct {
		replays   []string
		want, not string
	}{
		{[]string{"missing", "missing"}, "2 never recorded (hybrid/q0, hybrid/q1)", "stale"},
		{[]string{"stale"}, "1 replies stale", "never recorded"},
		{[]string{"", "ok"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.replays, ","), func(t *testing.T) {
			rep := eval.Report{Mode: "hybrid"}
			for k, r := range tt.replays {
				rep.Results = append(rep.Results, eval.Result{ID: fmt.Sprint("q", k), Replay: r})
			}
			err := replayProblems([]eval.Report{rep})
			if tt.want == "" {
				if err != nil {
					t.Errorf("replayProblems = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), tt.not) {
				t.Errorf("replayProblems = %v, want %q and no %q", err, tt.want, tt.not)
			}
		})
	}
}
