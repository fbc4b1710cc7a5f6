package discordtest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/partnerbot/partnerbot/discord"
	"github.com/partnerbot/partnerbot/discord/discordtest"
)

// testCtx is a context bounded by a generous per-test deadline.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// recv takes one value from ch or fails the test when ctx ends.
func recv[T any](t *testing.T, ctx context.Context, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		t.Fatalf("waiting for %s: %v", what, ctx.Err())
		var zero T
		return zero
	}
}

// eventually polls cond until it holds or ctx ends.
func eventually(t *testing.T, ctx context.Context, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-tick.C:
		case <-ctx.Done():
			t.Fatalf("waiting for %s: %v", what, ctx.Err())
		}
	}
}

// open opens sess, failing the test on error.
func open(t *testing.T, sess *discordgo.Session) {
	t.Helper()
	if err := sess.Open(); err != nil {
		t.Fatalf("Open() error = %v", err)
	}
}

// messages forwards MESSAGE_CREATEs not written by the bot.
func messages(sess *discordgo.Session) <-chan *discordgo.Message {
	ch := make(chan *discordgo.Message, 16)
	sess.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
		if m.Author != nil && m.Author.ID == discordtest.DefaultBotUserID {
			return
		}
		ch <- m.Message
	})
	return ch
}

// restStatus returns the HTTP status of a discordgo REST error, or 0.
func restStatus(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode
	}
	return 0
}

// restCode returns the Discord JSON error code of a REST error, or -1.
func restCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return -1
}

func TestOpenReadyAndHeartbeats(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	s := discordtest.NewServer(t, discordtest.Options{HeartbeatInterval: 100 * time.Millisecond})
	sess := s.Session("")
	ready := make(chan *discordgo.Ready, 1)
	sess.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { ready <- r })

	open(t, sess)
	r := recv(t, ctx, ready, "READY")
	if err := s.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}

	if got, want := r.User.ID, discordtest.DefaultBotUserID; got != want {
		t.Errorf("ready user id = %q, want %q", got, want)
	}
	if !r.User.Bot {
		t.Errorf("ready user bot = false, want true")
	}
	if got, want := r.SessionID, s.SessionID(); got != want || got == "" {
		t.Errorf("ready session id = %q, want %q (non-empty)", got, want)
	}
	if got, want := r.Version, 9; got != want {
		t.Errorf("ready v = %d, want %d (discordgo asks for %s)", got, want, discordgo.APIVersion)
	}
	if got, want := r.Application.ID, discordtest.DefaultApplicationID; got != want {
		t.Errorf("ready application id = %q, want %q", got, want)
	}
	ids := s.Identified()
	if len(ids) != 1 {
		t.Fatalf("identifies = %d, want 1", len(ids))
	}
	if got, want := ids[0].Token, "Bot "+discordtest.DefaultToken; got != want {
		t.Errorf("identify token = %q, want %q", got, want)
	}

	sess.RLock()
	helloAck := sess.LastHeartbeatAck
	sess.RUnlock()
	if err := s.WaitHeartbeats(ctx, 3); err != nil {
		t.Fatal(err)
	}
	eventually(t, ctx, "a heartbeat ACK", func() bool {
		sess.RLock()
		defer sess.RUnlock()
		return sess.LastHeartbeatAck.After(helloAck)
	})
	if got := s.Identifies(); got != 1 {
		t.Errorf("identifies after heartbeats = %d, want 1 (no reconnect)", got)
	}
}

func TestSlashCommandRespond(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	s := discordtest.NewServer(t, discordtest.Options{})
	sess := s.Session("")
	got := make(chan *discordgo.Interaction, 1)
	respondErr := make(chan error, 1)
	sess.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		got <- ic.Interaction
		respondErr <- s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: "pong: " + ic.ApplicationCommandData().Options[0].StringValue()},
		})
	})
	open(t, sess)

	sent := discordtest.SlashCommand("ask",
		discordtest.StringOption("question", "why?"),
		discordtest.IntOption("count", 3),
		discordtest.WithMember("200000000000000001", discordtest.DefaultMemberPermissions|discordgo.PermissionManageMessages),
		discordtest.WithChannel("300000000000000001"),
	)
	if err := s.SendInteraction(sent); err != nil {
		t.Fatal(err)
	}
	in := recv(t, ctx, got, "interaction")
	if !reflect.DeepEqual(in, sent) {
		t.Errorf("received interaction differs from sent:\ngot  %+v\nwant %+v", in, sent)
	}
	data := in.ApplicationCommandData()
	if data.Name != "ask" || data.Options[0].StringValue() != "why?" || data.Options[1].IntValue() != 3 {
		t.Errorf("data = %s %v %v, want ask why? 3", data.Name, data.Options[0].Value, data.Options[1].Value)
	}
	if in.Member.Permissions&discordgo.PermissionManageMessages == 0 {
		t.Errorf("member permissions %d lack ManageMessages", in.Member.Permissions)
	}
	if err := recv(t, ctx, respondErr, "respond"); err != nil {
		t.Fatalf("InteractionRespond error = %v", err)
	}

	req, err := s.WaitRequest(ctx, http.MethodPost, "/api/v10/interactions/*/*/callback")
	if err != nil {
		t.Fatal(err)
	}
	if want := "/interactions/" + sent.ID + "/" + sent.Token + "/callback"; !strings.HasSuffix(req.Path, want) {
		t.Errorf("callback path = %q, want suffix %q", req.Path, want)
	}
	var body discordgo.InteractionResponse
	if err := req.JSON(&body); err != nil {
		t.Fatal(err)
	}
	if body.Type != discordgo.InteractionResponseChannelMessageWithSource || body.Data.Content != "pong: why?" {
		t.Errorf("callback body = %d %q, want 4 %q", body.Type, body.Data.Content, "pong: why?")
	}

	orig, err := sess.InteractionResponse(sent)
	if err != nil {
		t.Fatalf("InteractionResponse error = %v", err)
	}
	if orig.Content != "pong: why?" || orig.ChannelID != "300000000000000001" {
		t.Errorf("original = %q in %s, want %q in 300000000000000001", orig.Content, orig.ChannelID, "pong: why?")
	}
	err = sess.InteractionRespond(sent, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Content: "again"}})
	if restStatus(err) != http.StatusBadRequest || restCode(err) != 40060 {
		t.Errorf("second ack error = %v, want 400 code 40060", err)
	}
}

// askSent starts a fake with opts, opens a session on it and sends it a
// /ask interaction, not yet acknowledged.
func askSent(t *testing.T, opts discordtest.Options) (*discordtest.Server, *discordgo.Session, *discordgo.Interaction) {
	t.Helper()
	s := discordtest.NewServer(t, opts)
	sess := s.Session("")
	open(t, sess)
	it := discordtest.SlashCommand("ask")
	if err := s.SendInteraction(it); err != nil {
		t.Fatal(err)
	}
	return s, sess, it
}

func TestDeferEditFollowup(t *testing.T) {
	t.Parallel()
	s, sess, it := askSent(t, discordtest.Options{})

	if _, err := sess.FollowupMessageCreate(it, true, &discordgo.WebhookParams{Content: "early"}); restCode(err) != 10015 {
		t.Errorf("follow-up before ack error = %v, want code 10015", err)
	}
	if err := sess.InteractionRespond(it, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatalf("defer error = %v", err)
	}
	orig, err := sess.InteractionResponse(it)
	if err != nil {
		t.Fatal(err)
	}
	if orig.Flags&discordgo.MessageFlagsLoading == 0 {
		t.Errorf("deferred original flags = %d, want loading", orig.Flags)
	}
	answer := "the answer"
	edited, err := sess.InteractionResponseEdit(it, &discordgo.WebhookEdit{Content: &answer})
	if err != nil {
		t.Fatalf("edit error = %v", err)
	}
	if edited.Content != answer || edited.Flags&discordgo.MessageFlagsLoading != 0 || edited.EditedTimestamp == nil {
		t.Errorf("edited = %q flags %d edited_at %v, want %q without loading", edited.Content, edited.Flags, edited.EditedTimestamp, answer)
	}
	long := strings.Repeat("x", 2001)
	if _, err := sess.InteractionResponseEdit(it, &discordgo.WebhookEdit{Content: &long}); restCode(err) != 50035 {
		t.Errorf("2001-char edit error = %v, want code 50035", err)
	}
	f, err := sess.FollowupMessageCreate(it, true, &discordgo.WebhookParams{Content: "more", Flags: discordgo.MessageFlagsEphemeral})
	if err != nil {
		t.Fatalf("follow-up error = %v", err)
	}
	if f.ID == "" || f.Content != "more" || f.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("follow-up = %+v, want id, content more, ephemeral", f)
	}
	if _, err := sess.FollowupMessageCreate(it, true, &discordgo.WebhookParams{}); restCode(err) != 50006 {
		t.Errorf("empty follow-up error = %v, want code 50006", err)
	}
	if err := sess.FollowupMessageDelete(it, f.ID); err != nil {
		t.Errorf("delete follow-up error = %v", err)
	}
	if got := len(s.RequestsTo(http.MethodPost, "/webhooks/*/*")); got != 3 {
		t.Errorf("follow-up POSTs recorded = %d, want 3", got)
	}
}

func TestBuildersRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	s := discordtest.NewServer(t, discordtest.Options{})
	sess := s.Session("")
	sess.Identify.Intents |= discordgo.IntentMessageContent
	interactions := make(chan *discordgo.Interaction, 4)
	sess.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) { interactions <- ic.Interaction })
	msgs := messages(sess)
	open(t, sess)

	tests := []struct {
		name string
		in   *discordgo.Interaction
	}{
		{"slash with subcommand", discordtest.SlashCommand("admin", discordtest.SubcommandOption("purge", discordtest.IntOption("days", 7), discordtest.BoolOption("dry", true)), discordtest.WithGuild("400000000000000001"))},
		{"button", discordtest.Button("vote:up", discordtest.WithChannel("300000000000000002"))},
		{"autocomplete", discordtest.Autocomplete("ask", "topic", "go", discordtest.StringOption("lang", "en"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.SendInteraction(tt.in); err != nil {
				t.Fatal(err)
			}
			got := recv(t, ctx, interactions, "interaction")
			if !reflect.DeepEqual(got, tt.in) {
				t.Errorf("round trip differs:\ngot  %#v\nwant %#v", got, tt.in)
			}
		})
	}
	t.Run("message mention", func(t *testing.T) {
		want := discordtest.MessageMention(discordtest.DefaultChannelID, discordtest.DefaultUserID, "hello", true)
		if err := s.SendMessage(want); err != nil {
			t.Fatal(err)
		}
		got := recv(t, ctx, msgs, "message")
		if !reflect.DeepEqual(got, want) {
			t.Errorf("round trip differs:\ngot  %#v\nwant %#v", got, want)
		}
		if !strings.HasPrefix(got.Content, "<@"+discordtest.DefaultBotUserID+"> ") || len(got.Mentions) != 1 {
			t.Errorf("content %q mentions %d, want bot mention", got.Content, len(got.Mentions))
		}
	})
	t.Run("button message components", func(t *testing.T) {
		b := discordtest.Button("x")
		if err := s.SendInteraction(b); err != nil {
			t.Fatal(err)
		}
		got := recv(t, ctx, interactions, "interaction")
		row, ok := got.Message.Components[0].(*discordgo.ActionsRow)
		if !ok || row.Components[0].(*discordgo.Button).CustomID != "x" {
			t.Errorf("button message components = %#v, want a row with button x", got.Message.Components)
		}
		if got.MessageComponentData().CustomID != "x" {
			t.Errorf("custom id = %q, want x", got.MessageComponentData().CustomID)
		}
	})
}

func TestMessageThreadAndSend(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	s := discordtest.NewServer(t, discordtest.Options{})
	sess := s.Session("")
	msgs := messages(sess)
	own := make(chan *discordgo.Message, 4)
	sess.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
		if m.Author.ID == discordtest.DefaultBotUserID {
			own <- m.Message
		}
	})
	threads := make(chan *discordgo.Channel, 1)
	sess.AddHandler(func(_ *discordgo.Session, c *discordgo.ThreadCreate) { threads <- c.Channel })
	open(t, sess)

	const ch = "300000000000000009"
	if err := s.SendMessage(discordtest.MessageMention(ch, discordtest.DefaultUserID, "help me", true)); err != nil {
		t.Fatal(err)
	}
	in := recv(t, ctx, msgs, "mention")
	if in.Content == "" || in.GuildID != discordtest.DefaultGuildID {
		t.Errorf("mention = %q in guild %q, want content in default guild", in.Content, in.GuildID)
	}

	th, err := sess.MessageThreadStartComplex(ch, in.ID, &discordgo.ThreadStart{Name: "help me", AutoArchiveDuration: 60})
	if err != nil {
		t.Fatalf("MessageThreadStartComplex error = %v", err)
	}
	if th.ID != in.ID || th.ParentID != ch || th.Type != discordgo.ChannelTypeGuildPublicThread || th.Name != "help me" {
		t.Errorf("thread = id %s parent %s type %d name %q, want id %s parent %s type 11", th.ID, th.ParentID, th.Type, th.Name, in.ID, ch)
	}
	if got := recv(t, ctx, threads, "THREAD_CREATE"); got.ID != th.ID {
		t.Errorf("THREAD_CREATE id = %s, want %s", got.ID, th.ID)
	}
	if _, err := sess.MessageThreadStart(ch, in.ID, "again", 60); restCode(err) != 160004 {
		t.Errorf("second thread error = %v, want code 160004", err)
	}
	if _, err := sess.MessageThreadStart(ch, "1", "x", 60); restCode(err) != 10008 {
		t.Errorf("thread on unknown message error = %v, want code 10008", err)
	}

	sent, err := sess.ChannelMessageSendComplex(th.ID, &discordgo.MessageSend{
		Content:   "on it",
		Reference: &discordgo.MessageReference{MessageID: in.ID, ChannelID: ch},
		Embeds:    []*discordgo.MessageEmbed{{Title: "t", Description: "d"}},
	})
	if err != nil {
		t.Fatalf("ChannelMessageSendComplex error = %v", err)
	}
	if sent.Content != "on it" || sent.ChannelID != th.ID || sent.Author.ID != discordtest.DefaultBotUserID || sent.Type != discordgo.MessageTypeReply {
		t.Errorf("sent = %+v, want reply from bot in thread", sent)
	}
	if got := recv(t, ctx, own, "own MESSAGE_CREATE"); got.ID != sent.ID {
		t.Errorf("echoed message id = %s, want %s", got.ID, sent.ID)
	}
	got, err := sess.Channel(th.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ParentID != ch || got.MessageCount != 1 {
		t.Errorf("GET thread parent %s count %d, want %s 1", got.ParentID, got.MessageCount, ch)
	}
	if err := sess.ChannelTyping(th.ID); err != nil {
		t.Errorf("ChannelTyping error = %v", err)
	}
	if _, err := sess.ChannelMessageEdit(ch, in.ID, "hijack"); restCode(err) != 50005 {
		t.Errorf("editing another user's message error = %v, want code 50005", err)
	}
	if _, err := sess.ChannelMessageSend(ch, strings.Repeat("é", 2001)); restCode(err) != 50035 {
		t.Errorf("2001-char message error = %v, want code 50035", err)
	}

	var body discordgo.MessageSend
	reqs := s.RequestsTo(http.MethodPost, "/channels/*/messages")
	if len(reqs) != 2 {
		t.Fatalf("message POSTs recorded = %d, want 2", len(reqs))
	}
	if err := reqs[0].JSON(&body); err != nil || body.Content != "on it" {
		t.Errorf("recorded body content = %q (%v), want %q", body.Content, err, "on it")
	}
	if n := len(s.RequestsTo(http.MethodPost, "/channels/"+ch+"/messages/"+in.ID+"/threads")); n != 2 {
		t.Errorf("thread POSTs on the message = %d, want 2 (1 ok, 1 duplicate)", n)
	}
}

func TestMessageContentIntent(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	s := discordtest.NewServer(t, discordtest.Options{})
	sess := s.Session("")
	msgs := messages(sess)
	open(t, sess)

	if err := s.SendMessage(discordtest.MessageMention(discordtest.DefaultChannelID, discordtest.DefaultUserID, "not for you", false)); err != nil {
		t.Fatal(err)
	}
	if got := recv(t, ctx, msgs, "message"); got.Content != "" {
		t.Errorf("content without MESSAGE_CONTENT intent = %q, want empty", got.Content)
	}
	if err := s.SendMessage(discordtest.MessageMention(discordtest.DefaultChannelID, discordtest.DefaultUserID, "for you", true)); err != nil {
		t.Fatal(err)
	}
	if got := recv(t, ctx, msgs, "mention"); !strings.HasSuffix(got.Content, "for you") {
		t.Errorf("content of a mention = %q, want it kept", got.Content)
	}
}

// countMessages counts MESSAGE_CREATE IDs; with SyncEvents the handler runs
// in order on discordgo's reader goroutine.
type countMessages struct {
	mu   sync.Mutex
	seen map[string]int
	ch   chan string
}

// newCounter makes sess handle events in order and counts its messages.
func newCounter(sess *discordgo.Session) *countMessages {
	c := &countMessages{seen: map[string]int{}, ch: make(chan string, 16)}
	sess.SyncEvents = true
	sess.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
		c.mu.Lock()
		c.seen[m.ID]++
		c.mu.Unlock()
		c.ch <- m.ID
	})
	return c
}

// count returns how many times message id was handled.
func (c *countMessages) count(id string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seen[id]
}

// expect waits until the message id has been handled.
func (c *countMessages) expect(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	for {
		if recv(t, ctx, c.ch, "message "+id) == id {
			return
		}
	}
}

// sendAndExpect dispatches a message and waits for it.
func sendAndExpect(t *testing.T, ctx context.Context, s *discordtest.Server, c *countMessages, content string) string {
	t.Helper()
	m := discordtest.MessageMention(discordtest.DefaultChannelID, discordtest.DefaultUserID, content, true)
	if err := s.SendMessage(m); err != nil {
		t.Fatal(err)
	}
	c.expect(t, ctx, m.ID)
	return m.ID
}

func TestDropConnectionsResumes(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	s := discordtest.NewServer(t, discordtest.Options{})
	sess := s.Session("")
	c := newCounter(sess)
	open(t, sess)
	sendAndExpect(t, ctx, s, c, "before")

	if n := s.DropConnections(); n != 1 {
		t.Fatalf("DropConnections() = %d, want 1", n)
	}
	missed := discordtest.MessageMention(discordtest.DefaultChannelID, discordtest.DefaultUserID, "while down", true)
	if err := s.SendMessage(missed); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitResumes(ctx, 1); err != nil {
		t.Fatal(err)
	}
	c.expect(t, ctx, missed.ID)
	sendAndExpect(t, ctx, s, c, "after")

	if got := c.count(missed.ID); got != 1 {
		t.Errorf("missed message handled %d times, want 1", got)
	}
	if got, want := []int{s.Identifies(), s.Resumes()}, []int{1, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("identifies, resumes = %v, want %v", got, want)
	}
}

func TestReconnectOpResumes(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	s := discordtest.NewServer(t, discordtest.Options{})
	sess := s.Session("")
	c := newCounter(sess)
	open(t, sess)
	before := s.SessionID()

	if err := s.Reconnect(); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitResumes(ctx, 1); err != nil {
		t.Fatal(err)
	}
	id := sendAndExpect(t, ctx, s, c, "after op 7")
	if got := c.count(id); got != 1 {
		t.Errorf("message handled %d times, want 1", got)
	}
	if got := s.SessionID(); got != before {
		t.Errorf("session after resume = %q, want %q", got, before)
	}
	if got := s.Identifies(); got != 1 {
		t.Errorf("identifies = %d, want 1", got)
	}
}

func TestInvalidateSessionReidentifies(t *testing.T) {
	t.Parallel()
	for _, resumable := range []bool{false, true} {
		name := map[bool]string{false: "not resumable", true: "resumable"}[resumable]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := testCtx(t)
			s := discordtest.NewServer(t, discordtest.Options{})
			sess := s.Session("")
			readies := make(chan string, 2)
			sess.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { readies <- r.SessionID })
			c := newCounter(sess)
			open(t, sess)
			first := recv(t, ctx, readies, "first READY")

			if err := s.InvalidateSession(resumable); err != nil {
				t.Fatal(err)
			}
			// discordgo answers op 9 with IDENTIFY on the same connection,
			// whatever d says.
			if err := s.WaitIdentifies(ctx, 2); err != nil {
				t.Fatal(err)
			}
			second := recv(t, ctx, readies, "second READY")
			if second == first || second != s.SessionID() {
				t.Errorf("session ids: first %q second %q current %q, want a new current one", first, second, s.SessionID())
			}
			sendAndExpect(t, ctx, s, c, "after op 9")
			if got := s.Resumes(); got != 0 {
				t.Errorf("resumes = %d, want 0", got)
			}
		})
	}
}

func TestCompressedGateway(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	s := discordtest.NewServer(t, discordtest.Options{Compress: true})
	sess := s.Session("")
	c := newCounter(sess)
	open(t, sess)
	if ids := s.Identified(); len(ids) != 1 || !ids[0].Compress {
		t.Fatalf("identify compress = %+v, want true", ids)
	}
	sendAndExpect(t, ctx, s, c, "zlib")
}

func TestRateLimitedRetries(t *testing.T) {
	t.Parallel()
	for _, global := range []bool{false, true} {
		name := map[bool]string{false: "route", true: "global"}[global]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := discordtest.NewServer(t, discordtest.Options{})
			sess := s.Session("")
			limited := make(chan *discordgo.RateLimit, 1)
			sess.AddHandler(func(_ *discordgo.Session, r *discordgo.RateLimit) { limited <- r })
			s.FailNext(http.MethodPost, "/api/v10/channels/*/messages", discordtest.RateLimited(200*time.Millisecond, global))

			m, err := sess.ChannelMessageSend(discordtest.DefaultChannelID, "hi")
			if err != nil {
				t.Fatalf("ChannelMessageSend error = %v", err)
			}
			if m.Content != "hi" {
				t.Errorf("content = %q, want hi", m.Content)
			}
			reqs := s.RequestsTo(http.MethodPost, "/channels/*/messages")
			if len(reqs) != 2 {
				t.Fatalf("requests = %d, want 2 (429 then retry)", len(reqs))
			}
			if string(reqs[0].Body) != string(reqs[1].Body) {
				t.Errorf("retry body %s differs from first %s", reqs[1].Body, reqs[0].Body)
			}
			rl := recv(t, testCtx(t), limited, "RateLimit event")
			if got, want := rl.RetryAfter, 200*time.Millisecond; got != want {
				t.Errorf("RetryAfter = %v, want %v", got, want)
			}
		})
	}
}

func TestUnauthorized(t *testing.T) {
	t.Parallel()
	t.Run("fault", func(t *testing.T) {
		t.Parallel()
		s := discordtest.NewServer(t, discordtest.Options{})
		sess := s.Session("")
		s.FailNext(http.MethodGet, "/users/@me", discordtest.Unauthorized())
		_, err := sess.User("@me")
		var re *discordgo.RESTError
		if !errors.As(err, &re) || re.Response.StatusCode != http.StatusUnauthorized {
			t.Fatalf("error = %v, want *RESTError with 401", err)
		}
		if re.Message == nil || re.Message.Message != "401: Unauthorized" {
			t.Errorf("message = %+v, want 401: Unauthorized", re.Message)
		}
		// discordgo sets ErrUnauthorized only for tokens without "Bot ",
		// then overwrites it with the RESTError.
		if errors.Is(err, discordgo.ErrUnauthorized) {
			t.Errorf("errors.Is(err, ErrUnauthorized) = true, want false")
		}
		if u, err := sess.User("@me"); err != nil || u.ID != discordtest.DefaultBotUserID {
			t.Errorf("after the one-shot fault: %v, %v; want the bot user", u, err)
		}
		if got := len(s.RequestsTo(http.MethodGet, "/users/@me")); got != 2 {
			t.Errorf("recorded = %d, want 2", got)
		}
	})
	t.Run("wrong token", func(t *testing.T) {
		t.Parallel()
		s := discordtest.NewServer(t, discordtest.Options{Token: "right"})
		if _, err := s.Session("wrong").User("@me"); restStatus(err) != http.StatusUnauthorized {
			t.Errorf("REST error = %v, want 401", err)
		}
		err := s.Session("wrong").Open()
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != 4004 {
			t.Errorf("Open error = %v, want close 4004", err)
		}
		if u, err := s.Session("").User("@me"); err != nil || u.ID != discordtest.DefaultBotUserID {
			t.Errorf("right token: %v, %v; want the bot user", u, err)
		}
	})
}

func TestBadGatewayRetried(t *testing.T) {
	t.Parallel()
	s := discordtest.NewServer(t, discordtest.Options{})
	sess := s.Session("")
	s.FailNext(http.MethodGet, "/users/@me", discordtest.ServerError(http.StatusBadGateway))
	if _, err := sess.User("@me"); err != nil {
		t.Fatalf("User(@me) error = %v, want success after a retried 502", err)
	}
	if got := len(s.RequestsTo(http.MethodGet, "/users/@me")); got != 2 {
		t.Errorf("recorded = %d, want 2", got)
	}
}

func TestLatencyHonoursContext(t *testing.T) {
	t.Parallel()
	s := discordtest.NewServer(t, discordtest.Options{})
	sess := s.Session("")
	s.SetLatency(time.Minute)
	// Long enough for the request to reach the server on a loaded machine
	// (at 50 ms it sometimes had not), far short of the latency.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	start := time.Now()
	_, err := sess.User("@me", discordgo.WithContext(ctx))
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 30*time.Second {
		t.Errorf("error = %v after %v, want context.DeadlineExceeded at once", err, time.Since(start))
	}
	if got := len(s.Requests()); got != 1 {
		t.Errorf("recorded = %d, want 1", got)
	}
}

func TestUnknownRouteRecorded(t *testing.T) {
	t.Parallel()
	s := discordtest.NewServer(t, discordtest.Options{})
	sess := s.Session("")
	_, err := sess.Request(http.MethodGet, discordgo.EndpointAPI+"nope/1", nil)
	if restStatus(err) != http.StatusNotFound {
		t.Errorf("error = %v, want 404", err)
	}
	if got := s.RequestsTo("*", "/nope/*"); len(got) != 1 || got[0].Status != http.StatusNotFound {
		t.Errorf("recorded = %+v, want one request with its 404", got)
	}
	if _, err := sess.User("@me"); err != nil {
		t.Fatal(err)
	}
	if got := s.RequestsTo(http.MethodGet, "/users/@me"); len(got) != 1 || got[0].Status != http.StatusOK {
		t.Errorf("recorded = %+v, want one request with its 200", got)
	}
}

func TestCommandsBulkOverwrite(t *testing.T) {
	t.Parallel()
	s := discordtest.NewServer(t, discordtest.Options{})
	sess := s.Session("")
	app := discordtest.DefaultApplicationID
	cmds := []*discordgo.ApplicationCommand{
		{Name: "ask", Description: "Ask the partner bot", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "What to ask", Required: true},
		}},
		{Name: "help", Description: "Help"},
	}
	first, err := sess.ApplicationCommandBulkOverwrite(app, discordtest.DefaultGuildID, cmds)
	if err != nil {
		t.Fatalf("overwrite error = %v", err)
	}
	if len(first) != 2 || first[0].ID == "" || first[0].GuildID != discordtest.DefaultGuildID || first[0].ApplicationID != app {
		t.Fatalf("overwrite = %+v, want 2 guild commands with ids", first)
	}
	second, err := sess.ApplicationCommandBulkOverwrite(app, discordtest.DefaultGuildID, cmds[:1])
	if err != nil {
		t.Fatal(err)
	}
	if len(second) != 1 || second[0].ID != first[0].ID {
		t.Errorf("re-overwrite = %+v, want 1 command keeping id %s", second, first[0].ID)
	}
	got, err := sess.ApplicationCommands(app, discordtest.DefaultGuildID)
	if err != nil || len(got) != 1 || got[0].Name != "ask" {
		t.Errorf("ApplicationCommands = %+v, %v; want [ask]", got, err)
	}
	global, err := sess.ApplicationCommands(app, "")
	if err != nil || len(global) != 0 {
		t.Errorf("global commands = %+v, %v; want none", global, err)
	}
	bad := []*discordgo.ApplicationCommand{{Name: "Bad Name", Description: "x"}}
	if _, err := sess.ApplicationCommandBulkOverwrite(app, "", bad); restCode(err) != 50035 {
		t.Errorf("invalid name error = %v, want code 50035", err)
	}
}

func TestAutocompleteChoicesLimit(t *testing.T) {
	t.Parallel()
	s := discordtest.NewServer(t, discordtest.Options{})
	sess := s.Session("")
	open(t, sess)
	it := discordtest.Autocomplete("ask", "topic", "g")
	if err := s.SendInteraction(it); err != nil {
		t.Fatal(err)
	}
	choices := make([]*discordgo.ApplicationCommandOptionChoice, 26)
	for i := range choices {
		choices[i] = &discordgo.ApplicationCommandOptionChoice{Name: "c", Value: "c"}
	}
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{Choices: choices}}
	if err := sess.InteractionRespond(it, resp); restCode(err) != 50035 {
		t.Errorf("26 choices error = %v, want code 50035", err)
	}
	resp.Data.Choices = choices[:25]
	if err := sess.InteractionRespond(it, resp); err != nil {
		t.Errorf("25 choices error = %v", err)
	}
	msg := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Content: "x"}}
	other := discordtest.Autocomplete("ask", "topic", "g")
	if err := s.SendInteraction(other); err != nil {
		t.Fatal(err)
	}
	if err := sess.InteractionRespond(other, msg); restCode(err) != 50035 {
		t.Errorf("message reply to autocomplete error = %v, want code 50035", err)
	}
	if err := sess.InteractionRespond(discordtest.SlashCommand("never-sent"), msg); restCode(err) != 10062 {
		t.Errorf("unknown interaction error = %v, want code 10062", err)
	}
}

func TestAckDeadline(t *testing.T) {
	t.Parallel()
	_, sess, it := askSent(t, discordtest.Options{AckDeadline: time.Nanosecond})
	err := sess.InteractionRespond(it, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
	if restCode(err) != 10062 {
		t.Errorf("late ack error = %v, want code 10062", err)
	}
}

func TestAPIBaseTransportAgainstFake(t *testing.T) {
	t.Parallel()
	s := discordtest.NewServer(t, discordtest.Options{})
	rt, err := discord.APIBaseTransport(s.URL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := discordgo.New("Bot " + discordtest.DefaultToken)
	if err != nil {
		t.Fatal(err)
	}
	sess.Client = &http.Client{Transport: rt}
	u, err := sess.User("@me")
	if err != nil || u.ID != discordtest.DefaultBotUserID {
		t.Fatalf("User(@me) = %v, %v; want the bot user", u, err)
	}
	gw, err := sess.Gateway()
	if err != nil || gw != s.GatewayURL()+"/" {
		t.Errorf("Gateway() = %q, %v; want %q", gw, err, s.GatewayURL()+"/")
	}
	if got := s.Requests()[0].Header.Get("Authorization"); got != "Bot "+discordtest.DefaultToken {
		t.Errorf("Authorization = %q, want %q", got, "Bot "+discordtest.DefaultToken)
	}
}

// TestFollowupAfterDeferralEditsTheOriginal checks Discord's rule that a
// follow-up sent while a deferred original still shows "thinking…"
// replaces it rather than creating a message, and what Responses shows.
func TestFollowupAfterDeferralEditsTheOriginal(t *testing.T) {
	t.Parallel()
	s, sess, it := askSent(t, discordtest.Options{})
	if err := sess.InteractionRespond(it, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatalf("defer error = %v", err)
	}
	orig, err := sess.InteractionResponse(it)
	if err != nil {
		t.Fatal(err)
	}
	first, err := sess.FollowupMessageCreate(it, true, &discordgo.WebhookParams{Content: "part 2"})
	if err != nil {
		t.Fatalf("first follow-up error = %v", err)
	}
	if first.ID != orig.ID || first.Content != "part 2" || first.Flags&discordgo.MessageFlagsLoading != 0 {
		t.Errorf("first follow-up = %s %q flags %d, want the original %s edited to %q, not loading", first.ID, first.Content, first.Flags, orig.ID, "part 2")
	}
	second, err := sess.FollowupMessageCreate(it, true, &discordgo.WebhookParams{Content: "part 3"})
	if err != nil {
		t.Fatalf("second follow-up error = %v", err)
	}
	if second.ID == orig.ID {
		t.Errorf("second follow-up edited the original again; want a new message")
	}
	var got []string
	for _, m := range s.Responses(it.Token) {
		got = append(got, m.Content)
	}
	if want := []string{"part 2", "part 3"}; !slices.Equal(got, want) {
		t.Errorf("Responses = %q, want %q", got, want)
	}
	if s.Responses("no-such-token") != nil {
		t.Errorf("Responses of an unknown token is not nil")
	}
}

// TestListMessages checks GET /channels/{id}/messages: newest first, only
// the channel's, after a message the ones that follow it (the oldest of
// them when more follow than the limit), and a limit outside 1–100 refused.
func TestListMessages(t *testing.T) {
	t.Parallel()
	s := discordtest.NewServer(t, discordtest.Options{})
	sess := s.Session("")
	const ch, other = "300000000000000011", "300000000000000012"
	var ids []string
	for k := range 4 {
		m, err := sess.ChannelMessageSend(ch, fmt.Sprint("message ", k))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	if _, err := sess.ChannelMessageSend(other, "elsewhere"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name          string
		limit         int
		before, after string
		want          []string
	}{
		{"newest first", 0, "", "", []string{ids[3], ids[2], ids[1], ids[0]}},
		{"the newest within the limit", 2, "", "", []string{ids[3], ids[2]}},
		{"after a message", 0, "", ids[1], []string{ids[3], ids[2]}},
		{"after, the oldest within the limit", 1, "", ids[0], []string{ids[1]}},
		{"before a message", 0, ids[2], "", []string{ids[1], ids[0]}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := sess.ChannelMessages(ch, tc.limit, tc.before, tc.after, "")
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []string
			for _, m := range got {
				gotIDs = append(gotIDs, m.ID)
			}
			if !slices.Equal(gotIDs, tc.want) {
				t.Errorf("messages = %v, want %v", gotIDs, tc.want)
			}
		})
	}
	if _, err := sess.ChannelMessages(ch, 101, "", "", ""); restCode(err) != 50035 {
		t.Errorf("limit 101: error %v, want code 50035", err)
	}
}

// TestPostedAfterInjectedMessage checks that a message the bot posts after
// a message a test injected is listed after it, even within the same
// millisecond: the fake's IDs stay above those it has seen.
func TestPostedAfterInjectedMessage(t *testing.T) {
	t.Parallel()
	s := discordtest.NewServer(t, discordtest.Options{})
	sess := s.Session("")
	open(t, sess)
	for k := range 50 {
		ch := fmt.Sprintf("3000000000001%05d", k) // a channel each: injected IDs are random below the millisecond
		in := discordtest.MessageMention(ch, discordtest.DefaultUserID, fmt.Sprint("question ", k), true)
		if err := s.SendMessage(in); err != nil {
			t.Fatal(err)
		}
		out, err := sess.ChannelMessageSend(ch, "answer")
		if err != nil {
			t.Fatal(err)
		}
		after, err := sess.ChannelMessages(ch, 100, "", in.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != 1 || after[0].ID != out.ID {
			t.Fatalf("try %d: messages after the question %s: %d, want the answer %s", k, in.ID, len(after), out.ID)
		}
	}
}
