package store

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot"
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

// Settings of TestCrashSafetyKilledMidWrite, read from the environment.
const (
	killChildEnv = "PARTNERBOT_STORE_KILL_CHILD"      // the database path; set only in the child
	killItersEnv = "PARTNERBOT_STORE_KILL_ITERATIONS" // how many kills (default 20)
	killSeedEnv  = "PARTNERBOT_STORE_KILL_SEED"       // the random seed (default: the clock)
)

// killChildMaxOps bounds the child's writes; it is killed long before.
const killChildMaxOps = 20000

// killRecord is the question the child logs with the given text.
func killRecord(text string) partnerbot.QuestionRecord {
	r := record("g", "c", "", text)
	r.Citations = cite("doc-" + text)
	return r
}

type voteKey struct {
	question int64
	user     string
}

// killModel is what the database must hold: every acknowledged write, and
// the unacknowledged ones later found committed.
type killModel struct {
	questions map[int64]string // ID → question text
	votes     map[voteKey]int
}

// killTally counts one iteration's writes.
type killTally struct {
	ackedQuestions, ackedVotes int
	lost                       int  // acknowledged writes missing after the restart
	inFlight                   bool // a write had begun without an acknowledgement
	inFlightFound              bool // and it was committed
	integrityOK                bool // PRAGMA integrity_check passed after the restart
}

// TestCrashSafetyKilledMidWrite starts a child process that logs questions
// and records votes in a loop, printing an acknowledgement after each call
// returns, and kills it with SIGKILL at a varying moment in the middle of
// the loop: after a random number of acknowledgements plus a random delay,
// or after a random delay from the start (sometimes during Open). After each
// kill it opens the file as a restart would, requires PRAGMA
// integrity_check to pass and every acknowledged write to be there; the
// write in flight at the kill may or may not be. The same file is used for
// every iteration, so each restart also recovers all the earlier ones.
// PARTNERBOT_STORE_KILL_ITERATIONS sets the number of kills and
// PARTNERBOT_STORE_KILL_SEED replays a run.
func TestCrashSafetyKilledMidWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	iters := 20
	if s := os.Getenv(killItersEnv); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive number", killItersEnv, s)
		}
		iters = n
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv(killSeedEnv); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: want a number", killSeedEnv, s)
		}
		seed = n
	}
	t.Logf("%d iterations, %s=%d", iters, killSeedEnv, seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	path := filepath.Join(t.TempDir(), "state.db")
	m := &killModel{questions: map[int64]string{}, votes: map[voteKey]int{}}

	var total killTally
	var ran, inFlightSeen, inFlightFound, integrityOK int
	for i := range iters {
		ran++
		var plan string
		var tally killTally
		ok := t.Run(fmt.Sprint("kill ", i), func(t *testing.T) {
			lines, p := runKillChild(t, path, seed, i, rng)
			plan = p
			tally = m.check(t, path, lines)
		})
		total.ackedQuestions += tally.ackedQuestions
		total.ackedVotes += tally.ackedVotes
		total.lost += tally.lost
		if tally.inFlight {
			inFlightSeen++
		}
		if tally.inFlightFound {
			inFlightFound++
		}
		if tally.integrityOK {
			integrityOK++
		}
		t.Logf("iteration %d: killed %s; acknowledged %d questions and %d votes, lost %d; write in flight %v, committed %v",
			i, plan, tally.ackedQuestions, tally.ackedVotes, tally.lost, tally.inFlight, tally.inFlightFound)
		if !ok {
			break
		}
	}
	t.Logf("%d kills: %d writes acknowledged (%d questions, %d votes), %d lost; integrity_check ok after %d; "+
		"%d kills interrupted a write, %d of those writes were committed; the file holds %d questions and %d votes",
		ran, total.ackedQuestions+total.ackedVotes, total.ackedQuestions, total.ackedVotes, total.lost,
		integrityOK, inFlightSeen, inFlightFound, len(m.questions), len(m.votes))
}

// runKillChild starts the child, kills it as rng decides and returns every
// line it printed, with a description of when it was killed.
func runKillChild(t *testing.T, path string, seed uint64, iter int, rng *rand.Rand) ([]string, string) {
	t.Helper()
	// The child's standard output is a file, not a pipe: a write to a pipe
	// wakes the reader, and a parent woken by every acknowledgement kills
	// the child right after one far more often than inside a write.
	outPath := filepath.Join(t.TempDir(), "child.out")
	out, err := os.Create(outPath)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	// A bound on the whole iteration: the child is killed by then whatever
	// happens, and told to end itself after a while too.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestKillMidWriteChild$", "-test.timeout=3m")
	cmd.Env = append(os.Environ(), killChildEnv+"="+path,
		fmt.Sprintf("%s=%d", killSeedEnv, seed), fmt.Sprintf("%s_ITERATION=%d", killChildEnv, iter))
	cmd.Stdout = out
	var stderr bytes.Buffer // read only once Wait has returned
	cmd.Stderr = &stderr

	// Decide when to kill: mostly once some writes are acknowledged, then
	// after a delay of up to 2ms, so that the kill lands at varying points
	// of a write; one time in five after up to 50ms from the start, which
	// may be before, during or after Open.
	acks, delay := 0, time.Duration(rng.Int64N(int64(50*time.Millisecond)))
	if rng.IntN(5) != 0 {
		acks, delay = 1+rng.IntN(80), time.Duration(rng.Int64N(int64(2*time.Millisecond)))
	}
	plan := fmt.Sprintf("%v after start", delay.Round(time.Microsecond))
	if acks > 0 {
		plan = fmt.Sprintf("%v after acknowledgement %d", delay.Round(time.Microsecond), acks)
	}

	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	// lines returns the complete lines the child has printed so far.
	lines := func() []string {
		b, err := os.ReadFile(outPath)
		if err != nil {
			t.Errorf("read child output: %v", err)
		}
		if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
			return strings.Split(string(b[:i]), "\n")
		}
		return nil
	}
	fail := func(format string, args ...any) {
		cmd.Process.Kill()
		<-waited
		l := lines()
		t.Fatalf("%s\nchild output (last lines):\n%s\nchild stderr:\n%s", fmt.Sprintf(format, args...),
			strings.Join(l[max(0, len(l)-10):], "\n"), stderr.String())
	}

	deadline := time.Now().Add(60 * time.Second)
	for seen := 0; seen < acks; {
		select {
		case err := <-waited:
			waited <- err
			fail("child ended (%v) after %d of %d acknowledgements", err, seen, acks)
		case <-time.After(500 * time.Microsecond):
		}
		if time.Now().After(deadline) {
			fail("no acknowledgement %d of %d within 60s", seen+1, acks)
		}
		seen = 0
		for _, l := range lines() {
			switch {
			case strings.HasPrefix(l, "ACK "):
				seen++
			case strings.HasPrefix(l, "CHILD ERROR"):
				fail("%s", l)
			}
		}
	}
	time.Sleep(delay)
	if err := cmd.Process.Kill(); err != nil {
		fail("kill: %v", err)
	}
	select {
	case err = <-waited:
	case <-time.After(30 * time.Second):
		t.Fatal("the killed child did not end within 30s")
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v, want it killed by SIGKILL\nchild stderr:\n%s", err, stderr.String())
	}
	// Everything printed before the kill took effect was acknowledged too.
	all := lines()
	for _, l := range all {
		if strings.HasPrefix(l, "CHILD ERROR") {
			t.Fatalf("%s\nchild stderr:\n%s", l, stderr.String())
		}
	}
	return all, plan
}

// check reads the child's lines into the model, reopens the file and
// compares it with the model.
func (m *killModel) check(t *testing.T, path string, lines []string) killTally {
	t.Helper()
	var tally killTally
	var pending []string // the fields of a BEGIN not yet acknowledged
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) < 3 {
			continue
		}
		switch f[0] + " " + f[1] {
		case "BEGIN Q", "BEGIN V":
			pending = f[1:]
		case "ACK Q":
			pending = nil
			if len(f) != 4 {
				t.Fatalf("bad line %q", l)
			}
			m.questions[atoi64(t, f[2])] = f[3]
			tally.ackedQuestions++
		case "ACK V":
			pending = nil
			if len(f) != 5 {
				t.Fatalf("bad line %q", l)
			}
			m.votes[voteKey{atoi64(t, f[2]), f[3]}] = int(atoi64(t, f[4]))
			tally.ackedVotes++
		}
	}
	tally.inFlight = pending != nil

	ctx := context.Background()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("Open after the kill: %v", err)
	}
	defer db.Close()
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatalf("after the kill: %v", err)
	}
	tally.integrityOK = true

	// Questions: every known one present and intact; the only other row
	// allowed is the one whose LogQuestion was in flight.
	got := map[int64]partnerbot.QuestionRecord{}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+questionCols+` FROM questions q`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		r, err := scanQuestion(rows)
		if err != nil {
			t.Fatal(err)
		}
		got[r.ID] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	for id, text := range m.questions {
		r, ok := got[id]
		if !ok {
			tally.lost++
			t.Errorf("acknowledged question %d (%s) is missing", id, text)
			continue
		}
		want := killRecord(text)
		if r.Question != want.Question || r.Answer != want.Answer || !reflect.DeepEqual(r.Citations, want.Citations) {
			tally.lost++
			t.Errorf("question %d = %q, %q, %+v; want %q, %q, %+v", id, r.Question, r.Answer, r.Citations,
				want.Question, want.Answer, want.Citations)
		}
	}
	for id, r := range got {
		if _, ok := m.questions[id]; ok {
			continue
		}
		if pending != nil && pending[0] == "Q" && r.Question == pending[1] {
			m.questions[id] = r.Question
			tally.inFlightFound = true
			continue
		}
		t.Errorf("question %d (%q) was never written", id, r.Question)
	}

	// Votes: every acknowledged vote present with its value, except that
	// the vote in flight may have replaced it.
	var inFlight *voteKey
	var inFlightVote int
	if pending != nil && pending[0] == "V" {
		inFlight = &voteKey{atoi64(t, pending[1]), pending[2]}
		inFlightVote = int(atoi64(t, pending[3]))
	}
	gotVotes := map[voteKey]int{}
	rows, err = db.sql.QueryContext(ctx, `SELECT question_id, user_hash, vote FROM feedback`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k voteKey
		var v int
		if err := rows.Scan(&k.question, &k.user, &v); err != nil {
			t.Fatal(err)
		}
		gotVotes[k] = v
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if inFlight != nil {
		if v, ok := gotVotes[*inFlight]; ok && v == inFlightVote && m.votes[*inFlight] != v {
			m.votes[*inFlight] = v
			tally.inFlightFound = true
		}
	}
	for k, want := range m.votes {
		if v, ok := gotVotes[k]; !ok || v != want {
			tally.lost++
			t.Errorf("acknowledged vote %+v = %d (present %v), want %d", k, v, ok, want)
		}
	}
	for k, v := range gotVotes {
		if _, ok := m.votes[k]; !ok {
			t.Errorf("vote %+v = %d was never written", k, v)
		}
	}
	return tally
}

func atoi64(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("bad number %q in the child's output", s)
	}
	return n
}

// TestKillMidWriteChild is the child half of TestCrashSafetyKilledMidWrite;
// it does nothing in a normal run. It prints "BEGIN …" before each write
// and "ACK …" once the call has returned, and never closes the database.
func TestKillMidWriteChild(t *testing.T) {
	path := os.Getenv(killChildEnv)
	if path == "" {
		t.Skip("only run as TestCrashSafetyKilledMidWrite's child")
	}
	seed, _ := strconv.ParseUint(os.Getenv(killSeedEnv), 10, 64)
	iter, _ := strconv.ParseUint(os.Getenv(killChildEnv+"_ITERATION"), 10, 64)
	rng := rand.New(rand.NewPCG(seed, iter+1))
	ctx := context.Background()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		fmt.Printf("CHILD ERROR open: %v\n", err)
		return
	}
	fmt.Println("OPEN")
	var ids []int64
	for op := range killChildMaxOps {
		// Log a question, or vote (first or again) on one logged here.
		if len(ids) == 0 || rng.IntN(2) == 0 {
			text := fmt.Sprintf("i%d-q%d", iter, op)
			fmt.Printf("BEGIN Q %s\n", text)
			id, err := db.LogQuestion(ctx, killRecord(text))
			if err != nil {
				fmt.Printf("CHILD ERROR log question: %v\n", err)
				return
			}
			fmt.Printf("ACK Q %d %s\n", id, text)
			ids = append(ids, id)
			continue
		}
		id, user, vote := ids[rng.IntN(len(ids))], fmt.Sprint("u", rng.IntN(3)), 1-2*rng.IntN(2)
		fmt.Printf("BEGIN V %d %s %d\n", id, user, vote)
		if err := db.RecordFeedback(ctx, id, user, vote, time.Time{}); err != nil {
			fmt.Printf("CHILD ERROR record feedback: %v\n", err)
			return
		}
		fmt.Printf("ACK V %d %s %d\n", id, user, vote)
	}
	fmt.Println("DONE")
	time.Sleep(time.Minute) // wait to be killed, the database open
}
