package retrieval

import "testing"

func TestOrdinals(t *testing.T) {
	tests := []struct {
		raw       string
		words     string // as Words writes it
		isOrdinal bool   // whether Words' form is an ordinal
	}{
		{"seventh", "7th", true},
		{"7nth", "7th", true},
		{"21st", "21st", true},
		{"11st", "11th", true},
		{"twelfth", "12th", true},
		{"2023", "2023", false},
		{"month", "month", false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got := Words(tt.raw)
			if len(got) != 1 || got[0] != tt.words {
				t.Fatalf("Words(%q) = %q, want [%q]", tt.raw, got, tt.words)
			}
			if got := IsOrdinal(got[0]); got != tt.isOrdinal {
				t.Errorf("IsOrdinal(%q) = %v, want %v", tt.words, got, tt.isOrdinal)
			}
		})
	}
}
