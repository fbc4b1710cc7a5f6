package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// probeSize is how much the data directory check writes: a few SQLite
// pages, so that a disk without room for them fails at start-up rather
// than under the first answer's question log. The bytes are random, so a
// compressing file system cannot make them smaller.
const probeSize = 16 << 10

// dataDirError is why the data directory cannot be used. Its message is one
// line for the person starting the bot; checkDataDir logs the details.
type dataDirError struct {
	dir  string // absolute
	step string // what failed: "create the directory", "write a probe file", …
	err  error
}

func (e *dataDirError) Error() string {
	what, fix := "is not writable", "set PARTNERBOT_DATA_DIR (or --data) to a writable directory"
	if e.full() {
		what, fix = "has no space left", "free some space or set PARTNERBOT_DATA_DIR (or --data) to a directory on another disk"
	}
	cause := strings.Join(strings.Fields(e.err.Error()), " ") // one line, whatever the path holds
	return fmt.Sprintf("data directory %s %s (%s); %s", e.dir, what, cause, fix)
}

func (e *dataDirError) Unwrap() error { return e.err }

// full reports whether the disk (or the user's quota) is full.
func (e *dataDirError) full() bool {
	return errors.Is(e.err, syscall.ENOSPC) || errors.Is(e.err, syscall.EDQUOT)
}

// checkDataDir makes sure serve can keep its state in dir before it starts:
// it creates dir if need be, then writes, syncs and removes a probe file.
// On failure it logs the details for operators and returns a one-line
// error that names the directory and the setting to change.
func checkDataDir(dir string, log *slog.Logger) error {
	err := probeDataDir(dir, createProbe)
	if err != nil {
		logDataDirError(log, err)
	}
	return err
}

// logDataDirError logs what probeDataDir found, for operators.
func logDataDirError(log *slog.Logger, err error) {
	attrs := []any{"error", err.Error()}
	var de *dataDirError
	if errors.As(err, &de) {
		attrs = []any{"dir", de.dir, "step", de.step, "error", de.err.Error(), "disk_full", de.full()}
		var errno syscall.Errno
		if errors.As(de.err, &errno) {
			attrs = append(attrs, "errno", int(errno))
		}
	}
	log.Error("data directory unusable", attrs...)
}

// createProbe creates (or truncates) the probe file.
func createProbe(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
}

// probeDataDir does checkDataDir's work. create opens the probe file, so
// that a test can hand it a device that is always full. The probe's name
// holds the process ID, so replicas wrongly sharing a directory don't race.
func probeDataDir(dir string, create func(path string) (*os.File, error)) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return &dataDirError{dir: dir, step: "resolve the path", err: err}
	}
	fail := func(step string, err error) error { return &dataDirError{dir: abs, step: step, err: err} }
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return fail("create the directory", err)
	}
	probe := filepath.Join(abs, fmt.Sprintf(".write-check-%d", os.Getpid()))
	f, err := create(probe)
	if err != nil {
		return fail("create a probe file", err)
	}
	buf := make([]byte, probeSize)
	rand.Read(buf)
	_, werr := f.Write(buf)
	var serr error
	if werr == nil {
		serr = f.Sync()
	}
	cerr := f.Close() // some file systems (NFS) report a full disk only here
	rerr := os.Remove(probe)
	switch {
	case werr != nil:
		return fail("write a probe file", werr)
	case serr != nil:
		return fail("sync a probe file", serr)
	case cerr != nil:
		return fail("close a probe file", cerr)
	case rerr != nil && !errors.Is(rerr, fs.ErrNotExist):
		return fail("remove a probe file", rerr)
	}
	return nil
}
