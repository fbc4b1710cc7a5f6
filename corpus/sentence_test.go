package corpus

import (
	"reflect"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"abbreviation U.S.", "The U.S. now becomes Vietnam’s fifth partner. It is new.",
			[]string{"The U.S. now becomes Vietnam’s fifth partner.", "It is new."}},
		{"U.S. ends a sentence", "It is the seventh-largest partner for the U.S. Direct investment exceeded $11 billion.",
			[]string{"It is the seventh-largest partner for the U.S.", "Direct investment exceeded $11 billion."}},
		{"p.m. inside", "Biden arrived in Hanoi at around 3:40 p.m. today. Talks followed.",
			[]string{"Biden arrived in Hanoi at around 3:40 p.m. today.", "Talks followed."}},
		{"decimal money", "Trade surpassed $123.86 billion in 2022, up 11%. Good.",
			[]string{"Trade surpassed $123.86 billion in 2022, up 11%.", "Good."}},
		{"vietnamese names", "Talks were held in Hà Nội. Trọng welcomed Biden.",
			[]string{"Talks were held in Hà Nội.", "Trọng welcomed Biden."}},
		{"line breaks end sentences", "Headline without stop\n\nA year ended in 1982.\nNext line.",
			[]string{"Headline without stop", "A year ended in 1982.", "Next line."}},
		{"initials and Jr.", "The visit by Joseph R.Biden, Jr. at the invitation of Trong is special.",
			[]string{"The visit by Joseph R.Biden, Jr. at the invitation of Trong is special."}},
		{"quotes close a sentence", "“This is the most important outcome of the talks.” He left.",
			[]string{"“This is the most important outcome of the talks.”", "He left."}},
		{"blank", " \n\n\t", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range SplitSentences(tt.in) {
				got = append(got, tt.in[s.Start:s.End])
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SplitSentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
