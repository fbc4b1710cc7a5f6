package retrieval

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strconv"

	chromem "github.com/philippgille/chromem-go"
)

// ErrCorruptVectors is wrapped by the reason a persisted vector file was
// not used: truncated, altered, or not a vector file at all.
var ErrCorruptVectors = errors.New("persisted vectors are unreadable")

// A vector file is a fixed-size header, then chromem-go's export of one
// collection. The header holds the payload's length and SHA-256, so a
// truncated or altered file is caught before any of it is imported:
//
//	pbvec1 <64 hex digits of SHA-256> <20-digit payload length>\n
const (
	vecMagic     = "pbvec1"
	vecHeaderLen = len(vecMagic) + 1 + 64 + 1 + 20 + 1
)

// writeVectors exports collection name of db to path atomically: a
// temporary file in the same directory, synced, then renamed over path.
func writeVectors(db *chromem.DB, name, path string) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(make([]byte, vecHeaderLen)); err != nil {
		return err
	}
	sum := sha256.New()
	cw := &countWriter{w: io.MultiWriter(f, sum)}
	bw := bufio.NewWriterSize(cw, 1<<20)
	if err := db.ExportToWriter(bw, false, "", name); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if _, err := f.WriteAt(vecHeader(sum, cw.n), 0); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

func vecHeader(sum hash.Hash, n int64) []byte {
	return fmt.Appendf(nil, "%s %s %020d\n", vecMagic, hex.EncodeToString(sum.Sum(nil)), n)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// readVectors imports the vector file at path into a new DB. It checks the
// header and the checksum of the whole payload first, so a bad file
// imports nothing; such failures wrap ErrCorruptVectors.
func readVectors(path string) (*chromem.DB, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	header := make([]byte, vecHeaderLen)
	if _, err := io.ReadFull(f, header); err != nil {
		return nil, fmt.Errorf("%w: %d-byte file is shorter than its header", ErrCorruptVectors, fi.Size())
	}
	want, size, err := parseVecHeader(header)
	if err != nil {
		return nil, err
	}
	if got := fi.Size() - int64(vecHeaderLen); got != size {
		return nil, fmt.Errorf("%w: payload is %d bytes, header says %d (truncated?)", ErrCorruptVectors, got, size)
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, bufio.NewReaderSize(f, 1<<20)); err != nil {
		return nil, err
	}
	if got := sum.Sum(nil); !bytes.Equal(got, want) {
		return nil, fmt.Errorf("%w: checksum %x, header says %x", ErrCorruptVectors, got[:6], want[:6])
	}
	db := chromem.NewDB()
	if err := db.ImportFromReader(io.NewSectionReader(f, int64(vecHeaderLen), size), ""); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorruptVectors, err)
	}
	return db, nil
}

func parseVecHeader(h []byte) (sum []byte, size int64, err error) {
	bad := func(what string) error { return fmt.Errorf("%w: %s", ErrCorruptVectors, what) }
	if !bytes.HasPrefix(h, []byte(vecMagic+" ")) || h[len(h)-1] != '\n' {
		return nil, 0, bad("not a partnerbot vector file")
	}
	fields := bytes.Fields(h[len(vecMagic):])
	if len(fields) != 2 {
		return nil, 0, bad("malformed header")
	}
	if sum, err = hex.DecodeString(string(fields[0])); err != nil || len(sum) != sha256.Size {
		return nil, 0, bad("malformed checksum")
	}
	if size, err = strconv.ParseInt(string(fields[1]), 10, 64); err != nil || size < 0 {
		return nil, 0, bad("malformed length")
	}
	return sum, size, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
