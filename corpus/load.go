package corpus

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed articles/*.txt articles/metadata.yaml
var articles embed.FS

// Errors a loader reports, each wrapped in a *FileError naming the file.
var (
	ErrEmpty       = errors.New("no article text")
	ErrDuplicateID = errors.New("duplicate document ID")
	ErrBadID       = errors.New("document ID must be letters, digits, '_', '-' or '.'")
	ErrFrontMatter = errors.New("bad front matter")
	ErrTooLarge    = errors.New("article file too large")
)

// MaxFileBytes is the largest article file Load reads: a news article is a
// few tens of kilobytes, and a planted multi-gigabyte file must not be read,
// indexed and embedded.
const MaxFileBytes = 2 << 20

// FileError is a problem with one article file.
type FileError struct {
	File string
	Err  error
}

func (e *FileError) Error() string { return e.File + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// Meta is an article's metadata, from front matter or a metadata.yaml file.
type Meta struct {
	Title    string `yaml:"title"`
	Outlet   string `yaml:"outlet"`
	Date     string `yaml:"date"`
	Language string `yaml:"language"`
	URL      string `yaml:"url"`
}

// MetadataFile is the optional file in an articles directory that holds Meta
// for its articles, keyed by document ID. Front matter in an article file
// overrides it.
const MetadataFile = "metadata.yaml"

var validID = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,100}$`)

// Embedded returns the articles built into the binary.
func Embedded() ([]*Document, error) {
	sub, err := fs.Sub(articles, "articles")
	if err != nil {
		return nil, fmt.Errorf("embedded articles: %w", err)
	}
	return Load(sub, "embedded:")
}

// LoadDir returns the .txt and .md articles in dir (not its subdirectories).
func LoadDir(dir string) ([]*Document, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("articles directory: %w", err)
	}
	return Load(os.DirFS(dir), dir+string(os.PathSeparator))
}

// Load returns the .txt and .md articles at the top of fsys, cleaned and with
// metadata applied. Names in errors and in Document.File are prefix plus the
// file name. Every bad file is reported; none is skipped.
func Load(fsys fs.FS, prefix string) ([]*Document, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read articles: %w", err)
	}
	meta, err := readMetadata(fsys)
	if err != nil {
		return nil, &FileError{File: prefix + MetadataFile, Err: err}
	}
	var docs []*Document
	var errs []error
	seen := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		ext := path.Ext(name)
		if e.IsDir() || strings.HasPrefix(name, ".") || (ext != ".txt" && ext != ".md") {
			continue
		}
		file := prefix + name
		id := strings.TrimSuffix(name, ext)
		if prev, dup := seen[id]; dup {
			errs = append(errs, &FileError{File: file, Err: fmt.Errorf("%w %q, also in %s", ErrDuplicateID, id, prev)})
			continue
		}
		seen[id] = file
		raw, err := readArticle(fsys, e)
		if err != nil {
			errs = append(errs, &FileError{File: file, Err: err})
			continue
		}
		d, err := Parse(id, raw, meta[id])
		if err != nil {
			errs = append(errs, &FileError{File: file, Err: err})
			continue
		}
		d.File = file
		docs = append(docs, d)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	return docs, nil
}

// readArticle reads one article file, refusing one over MaxFileBytes
// without reading it.
func readArticle(fsys fs.FS, e fs.DirEntry) ([]byte, error) {
	tooLarge := func(n int64) error {
		return fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, n, MaxFileBytes)
	}
	if fi, err := e.Info(); err == nil && fi.Size() > MaxFileBytes {
		return nil, tooLarge(fi.Size())
	}
	f, err := fsys.Open(e.Name())
	if err != nil {
		return nil, err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxFileBytes {
		return nil, tooLarge(int64(len(raw)))
	}
	return raw, nil
}

func readMetadata(fsys fs.FS) (map[string]Meta, error) {
	raw, err := fs.ReadFile(fsys, MetadataFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var meta map[string]Meta
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&meta); err != nil {
		return nil, err
	}
	return meta, nil
}

// Parse builds a Document from an article file's bytes: front matter, if
// any, then cleaning. Front matter overrides base, which overrides what
// cleaning finds (a headline, a date marker, a sign-off). The document is not
// chunked yet.
func Parse(id string, raw []byte, base Meta) (*Document, error) {
	if !validID.MatchString(id) {
		return nil, fmt.Errorf("%w: %q", ErrBadID, id)
	}
	front, body, err := splitFrontMatter(raw)
	if err != nil {
		return nil, err
	}
	c := Clean(string(body))
	if strings.TrimSpace(c.Text) == "" {
		return nil, ErrEmpty
	}
	m := merge(merge(Meta{Title: c.Title, Date: c.Date, Outlet: c.Outlet}, base), front)
	if m.Title == "" {
		m.Title = id
	}
	if m.Language == "" {
		m.Language = "en"
	}
	return &Document{
		ID: id, Title: m.Title, Outlet: m.Outlet, Date: m.Date,
		Language: m.Language, URL: m.URL, Text: c.Text,
	}, nil
}

// splitFrontMatter separates YAML front matter, fenced by "---" lines at
// the very start of the file, from the article body.
func splitFrontMatter(raw []byte) (Meta, []byte, error) {
	var m Meta
	raw = bytes.TrimPrefix(raw, []byte("\ufeff"))
	rest, ok := cutLine(raw, "---")
	if !ok {
		return m, raw, nil
	}
	end := bytes.Index(rest, []byte("\n---"))
	if end < 0 {
		return m, nil, fmt.Errorf("%w: no closing \"---\" line", ErrFrontMatter)
	}
	body, ok := cutLine(rest[end+1:], "---")
	if !ok {
		return m, nil, fmt.Errorf("%w: no closing \"---\" line", ErrFrontMatter)
	}
	dec := yaml.NewDecoder(bytes.NewReader(rest[:end]))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil && !errors.Is(err, io.EOF) {
		return m, nil, fmt.Errorf("%w: %v", ErrFrontMatter, err)
	}
	return m, body, nil
}

// cutLine reports whether b starts with the line want, and returns what
// follows that line.
func cutLine(b []byte, want string) ([]byte, bool) {
	line, rest, found := bytes.Cut(b, []byte("\n"))
	if string(bytes.TrimRight(line, " \t\r")) != want {
		return b, false
	}
	if !found {
		return nil, true
	}
	return rest, true
}

// merge returns base with every non-empty field of over applied.
func merge(base, over Meta) Meta {
	set := func(dst *string, v string) {
		if v = strings.TrimSpace(v); v != "" {
			*dst = v
		}
	}
	set(&base.Title, over.Title)
	set(&base.Outlet, over.Outlet)
	set(&base.Date, over.Date)
	set(&base.Language, over.Language)
	set(&base.URL, over.URL)
	return base
}
