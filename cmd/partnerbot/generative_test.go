package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot/config"
	"github.com/partnerbot/partnerbot/internal/testclock"
	"github.com/partnerbot/partnerbot/provider/openaitest"
	"github.com/partnerbot/partnerbot/store"
)

// modelReply is a chat handler for the fake OpenAI server: it finds the
// passage holding anchor in the prompt and answers with answer, citing that
// passage with quote (or with passage override when it is not 0).
func modelReply(anchor, answer, quote string, override int) func(openaitest.ChatRequest) openaitest.ChatReply {
	return func(req openaitest.ChatRequest) openaitest.ChatReply {
		prompt := req.Messages[len(req.Messages)-1].Content
		n := override
		for i := 1; n == 0 && i <= 20; i++ {
			start := strings.Index(prompt, fmt.Sprintf("\n[%d] ", i))
			if start < 0 {
				break
			}
			end := strings.Index(prompt[start+1:], fmt.Sprintf("\n[%d] ", i+1))
			if end < 0 {
				end = len(prompt) - start - 1
			}
			if strings.Contains(prompt[start:start+1+end], anchor) {
				n = i
			}
		}
		body, _ := json.Marshal(map[string]any{
			"answer":    strings.ReplaceAll(answer, "[n]", fmt.Sprintf("[%d]", n)),
			"citations": []map[string]any{{"passage": n, "quote": quote}},
			"abstain":   false,
		})
		return openaitest.ChatReply{Content: string(body), PromptTokens: 900, CompletionTokens: 60}
	}
}

type askJSON struct {
	Answer    string
	Abstained bool
	Mode      string
	Citations []struct{ DocID, Quote string }
}

func askWith(t *testing.T, env map[string]string, question string) askJSON {
	t.Helper()
	out, _, err := runCmd(t, env, "ask", "--json", question)
	if err != nil {
		t.Fatal(err)
	}
	var a askJSON
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return a
}

func TestAskGenerative(t *testing.T) {
	const q = "What was the value of bilateral trade in 2022?"
	tests := []struct {
		name     string
		chat     func(openaitest.ChatRequest) openaitest.ChatReply
		wantMode string
		want     string
		never    string
	}{
		{"verified answer", modelReply("123.86", "Two-way trade passed $123.86 billion in 2022 [n].", "bilateral trade turnover surpassing $123.86 billion in 2022", 0),
			"generative", "Two-way trade passed $123.86 billion in 2022. [1]", ""},
		{"fabricated quote never reaches the user", modelReply("123.86", "Trade hit $500 billion [n].", "trade hit $500 billion", 0),
			"extractive", "123.86", "500 billion"},
		{"citation of passage 99", modelReply("123.86", "Trade was large [n].", "bilateral trade turnover surpassing $123.86 billion in 2022", 99),
			"extractive", "123.86", "Trade was large"},
		{"malformed JSON", func(openaitest.ChatRequest) openaitest.ChatReply {
			return openaitest.ChatReply{Content: `{"answer": "Trade [1]", "citations": [{`}
		}, "extractive", "123.86", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.NewServer(t, openaitest.Options{Chat: tt.chat})
			env := map[string]string{"OPENAI_BASE_URL": srv.URL(), "OPENAI_CHAT_MODEL": "test-model", "PARTNERBOT_DATA_DIR": t.TempDir()}
			a := askWith(t, env, q)
			if a.Mode != tt.wantMode || !strings.Contains(a.Answer, tt.want) {
				t.Errorf("mode %s answer %q; want %s containing %q", a.Mode, a.Answer, tt.wantMode, tt.want)
			}
			if tt.never != "" && strings.Contains(a.Answer, tt.never) {
				t.Errorf("unverified text %q reached the user: %q", tt.never, a.Answer)
			}
			if tt.wantMode == "extractive" && !strings.Contains(a.Answer, "could not be checked against the articles") {
				t.Errorf("fallback does not say it is extractive: %q", a.Answer)
			}
			if srv.Calls("chat") == 0 {
				t.Error("the model was never asked")
			}
		})
	}
}

func TestAskGenerativeProviderDown(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Options{})
	srv.FailAlways("chat", openaitest.InsufficientQuota())
	env := map[string]string{"OPENAI_BASE_URL": srv.URL(), "OPENAI_API_KEY": "sk-test-key-1234567890", "PARTNERBOT_DATA_DIR": t.TempDir()}
	a := askWith(t, env, "What was the value of bilateral trade in 2022?")
	if a.Mode != "extractive" || !strings.Contains(a.Answer, "123.86") || len(a.Citations) == 0 {
		t.Errorf("want the extractive fallback, got %+v", a)
	}
	if got := srv.Calls("chat"); got != 1 {
		t.Errorf("insufficient_quota was retried: %d calls", got)
	}
}

// TestProviderEmbeddingsPersist checks that a restart embeds nothing: the
// second run finds every passage's vector on disk, counted at the server.
func TestProviderEmbeddingsPersist(t *testing.T) {
	var mu sync.Mutex
	srv := openaitest.NewServer(t, openaitest.Options{EmbeddingDim: 128})
	env := map[string]string{
		"OPENAI_BASE_URL": srv.URL(), "OPENAI_EMBEDDING_MODEL": "text-embedding-3-small",
		"PARTNERBOT_DATA_DIR": t.TempDir(), "PARTNERBOT_MODE": "vector",
	}
	askWith(t, env, "What was the value of bilateral trade in 2022?")
	mu.Lock()
	first := srv.EmbeddedInputs()
	mu.Unlock()
	if first < 50 {
		t.Fatalf("first run embedded %d inputs, want every passage", first)
	}
	calls := srv.Calls("embeddings")
	a := askWith(t, env, "When was the Comprehensive Partnership established?")
	// The restart embeds only the question, not a single passage.
	if got := srv.EmbeddedInputs() - first; got != 1 {
		t.Errorf("restart embedded %d inputs, want 1 (the query)", got)
	}
	if got := srv.Calls("embeddings") - calls; got != 1 {
		t.Errorf("restart made %d embedding calls, want 1", got)
	}
	if a.Abstained || !strings.Contains(a.Answer, "2013") {
		t.Errorf("vector mode over provider embeddings: %+v", a)
	}
}

// TestCorruptVectorsRebuilt truncates the persisted vectors between two
// runs: the second run warns, embeds every passage again, answers, and
// leaves a file the third run reuses.
func TestCorruptVectorsRebuilt(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Options{EmbeddingDim: 128})
	dir := t.TempDir()
	env := map[string]string{
		"OPENAI_BASE_URL": srv.URL(), "OPENAI_EMBEDDING_MODEL": "text-embedding-3-small",
		"PARTNERBOT_DATA_DIR": dir, "PARTNERBOT_MODE": "vector",
	}
	const q = "When was the Comprehensive Partnership established?"
	askWith(t, env, q)
	passages := srv.EmbeddedInputs() - 1 // all but the query
	files, _ := filepath.Glob(filepath.Join(dir, "vectors", "*.vec"))
	if len(files) != 1 {
		t.Fatalf("vector files %v, want one", files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(files[0], b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}

	before := srv.EmbeddedInputs()
	out, stderr, err := runCmd(t, env, "ask", "--json", q)
	if err != nil {
		t.Fatalf("ask after truncation: %v", err)
	}
	if !strings.Contains(stderr, "persisted vectors were unreadable") || !strings.Contains(stderr, "truncated") {
		t.Errorf("no warning naming the truncation in the log:\n%s", stderr)
	}
	if got := srv.EmbeddedInputs() - before; got != passages+1 {
		t.Errorf("rebuild embedded %d inputs, want %d passages and the query", got, passages)
	}
	if !strings.Contains(out, "2013") {
		t.Errorf("answer after the rebuild: %s", out)
	}

	before = srv.EmbeddedInputs()
	askWith(t, env, q)
	if got := srv.EmbeddedInputs() - before; got != 1 {
		t.Errorf("run after the rebuild embedded %d inputs, want 1 (the query)", got)
	}
}

// claimSpec is one claim a scripted model writes: the sentence and its
// quotes, each from the passage of the prompt holding its anchor.
type claimSpec struct {
	sentence string
	quotes   [][2]string // anchor, quote
}

// claimsReply is a chat handler answering in the claims shape.
func claimsReply(claims ...claimSpec) func(openaitest.ChatRequest) openaitest.ChatReply {
	return func(req openaitest.ChatRequest) openaitest.ChatReply {
		prompt := req.Messages[len(req.Messages)-1].Content
		var out []map[string]any
		for _, c := range claims {
			var qs []map[string]any
			for _, q := range c.quotes {
				qs = append(qs, map[string]any{"passage": passageHolding(prompt, q[0]), "quote": q[1]})
			}
			out = append(out, map[string]any{"sentence": c.sentence, "quotes": qs})
		}
		b, _ := json.Marshal(map[string]any{"abstain": false, "claims": out})
		return openaitest.ChatReply{Content: string(b), PromptTokens: 900, CompletionTokens: 60}
	}
}

// passageHolding is the number of the prompt's passage holding anchor, or 0.
func passageHolding(prompt, anchor string) int {
	for i := 1; i <= 20; i++ {
		start := strings.Index(prompt, fmt.Sprintf("\n[%d] ", i))
		if start < 0 {
			return 0
		}
		end := strings.Index(prompt[start+1:], fmt.Sprintf("\n[%d] ", i+1))
		if end < 0 {
			end = len(prompt) - start - 1
		}
		if strings.Contains(prompt[start:start+1+end], anchor) {
			return i
		}
	}
	return 0
}

type claimJSON struct {
	Text      string
	Citations []int
}

func TestAskGenerativeClaims(t *testing.T) {
	const q = "What was the value of bilateral trade in 2022?"
	trade := [2]string{"123.86", "bilateral trade turnover surpassing $123.86 billion in 2022"}
	export := [2]string{"123.86", "The U.S. is Vietnam’s largest export market"}
	rank := [2]string{"7th largest", "Vietnam is the 7th largest trade partner of the US"}
	science := [2]string{"breakthroughs in cooperation in science", "Both sides have agreed on making breakthroughs in cooperation in science and technology"}
	tests := []struct {
		name       string
		claims     []claimSpec
		wantQuotes []string
		wantClaims [][]int
	}{
		{"two claims from one passage, each with its own quote",
			[]claimSpec{{"Two-way trade passed $123.86 billion in 2022.", [][2]string{trade}}, {"The US is Vietnam's largest export market.", [][2]string{export}}},
			[]string{trade[1], export[1]}, [][]int{{1}, {2}}},
		{"three claims from three passages",
			[]claimSpec{{"Two-way trade passed $123.86 billion in 2022.", [][2]string{trade}}, {"Vietnam is the 7th largest US trade partner.", [][2]string{rank}},
				{"The two sides agreed on breakthroughs in science and technology.", [][2]string{science}}},
			[]string{trade[1], rank[1], science[1]}, [][]int{{1}, {2}, {3}}},
		{"one claim citing two passages",
			[]claimSpec{{"Trade passed $123.86 billion, and Vietnam is the 7th largest US trade partner.", [][2]string{trade, rank}}},
			[]string{trade[1], rank[1]}, [][]int{{1, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.NewServer(t, openaitest.Options{Chat: claimsReply(tt.claims...)})
			env := map[string]string{"OPENAI_BASE_URL": srv.URL(), "OPENAI_CHAT_MODEL": "test-model", "PARTNERBOT_DATA_DIR": t.TempDir()}
			out, _, err := runCmd(t, env, "ask", "--json", q)
			if err != nil {
				t.Fatal(err)
			}
			var a struct {
				Mode      string
				Citations []struct{ Quote string }
				Claims    []claimJSON
			}
			if err := json.Unmarshal([]byte(out), &a); err != nil {
				t.Fatal(err)
			}
			var quotes []string
			for _, c := range a.Citations {
				quotes = append(quotes, c.Quote)
			}
			var claims [][]int
			for _, c := range a.Claims {
				claims = append(claims, c.Citations)
			}
			if a.Mode != "generative" || fmt.Sprint(quotes) != fmt.Sprint(tt.wantQuotes) || fmt.Sprint(claims) != fmt.Sprint(tt.wantClaims) {
				t.Errorf("mode %s quotes %q claims %v\nwant quotes %q claims %v\n%s", a.Mode, quotes, claims, tt.wantQuotes, tt.wantClaims, out)
			}
			// The terminal shows every quote once, under its claim.
			text, _, err := runCmd(t, env, "ask", q)
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range tt.claims {
				at := strings.Index(text, c.sentence)
				if at < 0 {
					t.Fatalf("claim %d missing from\n%s", i+1, text)
				}
				for _, quote := range c.quotes {
					if n := strings.Count(text, "“"+quote[1]+"”"); n != 1 {
						t.Errorf("quote %q shown %d times in\n%s", quote[1], n, text)
					}
					if qi := strings.Index(text, quote[1]); qi < at && strings.Count(out, quote[1]) == 1 {
						t.Errorf("quote %q comes before its claim in\n%s", quote[1], text)
					}
				}
			}
		})
	}
}

// TestSharedEmbeddings indexes twice, each time with an empty data
// directory, through one shared store: the second index sends no passage to
// the provider, as a new replica on a shared database would not.
func TestSharedEmbeddings(t *testing.T) {
	ctx := context.Background()
	srv := openaitest.NewServer(t, openaitest.Options{EmbeddingDim: 128})
	shared, err := store.Open(ctx, filepath.Join(t.TempDir(), "shared.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	build := func() {
		t.Helper()
		env := map[string]string{
			"OPENAI_BASE_URL": srv.URL(), "OPENAI_EMBEDDING_MODEL": "text-embedding-3-small",
			"PARTNERBOT_DATA_DIR": t.TempDir(), "PARTNERBOT_MODE": "vector",
		}
		inv, err := config.Load([]string{"ask", "q"}, func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		if _, err := newApp(ctx, inv.Config, slog.New(slog.DiscardHandler), nil, shared); err != nil {
			t.Fatal(err)
		}
	}
	build()
	first := srv.EmbeddedInputs()
	if first < 50 {
		t.Fatalf("first index embedded %d passages, want every one", first)
	}
	build()
	if got := srv.EmbeddedInputs() - first; got != 0 {
		t.Errorf("second replica embedded %d passages, want 0: all are in the shared store", got)
	}
}

// TestSharedEmbeddingsKeptInUse checks that a replica whose own vector
// file holds its passages, and so never reads the shared cache, still
// marks their vectors in use there when it indexes: a month later the
// cache has kept them, and a new replica embeds nothing.
func TestSharedEmbeddingsKeptInUse(t *testing.T) {
	ctx := context.Background()
	srv := openaitest.NewServer(t, openaitest.Options{EmbeddingDim: 128})
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clk := testclock.New(t0)
	shared, err := store.Open(ctx, filepath.Join(t.TempDir(), "shared.db"), store.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	build := func(dataDir string) {
		t.Helper()
		env := map[string]string{
			"OPENAI_BASE_URL": srv.URL(), "OPENAI_EMBEDDING_MODEL": "text-embedding-3-small",
			"PARTNERBOT_DATA_DIR": dataDir, "PARTNERBOT_MODE": "vector",
		}
		inv, err := config.Load([]string{"ask", "q"}, func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		if _, err := newApp(ctx, inv.Config, slog.New(slog.DiscardHandler), nil, shared); err != nil {
			t.Fatal(err)
		}
	}
	own := t.TempDir()
	build(own)
	first := srv.EmbeddedInputs()
	day := 24 * time.Hour
	clk.Set(t0.Add(20 * day))
	build(own) // its vector file has them all: the cache is not read
	if _, err := shared.Prune(ctx, t0.Add(35*day)); err != nil {
		t.Fatal(err)
	}
	build(t.TempDir())
	if got := srv.EmbeddedInputs() - first; got != 0 {
		t.Errorf("a new replica embedded %d passages, want 0: the cache should have kept the vectors in use", got)
	}
}

// TestAskAzureDefaults checks that with only Azure's variables set, the
// chat goes to the deployment with an api-version that takes structured
// outputs (2024-08-01-preview or later), so answers are not all refused.
func TestAskAzureDefaults(t *testing.T) {
	var mu sync.Mutex
	var versions []string
	chat := modelReply("123.86", "Two-way trade passed $123.86 billion in 2022 [n].", "bilateral trade turnover surpassing $123.86 billion in 2022", 0)
	srv := openaitest.NewServer(t, openaitest.Options{APIKey: "azure-test-key", Chat: func(r openaitest.ChatRequest) openaitest.ChatReply {
		mu.Lock()
		versions = append(versions, r.APIVersion)
		mu.Unlock()
		return chat(r)
	}})
	env := map[string]string{"AZURE_OPENAI_ENDPOINT": srv.BaseURL(), "AZURE_OPENAI_API_KEY": "azure-test-key",
		"AZURE_OPENAI_CHAT_DEPLOYMENT": "chat-dep", "PARTNERBOT_DATA_DIR": t.TempDir()}
	a := askWith(t, env, "What was the value of bilateral trade in 2022?")
	if a.Mode != "generative" {
		t.Errorf("mode %s, answer %q; want the model's answer", a.Mode, a.Answer)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(versions) == 0 {
		t.Fatal("the deployment was never asked")
	}
	for _, v := range versions {
		if v < "2024-08-01" {
			t.Errorf("api-version %q, before structured outputs (2024-08-01-preview)", v)
		}
	}
}

// TestAskNoRetries checks that OPENAI_MAX_RETRIES=0 means no retries: the
// provider alone reads 0 as its default.
func TestAskNoRetries(t *testing.T) {
	for _, tt := range []struct {
		retries string
		want    int
	}{{"0", 1}, {"2", 3}} {
		t.Run(tt.retries, func(t *testing.T) {
			srv := openaitest.NewServer(t, openaitest.Options{})
			srv.FailAlways("chat", openaitest.ServerError(500))
			env := map[string]string{"OPENAI_BASE_URL": srv.URL(), "OPENAI_API_KEY": "sk-test-key-1234567890",
				"OPENAI_MAX_RETRIES": tt.retries, "PARTNERBOT_DATA_DIR": t.TempDir()}
			if a := askWith(t, env, "What was the value of bilateral trade in 2022?"); a.Mode != "extractive" {
				t.Errorf("mode %s, want the extractive fallback", a.Mode)
			}
			if got := srv.Calls("chat"); got != tt.want {
				t.Errorf("OPENAI_MAX_RETRIES=%s: %d calls, want %d", tt.retries, got, tt.want)
			}
		})
	}
}

// TestAskExtractiveFlag checks that --extractive answers from the articles
// alone with a model configured: the model is never asked, and the answer
// does not say a model was unavailable.
func TestAskExtractiveFlag(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Options{})
	env := map[string]string{"OPENAI_BASE_URL": srv.URL(), "OPENAI_API_KEY": "sk-test-key-1234567890",
		"OPENAI_EMBEDDING_MODEL": "text-embedding-3-small", "PARTNERBOT_DATA_DIR": t.TempDir()}
	out, _, err := runCmd(t, env, "ask", "--extractive", "--json", "What was the value of bilateral trade in 2022?")
	if err != nil {
		t.Fatal(err)
	}
	var a askJSON
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if a.Mode != "extractive" || !strings.Contains(a.Answer, "123.86") || strings.Contains(a.Answer, "unavailable") {
		t.Errorf("want a plain extractive answer, got %+v", a)
	}
	if n := srv.Calls("chat") + srv.Calls("embeddings"); n != 0 {
		t.Errorf("the model was asked %d times", n)
	}
}
