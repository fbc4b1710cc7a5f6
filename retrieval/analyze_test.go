package retrieval

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

func TestWords(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"dotted acronym", "The U.S. and the U.S", []string{"the", "us", "and", "the", "us"}},
		{"united states joins", "United States of America", []string{"us", "us"}},
		{"money and thousands", "$123.86 billion, over 1,200 projects", []string{"123.86", "billion", "over", "1200", "projects"}},
		{"vietnamese decimal comma", "123,86 tỷ; 1,5%; 1,200,000; 0,125", []string{"123.86", "ty", "1.5", "percent", "1200000", "0.125"}},
		{"two numbers with a comma", "2013,2023", []string{"2013", "2023"}},
		{"percent", "an 11% increase", []string{"an", "11", "percent", "increase"}},
		{"possessive", "Vietnam’s largest market", []string{"vietnam", "largest", "market"}},
		{"vietnamese spellings", "Việt Nam, Viet Nam, Vietnam", []string{"vietnam", "vietnam", "vietnam"}},
		{"hanoi", "Hà Nội and Ha Noi", []string{"hanoi", "and", "hanoi"}},
		{"ordinals", "seventh and 7th and 7nth", []string{"7th", "and", "7th", "and", "7th"}},
		{"number one", "#1 export market, number one", []string{"top", "export", "market", "top"}},
		{"hyphens split", "Vietnam-U.S. relations", []string{"vietnam", "us", "relations"}},
		{"times", "3:40 p.m.", []string{"3", "40", "pmtime"}},
		{"prime minister", "the PM at 9 am", []string{"the", "pm", "at", "9", "amtime"}},
		{"prime minister after a year", "in 2023 PM Chinh", []string{"in", "2023", "pm", "chinh"}},
		{"prime minister after a date", "on Sept. 30 PM Chinh", []string{"on", "sept", "30", "pm", "chinh"}},
		{"names are not compounds", "Nguyễn Phú Trọng met", []string{"nguyen", "phu", "trong", "met"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Words(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTermsFoldVariants(t *testing.T) {
	tests := []struct{ a, b string }{
		{"normalise", "normalize"},
		{"normalisation", "normalization"},
		{"defence", "defense"},
		{"Việt Nam", "Vietnam"},
		{"neighbours", "neighbors"},
		{"investments", "investment"},
	}
	for _, tt := range tests {
		t.Run(tt.a+"="+tt.b, func(t *testing.T) {
			if got, want := Terms(tt.a), Terms(tt.b); !reflect.DeepEqual(got, want) {
				t.Errorf("Terms(%q) = %q, Terms(%q) = %q; want equal", tt.a, got, tt.b, want)
			}
		})
	}
	if got := Terms("what is the of and"); len(got) != 0 {
		t.Errorf("stop words left terms: %q", got)
	}
	// A chat's courtesies carry no topic, but a verb the articles use does:
	// "thank" is what they write "thanked for the warm reception" with.
	if got := Terms("thanks lol pls"); len(got) != 0 {
		t.Errorf("courtesies left terms: %q", got)
	}
	if got, want := Terms("what did Biden thank his hosts for"), Terms("Biden thanked hosts"); !reflect.DeepEqual(got, want) {
		t.Errorf("Terms = %q, want %q", got, want)
	}
	if a, b := Terms("promise"), Terms("promize"); reflect.DeepEqual(a, b) {
		t.Errorf("promise must not fold to -ize: %q", a)
	}
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"U.S. $1,200.5 #1", "Việt Nam 11%", "a.b.c.", "'s", "#", "1,", ".5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range Words(s) {
			if w == "" || !utf8.ValidString(w) {
				t.Fatalf("Words(%q) gave bad word %q", s, w)
			}
		}
		Terms(s)
	})
}

func TestStemCacheBounded(t *testing.T) {
	tests := []struct {
		name  string
		max   int64
		words int
	}{
		{"under the bound keeps every word", 10, 5},
		{"past the bound keeps max words", 10, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := stemCache{max: tt.max}
			for i := range tt.words {
				w := fmt.Sprintf("running%dings", i)
				if got, want := c.stem(w), english.Stem(w, false); got != want {
					t.Fatalf("stem(%q) = %q, want %q", w, got, want)
				}
			}
			if got, want := c.size(), min(tt.max, int64(tt.words)); got != want {
				t.Errorf("size = %d, want %d", got, want)
			}
			if got, want := c.stem("running3ings"), english.Stem("running3ings", false); got != want {
				t.Errorf("cached stem = %q, want %q", got, want)
			}
		})
	}
	t.Run("long words are stemmed, not kept", func(t *testing.T) {
		c := stemCache{max: 10}
		long := strings.Repeat("running", 5) // 35 bytes
		if got, want := c.stem(long), english.Stem(long, false); got != want {
			t.Fatalf("stem = %q, want %q", got, want)
		}
		if c.size() != 0 {
			t.Errorf("size = %d after one word of %d bytes, want 0", c.size(), len(long))
		}
	})
}

func TestDottedThousands(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hơn 1.200 dự án", "hơn 1200 dự án"},
		{"123.860.000 usd", "123860000 usd"},
		{"1.200,5 tỷ", "1200.5 tỷ"},
		{"tăng 1.5 lần", "tăng 1.5 lần"},
		{"0.500", "0.500"},
		{"1234.567", "1234.567"},
		{"1.2345", "1.2345"},
		{"1.200.50", "1.200.50"},
		{"năm 2023.", "năm 2023."},
		{"v1.200", "v1.200"},
		{"1.200km", "1.200km"},
		{"1,200.500", "1,200.500"},
		{"10.000 và 2.5", "10000 và 2.5"},
		{"11,5 phần trăm", "11,5 phần trăm"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := dottedThousands(tt.in); got != tt.want {
				t.Errorf("dottedThousands(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzDottedThousands checks that only a dot between digits is dropped,
// and only one followed by exactly three digits; that a comma becomes a
// decimal point only right after dropped dots; and that nothing else
// changes.
func FuzzDottedThousands(f *testing.F) {
	for _, s := range []string{"1.200", "1.200.300", "0.5", ".1.2.", "1..200", "a1.200", "1.200,5", "1.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := []rune(dottedThousands(s))
		rs := []rune(s)
		j, dropped := 0, false
		for i, r := range rs {
			switch {
			case j < len(got) && got[j] == r:
				j++
			case r == ',' && j < len(got) && got[j] == '.' && dropped && i+1 < len(rs) && isDigitRune(rs[i+1]):
				j++
			case r == '.' && i > 0 && isDigitRune(rs[i-1]) && digitsAfter(rs, i) == 3:
				dropped = true
			default:
				t.Fatalf("dottedThousands(%q) = %q: changed %q at %d", s, string(got), r, i)
			}
			if !isDigitRune(r) && r != '.' {
				dropped = false
			}
		}
		if j != len(got) {
			t.Fatalf("dottedThousands(%q) = %q: added text", s, string(got))
		}
	})
}
