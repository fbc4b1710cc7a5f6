package config

import (
	"errors"
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
