package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/discord/discordtest"
)

// httpHarness is a Bot serving the Interactions Endpoint URL, with a fake
// Discord for the webhook routes its deferred answers use.
type httpHarness struct {
	srv      *discordtest.Server
	endpoint string
	key      ed25519.PrivateKey
	logs     *syncBuffer
}

// startHTTP serves the endpoint; each of with may change the Bot's
// options.
func startHTTP(t *testing.T, with ...func(*Options)) *httpHarness {
	t.Helper()
	pub, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	db := newMemState()
	e := seedEngine(t)
	h := &httpHarness{key: key, logs: &syncBuffer{}}
	h.srv = discordtest.NewServer(t, discordtest.Options{Token: testToken})
	opts := Options{
		Answer: e.Answer, Store: db, GuildID: guild, UserSalt: "salt", RatePerMinute: 1000,
		Documents: func() []*corpus.Document { return e.Index().Corpus().Documents() },
		Passage:   e.Index().Corpus().Passage,
		AppID:     discordtest.DefaultApplicationID,
		Log:       slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	for _, f := range with {
		f(&opts)
	}
	b := New(opts)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		b.Drain(ctx)
	})
	// No bot token: the webhook routes need only the interaction's.
	sess, err := discordgo.New("")
	if err != nil {
		t.Fatal(err)
	}
	rt, err := APIBaseTransport(h.srv.URL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	sess.Client = &http.Client{Transport: rt}
	ts := httptest.NewServer(b.InteractionsHandler(pub, b.Sender(sess)))
	t.Cleanup(ts.Close)
	h.endpoint = ts.URL + "/interactions"
	return h
}

func (h *httpHarness) post(t *testing.T, i *discordgo.Interaction, at time.Time) discordtest.EndpointReply {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	r, err := h.srv.PostInteraction(ctx, h.endpoint, h.key, i, at)
	if err != nil {
		t.Fatalf("%v\nlog:\n%s", err, h.logs)
	}
	return r
}

func TestHTTPPing(t *testing.T) {
	h := startHTTP(t)
	r := h.post(t, &discordgo.Interaction{ID: "1", Type: discordgo.InteractionPing, Token: "t", AppID: discordtest.DefaultApplicationID}, time.Time{})
	if r.Status != 200 || strings.TrimSpace(string(r.Body)) != `{"type":1}` {
		t.Errorf("PING got %d %s, want 200 {\"type\":1}", r.Status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
}

func TestHTTPSignatureChecks(t *testing.T) {
	h := startHTTP(t)
	body := []byte(`{"id":"2","type":1,"token":"t","application_id":"` + discordtest.DefaultApplicationID + `"}`)
	now := time.Now()
	signed := func(key ed25519.PrivateKey, at time.Time, signedBody []byte) http.Header {
		ts := strconv.FormatInt(at.Unix(), 10)
		hd := http.Header{}
		hd.Set("X-Signature-Timestamp", ts)
		hd.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(ts), signedBody...))))
		return hd
	}
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)
	tests := []struct {
		name   string
		header http.Header
		body   []byte
		want   int
	}{
		{"valid", signed(h.key, now, body), body, 200},
		{"missing headers", http.Header{}, body, 401},
		{"missing timestamp", func() http.Header { hd := signed(h.key, now, body); hd.Del("X-Signature-Timestamp"); return hd }(), body, 401},
		{"bad hex", func() http.Header {
			hd := signed(h.key, now, body)
			hd.Set("X-Signature-Ed25519", "zz"+strings.Repeat("0", 126))
			return hd
		}(), body, 401},
		{"wrong key", signed(otherKey, now, body), body, 401},
		{"altered body", signed(h.key, now, body), bytes.Replace(body, []byte(`"2"`), []byte(`"3"`), 1), 401},
		{"altered timestamp", func() http.Header {
			hd := signed(h.key, now, body)
			hd.Set("X-Signature-Timestamp", strconv.FormatInt(now.Unix()+1, 10))
			return hd
		}(), body, 401},
		{"stale timestamp, replayed", signed(h.key, now.Add(-6*time.Minute), body), body, 401},
		{"timestamp from the future", signed(h.key, now.Add(6*time.Minute), body), body, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := discordtest.PostRaw(context.Background(), h.endpoint, tt.header, tt.body)
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != tt.want {
				t.Errorf("status %d, want %d (%s)", r.Status, tt.want, r.Body)
			}
		})
	}
}

// TestHTTPFastAnswerInline checks that an answer ready within InlineWait
// is the HTTP reply itself (type 4), with nothing deferred or edited.
func TestHTTPFastAnswerInline(t *testing.T) {
	h := startHTTP(t)
	i := discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, tradeQuestion), discordtest.WithMember(member, discordtest.DefaultMemberPermissions))
	r := h.post(t, i, time.Time{})
	if r.Status != 200 || r.Response == nil || r.Response.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Fatalf("want the answer inline (type 4), got %d %s", r.Status, r.Body)
	}
	if !bytes.Contains(r.Body, []byte(`"allowed_mentions":{"parse":[]`)) || !bytes.Contains(r.Body, []byte("123.86")) {
		t.Errorf("inline answer lacks the figure or allowed_mentions parse []: %s", r.Body)
	}
	if r.Response.Data.Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Errorf("an /ask answer is public, got flags %d", r.Response.Data.Flags)
	}
	m := &discordgo.Message{Content: r.Response.Data.Content, Embeds: r.Response.Data.Embeds, Components: r.Response.Data.Components}
	(&harness{t: t}).checkAnswer(m)
	time.Sleep(100 * time.Millisecond) // an edit, if one were coming, would be on its way
	if n := len(h.srv.RequestsTo(http.MethodPatch, "/webhooks/*/"+i.Token+"/messages/@original")); n != 0 {
		t.Errorf("an inline answer was also edited %d times", n)
	}
}

// TestHTTPAskDeferredThenEdited checks that an answer slower than
// InlineWait is deferred (type 5) and delivered by editing the deferral.
func TestHTTPAskDeferredThenEdited(t *testing.T) {
	h := startHTTP(t, func(o *Options) {
		answer := o.Answer
		o.InlineWait = 50 * time.Millisecond
		o.Answer = func(ctx context.Context, q partnerbot.Question) (partnerbot.Answer, error) {
			time.Sleep(300 * time.Millisecond) // a slow model
			return answer(ctx, q)
		}
	})
	i := discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, tradeQuestion), discordtest.WithMember(member, discordtest.DefaultMemberPermissions))
	r := h.post(t, i, time.Time{})
	if r.Status != 200 || r.Response == nil || r.Response.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("want a deferral (type 5), got %d %s", r.Status, r.Body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	req, err := h.srv.WaitRequest(ctx, http.MethodPatch, "/webhooks/*/"+i.Token+"/messages/@original")
	if err != nil {
		t.Fatalf("%v\nlog:\n%s", err, h.logs)
	}
	if !bytes.Contains(req.Body, []byte(`"allowed_mentions":{"parse":[]`)) {
		t.Errorf("edit lacks allowed_mentions parse []: %s", req.Body)
	}
	if req.Header.Get("Authorization") != "" {
		t.Errorf("HTTP mode sent a bot token")
	}
	var m discordgo.Message
	if err := req.JSON(&m); err != nil {
		t.Fatal(err)
	}
	(&harness{t: t}).checkAnswer(&m)
	if !strings.Contains(shown(&m), "123.86") {
		t.Errorf("edited answer lacks the figure: %s", shown(&m))
	}
}

func TestHTTPImmediateReply(t *testing.T) {
	h := startHTTP(t)
	i := discordtest.SlashCommand(cmdSources, discordtest.WithMember(member, discordtest.DefaultMemberPermissions))
	r := h.post(t, i, time.Time{})
	if r.Status != 200 || r.Response == nil || r.Response.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Fatalf("want an immediate message (type 4), got %d %s", r.Status, r.Body)
	}
	if !bytes.Contains(r.Body, []byte(`"allowed_mentions":{"parse":[]`)) || !bytes.Contains(r.Body, []byte("003_7d7682c6c64d5a91")) {
		t.Errorf("sources reply: %s", r.Body)
	}
}

// TestHTTPLongAnswerEveryPartShown checks that an answer too long for one
// message ends up shown whole, each part once and in order, whether it was
// ready in time (the response, then follow-ups) or not (a deferral, then
// edits and follow-ups; Discord makes a follow-up sent while the deferral
// still shows "thinking…" replace it). Until the last part is sent, the
// first carries a pending note, which the final edit removes: an original
// without it means every part went out (see answeredAlready).
func TestHTTPLongAnswerEveryPartShown(t *testing.T) {
	many, want := longAnswer(t)
	tests := []struct {
		name         string
		inline, took time.Duration
		typ          discordgo.InteractionResponseType
	}{
		{"ready in time", waitLimit, 0, discordgo.InteractionResponseChannelMessageWithSource},
		{"deferred", 50 * time.Millisecond, 300 * time.Millisecond, discordgo.InteractionResponseDeferredChannelMessageWithSource},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := startHTTP(t, func(o *Options) {
				o.InlineWait = tt.inline
				o.Answer = func(_ context.Context, q partnerbot.Question) (partnerbot.Answer, error) {
					time.Sleep(tt.took)
					return answerOf(q.Text, many...), nil
				}
			})
			i := discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, "Everything?"), discordtest.WithMember(member, discordtest.DefaultMemberPermissions))
			r := h.post(t, i, time.Time{})
			if r.Status != 200 || r.Response == nil || r.Response.Type != tt.typ {
				t.Fatalf("want response type %d, got %d %.300s", tt.typ, r.Status, r.Body)
			}
			shown := everyPartShown(t, h.srv, i.Token, want, h.logs)
			first := r.Body
			if edits := h.srv.RequestsTo(http.MethodPatch, "/webhooks/*/"+i.Token+"/messages/@original"); tt.typ == discordgo.InteractionResponseDeferredChannelMessageWithSource && len(edits) > 0 {
				first = edits[0].Body
			}
			if !bytes.Contains(first, []byte(pendingID)) {
				t.Errorf("the first part was shown without its pending note: %.200s", first)
			}
			if len(shown[0].Components) != len(want[0].Components) {
				t.Errorf("first message has %d rows, want its %d", len(shown[0].Components), len(want[0].Components))
			}
		})
	}
}

// longAnswer returns quotes that make an answer to "Everything?" too long
// for one message, and the messages it renders to.
func longAnswer(t *testing.T) ([]string, []message) {
	t.Helper()
	many := make([]string, 40)
	for i := range many {
		many[i] = fmt.Sprintf("Quote number %d says the partnership covers trade, technology and education.", i)
	}
	want := sanitizer{}.renderAnswer(answerOf("Everything?", many...), answerView{questionID: 1, followUp: true})
	if len(want) < 2 {
		t.Fatalf("the test answer renders to %d message, want several", len(want))
	}
	return many, want
}

// everyPartShown waits until the interaction's messages are want's, the
// first without its pending note, and checks that each part is shown once,
// in order, with no note left and no delivery failure logged. It returns
// the messages shown.
func everyPartShown(t *testing.T, srv *discordtest.Server, token string, want []message, logs fmt.Stringer) []*discordgo.Message {
	t.Helper()
	var shown []*discordgo.Message
	deadline := time.Now().Add(waitLimit)
	for {
		shown = srv.Responses(token)
		if len(shown) == len(want) && !hasNote(shown[0], pendingID) || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(shown) != len(want) {
		t.Fatalf("shown %d messages, want %d\nlog:\n%s", len(shown), len(want), logs)
	}
	for k, m := range shown {
		if hasNote(m, pendingID) || hasNote(m, partsLostID) {
			t.Errorf("message %d still carries a note: %+v", k+1, m.Components)
		}
		if got, wantDesc := m.Embeds[0].Description, want[k].Embeds[0].Description; got != wantDesc {
			t.Errorf("message %d starts %.60q, want %.60q", k+1, got, wantDesc)
		}
	}
	if l := logs.String(); strings.Contains(l, "deliver reply") || strings.Contains(l, "finish reply") {
		t.Errorf("a delivery failed:\n%s", l)
	}
	return shown
}

// TestHTTPLongAnswerPartRefused checks that when Discord refuses a later
// part, the first says part of the answer is missing, rather than looking
// like the whole answer.
func TestHTTPLongAnswerPartRefused(t *testing.T) {
	many, _ := longAnswer(t)
	h := startHTTP(t, func(o *Options) {
		o.Answer = func(_ context.Context, q partnerbot.Question) (partnerbot.Answer, error) {
			return answerOf(q.Text, many...), nil
		}
	})
	i := discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, "Everything?"), discordtest.WithMember(member, discordtest.DefaultMemberPermissions))
	h.srv.FailNext(http.MethodPost, "/webhooks/*/"+i.Token, discordtest.Fault{Status: http.StatusBadRequest, Body: `{"code":50035,"message":"Invalid Form Body"}`})
	if r := h.post(t, i, time.Time{}); r.Status != 200 {
		t.Fatalf("status %d %s", r.Status, r.Body)
	}
	shown := h.srv.Responses(i.Token)
	for deadline := time.Now().Add(waitLimit); !(len(shown) > 0 && hasNote(shown[0], partsLostID)) && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		shown = h.srv.Responses(i.Token)
	}
	if len(shown) != 1 || !hasNote(shown[0], partsLostID) || hasNote(shown[0], pendingID) {
		t.Fatalf("shown %d messages; want only the first, noting the lost part and no longer pending: %+v", len(shown), shown)
	}
}

// TestHTTPAnswerOutOfTimeSaysSo checks that an answer that runs out of
// AnswerTimeout still replaces "thinking…" with the timeout message: the
// delivery has its own time.
func TestHTTPAnswerOutOfTimeSaysSo(t *testing.T) {
	h := startHTTP(t, func(o *Options) {
		o.InlineWait = 20 * time.Millisecond
		o.AnswerTimeout = 500 * time.Millisecond
		o.Answer = func(ctx context.Context, _ partnerbot.Question) (partnerbot.Answer, error) {
			<-ctx.Done() // a model that never answers
			return partnerbot.Answer{}, ctx.Err()
		}
	})
	i := discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, tradeQuestion), discordtest.WithMember(member, discordtest.DefaultMemberPermissions))
	if r := h.post(t, i, time.Time{}); r.Status != 200 || r.Response == nil || r.Response.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("want a deferral (type 5), got %d %s", r.Status, r.Body)
	}
	var shown []*discordgo.Message
	for deadline := time.Now().Add(waitLimit); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if shown = h.srv.Responses(i.Token); len(shown) == 1 && shown[0].Content == timeoutText {
			return
		}
	}
	t.Fatalf("shown %+v, want the original saying %q\nlog:\n%s", shown, timeoutText, h.logs)
}

// TestHTTPEditRetriedWhileWebhookUnknown checks that an edit Discord
// refuses with 10015 (Unknown Webhook), as it may just after an HTTP reply,
// is tried again and goes through.
func TestHTTPEditRetriedWhileWebhookUnknown(t *testing.T) {
	h := startHTTP(t, func(o *Options) {
		answer := o.Answer
		o.InlineWait = 20 * time.Millisecond
		o.Answer = func(ctx context.Context, q partnerbot.Question) (partnerbot.Answer, error) {
			time.Sleep(100 * time.Millisecond)
			return answer(ctx, q)
		}
	})
	i := discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, tradeQuestion), discordtest.WithMember(member, discordtest.DefaultMemberPermissions))
	unknown := discordtest.Fault{Status: http.StatusNotFound, Body: `{"code":10015,"message":"Unknown Webhook"}`}
	h.srv.FailNext(http.MethodPatch, "/webhooks/*/"+i.Token+"/messages/@original", unknown)
	h.srv.FailNext(http.MethodPatch, "/webhooks/*/"+i.Token+"/messages/@original", unknown)
	if r := h.post(t, i, time.Time{}); r.Status != 200 || r.Response == nil || r.Response.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("want a deferral (type 5), got %d %s", r.Status, r.Body)
	}
	for deadline := time.Now().Add(waitLimit); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if got := h.srv.Responses(i.Token); len(got) == 1 && strings.Contains(shown(got[0]), "123.86") {
			if n := len(h.srv.RequestsTo(http.MethodPatch, "/webhooks/*/"+i.Token+"/messages/@original")); n != 3 {
				t.Errorf("edits sent %d, want 3: two refused, one taken", n)
			}
			return
		}
	}
	t.Fatalf("the answer was never shown\nlog:\n%s", h.logs)
}
