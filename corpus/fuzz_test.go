package corpus

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// FuzzNormalize checks the one matching normalisation on any input: it
// agrees with NormalizeOffsets, is valid UTF-8, idempotent, lower case,
// without combining marks, đ, curly quotes or any white space but single
// inner spaces; its offsets point at rune starts of the input, in order;
// and the offsets map prefixes and suffixes of the result back to the
// input, which is what quote verification (bot.locate) relies on.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "Việt Nam", "Đ“x”\u00a0 y", "U.S. $123.86", "\xff\xfe", "e\u0301",
		"ﬁve ﬃ ２０２３", "a\u00a8b", "\ufdfa x", " \u0301 ", "Ⅻ Å Ǆ ß İ"} {
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
		for _, r := range got {
			switch {
			case r != ' ' && unicode.IsSpace(r):
				t.Fatalf("Normalize(%q) = %q keeps white space %U", s, got, r)
			case unicode.Is(unicode.M, r):
				t.Fatalf("Normalize(%q) = %q keeps combining mark %U", s, got, r)
			case strings.ContainsRune("đĐ‘’‚‛“”„‟", r):
				t.Fatalf("Normalize(%q) = %q keeps %q", s, got, r)
			case unicode.ToLower(r) != r:
				t.Fatalf("Normalize(%q) = %q keeps upper case %q", s, got, r)
			}
		}
		if len(offs) != len(got) {
			t.Fatalf("%d offsets for %d bytes", len(offs), len(got))
		}
		for i, o := range offs {
			if o < 0 || o >= len(s) || (i > 0 && o < offs[i-1]) {
				t.Fatalf("offset %d = %d out of order or outside %d input bytes: %v", i, o, len(s), offs)
			}
			if !utf8.RuneStart(s[o]) {
				t.Fatalf("offset %d = %d is inside a rune of %q", i, o, s)
			}
		}
		if len(s) > 2048 {
			return // the round trips below are quadratic
		}
		for k := range offs {
			if k > 0 && offs[k] == offs[k-1] {
				continue // not where a rune's output starts
			}
			if tail, want := Normalize(s[offs[k]:]), strings.TrimLeft(got[k:], " "); tail != want {
				t.Fatalf("Normalize(s[%d:]) = %q, want %q (s = %q)", offs[k], tail, want, s)
			}
			if head, want := Normalize(s[:offs[k]]), strings.TrimRight(got[:k], " "); head != want {
				t.Fatalf("Normalize(s[:%d]) = %q, want %q (s = %q)", offs[k], head, want, s)
			}
		}
		// A piece of the input cut at rune boundaries normalises to a piece
		// of the normalised input: a verbatim quote always verifies.
		var starts []int
		for i := range s {
			starts = append(starts, i)
		}
		if n := len(starts); n > 2 {
			piece := s[starts[n/3]:starts[2*n/3]]
			if p := Normalize(piece); !strings.Contains(got, p) {
				t.Fatalf("Normalize(%q) = %q is not in Normalize(%q) = %q", piece, p, s, got)
			}
		}
	})
}

// FuzzSplitSentences checks the sentence splitter on raw text: spans are
// in bounds, non-empty, in order and non-overlapping, cut at rune
// boundaries (so a valid text gives valid sentences), never cross a line
// break, carry no surrounding white space, and together hold every
// non-space character of the text.
func FuzzSplitSentences(f *testing.F) {
	for _, s := range []string{"", "A. B.", "U.S. p.m. $123.86 Hà Nội.\n\nNext", "“Quote.” He said.\n\n\nx",
		"a\xffb. c", "Mr. Smith went. Dr. Who? Yes!", "\u00a0 x \u2028 y. \r\nz", "…。！？ 越南。越南",
		"The visit by Joseph R.Biden, Jr. at the invitation of Trong is special.",
		strings.Repeat("trade 2022 $123.86 billion Hà Nội ", 200), strings.Repeat("x", 5000), strings.Repeat("ộ", 3000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		spans := SplitSentences(text)
		var joined []string // the spans' runes, not their bytes: joined bytes could form new runes
		for i, sp := range spans {
			if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
				t.Fatalf("span %d %v out of range for %d bytes of %q", i, sp, len(text), text)
			}
			if i > 0 && sp.Start < spans[i-1].End {
				t.Fatalf("span %d %v overlaps or precedes span %d %v in %q", i, sp, i-1, spans[i-1], text)
			}
			s := text[sp.Start:sp.End]
			if utf8.ValidString(text) && (!utf8.ValidString(s) || (sp.End < len(text) && !utf8.RuneStart(text[sp.End]))) {
				t.Fatalf("span %d %v cuts a rune of %q", i, sp, text)
			}
			if strings.ContainsRune(s, '\n') {
				t.Fatalf("span %d %q crosses a line break", i, s)
			}
			if len(s) > MaxSentenceBytes {
				t.Fatalf("span %d is %d bytes, over MaxSentenceBytes", i, len(s))
			}
			if first, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(first) {
				t.Fatalf("span %d %q starts with white space", i, s)
			}
			if last, _ := utf8.DecodeLastRuneInString(s); unicode.IsSpace(last) {
				t.Fatalf("span %d %q ends with white space", i, s)
			}
			joined = append(joined, nonSpace(s)...)
		}
		if want := nonSpace(text); !slices.Equal(joined, want) {
			t.Fatalf("sentences of %q lose text: %q, want %q", text, joined, want)
		}
	})
}

// nonSpace returns the runes of s that are not white space, each as its
// bytes; an invalid byte stands alone.
func nonSpace(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			out = append(out, s[i:i+n])
		}
		i += n
	}
	return out
}

// FuzzChunk checks chunking of cleaned text with any options: the
// invariants of checkChunks, plus passages of valid UTF-8 with unique IDs,
// at most MaxSentences sentences each, and within MaxBytes unless a single
// sentence is longer.
func FuzzChunk(f *testing.F) {
	for _, s := range []string{"", "A. B.", "U.S. p.m. $123.86 Hà Nội.\n\nNext", "“Quote.” He said.\n\n\nx", "a\xffb. c"} {
		f.Add(s, 3, 700, 1)
	}
	f.Fuzz(func(t *testing.T, text string, maxSent, maxBytes, overlap int) {
		if maxSent > 50 || maxBytes > 1<<16 || overlap > 50 {
			t.Skip()
		}
		d := &Document{ID: "fuzz", Text: Clean(text).Text}
		opts := ChunkOptions{MaxSentences: maxSent, MaxBytes: maxBytes, Overlap: overlap}
		Chunk(d, opts)
		checkChunks(t, d)
		opts = opts.withDefaults()
		ids := map[string]bool{}
		for i, p := range d.Passages {
			if !utf8.ValidString(p.Text) {
				t.Fatalf("passage %d is not valid UTF-8: %q", i, p.Text)
			}
			if ids[p.ID] || p.DocID != d.ID || !strings.HasPrefix(p.ID, d.ID+"#") {
				t.Fatalf("passage %d has ID %q (doc %q), duplicate or not the document's", i, p.ID, p.DocID)
			}
			ids[p.ID] = true
			if n := p.Last - p.First + 1; n > opts.MaxSentences {
				t.Fatalf("passage %d holds %d sentences, more than %d", i, n, opts.MaxSentences)
			}
			if p.Last > p.First && p.End-p.Start > opts.MaxBytes {
				t.Fatalf("passage %d is %d bytes of several sentences, more than %d", i, p.End-p.Start, opts.MaxBytes)
			}
		}
	})
}

// FuzzParse checks an article file's parser (front matter, then cleaning):
// it never panics; a refusal is one of the loader's errors; a document has
// the ID asked for, a title and a language, non-empty valid UTF-8 text free
// of the front matter, and metadata without surrounding space; and its
// metadata, written back as front matter, parses to the same metadata.
func FuzzParse(f *testing.F) {
	f.Add("hanoi-briefing", []byte("---\ntitle: A briefing on the Hà Nội talks\noutlet: Example Wire\ndate: 2023-09-11\nlanguage: en\n---\nThe talks in Hà Nội lasted two hours. Officials said the U.S. delegation left at 6 p.m.\n"))
	f.Add("plain-note", []byte("date 2023-09-12 A plain note.\n\nIt ends here./."))
	f.Add("x", []byte("\ufeff---\r\ntitle: t\r\n---\r\nBody — VNS"))
	f.Add("x", []byte("---\nunknown: key\n---\nBody"))
	f.Add("x", []byte("---\ntitle: [1, 2]\n---\nBody"))
	f.Add("x", []byte("---\n---\n"))
	f.Add("bad id", []byte("Body"))
	f.Fuzz(func(t *testing.T, id string, raw []byte) {
		d, err := Parse(id, raw, Meta{})
		if err != nil {
			if d != nil {
				t.Fatalf("Parse(%q) returned a document with error %v", raw, err)
			}
			if !errors.Is(err, ErrBadID) && !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrFrontMatter) && !errors.Is(err, ErrNotText) {
				t.Fatalf("Parse(%q, %q) error %v is none of the loader's errors", id, raw, err)
			}
			return
		}
		if d.ID != id || !validID.MatchString(id) {
			t.Fatalf("document ID %q from Parse(%q)", d.ID, id)
		}
		if d.Title == "" || d.Language == "" || strings.TrimSpace(d.Text) == "" {
			t.Fatalf("Parse(%q) gave title %q, language %q, text %q", raw, d.Title, d.Language, d.Text)
		}
		meta := Meta{Title: d.Title, Outlet: d.Outlet, Date: d.Date, Language: d.Language, URL: d.URL}
		for _, v := range []string{d.Text, meta.Title, meta.Outlet, meta.Date, meta.Language, meta.URL} {
			if !utf8.ValidString(v) {
				t.Fatalf("Parse(%q) gave invalid UTF-8 %q", raw, v)
			}
		}
		for _, v := range []string{meta.Title, meta.Outlet, meta.Date, meta.Language, meta.URL} {
			if strings.TrimSpace(v) != v {
				t.Fatalf("Parse(%q) gave untrimmed metadata %q", raw, v)
			}
		}
		if _, body, _ := splitFrontMatter(raw); d.Text != Clean(string(body)).Text {
			t.Fatalf("Parse(%q) text %q is not the cleaned body", raw, d.Text)
		}
		front, err := yaml.Marshal(meta)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(id, []byte("---\n"+string(front)+"---\n"+d.Text), Meta{})
		if err != nil {
			t.Fatalf("metadata %+v written back as front matter fails: %v", meta, err)
		}
		if got := (Meta{Title: again.Title, Outlet: again.Outlet, Date: again.Date, Language: again.Language, URL: again.URL}); got != meta {
			t.Fatalf("metadata written back and parsed again\n got %+v\nwant %+v", got, meta)
		}
	})
}

// FuzzReadMetadata checks that any metadata.yaml is read or refused with
// an error, never a panic, and that what is read, written back, reads the
// same.
func FuzzReadMetadata(f *testing.F) {
	for _, s := range []string{"a:\n  title: A\n", "a:\n  title: A\na:\n  title: B\n", "- a\n", "", "~", "a: {author: x}",
		"a:\n  date: 2023-09-11\n  url: https://e.x\n", "a: &x {title: A}\nb: *x\n", "---\na: {}\n---\nb: {}\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		meta, err := readMetadata(fstest.MapFS{MetadataFile: {Data: raw}})
		if err != nil {
			return
		}
		back, err := yaml.Marshal(meta)
		if err != nil {
			t.Fatal(err)
		}
		again, err := readMetadata(fstest.MapFS{MetadataFile: {Data: back}})
		if err != nil || len(again) != len(meta) {
			t.Fatalf("%q read %v; written back as %q it reads %v, %v", raw, meta, back, again, err)
		}
		for id, m := range meta {
			if again[id] != m {
				t.Fatalf("%q: %q read %+v, then %+v", raw, id, m, again[id])
			}
		}
	})
}
