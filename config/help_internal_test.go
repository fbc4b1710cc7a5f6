package config

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestHelpListsEverything checks that the overview names every command,
// every flag and the environment variable behind each setting, and that a
// command's help names its own flags and the settings it reads.
func TestHelpListsEverything(t *testing.T) {
	var all strings.Builder
	if err := WriteHelp(&all, ""); err != nil {
		t.Fatal(err)
	}
	for _, c := range commands {
		if !strings.Contains(all.String(), "  "+c.name+" ") {
			t.Errorf("overview lacks the command %s", c.name)
		}
	}
	for _, s := range settings {
		if !strings.Contains(all.String(), s.Env) {
			t.Errorf("overview lacks %s", s.Env)
		}
		if s.Flag != "" && !strings.Contains(all.String(), "--"+s.Flag+" ") {
			t.Errorf("overview lacks --%s", s.Flag)
		}
	}
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			if err := WriteHelp(&b, c.name); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			if !strings.HasPrefix(got, "usage: partnerbot "+c.name) {
				t.Errorf("help does not start with the usage:\n%s", got)
			}
			for _, f := range c.flags {
				if !strings.Contains(got, "--"+f) {
					t.Errorf("help lacks its flag --%s:\n%s", f, got)
				}
			}
			for _, s := range settings {
				want := false
				for _, g := range c.groups {
					want = want || group(s) == g
				}
				if has := strings.Contains(got, s.Env); has != want {
					t.Errorf("help lists %s: %v, want %v", s.Env, has, want)
				}
			}
		})
	}
	if err := WriteHelp(&all, "frobnicate"); !errors.Is(err, ErrUsage) {
		t.Errorf("help for an unknown command: %v, want ErrUsage", err)
	}
}

// TestHelpJSON checks that help as JSON says what the text says: every
// command in the overview, and for each command its flags (which take a
// value, their defaults) and exactly the settings it reads.
func TestHelpJSON(t *testing.T) {
	decode := func(t *testing.T, cmd string) helpDoc {
		t.Helper()
		var b strings.Builder
		if err := WriteHelpJSON(&b, cmd); err != nil {
			t.Fatal(err)
		}
		var doc helpDoc
		dec := json.NewDecoder(strings.NewReader(b.String()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&doc); err != nil {
			t.Fatalf("help --json is not one JSON object: %v\n%s", err, b.String())
		}
		return doc
	}
	envs := func(doc helpDoc) []string {
		var out []string
		for _, s := range doc.Settings {
			out = append(out, s.Env)
		}
		return out
	}
	overview := decode(t, "")
	if len(overview.Commands) != len(commands) || len(overview.Settings) != len(settings)+1 {
		t.Errorf("overview: %d commands and %d settings, want %d and %d", len(overview.Commands), len(overview.Settings), len(commands), len(settings)+1)
	}
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			doc := decode(t, c.name)
			if doc.Usage != "partnerbot "+c.name+" "+c.args || doc.Summary != c.summary {
				t.Errorf("usage %q, summary %q", doc.Usage, doc.Summary)
			}
			var names []string
			for _, f := range doc.Flags {
				names = append(names, f.Name)
			}
			if !slices.Equal(names, c.flags) {
				t.Errorf("flags %q, want %q", names, c.flags)
			}
			for _, s := range settings {
				want := slices.ContainsFunc(c.groups, func(g string) bool { return group(s) == g })
				if has := slices.Contains(envs(doc), s.Env); has != want {
					t.Errorf("lists %s: %v, want %v", s.Env, has, want)
				}
			}
		})
	}
	eval := decode(t, "eval")
	i := slices.IndexFunc(eval.Flags, func(f helpFlag) bool { return f.Name == "k" })
	if i < 0 || !eval.Flags[i].TakesValue || eval.Flags[i].Default != "5" {
		t.Errorf("eval's --k: %+v, want one taking a value, default 5", eval.Flags)
	}
	ask := decode(t, "ask")
	if i := slices.IndexFunc(ask.Flags, func(f helpFlag) bool { return f.Name == "json" }); i < 0 || ask.Flags[i].TakesValue || ask.Flags[i].Default != "" {
		t.Errorf("ask's --json: %+v, want a boolean with no default shown", ask.Flags)
	}
	if err := WriteHelpJSON(new(strings.Builder), "frobnicate"); !errors.Is(err, ErrUsage) {
		t.Errorf("help for an unknown command: %v, want ErrUsage", err)
	}
}

// TestHelpInvocations checks every way of asking for help or the version.
func TestHelpInvocations(t *testing.T) {
	tests := []struct {
		args      []string
		command   string
		topic     []string
		json      bool
		wantUsage bool
	}{
		{[]string{"--help"}, Help, nil, false, false},
		{[]string{"-h"}, Help, nil, false, false},
		{[]string{"help"}, Help, nil, false, false},
		{[]string{"help", "ask"}, Help, []string{"ask"}, false, false},
		{[]string{"help", "nope"}, "", nil, false, true},
		{[]string{"ask", "--help"}, Help, []string{"ask"}, false, false},
		{[]string{"eval", "-h"}, Help, []string{"eval"}, false, false},
		{[]string{"ask", "a question", "-help", "--mode", "foo"}, Help, []string{"ask"}, false, false},
		{[]string{"--version"}, Version, nil, false, false},
		{[]string{"version", "--json"}, Version, nil, true, false},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			inv, err := Load(tt.args, func(string) string { return "" })
			if tt.wantUsage {
				if !errors.Is(err, ErrUsage) {
					t.Fatalf("err = %v, want ErrUsage", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if inv.Command != tt.command || strings.Join(inv.Args, " ") != strings.Join(tt.topic, " ") || inv.JSON != tt.json {
				t.Errorf("got %s %q json=%v, want %s %q json=%v", inv.Command, inv.Args, inv.JSON, tt.command, tt.topic, tt.json)
			}
		})
	}
}

func TestWantsJSON(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{[]string{"ask", "--json", "q"}, true},
		{[]string{"ask", "q", "-json"}, true},
		{[]string{"ask", "--json=true", "q"}, true},
		{[]string{"ask", "--json=false", "q"}, false},
		{[]string{"ask", "q"}, false},
		{[]string{"ask", "--", "--json"}, false},
		{[]string{"ask", "json"}, false},
	}
	for _, tt := range tests {
		if got := WantsJSON(tt.args); got != tt.want {
			t.Errorf("WantsJSON(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}
