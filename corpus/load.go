package corpus

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

//go:embed articles/*.txt articles/metadata.yaml articles/aliases.yaml
var articles embed.FS

// Errors a loader reports, each wrapped in a *FileError naming the file.
var (
	ErrEmpty       = errors.New("no article text")
	ErrDuplicateID = errors.New("duplicate document ID")
	ErrBadID       = errors.New("document ID must be letters, digits, '_', '-' or '.'")
	ErrFrontMatter = errors.New("bad front matter")
	ErrTooLarge    = errors.New("file too large")
	ErrNotText     = errors.New("not text")
)

// MaxFileBytes is the largest article file Load reads: a news article is a
// few tens of kilobytes, and a planted multi-gigabyte file must not be read,
// indexed and embedded. metadata.yaml and aliases.yaml are held to it too.
const MaxFileBytes = 2 << 20

// FileError is a problem with one article file.
type FileError struct {
	File string
	Err  error
}

func (e *FileError) Error() string {
	var k *UnknownKeyError
	if errors.As(e.Err, &k) {
		return k.in(e.File)
	}
	return e.File + ": " + e.Err.Error()
}
func (e *FileError) Unwrap() error { return e.Err }

// Meta is an article's metadata, from front matter or a metadata.yaml file.
type Meta struct {
	Title    string `yaml:"title"`
	Outlet   string `yaml:"outlet"`
	Date     string `yaml:"date"`
	Language string `yaml:"language"`
	URL      string `yaml:"url"`
}

// metaKeys are the keys Meta reads, from its yaml tags.
var metaKeys = func() []string {
	t := reflect.TypeFor[Meta]()
	keys := make([]string, t.NumField())
	for i := range keys {
		keys[i] = t.Field(i).Tag.Get("yaml")
	}
	return keys
}()

// UnknownKeyError is a metadata key Meta does not have, in front matter
// or, for the article Doc, in a metadata.yaml file. It is ErrFrontMatter.
type UnknownKeyError struct {
	Key string
	Doc string // the article's ID in metadata.yaml; "" in front matter
}

func (e *UnknownKeyError) Error() string { return e.in("") }
func (e *UnknownKeyError) Unwrap() error { return ErrFrontMatter }

// in is the message naming the file the key is in.
func (e *UnknownKeyError) in(file string) string {
	where := ""
	if file != "" {
		where = " in " + file
	}
	if e.Doc != "" {
		return fmt.Sprintf("unknown metadata key %q for %q%s (known: %s)", e.Key, e.Doc, where, strings.Join(metaKeys, ", "))
	}
	return fmt.Sprintf("unknown front-matter key %q%s (known: %s)", e.Key, where, strings.Join(metaKeys, ", "))
}

// decodeMeta decodes metadata, refusing keys Meta does not have. doc is
// the article's ID when n is its entry in metadata.yaml.
func decodeMeta(n *yaml.Node, doc string) (Meta, error) {
	var m Meta
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i].Value; !slices.Contains(metaKeys, k) {
				return m, &UnknownKeyError{Key: k, Doc: doc}
			}
		}
	}
	if err := n.Decode(&m); err != nil {
		return m, err
	}
	for _, f := range []struct {
		key   string
		value *string
	}{{"title", &m.Title}, {"outlet", &m.Outlet}, {"date", &m.Date}, {"language", &m.Language}, {"url", &m.URL}} {
		// A block scalar (title: >) ends in a line break, and may hold
		// more; they and tabs read as spaces. Other control characters
		// (an escape such as \u001b) have no place in a title.
		*f.value = oneLine(*f.value)
		if strings.ContainsFunc(*f.value, unicode.IsControl) {
			return m, fmt.Errorf("%s: holds a control character (an escape such as \\u001b); write it as plain text", f.key)
		}
	}
	return m, nil
}

// oneLine is a metadata value as one line: its line breaks and tabs read
// as spaces, and the ends trimmed.
func oneLine(v string) string {
	return spaced(v, func(r rune) bool { return r == '\n' || r == '\t' || r == '\r' })
}

// plainTitle is a headline taken from an article's text as a title: any
// control character (the text may hold a few) reads as a space, as a
// title in front matter must have none.
func plainTitle(v string) string { return spaced(v, unicode.IsControl) }

// spaced is v trimmed, with the runes that are reads as spaces.
func spaced(v string, are func(rune) bool) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if are(r) {
			return ' '
		}
		return r
	}, v))
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

// LoadDir returns the .txt and .md articles in dir (not its
// subdirectories). It is LoadDirWith without progress, and without the
// list of files skipped, which callers that face a user should report.
func LoadDir(dir string) ([]*Document, error) {
	l, err := LoadDirWith(dir, LoadOptions{})
	return l.Docs, err
}

// LoadOptions configure LoadDirWith; the zero value means none.
type LoadOptions struct {
	// Progress, when set, is called after each article file is read, with
	// the files read and the files to read.
	Progress func(done, total int)
}

// Loaded is what a directory of articles held.
type Loaded struct {
	Docs []*Document
	// Skipped are the files that are not articles (subdirectories, hidden
	// files, other extensions, named pipes and devices), in name order.
	Skipped []Skipped
	// UnusedMeta are the entries of metadata.yaml that name no article (a
	// typo, a renamed file, the extension left in), sorted.
	UnusedMeta []string
	// Aliases is the directory's aliases file, which each of Docs also
	// carries; nil when it has none. See WithAliases for a directory that
	// holds aliases but no articles.
	Aliases Aliases
}

// WithAliases returns docs, each carrying aliases beside its own, so that
// an aliases file whose directory holds no articles still names the
// entities of the others (a corpus merges the aliases its documents
// carry). docs are copied, not changed.
func WithAliases(docs []*Document, aliases Aliases) []*Document {
	if len(aliases) == 0 {
		return docs
	}
	out := make([]*Document, len(docs))
	for i, d := range docs {
		c := *d
		c.Aliases = Aliases{}
		c.Aliases.add(d.Aliases)
		c.Aliases.add(aliases)
		out[i] = &c
	}
	return out
}

// Skipped is a file the loader did not read, and why.
type Skipped struct {
	File   string
	Reason string
}

// LoadDirWith returns the .txt and .md articles in dir (not its
// subdirectories), and the files it skipped. Errors name dir as given.
func LoadDirWith(dir string, opts LoadOptions) (Loaded, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return Loaded{}, fmt.Errorf("articles directory: %w", err)
	}
	if !fi.IsDir() {
		return Loaded{}, &fs.PathError{Op: "articles directory", Path: dir, Err: syscall.ENOTDIR}
	}
	return load(os.DirFS(dir), dir+string(os.PathSeparator), opts)
}

// Load returns the .txt and .md articles at the top of fsys, cleaned and with
// metadata applied. Names in errors and in Document.File are prefix plus the
// file name. Every bad file is reported.
func Load(fsys fs.FS, prefix string) ([]*Document, error) {
	l, err := load(fsys, prefix, LoadOptions{})
	return l.Docs, err
}

// skipReason says why name is not an article, or "" when it is one.
func skipReason(e fs.DirEntry) string {
	switch ext := path.Ext(e.Name()); {
	case e.IsDir():
		return "a directory (subdirectories are not read)"
	case strings.HasPrefix(e.Name(), "."):
		return "a hidden file"
	case ext != ".txt" && ext != ".md":
		return "not a .txt or .md file"
	}
	return ""
}

func load(fsys fs.FS, prefix string, opts LoadOptions) (Loaded, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return Loaded{}, fmt.Errorf("read articles %s: %w", prefix, err)
	}
	meta, err := readMetadata(fsys)
	if err != nil {
		return Loaded{}, &FileError{File: prefix + MetadataFile, Err: err}
	}
	aliases, err := readAliases(fsys)
	if err != nil {
		return Loaded{}, &FileError{File: prefix + AliasesFile, Err: err}
	}
	out := Loaded{Aliases: aliases}
	var articles []fs.DirEntry
	for _, e := range entries {
		why := skipReason(e)
		if why == "" {
			why = notRegular(fsys, e.Name())
		}
		if why != "" {
			if e.Name() != MetadataFile && e.Name() != AliasesFile {
				out.Skipped = append(out.Skipped, Skipped{File: prefix + e.Name(), Reason: why})
			}
			continue
		}
		articles = append(articles, e)
	}
	var errs []error
	seen := map[string]string{}
	for n, e := range articles {
		d, err := loadArticle(fsys, prefix, e, meta, seen)
		if err != nil {
			errs = append(errs, err)
		} else {
			d.Aliases = aliases
			out.Docs = append(out.Docs, d)
		}
		if opts.Progress != nil {
			opts.Progress(n+1, len(articles))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Loaded{}, err
	}
	sort.Slice(out.Docs, func(i, j int) bool { return out.Docs[i].ID < out.Docs[j].ID })
	out.UnusedMeta = unusedMeta(meta, seen)
	return out, nil
}

// unusedMeta lists the entries of metadata.yaml that name no article read,
// which would otherwise be ignored without a word.
func unusedMeta(meta map[string]Meta, seen map[string]string) []string {
	var out []string
	for _, id := range slices.Sorted(maps.Keys(meta)) {
		if _, ok := seen[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}

// loadArticle reads and parses one article file. seen maps the IDs read so
// far to their files.
func loadArticle(fsys fs.FS, prefix string, e fs.DirEntry, meta map[string]Meta, seen map[string]string) (*Document, error) {
	name := e.Name()
	file := prefix + name
	id := strings.TrimSuffix(name, path.Ext(name))
	if prev, dup := seen[id]; dup {
		return nil, &FileError{File: file, Err: fmt.Errorf("%w %q, also in %s", ErrDuplicateID, id, prev)}
	}
	seen[id] = file
	raw, err := readBounded(fsys, name)
	if err != nil {
		return nil, &FileError{File: file, Err: err}
	}
	d, err := Parse(id, raw, meta[id])
	if err != nil {
		return nil, &FileError{File: file, Err: err}
	}
	d.File = file
	return d, nil
}

// notRegular says why a file that is named like an article (or a link
// to one) is not one to read: a named pipe would block the load forever,
// a device would never end. It is "" for a regular file, and for one that
// cannot be examined, whose read then reports why.
func notRegular(fsys fs.FS, name string) string {
	fi, err := fs.Stat(fsys, name) // follows a symbolic link
	if err != nil {
		return ""
	}
	switch m := fi.Mode(); {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "a directory, or a link to one (subdirectories are not read)"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe, not a file"
	case m&fs.ModeSocket != 0:
		return "a socket, not a file"
	case m&fs.ModeDevice != 0:
		return "a device, not a file"
	}
	return "not a regular file"
}

// readBounded reads a file of the articles directory, refusing one that is
// not a regular file or is over MaxFileBytes, without reading it.
func readBounded(fsys fs.FS, name string) ([]byte, error) {
	tooLarge := func(n int64) error {
		return fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, n, MaxFileBytes)
	}
	if fi, err := fs.Stat(fsys, name); err == nil {
		if why := notRegular(fsys, name); why != "" {
			return nil, errors.New(why)
		}
		if fi.Size() > MaxFileBytes {
			return nil, tooLarge(fi.Size())
		}
	}
	f, err := fsys.Open(name)
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

// readMetadata reads metadata.yaml, if there is one: a mapping of IDs to
// Meta, walked as nodes so that a large file costs in proportion to its
// size (decoding into a Go map checks for duplicate keys pairwise).
func readMetadata(fsys fs.FS) (map[string]Meta, error) {
	raw, err := readBounded(fsys, MetadataFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	n := &doc
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return nil, nil // empty: nothing, "---", "~" or "null"
	}
	if n.Kind != yaml.MappingNode {
		return nil, errors.New("want a mapping of document IDs to their title, outlet, date, language and url")
	}
	meta := make(map[string]Meta, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, dup := meta[k.Value]; dup {
			return nil, fmt.Errorf("line %d: %q is given twice", k.Line, k.Value)
		}
		m, err := decodeMeta(v, k.Value)
		if err != nil {
			return nil, err
		}
		meta[k.Value] = m
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
	if err := checkText(raw); err != nil {
		return nil, err
	}
	front, body, err := splitFrontMatter(raw)
	if err != nil {
		return nil, err
	}
	c := Clean(string(body))
	if strings.TrimSpace(c.Text) == "" {
		return nil, ErrEmpty
	}
	m := merge(merge(Meta{Title: plainTitle(c.Title), Date: c.Date, Outlet: c.Outlet}, base), front)
	if m.Title == "" {
		m.Title = id
	}
	if m.Language == "" {
		m.Language = "en"
	}
	return &Document{
		ID: id, Title: m.Title, Outlet: m.Outlet, Date: m.Date,
		Language: m.Language, URL: m.URL, Text: c.Text, Removed: c.Removed,
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
	var n yaml.Node
	if err := yaml.Unmarshal(rest[:end], &n); err != nil {
		return m, nil, fmt.Errorf("%w: %v", ErrFrontMatter, err)
	}
	if n.Kind == 0 { // empty front matter
		return m, body, nil
	}
	m, err := decodeMeta(&n, "")
	var k *UnknownKeyError
	if err != nil && !errors.As(err, &k) {
		err = fmt.Errorf("%w: %v", ErrFrontMatter, err)
	}
	return m, body, err
}

// maxControlShare is the share of control characters (other than tab,
// newline, carriage return and form feed) above which a file looks binary.
const maxControlShare = 0.01

// checkText refuses bytes that are not UTF-8 text: invalid UTF-8 (a
// Latin-1 file, whose accented letters would otherwise be dropped and its
// quotes differ from the file), a NUL byte, or more control characters
// than text has.
func checkText(raw []byte) error {
	if !utf8.Valid(raw) {
		at := 0
		for at < len(raw) {
			r, size := utf8.DecodeRune(raw[at:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			at += size
		}
		return fmt.Errorf("%w: not valid UTF-8 (byte 0x%02X at offset %d); save the file as UTF-8", ErrNotText, raw[at], at)
	}
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		return fmt.Errorf("%w: looks binary (a NUL byte at offset %d)", ErrNotText, i)
	}
	controls, runes := 0, 0
	for _, r := range string(raw) {
		runes++
		if unicode.IsControl(r) && !strings.ContainsRune("\t\n\r\f", r) {
			controls++
		}
	}
	if float64(controls) > maxControlShare*float64(runes) {
		return fmt.Errorf("%w: looks binary (%d control characters in %d)", ErrNotText, controls, runes)
	}
	return nil
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
