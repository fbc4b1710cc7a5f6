package config_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot/config"
)

// layered describes one setting given at every layer, with a distinct value
// at each, and how to read the effective value back from a Config.
type layered struct {
	env                       string // environment variable, the setting's name
	flag                      string // flag name, without dashes
	yaml                      string // the YAML that sets it in the file
	def, file, envVal, flagIn string // the value each layer gives, as text
	get                       func(c *config.Config) string
}

var layeredSettings = []layered{
	{
		env: "DISCORD_APP_ID", flag: "discord-app-id",
		yaml: "discord:\n  app_id: \"111111111111111111\"\n",
		def:  "", file: "111111111111111111", envVal: "222222222222222222", flagIn: "333333333333333333",
		get: func(c *config.Config) string { return c.Discord.AppID },
	},
	{
		env: "PARTNERBOT_TOP_K", flag: "top-k",
		yaml: "top_k: 7\n",
		def:  "12", file: "7", envVal: "9", flagIn: "11",
		get: func(c *config.Config) string { return strconv.Itoa(c.TopK) },
	},
	{
		env: "OPENAI_TIMEOUT", flag: "openai-timeout",
		yaml: "openai:\n  timeout: 31s\n",
		def:  "20s", file: "31s", envVal: "32s", flagIn: "33s",
		get: func(c *config.Config) string { return c.OpenAI.Timeout.String() },
	},
	{
		env: "PARTNERBOT_LOG_FORMAT", flag: "log-format",
		yaml: "log_format: text\n",
		def:  "json", file: "text", envVal: "json", flagIn: "text",
		get: func(c *config.Config) string { return c.LogFormat },
	},
	{
		env: "PARTNERBOT_MENTIONS", flag: "mentions",
		yaml: "serve:\n  mentions: false\n",
		def:  "true", file: "false", envVal: "true", flagIn: "false",
		get: func(c *config.Config) string { return boolString(c.Serve.MentionReplies) },
	},
	{
		env: "AZURE_OPENAI_API_VERSION", flag: "azure-api-version",
		yaml: "azure:\n  api_version: 2024-02-01-file\n",
		def:  "", file: "2024-02-01-file", envVal: "2024-03-01-env", flagIn: "2024-04-01-flag",
		get: func(c *config.Config) string { return c.Azure.APIVersion },
	},
}

// boolString prints b as the settings table does.
func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// TestPrecedence gives each setting a value by default, in the file, in the
// environment and as a flag, then takes the layers away from the top: the
// flag wins, then the environment, then the file, then the default, and
// Source says which.
func TestPrecedence(t *testing.T) {
	for _, s := range layeredSettings {
		file := writeYAML(t, s.yaml)
		cases := []struct {
			name       string
			useFile    bool
			useEnv     bool
			useFlag    bool
			want       string
			wantSource string
		}{
			{"flag beats env, file and default", true, true, true, s.flagIn, "flag"},
			{"env beats file and default", true, true, false, s.envVal, "env"},
			{"file beats default", true, false, false, s.file, "file"},
			{"default alone", false, false, false, s.def, "default"},
			{"flag without env or file", false, false, true, s.flagIn, "flag"},
			{"env without file", false, true, false, s.envVal, "env"},
		}
		for _, tc := range cases {
			t.Run(s.env+"/"+tc.name, func(t *testing.T) {
				e := env{}
				if tc.useFile {
					e["PARTNERBOT_CONFIG"] = file
				}
				if tc.useEnv {
					e[s.env] = s.envVal
				}
				args := []string{"config"} // config reads every setting
				if tc.useFlag {
					args = append(args, "--"+s.flag+"="+s.flagIn) // the one form every flag takes
				}
				inv := mustLoad(t, args, e)
				if got := s.get(&inv.Config); got != tc.want {
					t.Errorf("%s = %q, want %q", s.env, got, tc.want)
				}
				if got := inv.Source[s.env]; got != tc.wantSource {
					t.Errorf("Source[%s] = %q, want %q", s.env, got, tc.wantSource)
				}
				if got := inv.Source["PARTNERBOT_WORKERS"]; got != "default" {
					t.Errorf("Source[PARTNERBOT_WORKERS] = %q for an untouched setting, want %q", got, "default")
				}
			})
		}
	}
}

// TestPrecedenceSecrets checks the secrets, which have no flag: the
// environment beats the file.
func TestPrecedenceSecrets(t *testing.T) {
	file := writeYAML(t, "discord:\n  token: file-token\nopenai:\n  api_key: file-key\nazure:\n  api_key: file-azure\n")
	cases := []struct {
		name       string
		env        env
		wantToken  string
		wantSource string
	}{
		{"file", env{"PARTNERBOT_CONFIG": file}, "file-token", "file"},
		{"env beats file", env{"PARTNERBOT_CONFIG": file, "DISCORD_TOKEN": "env-token"}, "env-token", "env"},
		{"neither", env{}, "", "default"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv := mustLoad(t, []string{"ask", "q"}, tc.env)
			if got := inv.Config.Discord.Token; got != tc.wantToken {
				t.Errorf("Discord.Token = %q, want %q", got, tc.wantToken)
			}
			if got := inv.Source["DISCORD_TOKEN"]; got != tc.wantSource {
				t.Errorf("Source[DISCORD_TOKEN] = %q, want %q", got, tc.wantSource)
			}
		})
	}
}

// TestConfigFileChoice checks that --config names the file, beating
// PARTNERBOT_CONFIG, and that ConfigFile records it.
func TestConfigFileChoice(t *testing.T) {
	fromEnv := writeYAML(t, "log_level: warn\n")
	fromFlag := writeYAML(t, "log_level: debug\n")
	cases := []struct {
		name      string
		args      []string
		env       env
		wantFile  string
		wantLevel string
	}{
		{"none", []string{"ask", "q"}, env{}, "", "info"},
		{"PARTNERBOT_CONFIG", []string{"ask", "q"}, env{"PARTNERBOT_CONFIG": fromEnv}, fromEnv, "warn"},
		{"--config", []string{"ask", "--config", fromFlag, "q"}, env{}, fromFlag, "debug"},
		{"--config beats PARTNERBOT_CONFIG", []string{"ask", "q", "--config=" + fromFlag}, env{"PARTNERBOT_CONFIG": fromEnv}, fromFlag, "debug"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv := mustLoad(t, tc.args, tc.env)
			if inv.Config.ConfigFile != tc.wantFile {
				t.Errorf("ConfigFile = %q, want %q", inv.Config.ConfigFile, tc.wantFile)
			}
			if inv.Config.LogLevel != tc.wantLevel {
				t.Errorf("LogLevel = %q, want %q", inv.Config.LogLevel, tc.wantLevel)
			}
		})
	}
}

// TestDefaults pins the documented defaults: with no file, environment or
// flags, ask loads and validates.
func TestDefaults(t *testing.T) {
	inv := mustLoad(t, []string{"ask", "q"}, env{})
	c := inv.Config
	want := config.Config{
		DataDir:   "data",
		Mode:      "hybrid",
		TopK:      12,
		LogLevel:  "info",
		LogFormat: "json",
		OpenAI:    config.OpenAIConfig{ChatModel: "gpt-4o-mini", Timeout: 20 * time.Second, MaxRetries: 3},
		Serve: config.ServeConfig{RatePerMinute: 6, Workers: 4, Queue: 1000,
			ShutdownGrace: 20 * time.Second, RestrictAsk: false, MentionReplies: true, Lease: 15 * time.Second,
			ForumWait: 5 * time.Second},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("defaults:\n got %+v\nwant %+v", c, want)
	}
	if c.Generative() {
		t.Error("Generative() = true with no provider configured, want false")
	}
	for name, src := range inv.Source {
		if src != "default" {
			t.Errorf("Source[%s] = %q with nothing set, want \"default\"", name, src)
		}
	}
}

// TestGenerative checks which settings select a language model.
func TestGenerative(t *testing.T) {
	cases := []struct {
		name string
		env  env
		want bool
	}{
		{"nothing", env{}, false},
		{"OpenAI key", env{"OPENAI_API_KEY": "sk-x"}, true},
		{"OpenAI-compatible base URL", env{"OPENAI_BASE_URL": "http://localhost:11434/v1"}, true},
		{"Azure", env{"AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com", "AZURE_OPENAI_API_KEY": "k", "AZURE_OPENAI_CHAT_DEPLOYMENT": "d"}, true},
		{"chat model alone", env{"OPENAI_CHAT_MODEL": "llama3"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv := mustLoad(t, []string{"ask", "q"}, tc.env)
			if got := inv.Config.Generative(); got != tc.want {
				t.Errorf("Generative() = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestFlagPositions checks that flags are parsed before, between and after
// positional arguments, and that "--" ends the flags.
func TestFlagPositions(t *testing.T) {
	cases := []struct {
		name     string
		args     []string
		wantArgs []string
		wantJSON bool
		wantK    int
	}{
		{"flag after", []string{"ask", "q", "--json"}, []string{"q"}, true, 12},
		{"flag before", []string{"ask", "--json", "q"}, []string{"q"}, true, 12},
		{"single dash", []string{"ask", "-json", "q"}, []string{"q"}, true, 12},
		{"valued flag between", []string{"ask", "first", "--top-k", "3", "second"}, []string{"first", "second"}, false, 3},
		{"flag=value after", []string{"ask", "q", "--top-k=4", "--json"}, []string{"q"}, true, 4},
		{"no flags", []string{"ask", "what", "now"}, []string{"what", "now"}, false, 12},
		{"-- then a flag-like argument", []string{"ask", "--", "--json"}, []string{"--json"}, false, 12},
		{"-- after a positional", []string{"ask", "q", "--", "--json"}, []string{"q", "--json"}, false, 12},
		{"flags before --", []string{"ask", "--json", "--", "-q"}, []string{"-q"}, true, 12},
		{"no arguments", []string{"sources"}, nil, false, 12},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv := mustLoad(t, tc.args, env{})
			if !reflect.DeepEqual(inv.Args, tc.wantArgs) {
				t.Errorf("Args = %q, want %q", inv.Args, tc.wantArgs)
			}
			if inv.JSON != tc.wantJSON {
				t.Errorf("JSON = %v, want %v", inv.JSON, tc.wantJSON)
			}
			if inv.Config.TopK != tc.wantK {
				t.Errorf("TopK = %d, want %d", inv.Config.TopK, tc.wantK)
			}
			if inv.Command != tc.args[0] {
				t.Errorf("Command = %q, want %q", inv.Command, tc.args[0])
			}
		})
	}
}

// TestDoubleDashEndsAllFlags checks that every argument after "--" is
// positional, not just the first.
func TestDoubleDashEndsAllFlags(t *testing.T) {
	cases := []struct {
		name     string
		args     []string
		wantArgs []string
	}{
		{"flag-like word after a positional", []string{"ask", "--", "q", "--json"}, []string{"q", "--json"}},
		{"unknown flag-like words", []string{"ask", "--", "q", "--nope", "-x"}, []string{"q", "--nope", "-x"}},
		{"-- after a positional", []string{"ask", "q", "--", "--json", "--k"}, []string{"q", "--json", "--k"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv, err := config.Load(tc.args, env{}.get)
			if err != nil {
				t.Fatalf("Load(%q): %v", tc.args, err)
			}
			if !reflect.DeepEqual(inv.Args, tc.wantArgs) {
				t.Errorf("Args = %q, want %q", inv.Args, tc.wantArgs)
			}
			if inv.JSON {
				t.Error("JSON = true, but --json came after \"--\"")
			}
		})
	}
}

// TestUsageErrors checks that mistakes in the command line itself are
// ErrUsage.
func TestUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string // in the message
	}{
		{"no arguments", nil, "no command"},
		{"flag first", []string{"--json", "ask"}, "flags go after the command"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"; want one of`},
		{"mistyped command", []string{"aks", "q"}, `unknown command "aks"; did you mean "ask"?`},
		{"version with an argument", []string{"version", "foo"}, `version takes only --json, not "foo"`},
		{"help with two commands", []string{"help", "ask", "extra"}, `help takes one command, not also "extra"`},
		{"mistyped command, case", []string{"Serve"}, `did you mean "serve"?`},
		{"unknown flag", []string{"ask", "--nope", "q"}, "nope"},
		{"flag missing its value", []string{"ask", "q", "--top-k"}, "needs an argument"},
		{"a question that looks like a flag", []string{"ask", "-5% trade in 2022?"}, "goes after --"},
		{"eval without --questions", []string{"eval"}, "--questions"},
		{"min threshold negative", []string{"eval", "--questions", "q.jsonl", "--min-hit", "-0.1"}, "--min-hit"},
		{"min threshold negative with =", []string{"eval", "--questions", "q.jsonl", "--min-mrr=-1"}, "--min-mrr"},
		{"min threshold not a number", []string{"eval", "--questions", "q.jsonl", "--min-accuracy", "high"}, "--min-accuracy"},
		{"max threshold not a number", []string{"eval", "--questions", "q.jsonl", "--max-excludes", "none"}, "--max-excludes"},
		{"min threshold as a percentage", []string{"eval", "--questions", "q.jsonl", "--min-accuracy", "90"}, "0.9 for 90%"},
		{"max threshold negative", []string{"eval", "--questions", "q.jsonl", "--max-false-abstention", "-0.05"}, "--max-false-abstention"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv, err := config.Load(tc.args, env{}.get)
			if inv != nil {
				t.Errorf("Load returned an Invocation alongside an error")
			}
			if !errors.Is(err, config.ErrUsage) {
				t.Fatalf("Load(%q) error = %v, want ErrUsage", tc.args, err)
			}
			wantErrContaining(t, err, tc.want)
		})
	}
}

// TestEvalFlags checks the eval command's own flags: --questions, --k (5
// unless given), --mode and the thresholds.
func TestEvalFlags(t *testing.T) {
	base := []string{"eval", "--questions", "dev.jsonl"}
	cases := []struct {
		name     string
		args     []string
		env      env
		wantK    int
		wantMode string
		wantMin  map[string]float64
		wantMax  map[string]float64
	}{
		{"defaults", base, env{}, 5, "hybrid", map[string]float64{}, map[string]float64{}},
		{"--k", append(base, "--k", "3"), env{}, 3, "hybrid", map[string]float64{}, map[string]float64{}},
		{"PARTNERBOT_TOP_K does not change eval's k", base, env{"PARTNERBOT_TOP_K": "12"}, 5, "hybrid", map[string]float64{}, map[string]float64{}},
		{"--mode all", append(base, "--mode", "all"), env{}, 5, "all", map[string]float64{}, map[string]float64{}},
		{"mode from env", base, env{"PARTNERBOT_MODE": "bm25"}, 5, "bm25", map[string]float64{}, map[string]float64{}},
		{"--min-hit", append(base, "--min-hit", "0.9"), env{}, 5, "hybrid", map[string]float64{"hit_at_k": 0.9}, map[string]float64{}},
		{"--min-search-hit", append(base, "--min-search-hit", "0.95"), env{}, 5, "hybrid", map[string]float64{"search_hit_at_k": 0.95}, map[string]float64{}},
		{"every threshold", append(base,
			"--min-hit", "0.95", "--min-mrr", "0.8", "--min-accuracy", "0.9", "--min-citation-validity", "1",
			"--min-abstention=0.85", "--max-false-abstention", "0.05", "--max-excludes", "0"), env{}, 5, "hybrid",
			map[string]float64{"hit_at_k": 0.95, "mrr": 0.8, "answer_accuracy": 0.9, "citation_validity": 1, "abstention_accuracy": 0.85},
			map[string]float64{"false_abstention_rate": 0.05, "excludes_violations": 0}},
		{"zero is a threshold", append(base, "--min-hit", "0"), env{}, 5, "hybrid", map[string]float64{"hit_at_k": 0}, map[string]float64{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv := mustLoad(t, tc.args, tc.env)
			if inv.Eval.Questions != "dev.jsonl" {
				t.Errorf("Eval.Questions = %q, want %q", inv.Eval.Questions, "dev.jsonl")
			}
			if inv.Eval.K != tc.wantK {
				t.Errorf("Eval.K = %d, want %d", inv.Eval.K, tc.wantK)
			}
			if inv.Eval.Mode != tc.wantMode {
				t.Errorf("Eval.Mode = %q, want %q", inv.Eval.Mode, tc.wantMode)
			}
			if !reflect.DeepEqual(inv.Eval.Min, tc.wantMin) {
				t.Errorf("Eval.Min = %v, want %v", inv.Eval.Min, tc.wantMin)
			}
			if !reflect.DeepEqual(inv.Eval.Max, tc.wantMax) {
				t.Errorf("Eval.Max = %v, want %v", inv.Eval.Max, tc.wantMax)
			}
		})
	}
}

// TestThresholdNotANumber checks that a NaN threshold is refused rather
// than silently disabling the gate.
func TestThresholdNotANumber(t *testing.T) {
	for _, raw := range []string{"NaN", "nan"} {
		t.Run(raw, func(t *testing.T) {
			_, err := config.Load([]string{"eval", "--questions", "q.jsonl", "--min-hit", raw}, env{}.get)
			if !errors.Is(err, config.ErrUsage) {
				t.Errorf("--min-hit %s: error = %v, want ErrUsage", raw, err)
			}
		})
	}
}

// TestBenchFlags checks the bench command's flags, their defaults and
// their errors.
func TestBenchFlags(t *testing.T) {
	cases := []struct {
		name    string
		args    []string
		want    config.BenchFlags
		wantErr string
	}{
		{name: "defaults", args: []string{"bench"},
			want: config.BenchFlags{Repetitions: 5, Sizes: []int{1000, 10000, 100000}}},
		{name: "repetitions, questions and sizes", args: []string{"bench", "--reps", "2", "--questions", "q.jsonl", "--sizes", "500, 2000"},
			want: config.BenchFlags{Repetitions: 2, Questions: "q.jsonl", Sizes: []int{500, 2000}}},
		{name: "no synthetic corpora", args: []string{"bench", "--sizes", "none"},
			want: config.BenchFlags{Repetitions: 5}},
		{name: "a size that is not a number", args: []string{"bench", "--sizes", "1000,10k"}, wantErr: `"10k"`},
		{name: "a size of zero", args: []string{"bench", "--sizes", "0"}, wantErr: "from 1 to 1000000"},
		{name: "a size too large", args: []string{"bench", "--sizes", "5000000"}, wantErr: "from 1 to 1000000"},
		{name: "no repetitions", args: []string{"bench", "--reps", "0"}, wantErr: "--reps must be at least 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv, err := config.Load(tc.args, env{}.get)
			if tc.wantErr != "" {
				if !errors.Is(err, config.ErrUsage) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want a usage error containing %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(inv.Bench, tc.want) {
				t.Errorf("Bench = %+v, want %+v", inv.Bench, tc.want)
			}
		})
	}
}

// TestFileErrors checks that problems in the YAML file name the key or the
// setting, and that an empty file is fine.
func TestFileErrors(t *testing.T) {
	cases := []struct {
		name    string
		yaml    string
		want    []string // in the error; nil for no error
		notWant string   // must not be in the error
	}{
		{"empty file", "", nil, ""},
		{"comments only", "# nothing yet\n", nil, ""},
		{"unknown top-level key", "top_kk: 3\n", []string{`unknown setting "top_kk"`}, ""},
		{"unknown nested key", "discord:\n  tokn: s3cr3t-tokn-value\n", []string{`unknown setting "discord.tokn"`}, "s3cr3t-tokn-value"},
		{"env name is not a key", "PARTNERBOT_TOP_K: 3\n", []string{`unknown setting "PARTNERBOT_TOP_K"`}, ""},
		{"type error names the env var", "top_k: many\n", []string{"PARTNERBOT_TOP_K", "top_k", "whole number", `"many"`}, ""},
		{"nested type error", "serve:\n  workers: lots\n", []string{"PARTNERBOT_WORKERS", "serve.workers", "whole number"}, ""},
		{"bad duration", "openai:\n  timeout: 30\n", []string{"OPENAI_TIMEOUT", "openai.timeout", "duration"}, ""},
		{"bad boolean", "serve:\n  restrict_ask: sometimes\n", []string{"PARTNERBOT_RESTRICT_ASK", "true or false"}, ""},
		{"every problem reported", "top_k: x\nbogus: 1\n", []string{"PARTNERBOT_TOP_K", `unknown setting "bogus"`}, ""},
		{"not YAML", "top_k: [1\n", []string{"config file"}, ""},
		{"file values are validated", "top_k: 0\n", []string{"PARTNERBOT_TOP_K", "between 1 and 50"}, ""},
		{"a section with every key commented out", "openai:\n#  api_key: x\ntop_k: 7\n", nil, ""},
		{"a setting left empty", "top_k:\n", []string{"PARTNERBOT_TOP_K"}, ""},
		{"a second document", "top_k: 7\n---\ntop_k: 9\n", []string{"more than one YAML document"}, ""},
		{"a list, not a mapping", "- top_k: 7\n", []string{"must be a mapping of settings"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeYAML(t, tc.yaml)
			_, err := config.Load([]string{"ask", "--config", path, "q"}, env{}.get)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			wantErrContaining(t, err, tc.want...)
			if tc.notWant != "" && err != nil && strings.Contains(err.Error(), tc.notWant) {
				t.Errorf("error %q shows the value %q", err, tc.notWant)
			}
		})
	}
}

// TestMissingConfigFile checks that a config file that cannot be read is an
// error, not silently skipped.
func TestMissingConfigFile(t *testing.T) {
	_, err := config.Load([]string{"ask", "q"}, env{"PARTNERBOT_CONFIG": "/nonexistent/partnerbot.yaml"}.get)
	wantErrContaining(t, err, "config file", "/nonexistent/partnerbot.yaml")
}

// TestConfigFileBounded checks that a config file too large to be one, or
// a directory, is refused by name, not read whole: a device such as
// /dev/zero would never end.
func TestConfigFileBounded(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", 2<<20)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, want string }{
		{"/dev/zero", "KiB"},
		{t.TempDir(), "is a directory"},
		{big, "KiB"},
	} {
		_, err := config.Load([]string{"ask", "q"}, env{"PARTNERBOT_CONFIG": tt.path}.get)
		wantErrContaining(t, err, "config file", tt.path, tt.want)
	}
}

// TestConfigFileFromPipe checks that a config file may be a pipe, as
// process substitution gives one: --config <(sops -d secrets.yaml).
func TestConfigFileFromPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() { w.WriteString("top_k: 5\n"); w.Close() }()
	defer r.Close()
	inv, err := config.Load([]string{"ask", "q"}, env{"PARTNERBOT_CONFIG": fmt.Sprintf("/proc/self/fd/%d", r.Fd())}.get)
	if err != nil || inv.Config.TopK != 5 {
		t.Fatalf("Load with a piped config = %+v, %v; want top_k 5", inv, err)
	}
}

// TestFileNumbersAsText checks that YAML scalars that parse as numbers or
// booleans still reach string settings as the text written: unquoted
// snowflake IDs in particular.
func TestFileNumbersAsText(t *testing.T) {
	cases := []struct {
		name string
		yaml string
		get  func(c *config.Config) string
		want string
	}{
		{"unquoted app id", "discord:\n  app_id: 123456789012345678\n", func(c *config.Config) string { return c.Discord.AppID }, "123456789012345678"},
		{"19-digit guild id", "discord:\n  guild_id: 1234567890123456789\n", func(c *config.Config) string { return c.Discord.GuildID }, "1234567890123456789"},
		{"numeric model name", "openai:\n  chat_model: 4\n", func(c *config.Config) string { return c.OpenAI.ChatModel }, "4"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv := mustLoad(t, []string{"ask", "--config", writeYAML(t, tc.yaml), "q"}, env{})
			if got := tc.get(&inv.Config); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// FuzzConfigFile checks that any config file, and any command line around
// it, is read or refused without a panic: refused with an error, or read
// into a configuration that passes Validate.
func FuzzConfigFile(f *testing.F) {
	for _, seed := range []string{"", "top_k: 7\n", "openai:\n#  api_key: x\n", "serve:\n  workers: lots\n",
		"- a\n", "a: 1\n---\nb: 2\n", "discord:\n  app_id: 123456789012345678\n", "mode: [1\n", "serve: {queue: 0}\n"} {
		f.Add(seed, "ask q --top-k 3")
	}
	f.Fuzz(func(t *testing.T, yaml, line string) {
		path := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
			t.Fatal(err)
		}
		args := append(strings.Fields(line), "--config", path)
		inv, err := config.Load(args, env{}.get)
		if (inv == nil) == (err == nil) {
			t.Fatalf("Load(%q) = %v, %v: want an Invocation or an error", args, inv, err)
		}
		if err == nil && inv.Command != config.Help && inv.Command != config.Version {
			if verr := config.Validate(inv); verr != nil {
				t.Errorf("Load(%q) passed a configuration Validate refuses: %v", args, verr)
			}
		}
	})
}

// TestBooleanFlags checks that a boolean setting's flag alone means true
// and --flag=false sets false, as Go's own boolean flags do.
func TestBooleanFlags(t *testing.T) {
	tests := []struct {
		args               []string
		restrict, mentions bool
	}{
		{[]string{"config"}, false, true},
		{[]string{"config", "--restrict-ask"}, true, true},
		{[]string{"config", "--restrict-ask=false", "--mentions=false"}, false, false},
		{[]string{"config", "--mentions=true"}, false, true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			inv := mustLoad(t, tt.args, env{})
			if got := inv.Config.Serve.RestrictAsk; got != tt.restrict {
				t.Errorf("RestrictAsk = %v, want %v", got, tt.restrict)
			}
			if got := inv.Config.Serve.MentionReplies; got != tt.mentions {
				t.Errorf("MentionReplies = %v, want %v", got, tt.mentions)
			}
		})
	}
}

// TestFlagGivenTwice checks that a flag given twice is a usage error
// naming it, rather than the last one silently winning.
func TestFlagGivenTwice(t *testing.T) {
	for _, args := range [][]string{
		{"sources", "--articles", "a", "--articles", "b"},
		{"config", "--top-k", "3", "--top-k=9"},
		{"ask", "--json", "q", "--json"},
	} {
		_, err := config.Load(args, env{}.get)
		if !errors.Is(err, config.ErrUsage) {
			t.Errorf("Load(%q) = %v; want a usage error", args, err)
		}
		wantErrContaining(t, err, "given twice")
	}
	if _, err := config.Load([]string{"ask", "--json", "--top-k", "3", "q"}, env{}.get); err != nil {
		t.Errorf("flags given once: %v", err)
	}
}

// TestHelpArguments checks the ways of asking for help: --json anywhere,
// --help after version, and an unknown flag refused rather than ignored.
func TestHelpArguments(t *testing.T) {
	tests := []struct {
		args      []string
		wantTopic []string
		wantErr   string
	}{
		{[]string{"help", "--json", "ask"}, []string{"ask"}, ""},
		{[]string{"help", "ask", "--json"}, []string{"ask"}, ""},
		{[]string{"version", "--help"}, []string{"version"}, ""},
		{[]string{"help", "--bogus"}, nil, `not "--bogus"`},
		{[]string{"help", "ask", "eval"}, nil, `not also "eval"`},
	}
	for _, tt := range tests {
		inv, err := config.Load(tt.args, env{}.get)
		if tt.wantErr != "" {
			if !errors.Is(err, config.ErrUsage) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Load(%q) = %v; want a usage error saying %s", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || inv.Command != config.Help || !slices.Equal(inv.Args, tt.wantTopic) {
			t.Errorf("Load(%q) = %+v, %v; want help on %q", tt.args, inv, err, tt.wantTopic)
		}
	}
}
