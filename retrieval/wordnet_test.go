package retrieval

import (
	"bytes"
	"compress/gzip"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// The expectations below are what WordNet 3.1 actually says, as kept by the
// generator's sense limits; they are not wishes. Notably WordNet does not
// put "commerce" and "trade" in one synset, "soldier" has no synonym (but is
// a lemma), and "kinda" is an adverb lemma.

// wnMaxEmbedded is the size budget of the embedded file.
const wnMaxEmbedded = 1_100_000

func TestWordNetEmbedded(t *testing.T) {
	start := time.Now()
	d, err := parseWordNet(wordNetGz)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("parseWordNet(embedded) error = %v", err)
	}
	synsets := len(d.synPOS)
	t.Logf("parsed %d bytes in %v: %d synsets, %d lemmas, %d exceptions, %d listed words in %d lists",
		len(wordNetGz), elapsed, synsets, len(d.lemmaEnd), len(d.exc), len(d.wordOff), len(d.wordLists))
	if len(wordNetGz) > wnMaxEmbedded {
		t.Errorf("embedded file is %d bytes, want at most %d", len(wordNetGz), wnMaxEmbedded)
	}
	// One W line per part of speech; WordNet 3.1 has 90,603 single-word
	// lemma entries (82,812 distinct words) of the kept spelling.
	if got := len(d.wordLists); got != 4 {
		t.Errorf("word lists = %d, want 4", got)
	}
	if got := len(d.wordOff); got <= 85000 {
		t.Errorf("listed words = %d, want > 85000", got)
	}
	var pos uint8
	for _, l := range d.wordLists {
		pos |= l.pos
	}
	if pos != wnAllPOS {
		t.Errorf("word lists cover parts of speech %04b, want %04b", pos, wnAllPOS)
	}
	if synsets <= 10000 {
		t.Errorf("synsets = %d, want > 10000", synsets)
	}
	if len(d.exc) <= 1000 {
		t.Errorf("exceptions = %d, want > 1000", len(d.exc))
	}
	if got := len(d.synStart); got != synsets+1 {
		t.Errorf("len(synStart) = %d, want %d", got, synsets+1)
	}
	if got, want := len(d.senses), len(d.members); got != want {
		t.Errorf("len(senses) = %d, want %d", got, want)
	}
}

func TestWordNetEmbeddedSorted(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(wordNetGz))
	if err != nil {
		t.Fatalf("gzip.NewReader: %v", err)
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	var s, x, w []string
	for line := range strings.Lines(string(text)) {
		line = strings.TrimSuffix(line, "\n")
		switch {
		case strings.HasPrefix(line, "S "):
			if len(x) > 0 || len(w) > 0 {
				t.Fatalf("S line after X or W lines: %.40q", line)
			}
			s = append(s, line)
		case strings.HasPrefix(line, "X "):
			if len(w) > 0 {
				t.Fatalf("X line after W lines: %.40q", line)
			}
			x = append(x, line)
		case strings.HasPrefix(line, "W "):
			w = append(w, line)
			// Binary search needs strictly sorted words, single-spaced.
			words := strings.Split(line[min(len(line), 4):], " ")
			for i, word := range words {
				if word == "" || strings.Trim(word, "abcdefghijklmnopqrstuvwxyz-'") != "" {
					t.Errorf("%.3s: bad word %q", line, word)
				}
				if i > 0 && words[i-1] >= word {
					t.Errorf("%.3s: %q before %q", line, words[i-1], word)
				}
			}
		case strings.HasPrefix(line, "#"):
		default:
			t.Errorf("unexpected line %.40q", line)
		}
	}
	if !slices.IsSorted(s) || !slices.IsSorted(x) || !slices.IsSorted(w) {
		t.Errorf("lines not sorted: S sorted %v, X sorted %v, W sorted %v",
			slices.IsSorted(s), slices.IsSorted(x), slices.IsSorted(w))
	}
}

func TestWordNetSynonyms(t *testing.T) {
	tests := []struct {
		name   string
		word   string
		want   []string // exact result, if non-nil
		has    []string // must be included
		hasNot []string // must be absent
		isNil  bool
	}{
		{name: "commerce is not trade in WordNet", word: "commerce",
			want:   []string{"commercialism", "mercantilism", "department of commerce", "commerce department", "doc"},
			hasNot: []string{"trade"}},
		{name: "trade", word: "trade", has: []string{"merchandise", "craft"}, hasNot: []string{"commerce"}},
		{name: "troops", word: "troops", want: []string{"military personnel", "soldiery"}},
		{name: "soldier has no synonym", word: "soldier", isNil: true},
		{name: "soldiers has no synonym", word: "soldiers", isNil: true},
		{name: "military", word: "military",
			want: []string{"armed forces", "armed services", "military machine", "war machine"}},
		{name: "militaries de-inflected", word: "militaries",
			want: []string{"armed forces", "armed services", "military machine", "war machine"}},
		{name: "roughly", word: "roughly", has: []string{"approximately", "about", "more or less"}},
		{name: "companies de-inflected", word: "companies", has: []string{"companionship"}, hasNot: []string{"company", "companies"}},
		{name: "went via exceptions", word: "went", has: []string{"travel", "move"}, hasNot: []string{"go", "went"}},
		{name: "children via exceptions", word: "children", has: []string{"kid", "youngster"}},
		{name: "found: find first, then found", word: "found",
			has: []string{"discover", "establish"}, hasNot: []string{"find", "found"}},
		{name: "motto", word: "motto", want: []string{"slogan", "catchword", "shibboleth"}},
		{name: "tariffs", word: "tariffs", want: []string{"duty"}},
		{name: "phrase", word: "armed forces", has: []string{"military", "war machine"}, hasNot: []string{"armed forces"}},
		{name: "phrase de-inflected", word: "war machines", has: []string{"military", "armed forces"}},
		{name: "phrase with one-lemma synset", word: "agent orange", isNil: true},
		{name: "case and spaces", word: "  Armed  Forces ", has: []string{"military"}},
		{name: "glasses is a lemma itself", word: "glasses", has: []string{"spectacles"}, hasNot: []string{"glass"}},
		{name: "unknown word", word: "zzyzx", isNil: true},
		{name: "empty", word: "", isNil: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := WordNetSynonyms(tt.word)
			if tt.isNil {
				if got != nil {
					t.Errorf("WordNetSynonyms(%q) = %q, want nil", tt.word, got)
				}
				return
			}
			if tt.want != nil && !slices.Equal(got, tt.want) {
				t.Errorf("WordNetSynonyms(%q) = %q, want %q", tt.word, got, tt.want)
			}
			for _, w := range tt.has {
				if !slices.Contains(got, w) {
					t.Errorf("WordNetSynonyms(%q) = %q, want it to include %q", tt.word, got, w)
				}
			}
			for _, w := range tt.hasNot {
				if slices.Contains(got, w) {
					t.Errorf("WordNetSynonyms(%q) = %q, want no %q", tt.word, got, w)
				}
			}
			seen := make(map[string]bool)
			for _, w := range got {
				if seen[w] {
					t.Errorf("WordNetSynonyms(%q) = %q: duplicate %q", tt.word, got, w)
				}
				seen[w] = true
			}
		})
	}
}

func TestWordNetSynonymsOrder(t *testing.T) {
	// "found": the synsets of the exception base "find" come first, then
	// those of the verb "found".
	got := WordNetSynonyms("found")
	find, establish := slices.Index(got, "discover"), slices.Index(got, "establish")
	if find < 0 || establish < 0 || find > establish {
		t.Errorf("WordNetSynonyms(found) = %q, want find's synonyms before found's", got)
	}
	// Repeated calls return equal, independent slices.
	again := WordNetSynonyms("found")
	if !slices.Equal(got, again) {
		t.Errorf("WordNetSynonyms(found) not deterministic: %q then %q", got, again)
	}
	if len(again) > 0 {
		again[0] = "changed"
		if WordNetSynonyms("found")[0] == "changed" {
			t.Error("WordNetSynonyms result aliases internal data")
		}
	}
}

func TestWordNetLemma(t *testing.T) {
	tests := []struct {
		name   string
		word   string
		want   string
		wantOK bool
	}{
		{"irregular verb", "went", "go", true},
		{"irregular noun", "children", "child", true},
		{"irregular before lemma", "saw", "see", true},
		{"irregular adjective", "better", "good", true},
		{"noun -ies", "militaries", "military", true},
		{"noun -ies company", "companies", "company", true},
		{"verb -ed", "invested", "invest", true},
		{"noun -s", "tariffs", "tariff", true},
		{"noun -ful", "boxesful", "boxful", true},
		{"lemma itself", "military", "military", true},
		{"plural lemma kept", "glasses", "glasses", true},
		{"phrase", "armed forces", "armed forces", true},
		{"unknown", "zzyzx", "", false},
		{"lemma without synonyms", "soldier", "soldier", true},
		{"plural of lemma without synonyms", "soldiers", "soldier", true},
		{"plural lemma without kept synonyms", "assets", "assets", true},
		{"verb -ed of full lemma", "founded", "found", true},
		{"adjective lemma itself", "funded", "funded", true},
		{"plural lemma with synonyms", "troops", "troops", true},
		{"proper noun", "Vietnam", "vietnam", true},
		{"apostrophe", "o'clock", "o'clock", true},
		{"empty", "", "", false},
		{"misspelling", "bilaterl", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := WordNetLemma(tt.word)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("WordNetLemma(%q) = %q, %v, want %q, %v", tt.word, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestIsEnglishWord(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"soldier", true},    // lemma without synonyms
		{"soldiers", true},   // morphy: soldier
		{"funded", true},     // adjective lemma (and verb fund)
		{"founded", true},    // morphy: verb found
		{"troops", true},     // noun lemma
		{"went", true},       // exception list: go
		{"militaries", true}, // morphy: military
		{"tariffs", true},    // morphy: tariff
		{"coach", true},
		{"kinda", true}, // WordNet 3.1 has the adverb "kinda" (kind of)
		{"vietnam", true},
		{"Vietnam", true},
		{"  Coach ", true},
		{"partnerships", true},
		{"bilateral", true},
		{"smth", false},
		{"bilaterl", false},
		{"recieve", false},
		{"zzyzx", false},
		{"the", false}, // WordNet has no function words
		{"", false},
		{"soldier1", false},
	}
	for _, tt := range tests {
		if got := IsEnglishWord(tt.word); got != tt.want {
			t.Errorf("IsEnglishWord(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}

func TestWordNetDetach(t *testing.T) {
	tests := []struct {
		name string
		word string
		pos  uint8
		want []string
	}{
		{"noun -es", "boxes", wnNoun, []string{"boxe", "box"}},
		{"noun -ies", "companies", wnNoun, []string{"companie", "company"}},
		{"noun -men", "firemen", wnNoun, []string{"fireman"}},
		{"noun -ss untouched", "glass", wnNoun, nil},
		{"short noun untouched", "us", wnNoun, nil},
		{"noun -ful", "cupsful", wnNoun, []string{"cupful"}},
		{"verb -ing", "hoping", wnVerb, []string{"hope", "hop"}},
		{"verb -ed", "invested", wnVerb, []string{"investe", "invest"}},
		{"adjective -est", "largest", wnAdj, []string{"larg", "large"}},
		{"adverb has no rules", "quickly", wnAdv, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wnDetach(tt.word, tt.pos); !slices.Equal(got, tt.want) {
				t.Errorf("wnDetach(%q, %d) = %q, want %q", tt.word, tt.pos, got, tt.want)
			}
		})
	}
}

func TestWordNetParseBadData(t *testing.T) {
	if d, err := parseWordNet([]byte("not gzip")); err == nil || d != nil {
		t.Errorf("parseWordNet(not gzip) = %v, %v, want nil, error", d, err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("# comment\nS n alpha|beta:2\nS n solo\nS q x|y\nS n\ngarbage line\nX v went|go\nX v |go\n"))
	zw.Close()
	d, err := parseWordNet(buf.Bytes())
	if err != nil {
		t.Fatalf("parseWordNet(malformed lines) error = %v", err)
	}
	if got := len(d.synPOS); got != 1 {
		t.Errorf("synsets = %d, want 1", got)
	}
	if got := len(d.exc); got != 1 {
		t.Errorf("exceptions = %d, want 1", got)
	}

	// Word lists: an unsorted list is sorted, empty words are skipped.
	buf.Reset()
	zw = gzip.NewWriter(&buf)
	zw.Write([]byte("S n alpha|beta\nW v walk zeta  bark\nW n dog\nW n  \nW q cat\n"))
	zw.Close()
	d, err = parseWordNet(buf.Bytes())
	if err != nil {
		t.Fatalf("parseWordNet(word lists) error = %v", err)
	}
	for _, tt := range []struct {
		word string
		pos  uint8
	}{
		{"walk", wnVerb}, {"zeta", wnVerb}, {"bark", wnVerb}, {"dog", wnNoun},
		{"cat", 0}, {"", 0}, {"walks", 0}, {"alpha", 0},
	} {
		if got := d.wordPOS(tt.word, wnAllPOS); got != tt.pos {
			t.Errorf("wordPOS(%q) = %04b, want %04b", tt.word, got, tt.pos)
		}
	}
	for word, want := range map[string]string{"barked": "bark", "dogs": "dog", "alphas": "alpha", "zetas": "zeta", "dogging": "", "barkest": "", "cats": ""} {
		if got, ok := d.baseForm(word); got != want || ok != (want != "") {
			t.Errorf("baseForm(%q) = %q, %v, want %q", word, got, ok, want)
		}
	}

	buf.Reset()
	zw = gzip.NewWriter(&buf)
	zw.Write([]byte("# only comments\n"))
	zw.Close()
	if _, err := parseWordNet(buf.Bytes()); err == nil {
		t.Error("parseWordNet(no synsets) error = nil, want error")
	}
}

func BenchmarkWordNetLoad(b *testing.B) {
	var total time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		if _, err := parseWordNet(wordNetGz); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		n++
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(n), "ms/parse")
}

func BenchmarkIsEnglishWord(b *testing.B) {
	words := []string{"soldiers", "funded", "went", "militaries", "bilaterl", "smth", "vietnam"}
	wordNet()
	for b.Loop() {
		for _, w := range words {
			IsEnglishWord(w)
		}
	}
}

func BenchmarkWordNetSynonyms(b *testing.B) {
	words := []string{"commerce", "militaries", "went", "roughly", "zzyzx", "armed forces"}
	wordNet()
	for b.Loop() {
		for _, w := range words {
			WordNetSynonyms(w)
		}
	}
}

func TestCanBeVerb(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"say", true}, {"pledged", true}, {"went", true}, {"call", true},
		{"ministry", false}, {"leader", false}, {"foreign", false}, {"trong", false},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := CanBeVerb(tt.word); got != tt.want {
				t.Errorf("CanBeVerb(%q) = %v, want %v", tt.word, got, tt.want)
			}
		})
	}
}
