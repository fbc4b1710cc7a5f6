package corpus

import (
	"strings"
	"testing"
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
