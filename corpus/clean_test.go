package corpus

import (
	"reflect"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		wantText    string
		wantTitle   string
		wantDate    string
		wantOutlet  string
		wantRemoved []string
	}{
		{
			name:        "press release counter",
			in:          "There were 1,546 press releases posted in the last 24 hours and 428,935 in the last 365 days.\n\nHeadline here\n\nBody one.",
			wantText:    "Headline here\n\nBody one.",
			wantTitle:   "Headline here",
			wantRemoved: []string{"There were 1,546 press releases posted in the last 24 hours and 428,935 in the last 365 days."},
		},
		{
			name:        "date marker and caption line",
			in:          " date 2023-09-14 The talks between the leaders. Photo: VNA\n\nThe body starts.\n\n\n\nIt goes on.",
			wantText:    "The body starts.\n\nIt goes on.",
			wantDate:    "2023-09-14",
			wantRemoved: []string{"date 2023-09-14 ", "The talks between the leaders. Photo: VNA"},
		},
		{
			name:        "caption printed twice",
			in:          "Title line\n\nFirst.\nA caption of a handshake in 2015. (Photo: VNA)\nA caption of a handshake in 2015. (Photo: VNA)\n\nSecond.",
			wantText:    "Title line\n\nFirst.\n\nSecond.",
			wantTitle:   "Title line",
			wantRemoved: []string{"A caption of a handshake in 2015. (Photo: VNA)", "A caption of a handshake in 2015. (Photo: VNA)"},
		},
		{
			name:        "repeated line without credit",
			in:          "One.\nSame line.\nSame line.\nTwo.",
			wantText:    "One.\nSame line.\nTwo.",
			wantRemoved: []string{"Same line."},
		},
		{
			name:        "sign-off names outlet",
			in:          "Body.\n\nLast line with the US (2023).— VNS",
			wantText:    "Body.\n\nLast line with the US (2023).",
			wantOutlet:  "VNS",
			wantRemoved: []string{"— VNS"},
		},
		{
			name:        "wire end mark keeps the full stop",
			in:          "Body, the Party leader affirmed./.",
			wantText:    "Body, the Party leader affirmed.",
			wantRemoved: []string{"/."},
		},
		{
			name:     "hyphenated acronym at end is not a sign-off",
			in:       "Talks on US-ASEAN",
			wantText: "Talks on US-ASEAN",
		},
		{
			name:     "CRLF and trailing spaces",
			in:       "A line.  \r\nB line.\u00a0\r\n",
			wantText: "A line.\nB line.",
		},
		{
			name:     "verbatim otherwise",
			in:       "“I and President Joe Biden…,” he said. $123.86 billion in Hà Nội.",
			wantText: "“I and President Joe Biden…,” he said. $123.86 billion in Hà Nội.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clean(tt.in)
			if got.Text != tt.wantText {
				t.Errorf("Text = %q, want %q", got.Text, tt.wantText)
			}
			if got.Title != tt.wantTitle || got.Date != tt.wantDate || got.Outlet != tt.wantOutlet {
				t.Errorf("Title, Date, Outlet = %q, %q, %q; want %q, %q, %q",
					got.Title, got.Date, got.Outlet, tt.wantTitle, tt.wantDate, tt.wantOutlet)
			}
			if !reflect.DeepEqual(got.Removed, tt.wantRemoved) {
				t.Errorf("Removed = %q, want %q", got.Removed, tt.wantRemoved)
			}
		})
	}
}

// TestCleanSeeds checks the boilerplate the seed articles are known to carry
// is gone, and that everything else survives word for word.
func TestCleanSeeds(t *testing.T) {
	docs, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	gone := []struct{ id, text string }{
		{"001_c8436e6c3965576a", "press releases posted"},
		{"001_c8436e6c3965576a", "— VNS"},
		{"002_461600696f806daf", "Photo: VNA"},
		{"002_461600696f806daf", "date 2023-09-14"},
		{"002_461600696f806daf", "./."},
		{"004_a08c95559b217c0b", "shakes hands"},
	}
	for _, g := range gone {
		if strings.Contains(byID[g.id].Text, g.text) {
			t.Errorf("%s still contains %q", g.id, g.text)
		}
	}
	// Every line of the cleaned text is a line, or the start of a line, of
	// the raw article: cleaning removes, it never rewrites.
	for _, d := range docs {
		raw, err := articles.ReadFile("articles/" + d.ID + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(d.Text, "\n") {
			if !strings.Contains(string(raw), line) {
				t.Errorf("%s: cleaned line not in the raw article: %q", d.ID, line)
			}
		}
	}
}
