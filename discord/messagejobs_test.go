package discord

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/discord/discordtest"
	"github.com/partnerbot/partnerbot/store"
)

// waitJobsDone waits until db holds no job waiting to be answered.
func waitJobsDone(t *testing.T, db *store.DB) {
	t.Helper()
	waitJobs(t, db, 0)
}

// waitJobs waits until db holds want jobs waiting to be answered.
func waitJobs(t *testing.T, db *store.DB, want int) {
	t.Helper()
	for end := time.Now().Add(waitLimit); ; {
		n, err := db.WaitingJobs(context.Background(), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if n == want {
			return
		}
		if time.Now().After(end) {
			t.Fatalf("%d jobs waiting after %v, want %d", n, waitLimit, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestMessageJobTakenOver checks that a question asked by message, whose
// replica died before it posted the answer, is answered once by the
// replica that takes its job over: in the thread its owner started or one
// it starts, or beside it; and not again when the owner had posted it.
func TestMessageJobTakenOver(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		inPlace   bool
		followUp  bool
		mentioned bool
		silenced  bool                                   // the thread was handed to people meanwhile
		prepare   func(h *harness, m *discordgo.Message) // what the owner did before it died
		wantIn    func(m *discordgo.Message) string      // where the answer goes
		wantPost  int                                    // answers the taker posts there
	}{
		{name: "died before starting the thread",
			prepare: func(*harness, *discordgo.Message) {}, wantIn: func(m *discordgo.Message) string { return m.ID }, wantPost: 1},
		{name: "died after starting the thread",
			prepare: func(h *harness, m *discordgo.Message) { startThread(h, m) },
			wantIn:  func(m *discordgo.Message) string { return m.ID }, wantPost: 1},
		{name: "died after posting the answer",
			prepare: func(h *harness, m *discordgo.Message) {
				startThread(h, m)
				ownerPosts(h, m.ID, nil)
			},
			wantIn: func(m *discordgo.Message) string { return m.ID }, wantPost: 0},
		{name: "died while sending the later parts",
			prepare: func(h *harness, m *discordgo.Message) {
				startThread(h, m)
				first := ownerPostsMarked(h, m.ID, nil)
				ownerPosts(h, m.ID, reference(first)) // a later part
			},
			wantIn: func(m *discordgo.Message) string { return m.ID }, wantPost: 1},
		{name: "an /ask answered in the thread meanwhile",
			prepare: func(h *harness, m *discordgo.Message) {
				startThread(h, m)
				ownerPostsMarked(h, m.ID, nil) // the owner died sending the later parts
				i := h.ask(growthFollowUp, discordtest.WithChannel(m.ID), discordtest.WithMember(member, discordtest.DefaultMemberPermissions))
				if _, resp := h.callback(i, 1); resp.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource {
					h.edit(i, 1) // its answer, deferred
				}
			},
			wantIn: func(m *discordgo.Message) string { return m.ID }, wantPost: 1},
		{name: "answered again after an owner died sending the later parts",
			prepare: func(h *harness, m *discordgo.Message) {
				startThread(h, m)
				first := ownerPostsMarked(h, m.ID, nil)
				ownerPosts(h, m.ID, reference(first))
				ownerPosts(h, m.ID, nil) // the whole answer, posted again by the taker that died after it
			},
			wantIn: func(m *discordgo.Message) string { return m.ID }, wantPost: 0},
		{name: "could not start the thread and answered beside it",
			prepare: func(h *harness, m *discordgo.Message) { ownerPosts(h, channel, reference(m)) },
			wantIn:  func(*discordgo.Message) string { return channel }, wantPost: 0},
		{name: "the thread holds only an answer to another question",
			prepare: func(h *harness, m *discordgo.Message) {
				startThread(h, m)
				other := discordtest.MessageMention(m.ID, member, "and the year before?", true)
				if err := h.srv.SendMessage(other); err != nil {
					h.t.Fatal(err)
				}
				ownerPosts(h, m.ID, reference(other))
			},
			wantIn: func(m *discordgo.Message) string { return m.ID }, wantPost: 1},
		{name: "follow-up in a thread handed to people", followUp: true, silenced: true,
			prepare: func(*harness, *discordgo.Message) {}, wantIn: func(*discordgo.Message) string { return channel }, wantPost: 0},
		{name: "mention in a thread handed to people", followUp: true, mentioned: true, silenced: true,
			prepare: func(*harness, *discordgo.Message) {}, wantIn: func(*discordgo.Message) string { return channel }, wantPost: 1},
		{name: "answered in place", inPlace: true,
			prepare: func(*harness, *discordgo.Message) {}, wantIn: func(*discordgo.Message) string { return channel }, wantPost: 1},
		{name: "answered in place before it died", inPlace: true,
			prepare: func(h *harness, m *discordgo.Message) {
				ownerPosts(h, channel, reference(m))
			},
			wantIn: func(*discordgo.Message) string { return channel }, wantPost: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db := openSupport(t)
			h, m := askedByMessage(t, db, tc.silenced)
			tc.prepare(h, m)
			where := tc.wantIn(m)
			before := len(h.srv.RequestsTo(http.MethodPost, "/channels/"+where+"/messages"))
			beforeAll := len(h.srv.RequestsTo(http.MethodPost, "/channels/*/messages"))
			payload, _ := json.Marshal(messageJob{Kind: jobMessage, MessageID: m.ID, ChannelID: channel, GuildID: guild,
				AuthorID: member, Question: tradeQuestion, InPlace: tc.inPlace, FollowUp: tc.followUp, Mentioned: tc.mentioned,
				Received: time.Now(), BotID: discordtest.DefaultBotUserID})
			job := partnerbot.Job{ID: messageJobID(m.ID), Owner: "a", Payload: payload, Deadline: time.Now().Add(time.Hour)}
			if err := db.AddJob(h.ctx, job, time.Now().Add(-time.Second)); err != nil { // a's lease ran out
				t.Fatal(err)
			}
			h.bot.tendJobs(h.ctx, h.bot.Sender(h.sess))
			waitJobsDone(t, db)
			posts := h.srv.RequestsTo(http.MethodPost, "/channels/"+where+"/messages")[before:]
			if len(posts) != tc.wantPost {
				t.Fatalf("%d answers posted in %s, want %d\nlog:\n%s", len(posts), where, tc.wantPost, h.logs)
			}
			if all := len(h.srv.RequestsTo(http.MethodPost, "/channels/*/messages")) - beforeAll; all != len(posts) {
				t.Errorf("%d answers posted elsewhere than %s, want none", all-len(posts), where)
			}
			for _, r := range posts {
				var sent discordgo.Message
				if err := r.JSON(&sent); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(shown(&sent), "123.86") {
					t.Errorf("posted %q, want the answer to %q", shown(&sent), tradeQuestion)
				}
				if tc.inPlace && (sent.MessageReference == nil || sent.MessageReference.MessageID != m.ID) {
					t.Errorf("an answer in place does not reply to the question: reference %+v", sent.MessageReference)
				}
			}
		})
	}
}

// askedByMessage starts replica "b", with db for its jobs, and has a
// member ask tradeQuestion by mentioning it in channel, which is first
// handed to people when silenced. The bot answers mentions only by taking
// their jobs over (NoMentions); with changes its options.
func askedByMessage(t *testing.T, db *store.DB, silenced bool, with ...func(*Options)) (*harness, *discordgo.Message) {
	t.Helper()
	o := Options{NoMentions: true, Jobs: db, Replica: "b", Lease: time.Minute}
	for _, f := range with {
		f(&o)
	}
	h := start(t, setup{opts: o, support: true})
	if silenced {
		if err := h.db.(Support).SilenceThread(h.ctx, channel, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	m := discordtest.MessageMention(channel, member, tradeQuestion, true)
	if err := h.srv.SendMessage(m); err != nil {
		t.Fatal(err)
	}
	return h, m
}

// startThread starts the thread from m, as the bot.
func startThread(h *harness, m *discordgo.Message) {
	h.t.Helper()
	if _, err := h.sess.MessageThreadStartComplex(channel, m.ID, &discordgo.ThreadStart{Name: "q", AutoArchiveDuration: 1440}); err != nil {
		h.t.Fatal(err)
	}
}

// ownerPosts posts an answer in channelID as the dead owner did, replying
// to ref when it is not nil.
func ownerPosts(h *harness, channelID string, ref *discordgo.MessageReference) {
	h.t.Helper()
	if _, err := h.sess.ChannelMessageSendComplex(channelID, &discordgo.MessageSend{Content: "the answer", Reference: ref,
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}}); err != nil {
		h.t.Fatal(err)
	}
}

// ownerPostsMarked posts, as ownerPosts does, the first part of an answer
// whose later parts the dead owner was still sending: marked pending.
func ownerPostsMarked(h *harness, channelID string, ref *discordgo.MessageReference) *discordgo.Message {
	h.t.Helper()
	msg := text("the answer's first part", false).withNote(pendingID, sendingText)
	msg.ReplyTo = ref
	m, err := h.sess.ChannelMessageSendComplex(channelID, msg.send())
	if err != nil {
		h.t.Fatal(err)
	}
	return m
}

// TestMentionJobWhileAnswering checks that a mention is recorded as a job
// while it is answered and finished once its answer is posted, and that a
// replica that stalled past its lease, whose job another replica took
// over, does not post its own answer too.
func TestMentionJobWhileAnswering(t *testing.T) {
	t.Parallel()
	for _, lost := range []bool{false, true} {
		t.Run(map[bool]string{false: "answered", true: "taken over meanwhile"}[lost], func(t *testing.T) {
			t.Parallel()
			db := openSupport(t)
			answering, release := make(chan struct{}), make(chan struct{})
			e := seedEngine(t)
			slow := func(ctx context.Context, q partnerbot.Question) (partnerbot.Answer, error) {
				close(answering)
				<-release
				return e.Answer(ctx, q)
			}
			h := start(t, setup{opts: Options{Answer: slow, Jobs: db, Replica: "a", Lease: time.Minute}})
			h.say(channel, member, tradeQuestion, true)
			<-answering
			if n, err := db.WaitingJobs(h.ctx, time.Now()); n != 1 || err != nil {
				t.Errorf("while answering: %d jobs waiting (%v), want the mention's", n, err)
			}
			if lost {
				// b takes the job as if a's lease had run out; a learns so
				// at its next renewal.
				taken, err := db.TakeJobs(h.ctx, "b", time.Now().Add(2*time.Minute), time.Now().Add(3*time.Minute), 10)
				if err != nil || len(taken) != 1 {
					t.Fatalf("b took %d jobs (%v), want 1", len(taken), err)
				}
				h.bot.renewJobs(h.ctx, time.Now().Add(time.Minute))
			}
			close(release)
			if err := h.bot.Drain(h.ctx); err != nil {
				t.Fatal(err)
			}
			posts := h.srv.RequestsTo(http.MethodPost, "/channels/*/messages")
			if want := map[bool]int{false: 1, true: 0}[lost]; len(posts) != want {
				t.Errorf("a posted %d answers, want %d\nlog:\n%s", len(posts), want, h.logs)
			}
			if !lost {
				waitJobsDone(t, db)
			}
		})
	}
}

// TestMentionNotPostedIsTriedAgain checks that an answer Discord failed
// to take for now (a 503) leaves the mention's job for another try, which
// posts it once, rather than finishing the job with nothing posted.
func TestMentionNotPostedIsTriedAgain(t *testing.T) {
	t.Parallel()
	db := openSupport(t)
	lease := 300 * time.Millisecond
	h := start(t, setup{opts: Options{Jobs: db, Replica: "a", Lease: lease}})
	h.srv.FailNext(http.MethodPost, "/channels/*/messages", discordtest.ServerError(http.StatusServiceUnavailable))
	h.say(channel, member, tradeQuestion, true)
	for end := time.Now().Add(waitLimit); !strings.Contains(h.logs.String(), "left for another try"); {
		if time.Now().After(end) {
			t.Fatalf("the answer Discord failed was not left for another try\nlog:\n%s", h.logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n, err := db.WaitingJobs(h.ctx, time.Now()); n != 1 || err != nil {
		t.Fatalf("after the 503: %d jobs waiting (%v), want the mention's\nlog:\n%s", n, err, h.logs)
	}
	// Once its lease runs out, a round of the job loop takes it again
	// (rounds are tried until one does: under load the lease may end a
	// little later than one lease from now).
	for end := time.Now().Add(waitLimit); ; time.Sleep(lease / 3) {
		h.bot.tendJobs(h.ctx, h.bot.Sender(h.sess))
		if n, err := db.WaitingJobs(h.ctx, time.Now()); n == 0 && err == nil {
			break
		}
		if time.Now().After(end) {
			t.Fatalf("the mention was not answered on another try\nlog:\n%s", h.logs)
		}
	}
	posted := 0
	for _, r := range h.srv.RequestsTo(http.MethodPost, "/channels/*/messages") {
		if r.Status/100 == 2 {
			posted++
		}
	}
	if posted != 1 {
		t.Errorf("%d answers posted, want 1\nlog:\n%s", posted, h.logs)
	}
}

// TestUnknownJobKindLeft checks that a job of a kind this build does not
// know (a newer build's, during a rolling upgrade) is left for a replica
// that knows it, not dropped as unreadable.
func TestUnknownJobKindLeft(t *testing.T) {
	db := openSupport(t)
	ctx := context.Background()
	job := partnerbot.Job{ID: "future:1", Owner: "dead", Payload: []byte(`{"kind":"future","what":"x"}`), Deadline: time.Now().Add(time.Hour)}
	if err := db.AddJob(ctx, job, time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	b := newTestBot(t, Options{Jobs: db, Replica: "a", Lease: time.Minute})
	b.tendJobs(ctx, newFakeSender())
	if err := b.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := db.WaitingJobs(ctx, time.Now()); n != 1 || err != nil {
		t.Errorf("%d jobs waiting (%v), want the unknown one still", n, err)
	}
}

// TestStalePartMarkedAnsweredAgain checks that the first part of an answer
// whose replica died while sending the rest, found still marked pending,
// is noted as sent again below once the taker has answered in full; its
// text and other components are kept. When the taker could not answer
// (the model failed: only an apology is posted), the mark stays.
func TestStalePartMarkedAnsweredAgain(t *testing.T) {
	t.Parallel()
	for _, fails := range []bool{false, true} {
		t.Run(map[bool]string{false: "answered", true: "the model fails"}[fails], func(t *testing.T) {
			t.Parallel()
			testStalePart(t, fails)
		})
	}
}

func testStalePart(t *testing.T, fails bool) {
	db := openSupport(t)
	var with []func(*Options)
	if fails {
		with = append(with, func(o *Options) {
			o.Answer = func(context.Context, partnerbot.Question) (partnerbot.Answer, error) {
				return partnerbot.Answer{}, errors.New("model down")
			}
		})
	}
	h, m := askedByMessage(t, db, false, with...)
	startThread(h, m)
	first := text("The answer's first part.", false)
	first.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Still need help?", Style: discordgo.SecondaryButton, CustomID: "pb:handoff:1"}}}}
	stale, err := h.sess.ChannelMessageSendComplex(m.ID, first.withNote(pendingID, sendingText).send())
	if err != nil {
		t.Fatal(err)
	}
	ownerPosts(h, m.ID, reference(stale)) // a later part
	payload, _ := json.Marshal(messageJob{Kind: jobMessage, MessageID: m.ID, ChannelID: channel, GuildID: guild,
		AuthorID: member, Question: tradeQuestion, Received: time.Now(), BotID: discordtest.DefaultBotUserID})
	if err := db.AddJob(h.ctx, partnerbot.Job{ID: messageJobID(m.ID), Owner: "a", Payload: payload, Deadline: time.Now().Add(time.Hour)},
		time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	h.bot.tendJobs(h.ctx, h.bot.Sender(h.sess))
	waitJobsDone(t, db)
	if fails {
		h.bot.pool.drain(h.ctx) // the worker is done
		if got, _ := h.srv.Message(stale.ID); !hasNote(got, pendingID) || hasNote(got, againID) {
			t.Errorf("stale part's buttons = %q after an apology; want its pending mark kept", customIDs(got))
		}
		return
	}
	h.eventually("the stale part noted", func() bool {
		got, _ := h.srv.Message(stale.ID)
		return got != nil && hasNote(got, againID)
	})
	got, _ := h.srv.Message(stale.ID)
	if hasNote(got, pendingID) || got.Content != stale.Content || !slices.Contains(customIDs(got), "pb:handoff:1") {
		t.Errorf("stale part shows %q with buttons %q; want its text and its button, noted, without its pending mark", got.Content, customIDs(got))
	}
	for _, r := range h.srv.RequestsTo(http.MethodPatch, "/channels/"+m.ID+"/messages/"+stale.ID) {
		var edit map[string]any
		if err := r.JSON(&edit); err != nil {
			t.Fatal(err)
		}
		if _, ok := edit["content"]; ok {
			t.Errorf("the note's edit sends content again: %s", r.Body)
		}
		if am, ok := edit["allowed_mentions"].(map[string]any); !ok || am["parse"] == nil || len(am["parse"].([]any)) != 0 {
			t.Errorf("the note's edit allows mentions: %s", r.Body)
		}
	}
	posted := 0
	for _, r := range h.srv.RequestsTo(http.MethodPost, "/channels/"+m.ID+"/messages") {
		if r.Status/100 == 2 {
			posted++
		}
	}
	if posted < 3 {
		t.Errorf("%d messages posted in the thread, want the owner's two and the taker's answer", posted)
	}
}
