package corpus

import (
	"strings"
	"testing"
)

func TestChunk(t *testing.T) {
	text := "One is first. Two is second. Three is third. Four is fourth. Five is fifth."
	tests := []struct {
		name string
		opts ChunkOptions
		want []string
	}{
		{"defaults: three sentences, overlap one", ChunkOptions{}, []string{
			"One is first. Two is second. Three is third.",
			"Three is third. Four is fourth. Five is fifth.",
		}},
		{"two sentences, no overlap", ChunkOptions{MaxSentences: 2, Overlap: -1}, []string{
			"One is first. Two is second.",
			"Three is third. Four is fourth.",
			"Five is fifth.",
		}},
		{"byte cap keeps one sentence at least", ChunkOptions{MaxBytes: 5}, []string{
			"One is first.", "Two is second.", "Three is third.", "Four is fourth.", "Five is fifth.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Document{ID: "doc", Text: text}
			Chunk(d, tt.opts)
			var got []string
			for i, p := range d.Passages {
				got = append(got, p.Text)
				if p.DocID != "doc" || p.Text != d.Text[p.Start:p.End] {
					t.Errorf("passage %d: DocID %q, Text not Text[Start:End]", i, p.DocID)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("passages\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestChunkIDs(t *testing.T) {
	d := &Document{ID: "003_x", Text: "One ran. Two ran. Three ran. Four ran. Five ran. Six ran. Seven ran."}
	Chunk(d, ChunkOptions{MaxSentences: 2, Overlap: -1})
	if got, want := d.Passages[0].ID, "003_x#00"; got != want {
		t.Errorf("first passage ID = %q, want %q", got, want)
	}
	if got, want := d.Passages[len(d.Passages)-1].ID, "003_x#03"; got != want {
		t.Errorf("last passage ID = %q, want %q", got, want)
	}
}

// checkChunks asserts the invariants every chunking must keep.
func checkChunks(t *testing.T, d *Document) {
	t.Helper()
	for i, s := range d.Sentences {
		if s.Start < 0 || s.End > len(d.Text) || s.Start >= s.End {
			t.Fatalf("sentence %d span %v out of range for %d bytes", i, s, len(d.Text))
		}
		if i > 0 && s.Start < d.Sentences[i-1].End {
			t.Fatalf("sentence %d overlaps the one before", i)
		}
		if strings.TrimSpace(d.Text[s.Start:s.End]) != d.Text[s.Start:s.End] {
			t.Fatalf("sentence %d has surrounding space: %q", i, d.Text[s.Start:s.End])
		}
	}
	// Everything but white space belongs to a sentence.
	var joined strings.Builder
	for _, s := range d.Sentences {
		joined.WriteString(d.Text[s.Start:s.End])
	}
	if strip(joined.String()) != strip(d.Text) {
		t.Fatalf("sentences lose text:\n%q\n%q", strip(joined.String()), strip(d.Text))
	}
	if len(d.Sentences) > 0 && (len(d.Passages) == 0 || d.Passages[0].First != 0 || d.Passages[len(d.Passages)-1].Last != len(d.Sentences)-1) {
		t.Fatalf("passages do not cover every sentence")
	}
	for i, p := range d.Passages {
		if p.Text != d.Text[p.Start:p.End] || p.Start != d.Sentences[p.First].Start || p.End != d.Sentences[p.Last].End {
			t.Fatalf("passage %d offsets disagree with its text or sentences", i)
		}
		if i > 0 && (p.First > d.Passages[i-1].Last+1 || p.First <= d.Passages[i-1].First) {
			t.Fatalf("passage %d leaves a gap or does not advance", i)
		}
	}
}

func strip(s string) string { return strings.Join(strings.Fields(s), "") }

func TestChunkSeeds(t *testing.T) {
	docs, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		t.Run(d.ID, func(t *testing.T) {
			Chunk(d, ChunkOptions{})
			checkChunks(t, d)
		})
	}
}
