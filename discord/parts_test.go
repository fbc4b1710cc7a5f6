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
	edits := h.srv.RequestsTo(http.MethodPatch, "/channels/"+thread+"/messages/*")
	if len(edits) != 1 {
		t.Fatalf("%d edits of the thread's messages, want 1 (the first part's)", len(edits))
	}
	first := firstAnswer(t, h, thread)
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

// refusingSender is a Sender whose refuse-th Send (from 1) Discord refuses.
type refusingSender struct {
	Sender
	refuse, n int
}

func (s *refusingSender) Send(ctx context.Context, channelID string, m *discordgo.MessageSend) (*discordgo.Message, error) {
	if s.n++; s.n == s.refuse {
		return nil, &discordgo.RESTError{Response: &http.Response{StatusCode: http.StatusBadRequest},
			Message: &discordgo.APIErrorMessage{Code: 50035, Message: "Invalid Form Body"}}
	}
	return s.Sender.Send(ctx, channelID, m)
}

func (s *refusingSender) EditMessage(ctx context.Context, e *discordgo.MessageEdit) (*discordgo.Message, error) {
	return s.Sender.(messageEditor).EditMessage(ctx, e)
}

// TestPostPartsLaterPartRefused checks that when Discord refuses a later
// part of an answer, the first part says so instead of staying pending.
func TestPostPartsLaterPartRefused(t *testing.T) {
	t.Parallel()
	_, want := longAnswer(t)
	h := start(t, setup{opts: Options{NoMentions: true}})
	m := discordtest.MessageMention(channel, member, "Everything?", true)
	if err := h.srv.SendMessage(m); err != nil {
		t.Fatal(err)
	}
	send := &refusingSender{Sender: h.bot.Sender(h.sess), refuse: 2}
	if !h.bot.postParts(h.ctx, m, channel, reference(m), want, send, "") {
		t.Fatal("postParts left the answer for another try after posting its first part")
	}
	first := firstAnswer(t, h, channel)
	if hasNote(first, pendingID) || !hasNote(first, partsLostID) {
		t.Errorf("first part's components = %+v, want the parts-lost note only", first.Components)
	}
	if !h.bot.answeredIn(h.ctx, h.bot.Sender(h.sess), channel, m.ID, discordtest.DefaultBotUserID) {
		t.Error("an answer whose later part Discord refused is answered again by a taker")
	}
}
