package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// writeAcked writes n questions, a vote on each, a setting and a channel,
// returning the question IDs. Every call has returned, so every write is
// acknowledged.
func writeAcked(ctx context.Context, db *DB, n int) ([]int64, error) {
	var ids []int64
	for i := range n {
		r := record("g", "c", "t", fmt.Sprint("acked ", i))
		r.Citations = cite(fmt.Sprint("doc-", i))
		id, err := db.LogQuestion(ctx, r)
		if err != nil {
			return nil, err
		}
		if err := db.RecordFeedback(ctx, id, "u", -1, t0); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := db.SetRatePerMinute(ctx, "g", 42); err != nil {
		return nil, err
	}
	if err := db.AllowChannel(ctx, "g", "c"); err != nil {
		return nil, err
	}
	return ids, nil
}

// checkAcked checks that everything writeAcked wrote is in db.
func checkAcked(t *testing.T, db *DB, n int) {
	t.Helper()
	ctx := context.Background()
	turns, err := db.ThreadHistory(ctx, "t", n+10)
	if err != nil {
		t.Fatal(err)
	}
	if len(turns) != n {
		t.Fatalf("found %d questions, want %d", len(turns), n)
	}
	for i, turn := range turns {
		if want := fmt.Sprint("acked ", i); turn.Question != want {
			t.Errorf("turn %d = %q, want %q", i, turn.Question, want)
		}
	}
	items, err := db.RecentFeedback(ctx, "g", "down", n+10)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != n {
		t.Errorf("found %d voted questions, want %d", len(items), n)
	}
	for _, it := range items {
		if len(it.Question.Citations) != 1 {
			t.Errorf("question %d has %d citations, want 1", it.Question.ID, len(it.Question.Citations))
		}
	}
	if rate, ok, err := db.RatePerMinute(ctx, "g"); err != nil || !ok || rate != 42 {
		t.Errorf("RatePerMinute = %d, %v, %v; want 42, true, nil", rate, ok, err)
	}
	if chans, err := db.AllowedChannels(ctx, "g"); err != nil || !reflect.DeepEqual(chans, []string{"c"}) {
		t.Errorf("AllowedChannels = %q, %v; want [c]", chans, err)
	}
}

// TestCrashSafetyNoClose writes with one DB, never closes it, and reads
// the acknowledged rows through a second Open of the same file.
func TestCrashSafetyNoClose(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	writer, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Not closed before the reopen below; released only when the test ends.
	t.Cleanup(func() { writer.Close() })
	const n = 20
	if _, err := writeAcked(ctx, writer, n); err != nil {
		t.Fatal(err)
	}

	reader, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer reader.Close()
	checkAcked(t, reader, n)
}

const crashChildEnv = "PARTNERBOT_STORE_CRASH_CHILD"

// TestCrashSafetyKilled writes in a child process, kills it with SIGKILL
// once the writes are acknowledged (no Close, no checkpoint, no deferred
// code), then opens the file and finds every acknowledged row.
func TestCrashSafetyKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	const n = 25

	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path, fmt.Sprintf("%s_N=%d", crashChildEnv, n))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "ACKED ") {
				acked <- nil
				return
			}
			if strings.HasPrefix(line, "CHILD ERROR ") {
				acked <- fmt.Errorf("child: %s", line)
				return
			}
		}
		acked <- fmt.Errorf("child ended without acknowledging: %v", sc.Err())
	}()
	select {
	case err := <-acked:
		if err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("child did not acknowledge its writes in time")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait() // "signal: killed"

	// The child never checkpointed: its commits are in the WAL file.
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		t.Errorf("WAL file after the kill: %v, %v; want a non-empty file", fi, err)
	}
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("Open after the kill: %v", err)
	}
	defer db.Close()
	checkAcked(t, db, n)
}

// TestCrashChild is the child half of TestCrashSafetyKilled; it does
// nothing in a normal run.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("only run as TestCrashSafetyKilled's child")
	}
	var n int
	fmt.Sscan(os.Getenv(crashChildEnv+"_N"), &n)
	ctx := context.Background()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		fmt.Printf("CHILD ERROR %v\n", err)
		return
	}
	if _, err := writeAcked(ctx, db, n); err != nil {
		fmt.Printf("CHILD ERROR %v\n", err)
		return
	}
	fmt.Printf("ACKED %d\n", n)
	select {} // wait to be killed, DB open
}
