package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

func TestEmbedded(t *testing.T) {
	docs, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{ outlet, date string }{
		"000_a94376e329917a8c": {"", "September 10"},
		"001_c8436e6c3965576a": {"VNS", "September 10"},
		"002_461600696f806daf": {"", "2023-09-14"},
		"003_7d7682c6c64d5a91": {"", ""},
		"004_a08c95559b217c0b": {"", ""},
	}
	if len(docs) != len(want) {
		t.Fatalf("got %d documents, want %d", len(docs), len(want))
	}
	for _, d := range docs {
		w, ok := want[d.ID]
		if !ok {
			t.Errorf("unexpected document %q", d.ID)
			continue
		}
		if d.Outlet != w.outlet || d.Date != w.date || d.Language != "en" || d.Title == "" || d.URL != "" {
			t.Errorf("%s: outlet %q date %q language %q title %q url %q; want outlet %q date %q, language en, a title, no URL",
				d.ID, d.Outlet, d.Date, d.Language, d.Title, d.URL, w.outlet, w.date)
		}
	}
}

func TestLoadDir(t *testing.T) {
	docs, err := LoadDir("testdata/extra")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("got %d documents, want 2", len(docs))
	}
	md, txt := docs[0], docs[1]
	if md.ID != "hanoi-briefing" || md.Title != "A briefing on the Hà Nội talks" || md.Outlet != "Example Wire" || md.Date != "2023-09-11" {
		t.Errorf("front matter not applied: %+v", md)
	}
	if strings.Contains(md.Text, "---") || !strings.HasPrefix(md.Text, "The talks in Hà Nội") {
		t.Errorf("front matter left in text: %q", md.Text)
	}
	if txt.ID != "plain-note" || txt.Title != "A plain note (title from metadata.yaml)" || txt.Date != "2023-09-12" || txt.Language != "en" {
		t.Errorf("metadata.yaml not applied: %+v", txt)
	}
}

// failFS is an fs.FS whose named file cannot be read.
type failFS struct {
	fstest.MapFS
	bad string
}

func (f failFS) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.Open(name)
}

func (f failFS) ReadFile(name string) ([]byte, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadFile(name)
}

func TestLoadErrors(t *testing.T) {
	ok := &fstest.MapFile{Data: []byte("A fine article.")}
	tests := []struct {
		name     string
		fsys     fs.FS
		wantFile string
		wantErr  error
	}{
		{"empty file", fstest.MapFS{"a.txt": ok, "b.txt": {Data: []byte(" \n\n ")}}, "dir/b.txt", ErrEmpty},
		{"only boilerplate", fstest.MapFS{"b.md": {Data: []byte("There were 1 press releases posted in the last 24 hours and 2 in the last 365 days.\n")}}, "dir/b.md", ErrEmpty},
		{"duplicate id across extensions", fstest.MapFS{"a.md": ok, "a.txt": ok}, "dir/a.txt", ErrDuplicateID},
		{"unclosed front matter", fstest.MapFS{"c.md": {Data: []byte("---\ntitle: x\nbody")}}, "dir/c.md", ErrFrontMatter},
		{"unknown front matter key", fstest.MapFS{"c.md": {Data: []byte("---\ntitel: x\n---\nbody.")}}, "dir/c.md", ErrFrontMatter},
		{"a control character in the title", fstest.MapFS{"c.md": {Data: []byte("---\ntitle: \"Line one\\u001b[31mRED\"\n---\nbody.")}}, "dir/c.md", ErrFrontMatter},
		{"bad id", fstest.MapFS{"a b.txt": ok}, "dir/a b.txt", ErrBadID},
		{"too large", fstest.MapFS{"a.txt": ok, "big.txt": {Data: bytes.Repeat([]byte("Trade grew. "), MaxFileBytes/12+1)}}, "dir/big.txt", ErrTooLarge},
		{"unreadable", failFS{fstest.MapFS{"a.txt": ok, "z.txt": ok}, "z.txt"}, "dir/z.txt", fs.ErrPermission},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := Load(tt.fsys, "dir/")
			if err == nil {
				t.Fatalf("Load returned %d documents and no error", len(docs))
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.File != tt.wantFile {
				t.Errorf("error %q does not name %s", err, tt.wantFile)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("error %q is not %v", err, tt.wantErr)
			}
			if docs != nil {
				t.Errorf("got documents alongside the error")
			}
		})
	}
}

func TestLoadSkipsOtherFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt":        {Data: []byte("Article.")},
		".hidden.txt":  {Data: []byte("")},
		"notes.pdf":    {Data: []byte("%PDF")},
		"sub/deep.txt": {Data: []byte("Deep.")},
	}
	docs, err := Load(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].ID != "a" {
		t.Errorf("got %v, want only a", docs)
	}
}

func TestNewRejectsDuplicateAcrossSources(t *testing.T) {
	a := &Document{ID: "x", File: "embedded:x.txt", Text: "One."}
	b := &Document{ID: "x", File: "/srv/articles/x.md", Text: "Two."}
	_, err := New([]*Document{a, b}, ChunkOptions{})
	if !errors.Is(err, ErrDuplicateID) || !strings.Contains(err.Error(), "/srv/articles/x.md") || !strings.Contains(err.Error(), "embedded:x.txt") {
		t.Errorf("err = %v, want a duplicate-ID error naming both files", err)
	}
}

func TestDiff(t *testing.T) {
	mk := func(docs ...*Document) *Corpus {
		c, err := New(docs, ChunkOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	old := mk(&Document{ID: "a", Text: "A."}, &Document{ID: "b", Text: "B."}, &Document{ID: "c", Text: "C."})
	new := mk(&Document{ID: "a", Text: "A."}, &Document{ID: "b", Text: "B changed."}, &Document{ID: "d", Text: "D."})
	got := Diff(old, new)
	want := Changes{Added: []string{"d"}, Changed: []string{"b"}, Removed: []string{"c"}}
	if strings.Join(got.Added, ",") != strings.Join(want.Added, ",") ||
		strings.Join(got.Changed, ",") != strings.Join(want.Changed, ",") ||
		strings.Join(got.Removed, ",") != strings.Join(want.Removed, ",") {
		t.Errorf("Diff = %+v, want %+v", got, want)
	}
}

// TestLoadDirRefusals loads directories from testdata that hold one bad
// article each: the error names the file (or the directory as given) and
// says what is wrong.
func TestLoadDirRefusals(t *testing.T) {
	tests := []struct {
		dir     string
		wantErr error
		want    []string // in the message
	}{
		{"testdata/latin1", ErrNotText, []string{"testdata/latin1/talks.txt: not text: not valid UTF-8 (byte 0xE0 at offset 14); save the file as UTF-8"}},
		{"testdata/binary", ErrNotText, []string{"testdata/binary/noise.txt: not text"}},
		{"testdata/nul", ErrNotText, []string{"testdata/nul/utf16.txt: not text: looks binary (a NUL byte"}},
		{"testdata/controls", ErrNotText, []string{"testdata/controls/escapes.txt: not text: looks binary", "control characters"}},
		{"testdata/unknown-key", ErrFrontMatter, []string{`unknown front-matter key "foo" in testdata/unknown-key/briefing.md (known: title, outlet, date, language, url)`}},
		{"testdata/unknown-meta-key", ErrFrontMatter, []string{`unknown metadata key "author" for "a" in testdata/unknown-meta-key/metadata.yaml (known: title, outlet, date, language, url)`}},
		{"testdata/notadir.txt", syscall.ENOTDIR, []string{"articles directory testdata/notadir.txt: not a directory"}},
		{"testdata/missing", fs.ErrNotExist, []string{"testdata/missing", "no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			l, err := LoadDirWith(tt.dir, LoadOptions{})
			if err == nil {
				t.Fatalf("loaded %d documents, want an error", len(l.Docs))
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %q, want it to say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "corpus.Meta") || strings.Contains(err.Error(), "open .") {
				t.Errorf("err = %q speaks of the code, not the user's files", err)
			}
		})
	}
}

// TestLoadDirReportsSkipped checks that the files that are not articles are
// listed, each with why, and that progress counts the articles.
func TestLoadDirReportsSkipped(t *testing.T) {
	var progress []string
	l, err := LoadDirWith("testdata/skipped", LoadOptions{Progress: func(done, total int) {
		progress = append(progress, fmt.Sprintf("%d/%d", done, total))
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Docs) != 1 || l.Docs[0].ID != "a" {
		t.Errorf("got %d documents, want only a", len(l.Docs))
	}
	want := []Skipped{
		{"testdata/skipped/.hidden.txt", "a hidden file"},
		{"testdata/skipped/notes.pdf", "not a .txt or .md file"},
		{"testdata/skipped/sub", "a directory (subdirectories are not read)"},
	}
	if !slices.Equal(l.Skipped, want) {
		t.Errorf("Skipped = %v, want %v", l.Skipped, want)
	}
	if strings.Join(progress, " ") != "1/1" {
		t.Errorf("progress = %v, want [1/1]", progress)
	}
	if l, err := LoadDirWith("testdata/extra", LoadOptions{}); err != nil || len(l.Skipped) != 0 {
		t.Errorf("testdata/extra: skipped %v (%v), want none: metadata.yaml is read, not skipped", l.Skipped, err)
	}
}

// TestLoadDirSkipsWhatIsNoFile checks that a named pipe or a link to a
// directory named like an article is skipped with a reason rather than
// read (a pipe would block the load forever), and that a metadata.yaml
// entry naming no article is reported.
func TestLoadDirSkipsWhatIsNoFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "Body text. Two.\n")
	write(MetadataFile, "a:\n  title: A\na.txt:\n  title: Typo\n")
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "sub"), filepath.Join(dir, "linked.md")); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var (
		l   Loaded
		err error
	)
	go func() {
		defer close(done)
		l, err = LoadDirWith(dir, LoadOptions{})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the load blocked on the named pipe")
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Docs) != 1 || l.Docs[0].Title != "A" {
		t.Fatalf("docs = %v, want a, titled A", l.Docs)
	}
	p := dir + string(os.PathSeparator)
	want := []Skipped{
		{p + "linked.md", "a directory, or a link to one (subdirectories are not read)"},
		{p + "pipe.txt", "a named pipe, not a file"},
		{p + "sub", "a directory (subdirectories are not read)"},
	}
	if !slices.Equal(l.Skipped, want) {
		t.Errorf("Skipped = %q\nwant %q", l.Skipped, want)
	}
	if !slices.Equal(l.UnusedMeta, []string{"a.txt"}) {
		t.Errorf("UnusedMeta = %q, want a.txt, which names no article", l.UnusedMeta)
	}
}

// TestLoadDirSideFiles checks that metadata.yaml and aliases.yaml are held
// to MaxFileBytes and that a bad metadata.yaml says what is wrong.
func TestLoadDirSideFiles(t *testing.T) {
	big := strings.Repeat("# filler line of a planted file\n", MaxFileBytes/32+1)
	tests := []struct {
		name, file, text string
		want             string
	}{
		{"metadata too large", MetadataFile, big, "file too large"},
		{"aliases too large", AliasesFile, big, "file too large"},
		{"metadata ID twice", MetadataFile, "a:\n  title: A\na:\n  title: B\n", `line 3: "a" is given twice`},
		{"metadata not a mapping", MetadataFile, "- a\n- b\n", "want a mapping of document IDs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Body text. Two.\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, tt.file), []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := LoadDirWith(dir, LoadOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.file) {
				t.Errorf("err = %v, want one naming %s and saying %q", err, tt.file, tt.want)
			}
		})
	}
}

// TestLoadDirEmptyMetadata checks that a metadata.yaml with nothing in it,
// in any of YAML's ways of saying so, loads as none.
func TestLoadDirEmptyMetadata(t *testing.T) {
	for _, text := range []string{"", "# only a comment\n", "---\n", "~\n", "null\n"} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Body text. Two.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, MetadataFile), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if l, err := LoadDirWith(dir, LoadOptions{}); err != nil || len(l.Docs) != 1 {
			t.Errorf("metadata.yaml %q: %d documents, %v; want a, loaded", text, len(l.Docs), err)
		}
	}
}

// TestMetadataBlockScalars checks that a title written as a YAML block
// scalar, or with a tab, reads as one line of plain text.
func TestMetadataBlockScalars(t *testing.T) {
	tests := []struct{ front, want string }{
		{"title: >\n  Vietnam and the United States upgrade ties to a\n  Comprehensive Strategic Partnership\noutlet: VnExpress\n",
			"Vietnam and the United States upgrade ties to a Comprehensive Strategic Partnership"},
		{"title: |\n  Line one\n  Line two\noutlet: VnExpress\n", "Line one Line two"},
		{"title: \"A\\ttabbed title\"\n", "A tabbed title"},
	}
	for _, tt := range tests {
		docs, err := Load(fstest.MapFS{"k.md": {Data: []byte("---\n" + tt.front + "---\nThe talks ended at noon.\n")}}, "dir/")
		if err != nil || len(docs) != 1 || docs[0].Title != tt.want {
			t.Errorf("front matter %q: %v, %v; want the title %q", tt.front, docs, err, tt.want)
		}
	}
}
