package config_test

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/config"
)

// Distinctive secret values, so a leak cannot be a coincidence.
const (
	secretToken = "MTEz.discord-token-7f3a9c"
	secretOpen  = "sk-openai-key-4b8e21d0"
	secretAzure = "azure-key-9d2c55e7"
)

// TestPrintRedactsSecrets checks that Print never shows a secret's value,
// wherever the secret came from, shows "[redacted]" instead, and shows the
// other settings with their source.
func TestPrintRedactsSecrets(t *testing.T) {
	file := writeYAML(t, "openai:\n  api_key: "+secretOpen+"\n")
	cases := []struct {
		name string
		env  env
	}{
		{"all from env", env{"DISCORD_TOKEN": secretToken, "OPENAI_API_KEY": secretOpen, "AZURE_OPENAI_API_KEY": secretAzure}},
		{"one from the file", env{"PARTNERBOT_CONFIG": file, "DISCORD_TOKEN": secretToken, "AZURE_OPENAI_API_KEY": secretAzure}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := tc.env.with("DISCORD_APP_ID", "123456789012345678")
			inv := mustLoad(t, []string{"config", "--top-k", "12"}, e)
			var buf bytes.Buffer
			if err := config.Print(&buf, inv); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, s := range []string{secretToken, secretOpen, secretAzure} {
				if strings.Contains(out, s) {
					t.Errorf("Print shows the secret %q:\n%s", s, out)
				}
			}
			rows := printRows(t, out)
			for _, name := range []string{"DISCORD_TOKEN", "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"} {
				if got := rows[name][0]; got != config.Redacted {
					t.Errorf("%s prints as %q, want %q", name, got, config.Redacted)
				}
			}
			if got := strings.Count(out, config.Redacted); got != 3 {
				t.Errorf("%q appears %d times, want 3 (one per set secret)", config.Redacted, got)
			}
			wantRows := map[string][2]string{
				"DISCORD_APP_ID":    {"123456789012345678", "env"},
				"PARTNERBOT_TOP_K":  {"12", "flag"},
				"PARTNERBOT_MODE":   {"hybrid", "default"},
				"OPENAI_TIMEOUT":    {"20s", "default"},
				"DISCORD_GUILD_ID":  {`""`, "default"},
				"OPENAI_CHAT_MODEL": {"gpt-4o-mini", "default"},
			}
			for name, want := range wantRows {
				if got := rows[name]; got != want {
					t.Errorf("row %s = %q, want %q", name, got, want)
				}
			}
			if tc.env["PARTNERBOT_CONFIG"] != "" {
				if got, want := rows["OPENAI_API_KEY"][1], "file "+tc.env["PARTNERBOT_CONFIG"]; got != want {
					t.Errorf("OPENAI_API_KEY from %q, want %q", got, want)
				}
			}
		})
	}
}

// TestPrintUnsetSecrets checks that an unset secret prints as empty, not as
// "[redacted]", so an operator can tell that it is missing.
func TestPrintUnsetSecrets(t *testing.T) {
	inv := mustLoad(t, []string{"config"}, env{})
	var buf bytes.Buffer
	if err := config.Print(&buf, inv); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), config.Redacted) {
		t.Errorf("Print shows %q with no secret set:\n%s", config.Redacted, buf.String())
	}
	if got := printRows(t, buf.String())["DISCORD_TOKEN"]; got != [2]string{`""`, "default"} {
		t.Errorf("DISCORD_TOKEN row = %q, want [\"\" default]", got)
	}
}

// printRows parses Print's output into value and source by setting name,
// after checking the header.
func printRows(t *testing.T, out string) map[string][2]string {
	t.Helper()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if got := strings.Fields(lines[0]); !reflect.DeepEqual(got, []string{"SETTING", "VALUE", "FROM"}) {
		t.Fatalf("header = %q, want SETTING VALUE FROM", lines[0])
	}
	rows := map[string][2]string{}
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) < 3 {
			t.Fatalf("row %q has %d fields, want 3 (the source may name its file)", l, len(f))
		}
		rows[f[0]] = [2]string{f[1], strings.Join(f[2:], " ")}
	}
	return rows
}

// TestSecrets checks that Secrets returns the value of every set secret, so
// callers can scrub them, and nothing else.
func TestSecrets(t *testing.T) {
	cases := []struct {
		name string
		env  env
		want []string
	}{
		{"none", env{"DISCORD_APP_ID": "123456789012345678"}, nil},
		{"all three", env{"DISCORD_TOKEN": secretToken, "OPENAI_API_KEY": secretOpen, "AZURE_OPENAI_API_KEY": secretAzure},
			[]string{secretToken, secretOpen, secretAzure}},
		{"one", env{"OPENAI_API_KEY": secretOpen, "OPENAI_CHAT_MODEL": "gpt-x"}, []string{secretOpen}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv := mustLoad(t, []string{"ask", "q"}, tc.env)
			if got := inv.Config.Secrets(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Secrets() = %q, want %q", got, tc.want)
			}
		})
	}
}

// markdownRow is one row of the Markdown settings table, cells unquoted.
type markdownRow struct {
	Env, Flag, Key, Default, Meaning string
}

// parseMarkdown parses the table config.Markdown writes, checking its header
// and the shape of every row.
func parseMarkdown(t *testing.T) []markdownRow {
	t.Helper()
	var buf bytes.Buffer
	if err := config.Markdown(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	if len(lines) < 3 {
		t.Fatalf("Markdown wrote %d lines, want a header, a rule and rows", len(lines))
	}
	if lines[0] != "| Environment | Flag | YAML key | Default | Meaning |" || lines[1] != "|---|---|---|---|---|" {
		t.Fatalf("Markdown header = %q / %q", lines[0], lines[1])
	}
	var rows []markdownRow
	for _, l := range lines[2:] {
		if !strings.HasPrefix(l, "| ") || !strings.HasSuffix(l, " |") {
			t.Fatalf("row %q is not a table row", l)
		}
		cells := strings.Split(strings.TrimSuffix(strings.TrimPrefix(l, "| "), " |"), " | ")
		if len(cells) != 5 {
			t.Fatalf("row %q has %d cells, want 5", l, len(cells))
		}
		unquote := func(s string) string { return strings.Trim(s, "`") }
		rows = append(rows, markdownRow{unquote(cells[0]), strings.TrimPrefix(unquote(cells[1]), "--"),
			unquote(cells[2]), unquote(cells[3]), cells[4]})
	}
	return rows
}

// TestMarkdown checks that the Markdown table lists every environment
// variable once, with its flag, YAML key, default and a meaning, and that
// what it documents is what Load does.
func TestMarkdown(t *testing.T) {
	rows := parseMarkdown(t)
	if len(rows) != len(allEnv) {
		t.Errorf("Markdown has %d rows, want %d", len(rows), len(allEnv))
	}
	documented := map[string]markdownRow{}
	for _, r := range rows {
		if _, dup := documented[r.Env]; dup {
			t.Errorf("%s documented twice", r.Env)
		}
		documented[r.Env] = r
		if r.Key == "" || r.Meaning == "" {
			t.Errorf("%s: YAML key %q, meaning %q; want both", r.Env, r.Key, r.Meaning)
		}
	}
	for _, name := range allEnv {
		if _, ok := documented[name]; !ok {
			t.Errorf("Markdown does not document %s", name)
		}
	}
	secrets := map[string]bool{"DISCORD_TOKEN": true, "OPENAI_API_KEY": true, "AZURE_OPENAI_API_KEY": true, "PARTNERBOT_DATABASE_URL": true}
	defaults := mustLoad(t, []string{"config"}, env{})
	var printed bytes.Buffer
	if err := config.Print(&printed, defaults); err != nil {
		t.Fatal(err)
	}
	printedRows := printRows(t, printed.String())
	for _, r := range rows {
		t.Run(r.Env, func(t *testing.T) {
			if secrets[r.Env] && r.Flag != "" {
				t.Errorf("secret %s has a flag --%s; secrets must not be flags", r.Env, r.Flag)
			}
			if !secrets[r.Env] && r.Flag == "" {
				t.Errorf("%s has no flag", r.Env)
			}
			// The documented default is the value Load starts from.
			want := r.Default
			if want == "" {
				want = `""`
			}
			if got := printedRows[r.Env][0]; got != want {
				t.Errorf("documented default %q, but Load gives %q", r.Default, got)
			}
		})
	}
}

// TestReadmeDocumentsEverySetting checks that the README at the repository
// root, when there is one, holds the settings table as config.Markdown
// writes it, so the two never drift apart.
func TestReadmeDocumentsEverySetting(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if os.IsNotExist(err) {
		t.Skip("no README.md at the repository root yet")
	}
	if err != nil {
		t.Fatal(err)
	}
	var table bytes.Buffer
	if err := config.Markdown(&table); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, table.Bytes()) {
		t.Errorf("README.md's settings table is not config.Markdown's; replace it with:\n%s", table.String())
	}
}

// allEnv is every environment variable partnerbot reads for a setting, one
// per Config field, written out independently of the package so that a
// setting dropped from the table is noticed.
var allEnv = []string{
	"PARTNERBOT_ARTICLES_DIR", "PARTNERBOT_DATA_DIR", "PARTNERBOT_DATABASE_URL", "PARTNERBOT_MODE", "PARTNERBOT_TOP_K",
	"PARTNERBOT_LOG_LEVEL", "PARTNERBOT_LOG_FORMAT",
	"DISCORD_TOKEN", "DISCORD_APP_ID", "DISCORD_GUILD_ID", "DISCORD_PUBLIC_KEY", "DISCORD_API_BASE",
	"OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_CHAT_MODEL", "OPENAI_EMBEDDING_MODEL", "OPENAI_TIMEOUT", "OPENAI_MAX_RETRIES",
	"AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_API_VERSION", "AZURE_OPENAI_CHAT_DEPLOYMENT", "AZURE_OPENAI_EMBEDDING_DEPLOYMENT",
	"PARTNERBOT_HTTP_ADDR", "PARTNERBOT_RATE_PER_MINUTE", "PARTNERBOT_WORKERS", "PARTNERBOT_QUEUE",
	"PARTNERBOT_SHUTDOWN_GRACE", "PARTNERBOT_DRAIN_DELAY", "PARTNERBOT_RESTRICT_ASK", "PARTNERBOT_MENTIONS", "PARTNERBOT_LEASE",
	"PARTNERBOT_FORUM_CHANNELS", "PARTNERBOT_FORUM_WAIT",
}

// TestPrintRedactsURLCredentials checks that a URL setting prints
// without the password in its user part, which an operator may put
// there for a proxy; the rest of the URL shows.
func TestPrintRedactsURLCredentials(t *testing.T) {
	inv := mustLoad(t, []string{"config"}, env{"OPENAI_BASE_URL": "https://proxyuser:" + secretOpen + "@llm.internal/v1"})
	var buf bytes.Buffer
	if err := config.Print(&buf, inv); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), secretOpen) {
		t.Errorf("Print shows the URL's password:\n%s", buf.String())
	}
	if got, want := printRows(t, buf.String())["OPENAI_BASE_URL"][0], "https://proxyuser:xxxxx@llm.internal/v1"; got != want {
		t.Errorf("OPENAI_BASE_URL prints as %q, want %q", got, want)
	}
}
