//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockFile is the file in the data directory whose lock marks it in use.
const lockFile = "partnerbot.lock"

// errDataDirInUse means another serve holds the data directory's lock.
var errDataDirInUse = errors.New("data directory in use")

// lockDataDir takes an exclusive, non-blocking flock on dir's lock file,
// so that a second serve on the same SQLite data directory refuses to
// start rather than sharing the database and the vectors. The lock lasts
// until unlock, or until the process ends, however it ends. The file holds
// the holder's process ID, for the message.
func lockDataDir(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock data directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder := "another process"
		if b, rerr := os.ReadFile(path); rerr == nil {
			if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); perr == nil {
				holder = fmt.Sprintf("process %d", pid)
			}
		}
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			abs, _ := filepath.Abs(dir)
			return nil, fmt.Errorf("%w: %s is used by %s (another partnerbot serve; it holds %s): run one serve per SQLite data directory, give this one its own PARTNERBOT_DATA_DIR (or --data), or use PostgreSQL to run several",
				errDataDirInUse, abs, holder, lockFile)
		}
		return nil, fmt.Errorf("lock data directory: %w", err)
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() { f.Close() }, nil
}
