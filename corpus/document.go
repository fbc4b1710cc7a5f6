package corpus

import "fmt"

// Document is one cleaned article. Text is the article with boilerplate
// removed and is otherwise verbatim; every offset in Sentences and Passages
// points into it.
type Document struct {
	ID       string // stable ID: the file name without its extension
	Title    string
	Outlet   string // only where the text names it
	Date     string // as the text gives it, e.g. "2023-09-14" or "September 10"
	Language string // BCP 47 tag, e.g. "en"
	URL      string // only where the source gives one
	File     string // where the article was loaded from
	Text     string
	// Aliases are the aliases file of the directory the article was
	// loaded from, shared by its articles; nil when there is none.
	Aliases Aliases
	// Removed are the lines and fragments cleaning took out of the file
	// (see Clean), for operators to check.
	Removed []string

	Sentences []Span
	Passages  []Passage
}

// Span is a half-open byte range [Start, End) of a document's Text.
type Span struct {
	Start, End int
}

// Passage is a chunk of a few consecutive sentences of one document, the unit
// that is indexed and retrieved. Passages overlap by a sentence.
type Passage struct {
	ID    string // DocID + "#" + a two-digit sequence number, e.g. "003_7d76…#02"
	DocID string
	Start int // byte offset of the first sentence in the document's Text
	End   int // byte offset just past the last sentence
	Text  string

	// First and Last index the document's Sentences this passage holds.
	First, Last int
}

// Label names the document for people: its title, outlet and date where
// known, e.g. "Bringing Vietnam-US relations to new stage (VNS, 2023-09-14)".
func (d *Document) Label() string {
	switch {
	case d.Outlet != "" && d.Date != "":
		return fmt.Sprintf("%s (%s, %s)", d.Title, d.Outlet, d.Date)
	case d.Outlet != "":
		return fmt.Sprintf("%s (%s)", d.Title, d.Outlet)
	case d.Date != "":
		return fmt.Sprintf("%s (%s)", d.Title, d.Date)
	}
	return d.Title
}

// Sentence returns the text of sentence i.
func (d *Document) Sentence(i int) string {
	s := d.Sentences[i]
	return d.Text[s.Start:s.End]
}
