package corpus

import "fmt"

// ChunkOptions shape passages. The zero value means the defaults.
type ChunkOptions struct {
	MaxSentences int // most sentences in a passage; default 3
	MaxBytes     int // a passage stops growing past this size; default 700
	Overlap      int // sentences shared with the previous passage; default 1
}

func (o ChunkOptions) withDefaults() ChunkOptions {
	if o.MaxSentences <= 0 {
		o.MaxSentences = 3
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 700
	}
	if o.Overlap < 0 || o.Overlap >= o.MaxSentences {
		o.Overlap = 0
	} else if o.Overlap == 0 {
		o.Overlap = 1
	}
	return o
}

// Chunk splits the document's Text into sentences and groups them into
// passages of up to MaxSentences sentences (fewer once MaxBytes is reached;
// never fewer than one), each sharing Overlap sentences with the one before.
// It sets d.Sentences and d.Passages.
func Chunk(d *Document, opts ChunkOptions) {
	opts = opts.withDefaults()
	d.Sentences = SplitSentences(d.Text)
	d.Passages = nil
	n := len(d.Sentences)
	for first := 0; first < n; {
		last := first
		for last+1 < n && last+1-first < opts.MaxSentences &&
			d.Sentences[last+1].End-d.Sentences[first].Start <= opts.MaxBytes {
			last++
		}
		start, end := d.Sentences[first].Start, d.Sentences[last].End
		d.Passages = append(d.Passages, Passage{
			ID:    fmt.Sprintf("%s#%02d", d.ID, len(d.Passages)),
			DocID: d.ID,
			Start: start,
			End:   end,
			Text:  d.Text[start:end],
			First: first,
			Last:  last,
		})
		if last == n-1 {
			break
		}
		next := last + 1 - opts.Overlap
		if next <= first {
			next = first + 1
		}
		first = next
	}
}
