//go:build unix

package config

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestConfigPipeWithoutWriter checks that a named pipe no one writes to
// is refused after a while, not a start that hangs for ever.
func TestConfigPipeWithoutWriter(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "config.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	defer func(w time.Duration) { pipeWait = w }(pipeWait)
	pipeWait = 100 * time.Millisecond
	_, err := readConfigFile(fifo)
	if err == nil || !strings.Contains(err.Error(), "no one wrote to") {
		t.Errorf("readConfigFile of a pipe with no writer = %v; want it refused", err)
	}
}
