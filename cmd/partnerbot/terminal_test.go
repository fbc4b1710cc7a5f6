package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Trade grew.\n\tIn 2022.", "Trade grew.\n\tIn 2022."},
		{"a\x1b[2Jb\x07c\x00d", "a\uFFFD[2Jb\uFFFDc\uFFFDd"},
		{"Hà Nội \u0085 \u009b", "Hà Nội \uFFFD \uFFFD"},
	}
	for _, tt := range tests {
		// Written a byte at a time, so every rune is split across writes.
		var out bytes.Buffer
		w := &plainText{w: &out}
		for i := range len(tt.in) {
			if n, err := w.Write([]byte{tt.in[i]}); n != 1 || err != nil {
				t.Fatalf("Write = %d, %v", n, err)
			}
		}
		if out.String() != tt.want {
			t.Errorf("plainText(%q) = %q, want %q", tt.in, out.String(), tt.want)
		}
	}
}

// TestAskShowsNoTerminalEscapes checks that an article's control
// characters (a few are allowed in a text file) reach the terminal only
// as U+FFFD, while --json keeps the quote verbatim.
func TestAskShowsNoTerminalEscapes(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "z.txt"), []byte("The zorblax treaty was signed in Hanoi on a Monday \x1b[2J by both sides. It covers trade.\n"+strings.Repeat("Nothing else happened that week in the city. ", 10)), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"PARTNERBOT_ARTICLES_DIR": dir}
	out, _, err := runCmd(t, env, "ask", "When was the zorblax treaty signed?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "zorblax treaty") || strings.ContainsAny(out, "\x1b") {
		t.Errorf("want the quote with no control characters:\n%q", out)
	}
	js, _, err := runCmd(t, env, "ask", "--json", "When was the zorblax treaty signed?")
	if err != nil || !strings.Contains(js, `\u001b`) {
		t.Errorf("--json should keep the quote verbatim, escaped: %v\n%s", err, js)
	}
}

// FuzzPlainText checks that whatever is written, and however it is split,
// the terminal gets the same text with no control character but line
// breaks and tabs.
func FuzzPlainText(f *testing.F) {
	f.Add("a\x1b[2Jb", 2)
	f.Add("Hà Nội \u0085", 4)
	f.Add("\xe1\xba", 1)
	f.Fuzz(func(t *testing.T, s string, cut int) {
		var whole, split bytes.Buffer
		(&plainText{w: &whole}).Write([]byte(s))
		if len(s) > 0 {
			cut = ((cut % len(s)) + len(s)) % len(s)
		} else {
			cut = 0
		}
		w := &plainText{w: &split}
		w.Write([]byte(s[:cut]))
		w.Write([]byte(s[cut:]))
		if whole.String() != split.String() && utf8.ValidString(s) {
			t.Fatalf("split at %d: %q, whole: %q", cut, split.String(), whole.String())
		}
		for _, r := range whole.String() {
			if unicode.IsControl(r) && r != '\n' && r != '\t' {
				t.Fatalf("control character %U passed in %q", r, whole.String())
			}
		}
	})
}
