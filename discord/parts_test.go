package discord

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/discord/discordtest"
)

// TestMentionPartsSettled checks that an answer to a mention too long for
// one message is posted whole, its first part marked pending while the
// later parts are sent and shown without the mark once they are.
func TestMentionPartsSettled(t *testing.T) {
	t.Parallel()
	db := openSupport(t)
	many, want := longAnswer(t)
	h := start(t, setup{opts: Options{Jobs: db, Replica: "a", Lease: time.Minute,
		Answer: func(_ context.Context, q partnerbot.Question) (partnerbot.Answer, error) {
			return answerOf(q.Text, many...), nil
		}}})
	m := discordtest.MessageMention(channel, member, "Everything?", true)
	if err := h.srv.SendMessage(m); err != nil {
		t.Fatal(err)
	}
	thread := m.ID // a thread started from a message takes its ID
	if _, err := h.srv.WaitRequest(h.ctx, http.MethodPatch, "/channels/"+thread+"/messages/*"); err != nil {
		t.Fatalf("the first part was never edited: %v\nlog:\n%s", err, h.logs)
	}
	waitJobsDone(t, db)
	posts := h.srv.RequestsTo(http.MethodPost, "/channels/"+thread+"/messages")
	if len(posts) != len(want) {
		t.Fatalf("%d parts posted, want %d\nlog:\n%s", len(posts), len(want), h.logs)
	}
	var sent discordgo.Message
	if err := posts[0].JSON(&sent); err != nil {
		t.Fatal(err)
	}
	if !hasNote(&sent, pendingID) {
		t.Errorf("the first part was posted without its pending mark: %+v", sent.Components)
	}
	first := firstAnswer(t, h, thread)
	for k, r := range posts[1:] {
		var later discordgo.MessageSend
		if err := r.JSON(&later); err != nil {
			t.Fatal(err)
		}
		if later.Reference == nil || later.Reference.MessageID != first.ID {
			t.Errorf("part %d replies to %+v, want the first part %s: only a first part replies to nothing in the thread", k+2, later.Reference, first.ID)
		}
	}
	edits := h.srv.RequestsTo(http.MethodPatch, "/channels/"+thread+"/messages/*")
	if len(edits) != 1 {
		t.Fatalf("%d edits of the thread's messages, want 1 (the first part's)", len(edits))
	}
	first = firstAnswer(t, h, thread)
	if hasNote(first, pendingID) || hasNote(first, partsLostID) || first.Content != want[0].Content {
		t.Errorf("the first part shows %q with components %+v; want the answer's first part, unmarked", first.Content, first.Components)
	}
	if !h.bot.answeredIn(h.ctx, h.bot.Sender(h.sess), thread, m.ID, discordtest.DefaultBotUserID) {
		t.Error("answeredIn = false for the whole answer")
	}
}

// firstAnswer is the bot's first message in channelID, as Discord holds
// it now.
func firstAnswer(t *testing.T, h *harness, channelID string) *discordgo.Message {
	t.Helper()
	msgs, err := h.sess.ChannelMessages(channelID, 100, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	var first *discordgo.Message
	for _, m := range msgs {
		if m.Author != nil && m.Author.ID == discordtest.DefaultBotUserID && (first == nil || earlier(m.ID, first.ID)) {
			first = m
		}
	}
	if first == nil {
		t.Fatalf("no message from the bot in %s", channelID)
	}
	return first
}

// refusingSender is a Sender whose refuse-th Send (from 1) Discord
// refuses, or, with cut, that cut short: cut is called and the send fails
// with ctx's error.
type refusingSender struct {
	Sender
	refuse, n int
	cut       context.CancelFunc
}

func (s *refusingSender) Send(ctx context.Context, channelID string, m *discordgo.MessageSend) (*discordgo.Message, error) {
	if s.n++; s.n != s.refuse {
		return s.Sender.Send(ctx, channelID, m)
	}
	if s.cut != nil {
		s.cut()
		return nil, ctx.Err()
	}
	return nil, &discordgo.RESTError{Response: &http.Response{StatusCode: http.StatusBadRequest},
		Message: &discordgo.APIErrorMessage{Code: 50035, Message: "Invalid Form Body"}}
}

// earlier reports whether snowflake a comes before snowflake b.
func earlier(a, b string) bool {
	return len(a) < len(b) || (len(a) == len(b) && a < b)
}

func (s *refusingSender) EditMessage(ctx context.Context, e *discordgo.MessageEdit) (*discordgo.Message, error) {
	return s.Sender.(messageEditor).EditMessage(ctx, e)
}

// TestPostPartsLaterPartFails checks what shows when a later part of an
// answer is not posted, beside the question or inside a forum post (where
// only the first part replies to the post's first message). Refused by
// Discord, the first part says part is missing, and the answer is done.
// Cut short (a shutdown), the first part keeps its pending mark and the
// answer is left for another try, so a taker answers it whole again.
func TestPostPartsLaterPartFails(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		cut, forum bool
	}{
		{name: "refused"},
		{name: "cut short", cut: true},
		{name: "refused in a forum post", forum: true},
		{name: "cut short in a forum post", cut: true, forum: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			want := []message{text("First part.", false), text("Second part.", false), text("Third part.", false)}
			h := start(t, setup{opts: Options{NoMentions: true}})
			m := discordtest.MessageMention(channel, member, "Everything?", true)
			target := channel
			if tc.forum {
				if err := h.srv.AddChannel(discordtest.ForumChannel(forumID, "help")); err != nil {
					t.Fatal(err)
				}
				_, m = h.post(member, "Everything?", "all of it")
				target = m.ID // the post's thread
			} else if err := h.srv.SendMessage(m); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(h.ctx)
			defer cancel()
			send := &refusingSender{Sender: h.bot.Sender(h.sess), refuse: 3} // the second part is posted
			if tc.cut {
				send.cut = cancel
			}
			wantOutcome := refused
			if tc.cut {
				wantOutcome = unfinished
			}
			if got := h.bot.postParts(ctx, m, target, reference(m), want, send, messageJobID(m.ID)); got != wantOutcome {
				t.Errorf("postParts = %d, want %d", got, wantOutcome)
			}
			first := firstAnswer(t, h, target)
			if hasNote(first, pendingID) != tc.cut || hasNote(first, partsLostID) == tc.cut {
				t.Errorf("first part's components = %+v, want the pending mark %v, the parts-lost note %v", first.Components, tc.cut, !tc.cut)
			}
			if answered := h.bot.answeredIn(h.ctx, h.bot.Sender(h.sess), target, m.ID, discordtest.DefaultBotUserID); answered == tc.cut {
				t.Errorf("a taker finds it answered: %v, want %v", answered, !tc.cut)
			}
		})
	}
}

// TestSettlePartsTriedLater checks that when Discord keeps failing, for
// now, the edit that takes an answer's pending mark away once every part
// is posted, the edit is tried again in the background until it is made.
func TestSettlePartsTriedLater(t *testing.T) {
	t.Parallel()
	now := make(chan time.Time)
	close(now)
	h := start(t, setup{opts: Options{NoMentions: true, After: func(time.Duration) <-chan time.Time { return now }}})
	m := discordtest.MessageMention(channel, member, "Everything?", true)
	if err := h.srv.SendMessage(m); err != nil {
		t.Fatal(err)
	}
	for range editTries {
		h.srv.FailNext(http.MethodPatch, "/channels/*/messages/*", discordtest.ServerError(http.StatusServiceUnavailable))
	}
	want := []message{text("First part.", false), text("Second part.", false)}
	if got := h.bot.postParts(h.ctx, m, channel, reference(m), want, h.bot.Sender(h.sess), messageJobID(m.ID)); got != delivered {
		t.Fatalf("postParts = %d, want delivered: every part was posted", got)
	}
	h.eventually("the pending mark taken away later", func() bool {
		return !hasNote(firstAnswer(t, h, channel), pendingID)
	})
	if n := len(h.srv.RequestsTo(http.MethodPatch, "/channels/*/messages/*")); n != editTries+1 {
		t.Errorf("%d edits, want %d: %d that failed, and one later", n, editTries+1, editTries)
	}
}
