package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// openDevFull stands in for creating the probe file: it opens /dev/full,
// on which every write fails with ENOSPC, as on a full disk.
func openDevFull(t *testing.T) func(string) (*os.File, error) {
	t.Helper()
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	return func(string) (*os.File, error) { return os.OpenFile("/dev/full", os.O_WRONLY, 0) }
}

// fileAt writes a regular file at path and returns path.
func fileAt(t *testing.T, path string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte("not a directory\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestProbeDataDir(t *testing.T) {
	tests := []struct {
		name string
		// dir returns the data directory to check, made in tmp.
		dir    func(t *testing.T, tmp string) string
		create func(t *testing.T) func(string) (*os.File, error) // nil: the real one
		// want holds the parts of the error; none for success.
		want     []string
		wantStep string
		wantFull bool
	}{
		{
			name: "existing directory",
			dir:  func(t *testing.T, tmp string) string { return tmp },
		},
		{
			name: "missing directory is created",
			dir:  func(t *testing.T, tmp string) string { return filepath.Join(tmp, "a", "b", "data") },
		},
		{
			name: "directory with a database in it",
			dir: func(t *testing.T, tmp string) string {
				fileAt(t, filepath.Join(tmp, "partnerbot.db"))
				return tmp
			},
		},
		{
			name: "parent is a regular file",
			dir: func(t *testing.T, tmp string) string {
				return filepath.Join(fileAt(t, filepath.Join(tmp, "file")), "data")
			},
			want:     []string{"is not writable", "not a directory", "set PARTNERBOT_DATA_DIR (or --data) to a writable directory"},
			wantStep: "create the directory",
		},
		{
			name:     "path is a regular file",
			dir:      func(t *testing.T, tmp string) string { return fileAt(t, filepath.Join(tmp, "data")) },
			want:     []string{"is not writable", "not a directory", "PARTNERBOT_DATA_DIR"},
			wantStep: "create the directory",
		},
		{
			name:     "disk full",
			dir:      func(t *testing.T, tmp string) string { return tmp },
			create:   openDevFull,
			want:     []string{"has no space left", "no space left on device", "free some space or set PARTNERBOT_DATA_DIR (or --data)"},
			wantStep: "write a probe file",
			wantFull: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			dir := tt.dir(t, tmp)
			create := createProbe
			if tt.create != nil {
				create = tt.create(t)
			}
			err := probeDataDir(dir, create)

			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("probeDataDir(%s) = %v, want nil", dir, err)
				}
				if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
					t.Errorf("after the check, %s: %v, %v; want a directory", dir, fi, err)
				}
				if left, _ := filepath.Glob(filepath.Join(dir, ".write-check-*")); len(left) > 0 {
					t.Errorf("probe files left behind: %q", left)
				}
				return
			}

			if err == nil {
				t.Fatalf("probeDataDir(%s) = nil, want an error", dir)
			}
			got := err.Error()
			abs, _ := filepath.Abs(dir)
			if want := "data directory " + abs + " "; !strings.HasPrefix(got, want) {
				t.Errorf("error = %q, want it to start with %q", got, want)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("error = %q, want it to contain %q", got, w)
				}
			}
			if strings.ContainsAny(got, "\r\n") {
				t.Errorf("error = %q, want one line", got)
			}
			if gotFull := errors.Is(err, syscall.ENOSPC); gotFull != tt.wantFull {
				t.Errorf("errors.Is(err, ENOSPC) = %v, want %v", gotFull, tt.wantFull)
			}
			if _, err := os.Stat("/dev/full"); tt.wantFull && err != nil {
				t.Errorf("/dev/full is gone after the check: %v", err)
			}

			// Operators get the step and the cause in the log.
			var logs bytes.Buffer
			logDataDirError(slog.New(slog.NewJSONHandler(&logs, nil)), err)
			var entry map[string]any
			if err := json.Unmarshal(logs.Bytes(), &entry); err != nil {
				t.Fatalf("log line %q: %v", logs.String(), err)
			}
			if entry["level"] != "ERROR" || entry["dir"] != abs || entry["step"] != tt.wantStep || entry["disk_full"] != tt.wantFull {
				t.Errorf("log entry = %v, want level ERROR, dir %s, step %q, disk_full %v", entry, abs, tt.wantStep, tt.wantFull)
			}
			if _, ok := entry["errno"]; !ok {
				t.Errorf("log entry = %v, want an errno", entry)
			}
		})
	}
}

// TestServeBadDataDir runs serve with a data directory that cannot be
// created: it must return the one-line error before listening or opening
// anything, and log the details.
func TestServeBadDataDir(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(fileAt(t, filepath.Join(tmp, "file")), "data")
	addr := freeAddr(t)
	env := map[string]string{"PARTNERBOT_DATA_DIR": dir, "PARTNERBOT_HTTP_ADDR": addr, "DISCORD_TOKEN": "test-token"}

	var err error
	var stderr string
	func() {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("serve panicked: %v", p)
			}
		}()
		_, stderr, err = runCmd(t, env, "serve")
	}()

	want := "data directory " + dir + " is not writable (mkdir " + filepath.Join(tmp, "file") +
		": not a directory); set PARTNERBOT_DATA_DIR (or --data) to a writable directory"
	if err == nil || err.Error() != want {
		t.Errorf("serve = %v,\nwant %s", err, want)
	}
	if !strings.Contains(stderr, `"msg":"data directory unusable"`) || !strings.Contains(stderr, `"step":"create the directory"`) {
		t.Errorf("log does not explain the failure:\n%s", stderr)
	}
	if strings.Contains(stderr, "http listening") {
		t.Errorf("serve listened before checking the data directory:\n%s", stderr)
	}
}
