package discord

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/discord/discordtest"
	"github.com/partnerbot/partnerbot/store"
)

// sharedDiscord is the interactions' original responses as Discord keeps
// them, shared by the replicas' senders: it counts the edits each
// replica makes, and reads the original back ("thinking…" until edited).
type sharedDiscord struct {
	mu    sync.Mutex
	last  map[string]*discordgo.WebhookEdit
	edits map[string]int // replica → edits of an original
}

func (d *sharedDiscord) sender(replica string) Sender {
	return sharedSender{fakeSender: newFakeSender(), d: d, replica: replica}
}

func (d *sharedDiscord) count(replica string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.edits[replica]
}

type sharedSender struct {
	*fakeSender
	d       *sharedDiscord
	replica string
}

func (s sharedSender) EditOriginal(_ context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) (*discordgo.Message, error) {
	s.d.mu.Lock()
	defer s.d.mu.Unlock()
	s.d.last[i.ID] = e
	s.d.edits[s.replica]++
	return &discordgo.Message{}, nil
}

func (s sharedSender) Original(_ context.Context, i *discordgo.Interaction) (*discordgo.Message, error) {
	s.d.mu.Lock()
	defer s.d.mu.Unlock()
	e, ok := s.d.last[i.ID]
	if !ok {
		return &discordgo.Message{Flags: discordgo.MessageFlagsLoading}, nil
	}
	return readBackEdit(nil, e), nil
}

// twoReplicas starts two bots on one shared SQLite store: a answers
// slowly (until release is closed), b at once; b's clock runs skew ahead.
func twoReplicas(t *testing.T, lease, skew time.Duration) (a, b *Bot, d *sharedDiscord, release chan struct{}) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "shared.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := seedEngine(t)
	release = make(chan struct{})
	slow := func(ctx context.Context, q partnerbot.Question) (partnerbot.Answer, error) {
		select {
		case <-release:
		case <-ctx.Done():
		}
		return e.Answer(ctx, q)
	}
	a = newTestBot(t, Options{Answer: slow, Jobs: db, Replica: "a", Lease: lease, DrainTimeout: 10 * lease})
	b = newTestBot(t, Options{Jobs: db, Replica: "b", Lease: lease, Now: func() time.Time { return time.Now().Add(skew) }})
	d = &sharedDiscord{last: map[string]*discordgo.WebhookEdit{}, edits: map[string]int{}}
	return a, b, d, release
}

// TestDrainKeepsJobLeases checks that a replica shutting down keeps its
// jobs' leases while it drains: serve ends RunJobs's context at SIGTERM
// while the drain goes on for PARTNERBOT_SHUTDOWN_GRACE (20s by default,
// longer than the 15s lease), and another replica took the answer still
// being written and delivered it too.
func TestDrainKeepsJobLeases(t *testing.T) {
	const lease = 300 * time.Millisecond
	a, b, d, release := twoReplicas(t, lease, 0)
	ctxA, sigterm := context.WithCancel(context.Background())
	ctxB, stopB := context.WithCancel(context.Background())
	defer stopB()
	go a.RunJobs(ctxA, d.sender("a"))
	go b.RunJobs(ctxB, d.sender("b"))

	i := discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, "What did the two countries agree in September 2023?"))
	resp, delivered := a.Interact(context.Background(), i, d.sender("a"))
	delivered(nil)
	if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("response type %d, want a deferral", resp.Type)
	}

	// SIGTERM: serve's ctx ends (RunJobs stops), then the drain waits for
	// the answer in flight, which takes 4 leases.
	sigterm()
	drained := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*lease)
		defer cancel()
		drained <- a.Drain(ctx)
	}()
	time.Sleep(4 * lease)
	close(release)
	if err := <-drained; err != nil {
		t.Fatalf("drain: %v", err)
	}
	time.Sleep(2 * lease)
	if na, nb := d.count("a"), d.count("b"); na > 0 && nb > 0 {
		t.Errorf("the draining replica edited the answer %d times and the other replica %d times: answered twice", na, nb)
	}
}

// hungLeases answers the first TryLease and then hangs (a database that
// stopped answering, a full pool, a reconnect held up by connect_timeout).
type hungLeases struct{ calls atomic.Int32 }

func (h *hungLeases) TryLease(ctx context.Context, _, holder string, _, _ time.Time) (string, error) {
	if h.calls.Add(1) == 1 {
		return holder, nil
	}
	<-ctx.Done()
	return "", ctx.Err()
}

func (h *hungLeases) ReleaseLease(context.Context, string, string) error { return nil }

// TestRenewHungCallClosesTheGateway checks that a renewal that hangs (a
// database that stopped answering) closes the gateway once two thirds of
// the lease pass without a renewal, before the lease can pass to another
// replica; the call was never timed out, so the gateway stayed open.
func TestRenewHungCallClosesTheGateway(t *testing.T) {
	const lease = 300 * time.Millisecond
	b := newTestBot(t, Options{Replica: "a", Lease: lease})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lost := make(chan struct{})
	var once sync.Once
	go b.renew(ctx, &hungLeases{}, lease/3, func() { once.Do(func() { close(lost) }) })
	select {
	case <-lost:
	case <-time.After(3 * lease):
		t.Errorf("gateway still open %s after the last renewal (lease %s): another replica holds the lease by now", 3*lease, lease)
	}
}

// TestStalledOwnerLetsTheTakerAnswer checks that a replica that stalled
// past its job's lease (a pause, a slow database) and lost the job to
// another replica does not deliver its own answer as well when it comes
// back: the renewal tells it the job is no longer its.
func TestStalledOwnerLetsTheTakerAnswer(t *testing.T) {
	const lease = 300 * time.Millisecond
	a, b, d, release := twoReplicas(t, lease, 0)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()

	i := discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, "What did the two countries agree in September 2023?"))
	resp, delivered := a.Interact(context.Background(), i, d.sender("a"))
	delivered(nil)
	if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("response type %d, want a deferral", resp.Type)
	}
	// a stalls: it renews nothing while b takes the job over and answers.
	go b.RunJobs(ctx, d.sender("b"))
	deadline := time.Now().Add(20 * lease)
	for d.count("b") == 0 && time.Now().Before(deadline) {
		time.Sleep(lease / 4)
	}
	if d.count("b") == 0 {
		t.Fatal("the other replica never took the job over")
	}
	// a comes back: a round of renewals, then its answer is ready.
	go a.RunJobs(ctx, d.sender("a"))
	time.Sleep(lease)
	close(release)
	time.Sleep(2 * lease)
	if n := d.count("a"); n > 0 {
		t.Errorf("the stalled replica edited the answer %d times after the other replica had answered it", n)
	}
}
