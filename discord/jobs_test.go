package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/discord/discordtest"
	"github.com/partnerbot/partnerbot/store"
)

// originalSender is a fakeSender whose interaction's original response
// reads back as m, or fails with err.
type originalSender struct {
	*fakeSender
	m   *discordgo.Message
	err error
}

func (s originalSender) Original(context.Context, *discordgo.Interaction) (*discordgo.Message, error) {
	return s.m, s.err
}

// generativeAnswer is a generative answer of n claims, each citing its own
// quote: long enough for several messages when n is large.
func generativeAnswer(n int) partnerbot.Answer {
	a := partnerbot.Answer{Question: "Everything?", Mode: partnerbot.Generative}
	for k := 1; k <= n; k++ {
		q := fmt.Sprintf("Quote number %d says the partnership covers trade, technology and education.", k)
		a.Citations = append(a.Citations, cite(k, q))
		a.Claims = append(a.Claims, partnerbot.Claim{Text: fmt.Sprintf("Claim %d restates quote %d.", k, k), Citations: []int{k}})
	}
	return a
}

// readBack is m as the original response reads back from Discord: the
// edit that shows it, through JSON (which makes components pointers).
func readBack(t *testing.T, m message) *discordgo.Message {
	t.Helper()
	return readBackEdit(t, m.edit())
}

// readBackEdit is the message an edit leaves, as Discord reads it back.
func readBackEdit(t *testing.T, e *discordgo.WebhookEdit) *discordgo.Message {
	t.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var out discordgo.Message
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

// firstShown is the first message of an answer rendered for v.
func firstShown(a partnerbot.Answer, v answerView) message {
	return sanitizer{}.renderAnswer(a, v)[0]
}

// TestAnsweredAlready checks what a replica taking over a job reads from
// the original response: only a finished answer means its owner
// delivered it; "thinking…", an answer still being written (however many
// messages it runs to), the first part of one whose later parts are still
// being sent, or a response it cannot read mean answer again.
func TestAnsweredAlready(t *testing.T) {
	if n := len(sanitizer{}.renderAnswer(generativeAnswer(60), answerView{writing: true})); n < 2 {
		t.Fatalf("the long answer renders to %d message, want several", n)
	}
	tests := []struct {
		name string
		m    *discordgo.Message
		err  error
		want bool
	}{
		{"thinking", &discordgo.Message{Flags: discordgo.MessageFlagsLoading}, nil, false},
		{"loading, with content", &discordgo.Message{Flags: discordgo.MessageFlagsLoading, Content: "x"}, nil, false},
		{"finished answer", readBack(t, firstShown(generativeAnswer(2), answerView{questionID: 1})), nil, true},
		{"finished long answer", readBack(t, firstShown(generativeAnswer(60), answerView{questionID: 1})), nil, true},
		{"extractive answer", readBack(t, firstShown(answerOf("Trade?", "Trade reached $123.86 billion in 2022."), answerView{questionID: 1})), nil, true},
		{"decline", readBack(t, text("I couldn't find an answer to that in the articles I have.", false)), nil, true},
		{"still writing", readBack(t, firstShown(generativeAnswer(2), answerView{writing: true})), nil, false},
		{"still writing, several messages", readBack(t, firstShown(generativeAnswer(60), answerView{writing: true})), nil, false},
		{"first part, the rest being sent", readBack(t, sending(sanitizer{}.renderAnswer(generativeAnswer(60), answerView{questionID: 1}))[0]), nil, false},
		{"first part, a later part lost", readBack(t, firstShown(generativeAnswer(60), answerView{questionID: 1}).withNote(partsLostID, partsLostText)), nil, true},
		{"unreadable", nil, errors.New("503"), false},
	}
	b := newTestBot(t, Options{})
	i := &discordgo.Interaction{ID: "1", AppID: "2", Token: "tok"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			send := originalSender{fakeSender: newFakeSender(), m: tt.m, err: tt.err}
			if got := b.answeredAlready(context.Background(), i, send); got != tt.want {
				t.Errorf("answeredAlready = %v, want %v", got, tt.want)
			}
		})
	}
}

// cutShortSender is a fakeSender whose follow-ups end ctx, as a shutdown
// does mid-delivery, and fail with its error.
type cutShortSender struct {
	*fakeSender
	cancel context.CancelFunc
}

func (s cutShortSender) Followup(ctx context.Context, _ *discordgo.Interaction, _ *discordgo.WebhookParams) (*discordgo.Message, error) {
	s.cancel()
	return nil, ctx.Err()
}

// TestDeliverCutShortLeavesTheJob checks that a long answer whose delivery
// is cut short keeps its pending mark and reports not delivered, so the
// job stays for another replica (which answers a pending original again)
// instead of being finished with the rest never sent.
func TestDeliverCutShortLeavesTheJob(t *testing.T) {
	b := newTestBot(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	send := cutShortSender{fakeSender: newFakeSender(), cancel: cancel}
	msgs := sanitizer{}.renderAnswer(generativeAnswer(60), answerView{questionID: 1})
	if got := b.deliver(ctx, &discordgo.Interaction{ID: "1", AppID: "2", Token: "tok"}, send, msgs, 0); got != unfinished {
		t.Errorf("deliver cut short = %d, want unfinished", got)
	}
	send.mu.Lock()
	defer send.mu.Unlock()
	if len(send.edits) != 1 {
		t.Fatalf("edits = %d, want only the first, pending", len(send.edits))
	}
	last := readBackEdit(t, send.edits[0])
	if !hasNote(last, pendingID) {
		t.Errorf("the original lost its pending mark: %+v", last.Components)
	}
}

// failingEdits is a fakeSender whose edits of the original fail with the
// statuses given, in turn, then succeed.
type failingEdits struct {
	*fakeSender
	mu       sync.Mutex
	statuses []int
	calls    int
}

func (f *failingEdits) EditOriginal(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) (*discordgo.Message, error) {
	f.mu.Lock()
	f.calls++
	var status int
	if len(f.statuses) > 0 {
		status, f.statuses = f.statuses[0], f.statuses[1:]
	}
	f.mu.Unlock()
	if status != 0 {
		return nil, &discordgo.RESTError{Response: &http.Response{StatusCode: status}}
	}
	return f.fakeSender.EditOriginal(ctx, i, e)
}

// TestDeliverOutcomes checks how a delivery ends when Discord fails the
// first edit: a failure that may pass (5xx, 429) is tried again, and
// leaves the job for another try if it lasts; a refusal is final.
func TestDeliverOutcomes(t *testing.T) {
	tests := []struct {
		name     string
		statuses []int
		want     delivery
		calls    int // edits tried, the apology included
	}{
		{"at once", nil, delivered, 1},
		{"after two 503s", []int{503, 503}, delivered, 3},
		{"after a 429", []int{429}, delivered, 2},
		{"503 every time", []int{503, 503, 503}, unfinished, 3},
		{"refused with 400: an apology", []int{400}, refused, 2},
		{"refused with 404", []int{404}, refused, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newTestBot(t, Options{})
			send := &failingEdits{fakeSender: newFakeSender(), statuses: tt.statuses}
			msgs := []message{text("The answer.", false)}
			if got := b.deliver(context.Background(), &discordgo.Interaction{ID: "1", AppID: "2", Token: "tok"}, send, msgs, 0); got != tt.want {
				t.Errorf("deliver = %d, want %d", got, tt.want)
			}
			if send.calls != tt.calls {
				t.Errorf("%d edits tried, want %d", send.calls, tt.calls)
			}
		})
	}
}

// TestTransientEditFailureLeavesTheJob checks end to end that a question
// whose answer Discord kept failing to take (503) is left for another
// try, not marked done with "thinking…" shown for good.
func TestTransientEditFailureLeavesTheJob(t *testing.T) {
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "shared.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := newTestBot(t, Options{Jobs: db, Replica: "a", Lease: time.Second})
	send := &failingEdits{fakeSender: newFakeSender(), statuses: []int{503, 503, 503}}
	i := discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, tradeQuestion))
	_, done := b.Interact(context.Background(), i, send)
	done(nil)
	if err := b.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if send.calls != editTries {
		t.Fatalf("%d edits tried, want %d", send.calls, editTries)
	}
	if n, err := db.WaitingJobs(context.Background(), time.Now().Add(2*time.Second)); err != nil || n != 1 {
		t.Errorf("jobs waiting once the lease is out = %d, %v; want the question, for another try", n, err)
	}
}

// TestTakeOverAJobPerWorker checks that a round takes over no more jobs
// than the replica has workers, leaving the rest to other replicas rather
// than queueing them, leased, behind busy workers.
func TestTakeOverAJobPerWorker(t *testing.T) {
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "shared.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	now := time.Now()
	for n := range 10 {
		id := fmt.Sprint(1000 + n)
		payload, _ := json.Marshal(askJob{InteractionID: id, AppID: "2", Token: "tok" + id, Question: tradeQuestion, Received: now})
		job := partnerbot.Job{ID: id, Owner: "dead", Payload: payload, Deadline: now.Add(time.Hour)}
		if err := db.AddJob(ctx, job, now.Add(-time.Second)); err != nil { // its owner's lease ran out
			t.Fatal(err)
		}
	}
	release := make(chan struct{})
	b := newTestBot(t, Options{Jobs: db, Replica: "a", Lease: time.Minute, Workers: 2,
		Answer: func(ctx context.Context, q partnerbot.Question) (partnerbot.Answer, error) {
			<-release
			return partnerbot.Answer{}, ctx.Err()
		}})
	b.tendJobs(ctx, newFakeSender())
	left, err := db.TakeJobs(ctx, "b", time.Now(), time.Now().Add(time.Minute), 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 8 {
		t.Errorf("another replica found %d jobs to take, want 8: a replica of 2 workers took %d", len(left), 10-len(left))
	}
	close(release)
	if err := b.Drain(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestTakenOverJobPastItsDeadline checks that a taken-over job whose
// deadline passed before a worker was free is finished, not answered:
// Discord no longer takes its answer.
func TestTakenOverJobPastItsDeadline(t *testing.T) {
	b := newTestBot(t, Options{})
	send := newFakeSender()
	payload, _ := json.Marshal(askJob{InteractionID: "7", AppID: "2", Token: "tok", Question: tradeQuestion, Received: time.Now().Add(-time.Hour)})
	b.takeOver(context.Background(), partnerbot.Job{ID: "7", Payload: payload, Deadline: time.Now().Add(-time.Minute)}, send)
	if err := b.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	send.mu.Lock()
	defer send.mu.Unlock()
	if len(send.edits) != 0 {
		t.Errorf("%d edits of an interaction past its deadline, want none", len(send.edits))
	}
}

// TestFinishEditTriedLater checks that when Discord keeps failing, for
// now, the last edit of an answer in several parts (the one that removes
// its pending mark), the edit is made again later, in the background.
func TestFinishEditTriedLater(t *testing.T) {
	now := make(chan time.Time)
	close(now)
	b := newTestBot(t, Options{After: func(time.Duration) <-chan time.Time { return now }})
	send := &failingEdits{fakeSender: newFakeSender(), statuses: []int{0, 503, 503, 503}}
	msgs := []message{text("The answer, part one.", false), text("Part two.", false)}
	if got := b.deliver(context.Background(), &discordgo.Interaction{ID: "1", AppID: "2", Token: "tok"}, send, msgs, 0); got != delivered {
		t.Fatalf("deliver = %d, want delivered: every part went out", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		send.mu.Lock()
		calls := send.calls
		send.mu.Unlock()
		if calls == 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d edits tried, want 5: the first, the last three times, and once more later", calls)
		}
		time.Sleep(10 * time.Millisecond)
	}
	send.fakeSender.mu.Lock()
	defer send.fakeSender.mu.Unlock()
	if last := readBackEdit(t, send.fakeSender.edits[len(send.fakeSender.edits)-1]); hasNote(last, pendingID) {
		t.Errorf("the original still carries its pending mark: %+v", last.Components)
	}
}
