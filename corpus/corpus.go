package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// Corpus is a set of chunked documents with unique IDs. It is immutable once
// built, so it is safe for concurrent use; reindexing builds a new one.
type Corpus struct {
	docs     []*Document
	byID     map[string]*Document
	passages []Passage
	byPass   map[string]int
	entities []Entity
	// referents are, by document ID, the people each sentence names only
	// by their title (see referents), worked out once for every reader.
	referents map[string][][]string
}

// New chunks docs and builds a Corpus. Two documents with one ID are an
// error naming both files.
func New(docs []*Document, opts ChunkOptions) (*Corpus, error) {
	c := &Corpus{byID: map[string]*Document{}, byPass: map[string]int{}}
	var errs []error
	for _, d := range docs {
		if prev, dup := c.byID[d.ID]; dup {
			errs = append(errs, &FileError{File: d.File, Err: fmt.Errorf("%w %q, also in %s", ErrDuplicateID, d.ID, prev.File)})
			continue
		}
		Chunk(d, opts)
		c.byID[d.ID] = d
		c.docs = append(c.docs, d)
		for _, p := range d.Passages {
			c.byPass[p.ID] = len(c.passages)
			c.passages = append(c.passages, p)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	c.entities = deriveEntities(c.docs, c.aliases())
	c.referents = make(map[string][][]string, len(c.docs))
	for _, d := range c.docs {
		c.referents[d.ID] = referents(d, c.entities)
	}
	return c, nil
}

// Referents returns, for each sentence of the document with the given ID,
// the people it names only by their title, each as the last word of their
// name, folded: "trong" for "The General Secretary recalled…" in an
// article that writes "Party General Secretary Nguyen Phu Trong". A title
// is bound to a name when the article writes it right before that name and
// before no other; a title it puts before two names ("President Biden",
// "President Thuong") stands for neither, and one followed by "of"
// ("Secretary of State") for no one. It is nil for an unknown ID.
func (c *Corpus) Referents(id string) [][]string { return c.referents[id] }

// aliases merges the aliases files the documents came with.
func (c *Corpus) aliases() Aliases {
	out := Aliases{}
	for _, d := range c.docs {
		out.add(d.Aliases)
	}
	return out
}

// Entities returns the people, places and organisations the articles name,
// found when the corpus was built, with the aliases their directories give.
func (c *Corpus) Entities() []Entity { return c.entities }

// Documents returns the documents in load order.
func (c *Corpus) Documents() []*Document { return c.docs }

// Document returns the document with the given ID.
func (c *Corpus) Document(id string) (*Document, bool) {
	d, ok := c.byID[id]
	return d, ok
}

// Passages returns every passage of every document.
func (c *Corpus) Passages() []Passage { return c.passages }

// Passage returns the passage with the given ID.
func (c *Corpus) Passage(id string) (Passage, bool) {
	i, ok := c.byPass[id]
	if !ok {
		return Passage{}, false
	}
	return c.passages[i], true
}

// Fingerprint is a hash of everything about a document that affects answers:
// its metadata and text.
func (d *Document) Fingerprint() string {
	h := sha256.New()
	for _, s := range []string{d.ID, d.Title, d.Outlet, d.Date, d.Language, d.URL, d.Text} {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Changes says how one corpus differs from another, by document ID.
type Changes struct {
	Added, Changed, Removed []string
	// Aliases says the aliases files changed the other names of people,
	// places or organisations.
	Aliases bool
	// NotRead are the files of the articles directory the load skipped,
	// each "name (why)", and UnusedMeta the entries of its metadata.yaml
	// that name no article: Diff leaves both to the loader's caller.
	NotRead, UnusedMeta []string
}

// Diff reports the documents added, changed and removed going from old to
// new, and whether their aliases changed.
func Diff(old, new *Corpus) Changes {
	ch := Changes{Aliases: !maps.EqualFunc(old.aliases(), new.aliases(), slices.Equal[[]string])}
	for _, d := range new.docs {
		o, ok := old.byID[d.ID]
		switch {
		case !ok:
			ch.Added = append(ch.Added, d.ID)
		case o.Fingerprint() != d.Fingerprint():
			ch.Changed = append(ch.Changed, d.ID)
		}
	}
	for _, d := range old.docs {
		if _, ok := new.byID[d.ID]; !ok {
			ch.Removed = append(ch.Removed, d.ID)
		}
	}
	return ch
}
