package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/jackc/pgx/v5"

	"github.com/partnerbot/partnerbot/discord/discordtest"
	"github.com/partnerbot/partnerbot/provider/openaitest"
)

// Multi-replica figures: 1,000 /ask from 200 users in one burst.
const (
	replicaCount  = 3
	burstAsks     = 1000
	burstUsers    = 200
	burstRate     = 3           // questions per user per minute, for all replicas together
	duplicateEach = 10          // every tenth interaction is delivered again, to another replica
	killAfter     = 400         // the gateway holder is killed with SIGKILL after this many
	killMentions  = 20          // mentions the gateway holder is answering when it is killed
	replicaLease  = "3s"        // PARTNERBOT_LEASE
	answerWithin  = time.Minute // every acknowledged question answered by then
	burstSenders  = 200         // requests in flight at once from the front
)

// replicaDatabase is a fresh schema of the test database for one test,
// dropped when it ends; it skips (fails in CI) without one.
func replicaDatabase(t *testing.T) string {
	t.Helper()
	base := os.Getenv("PARTNERBOT_TEST_DATABASE_URL")
	if base == "" {
		msg := "PARTNERBOT_TEST_DATABASE_URL is not set: the multi-replica test needs PostgreSQL (see README, Development)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	var raw [6]byte
	rand.Read(raw[:])
	schema := "replicas_" + hex.EncodeToString(raw[:])
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close(context.Background())
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// replica is one partnerbot serve process.
type replica struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:port
	logs string // its log file
	dead atomic.Bool
}

// gatewayHeld reports whether the replica's /metrics says it holds the
// gateway.
func (r *replica) gatewayHeld() bool {
	resp, err := http.Get(r.base + "/metrics")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "partnerbot_gateway_held{") && strings.HasSuffix(sc.Text(), " 1") {
			return true
		}
	}
	return false
}

// TestReplicas runs three replicas of the real binary on one PostgreSQL
// database behind a small front that spreads signed interactions across
// them, sends 1,000 /ask from 200 users in a burst (every tenth delivered
// again to a second replica), kills the gateway holder with SIGKILL
// mid-burst, and checks that every acknowledged question is answered
// exactly once, no duplicate is answered, the rate limit holds across
// replicas and the gateway moves to a live replica. It logs the figures.
func TestReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-replica test: not with -short")
	}
	dbURL := replicaDatabase(t)
	bin := filepath.Join(t.TempDir(), "partnerbot")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const token = "replica-test-token"
	fake := discordtest.NewServer(t, discordtest.Options{Token: token})
	// A language model that never answers within OPENAI_TIMEOUT: each
	// question waits for it (streamed, then not) and then gets the
	// extractive answer, too late to be the inline response, so answers
	// are deferred ("thinking…") and many are in flight when the replica
	// dies.
	model := openaitest.NewServer(t, openaitest.Options{})
	model.FailAlways("chat", openaitest.Slow(time.Minute))
	pub, key, _ := ed25519.GenerateKey(rand.Reader)

	reps := make([]*replica, replicaCount)
	for k := range reps {
		addr := freeAddr(t)
		r := &replica{base: "http://" + addr, logs: filepath.Join(t.TempDir(), "replica.log")}
		logf, err := os.Create(r.logs)
		if err != nil {
			t.Fatal(err)
		}
		r.cmd = exec.Command(bin, "serve")
		r.cmd.Env = append(os.Environ(),
			"PARTNERBOT_HTTP_ADDR="+addr, "PARTNERBOT_DATA_DIR="+t.TempDir(), "PARTNERBOT_DATABASE_URL="+dbURL,
			"DISCORD_PUBLIC_KEY="+hex.EncodeToString(pub), "DISCORD_APP_ID="+discordtest.DefaultApplicationID,
			"DISCORD_API_BASE="+fake.URL(), "DISCORD_TOKEN="+token,
			"PARTNERBOT_LEASE="+replicaLease, "PARTNERBOT_RATE_PER_MINUTE="+strconv.Itoa(burstRate),
			"OPENAI_BASE_URL="+model.URL(), "OPENAI_API_KEY=sk-test-key-1234567890", "OPENAI_TIMEOUT=1s", "OPENAI_MAX_RETRIES=0",
			"PARTNERBOT_WORKERS=64", "PARTNERBOT_LOG_LEVEL=info", "PARTNERBOT_SHUTDOWN_GRACE=5s")
		r.cmd.Stdout, r.cmd.Stderr = logf, logf
		if err := r.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if !r.dead.Load() {
				r.cmd.Process.Signal(syscall.SIGTERM)
			}
			r.cmd.Wait()
			logf.Close()
			if t.Failed() {
				b, _ := os.ReadFile(r.logs)
				t.Logf("replica %d log (last lines):\n%s", k, tail(string(b), 15))
			}
		})
		reps[k] = r
	}
	for _, r := range reps {
		waitFor(t, 60*time.Second, "replica ready", func() bool {
			resp, err := http.Get(r.base + "/readyz")
			if err != nil {
				return false
			}
			resp.Body.Close()
			return resp.StatusCode == 200
		})
	}
	var holder *replica
	waitFor(t, 20*time.Second, "a gateway holder", func() bool {
		n := 0
		for _, r := range reps {
			if r.gatewayHeld() {
				holder, n = r, n+1
			}
		}
		return n == 1
	})

	// The burst: user u asks its questions k = u, u+200, …; the front sends
	// interaction n to replica n mod 3, moving on when a replica is down.
	type sent struct {
		i      *discordgo.Interaction
		user   int
		acked  bool // the asker saw "thinking…" or the answer itself
		inline bool // the answer was the response
	}
	all := make([]*sent, burstAsks)
	var (
		dupAnswered, dupRefused, retries atomic.Int32
		killedAt                         time.Time
		mentions                         []string // the mentions in flight at the kill
		next                             atomic.Int32
		wg                               sync.WaitGroup
	)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	killed := make(chan struct{})
	burstStart := time.Now()
	var killOnce sync.Once
	for range burstSenders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := int(next.Add(1)) - 1
				if n >= burstAsks {
					return
				}
				if n == killAfter {
					killOnce.Do(func() {
						mentions = mentionHolder(t, ctx, fake)
						holder.dead.Store(true)
						killedAt = time.Now()
						holder.cmd.Process.Signal(syscall.SIGKILL)
						close(killed)
					})
				}
				user := n % burstUsers
				i := discordtest.SlashCommand("ask", discordtest.StringOption("question", "What was the value of bilateral trade in 2022?"),
					discordtest.WithMember(fmt.Sprintf("2%017d", user+1), discordtest.DefaultMemberPermissions))
				s := &sent{i: i, user: user}
				all[n] = s
				var reply discordtest.EndpointReply
				at := n % replicaCount
				for try := range replicaCount {
					r := reps[(at+try)%replicaCount]
					if r.dead.Load() && try < replicaCount-1 {
						continue
					}
					var err error
					reply, err = fake.PostInteraction(ctx, r.base+"/interactions", key, i, time.Time{})
					if err == nil {
						at = (at + try) % replicaCount
						break
					}
					retries.Add(1)
				}
				if resp := reply.Response; resp != nil {
					// A rate-limit refusal is an ephemeral message; an
					// answer ready within the inline wait is a public one.
					s.inline = resp.Type == discordgo.InteractionResponseChannelMessageWithSource &&
						resp.Data != nil && resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0
					s.acked = s.inline || resp.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource
				}
				if n%duplicateEach == 0 && reply.Status == 200 {
					other := reps[(at+1)%replicaCount]
					if other.dead.Load() {
						other = reps[(at+2)%replicaCount]
					}
					if dupReply(ctx, other.base+"/interactions", key, i) == 200 {
						dupAnswered.Add(1)
					} else {
						dupRefused.Add(1)
					}
				}
			}
		}()
	}
	wg.Wait()
	burstEnd := time.Now()

	// The gateway passes to a live replica.
	<-killed
	var failover time.Duration
	waitFor(t, 30*time.Second, "a new gateway holder", func() bool {
		for _, r := range reps {
			if !r.dead.Load() && r.gatewayHeld() {
				failover = time.Since(killedAt)
				return true
			}
		}
		return false
	})

	// Every acknowledged question gets its answer.
	acked, perUser := 0, map[int]int{}
	for _, s := range all {
		if s.acked {
			acked++
			perUser[s.user]++
		}
	}
	// An answer is the inline response or an edit of "thinking…" that
	// Discord took: an edit it refused (10015 while it had not yet taken in
	// the deferral) and that was then made again is one answer.
	edits := func() map[string]int {
		m := map[string]int{}
		for _, s := range all {
			if s.inline {
				m[s.i.Token]++
			}
		}
		for _, req := range fake.RequestsTo(http.MethodPatch, "/webhooks/*/*/messages/@original") {
			if req.Status/100 != 2 {
				continue
			}
			parts := strings.Split(req.Path, "/")
			m[parts[len(parts)-3]]++
		}
		return m
	}
	var got map[string]int
	var lastAnswer time.Duration
	deadline := time.Now().Add(answerWithin)
	for {
		got = edits()
		missing := 0
		for _, s := range all {
			if s.acked && got[s.i.Token] == 0 {
				missing++
			}
		}
		if missing == 0 || time.Now().After(deadline) {
			lastAnswer = time.Since(killedAt)
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	mOnce, mLost, mTwice, mLast := mentionsAnswered(fake, mentions, killedAt, deadline)
	var answers []int
	for _, s := range all {
		if s.acked {
			answers = append(answers, got[s.i.Token])
		}
	}
	once, lost, twice := tally(answers)
	overLimit, maxPerUser := 0, 0
	for _, n := range perUser {
		maxPerUser = max(maxPerUser, n)
		if n > burstRate {
			overLimit++
		}
	}
	takenOver, maxAge := takeovers(t, reps)

	t.Logf("multi-replica: %d replicas, %d /ask from %d users in %s, every %dth duplicated, replica killed after %d",
		replicaCount, burstAsks, burstUsers, burstEnd.Sub(burstStart).Round(time.Millisecond), duplicateEach, killAfter)
	inline := 0
	for _, s := range all {
		if s.inline {
			inline++
		}
	}
	t.Logf("  acknowledged %d (%d answered inline); answered exactly once %d; lost %d; answered twice %d", acked, inline, once, lost, twice)
	t.Logf("  duplicates delivered to a second replica: %d refused, %d answered", dupRefused.Load(), dupAnswered.Load())
	t.Logf("  rate limit %d/min across replicas: most acknowledged for one user %d, users over the limit %d", burstRate, maxPerUser, overLimit)
	t.Logf("  jobs taken over %d, oldest at takeover %s; all answered %s after the kill", takenOver, maxAge, lastAnswer.Round(time.Millisecond))
	t.Logf("  gateway failover %s (lease %s); front retries after the kill %d", failover.Round(time.Millisecond), replicaLease, retries.Load())
	t.Logf("  mentions being answered at the kill %d: answered exactly once %d, lost %d, answered twice %d; all answered %s after the kill",
		len(mentions), mOnce, mLost, mTwice, mLast.Round(time.Millisecond))
	if mLost != 0 || mTwice != 0 {
		t.Errorf("mentions lost %d, answered twice %d; want 0 and 0", mLost, mTwice)
	}

	if twice != 0 { // when each edit of an answer answered twice went, relative to the kill
		for _, s := range all {
			if got[s.i.Token] < 2 {
				continue
			}
			var at []string
			for _, req := range fake.RequestsTo(http.MethodPatch, "/webhooks/*/"+s.i.Token+"/messages/@original") {
				at = append(at, fmt.Sprintf("%v (%d)", req.At.Sub(killedAt).Round(time.Millisecond), req.Status))
			}
			t.Logf("  answered twice: inline %v, edits at %v after the kill", s.inline, at)
		}
	}
	if lost != 0 || twice != 0 {
		t.Errorf("lost %d, answered twice %d; want 0 and 0", lost, twice)
	}
	if dupAnswered.Load() != 0 {
		t.Errorf("%d duplicates answered, want 0", dupAnswered.Load())
	}
	if overLimit != 0 {
		t.Errorf("%d users got more than %d questions a minute acknowledged", overLimit, burstRate)
	}
	// Each user's three tokens are spent on acknowledged questions, except
	// where the killed replica took a token and died before answering the
	// request (the front then retried elsewhere): at most one per retry.
	if want := burstUsers * burstRate; acked > want || acked < want-int(retries.Load()) {
		t.Errorf("acknowledged %d, want %d (each user's %d a minute) less at most %d retried", acked, want, burstRate, retries.Load())
	}
	if lease, _ := time.ParseDuration(replicaLease); failover > 2*lease {
		t.Errorf("gateway failover took %s, want within %s", failover, 2*lease)
	}
}

// mentionHolder mentions the bot killMentions times, from as many users,
// through the gateway (to its holder), and returns the messages' IDs once
// the holder is answering every one (it shows typing first).
func mentionHolder(t *testing.T, ctx context.Context, fake *discordtest.Server) []string {
	typing := len(fake.RequestsTo(http.MethodPost, "/channels/"+discordtest.DefaultChannelID+"/typing"))
	var ids []string
	for k := range killMentions {
		m := discordtest.MessageMention(discordtest.DefaultChannelID, fmt.Sprintf("3%017d", k+1), "What was the value of bilateral trade in 2022?", true)
		if err := fake.SendMessage(m); err != nil {
			t.Error(err)
			return ids
		}
		ids = append(ids, m.ID)
	}
	if _, err := fake.WaitRequestN(ctx, http.MethodPost, "/channels/"+discordtest.DefaultChannelID+"/typing", typing+killMentions); err != nil {
		t.Errorf("the gateway holder did not start on the %d mentions: %v", killMentions, err)
	}
	return ids
}

// mentionsAnswered waits until deadline for an answer to each mention, in
// its thread (its ID is the message's) or beside it (replying to it), then
// counts those answered once, not at all and more than once, and how long
// after the kill the last came.
func mentionsAnswered(fake *discordtest.Server, ids []string, killedAt, deadline time.Time) (once, lost, twice int, last time.Duration) {
	posts := func(id string) []discordtest.Request {
		var ok []discordtest.Request
		for _, r := range fake.RequestsTo(http.MethodPost, "/channels/"+id+"/messages") {
			if r.Status/100 == 2 {
				ok = append(ok, r)
			}
		}
		for _, r := range fake.RequestsTo(http.MethodPost, "/channels/"+discordtest.DefaultChannelID+"/messages") {
			var m discordgo.Message
			if r.Status/100 == 2 && r.JSON(&m) == nil && m.MessageReference != nil && m.MessageReference.MessageID == id {
				ok = append(ok, r)
			}
		}
		return ok
	}
	for {
		missing := 0
		for _, id := range ids {
			if len(posts(id)) == 0 {
				missing++
			}
		}
		if missing == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	var answers []int
	for _, id := range ids {
		ps := posts(id)
		answers = append(answers, len(ps))
		if len(ps) > 0 {
			last = max(last, ps[len(ps)-1].At.Sub(killedAt))
		}
	}
	once, lost, twice = tally(answers)
	return once, lost, twice, last
}

// tally counts the questions answered once, not at all and more than once,
// from how many answers each got.
func tally(answers []int) (once, lost, twice int) {
	for _, n := range answers {
		switch n {
		case 0:
			lost++
		case 1:
			once++
		default:
			twice++
		}
	}
	return once, lost, twice
}

// dupReply delivers i again, signed, without telling the fake Discord (a
// replay as a second replica would see it), and returns the status.
func dupReply(ctx context.Context, endpoint string, key ed25519.PrivateKey, i *discordgo.Interaction) int {
	body, _ := json.Marshal(i)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	sig := ed25519.Sign(key, append([]byte(ts), body...))
	r, err := discordtest.PostRaw(ctx, endpoint, http.Header{
		"Content-Type": {"application/json"}, "X-Signature-Ed25519": {hex.EncodeToString(sig)}, "X-Signature-Timestamp": {ts},
	}, body)
	if err != nil {
		return 0
	}
	return r.Status
}

var takeoverAge = regexp.MustCompile(`"msg":"job taken over".*?"age_ms":(\d+)`)

// takeovers counts the "job taken over" lines in the replicas' logs and
// the oldest question taken over.
func takeovers(t *testing.T, reps []*replica) (int, time.Duration) {
	n, oldest := 0, time.Duration(0)
	for _, r := range reps {
		b, err := os.ReadFile(r.logs)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range takeoverAge.FindAllSubmatch(b, -1) {
			n++
			ms, _ := strconv.Atoi(string(m[1]))
			oldest = max(oldest, time.Duration(ms)*time.Millisecond)
		}
	}
	return n, oldest
}

// waitFor polls cond until it holds, failing t after limit.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
