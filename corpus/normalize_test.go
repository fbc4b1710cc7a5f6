package corpus

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"ascii lower", "Vietnam-U.S. Ties", "vietnam-u.s. ties"},
		{"vietnamese diacritics", "Việt Nam và Hà Nội", "viet nam va ha noi"},
		{"d with stroke", "Đổi mới, đường", "doi moi, duong"},
		{"curly quotes", "“four no’s” ‘x’ „y‟ ‚z‛", `"four no's" 'x' "y" 'z'`},
		{"nbsp and runs of space", "a\u00a0\u00a0b \t\n c", "a b c"},
		{"trim ends", "  \n hello \t", "hello"},
		{"compatibility forms", "ﬁve ２０２３", "five 2023"},
		{"accented latin", "communiqué Nguyễn Phú Trọng", "communique nguyen phu trong"},
		{"combining sequence", "e\u0301\u0323", "e"},
		{"invalid utf8 dropped", "a\xffb", "ab"},
		{"upper sharp", "ÀÉÎ", "aei"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeOffsets(t *testing.T) {
	in := "Ông  “Trọng” đi"
	got, offs := NormalizeOffsets(in)
	if want := `ong "trong" di`; got != want {
		t.Fatalf("text = %q, want %q", got, want)
	}
	if len(offs) != len(got) {
		t.Fatalf("len(offsets) = %d, want %d", len(offs), len(got))
	}
	// "trong" starts at byte 5 of the result; in the input it starts after
	// "Ông  “", and its last rune "g" is the last byte before the closing quote.
	start := strings.Index(got, "trong")
	if gotOff, want := offs[start], strings.Index(in, "Trọng"); gotOff != want {
		t.Errorf("offset of trong = %d, want %d", gotOff, want)
	}
	if gotOff, want := offs[len(got)-1], strings.LastIndex(in, "i"); gotOff != want {
		t.Errorf("offset of last byte = %d, want %d", gotOff, want)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "Việt Nam", "Đ“x”\u00a0 y", "U.S. $123.86", "\xff\xfe", "e\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, offs := NormalizeOffsets(s)
		if got != Normalize(s) {
			t.Fatalf("NormalizeOffsets and Normalize disagree on %q", s)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Normalize(%q) = %q is not valid UTF-8", s, got)
		}
		if Normalize(got) != got {
			t.Fatalf("Normalize is not idempotent on %q: %q then %q", s, got, Normalize(got))
		}
		if strings.TrimSpace(got) != got || strings.Contains(got, "  ") {
			t.Fatalf("Normalize(%q) = %q has untrimmed or repeated space", s, got)
		}
		if len(offs) != len(got) {
			t.Fatalf("%d offsets for %d bytes", len(offs), len(got))
		}
		for i := 1; i < len(offs); i++ {
			if offs[i] < offs[i-1] || offs[i] >= len(s) {
				t.Fatalf("offsets not monotonic within input: %v", offs)
			}
		}
	})
}
