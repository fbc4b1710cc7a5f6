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
	"slices"
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

// TestHTTPLongAnswerPartsBeforeOriginal checks that an answer too long
// for one message is deferred even when ready in time, and that its later
// parts are sent before the deferral is edited with the first: an
// original holding the answer then means every part went out, which is
// what a replica taking the job over reads (see answeredAlready).
func TestHTTPLongAnswerPartsBeforeOriginal(t *testing.T) {
	many := make([]string, 40)
	for i := range many {
		many[i] = fmt.Sprintf("Quote number %d says the partnership covers trade, technology and education.", i)
	}
	h := startHTTP(t, func(o *Options) {
		o.Answer = func(_ context.Context, q partnerbot.Question) (partnerbot.Answer, error) {
			return answerOf(q.Text, many...), nil
		}
	})
	want := len(sanitizer{}.renderAnswer(answerOf("Everything?", many...), answerView{questionID: 1}))
	if want < 2 {
		t.Fatalf("the test answer renders to %d message, want several", want)
	}
	i := discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, "Everything?"), discordtest.WithMember(member, discordtest.DefaultMemberPermissions))
	r := h.post(t, i, time.Time{})
	if r.Status != 200 || r.Response == nil || r.Response.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("want a deferral (type 5) for an answer of %d messages, got %d %s", want, r.Status, r.Body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if _, err := h.srv.WaitRequest(ctx, http.MethodPatch, "/webhooks/*/"+i.Token+"/messages/@original"); err != nil {
		t.Fatalf("%v\nlog:\n%s", err, h.logs)
	}
	var got []string
	for _, req := range h.srv.Requests() {
		switch {
		case req.Method == http.MethodPost && strings.HasSuffix(req.Path, "/webhooks/"+discordtest.DefaultApplicationID+"/"+i.Token):
			got = append(got, "followup")
		case req.Method == http.MethodPatch && strings.HasSuffix(req.Path, "/"+i.Token+"/messages/@original"):
			got = append(got, "edit")
		}
	}
	wantOrder := append(slices.Repeat([]string{"followup"}, want-1), "edit")
	if !slices.Equal(got, wantOrder) {
		t.Errorf("deliveries %v, want %v", got, wantOrder)
	}
}
