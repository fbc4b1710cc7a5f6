package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/discord/discordtest"
	"github.com/partnerbot/partnerbot/provider/openaitest"
)

// served is partnerbot serve running in the test, against a fake Discord.
type served struct {
	t      *testing.T
	base   string // http://127.0.0.1:port
	fake   *discordtest.Server
	key    ed25519.PrivateKey
	cancel context.CancelFunc
	done   chan error
	logs   *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe runs serve with env added to a test environment.
func startServe(t *testing.T, fake *discordtest.Server, env map[string]string) *served {
	t.Helper()
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	addr := freeAddr(t)
	full := map[string]string{
		"PARTNERBOT_HTTP_ADDR": addr, "PARTNERBOT_DATA_DIR": t.TempDir(),
		"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub), "DISCORD_APP_ID": discordtest.DefaultApplicationID,
		"DISCORD_API_BASE": fake.URL(), "PARTNERBOT_SHUTDOWN_GRACE": "10s", "PARTNERBOT_LOG_LEVEL": "debug",
	}
	for k, v := range env {
		full[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{t: t, base: "http://" + addr, fake: fake, key: key, cancel: cancel, done: make(chan error, 1), logs: &lockedBuffer{}}
	go func() {
		var out bytes.Buffer
		s.done <- run(ctx, []string{"serve"}, func(k string) string { return full[k] }, &out, s.logs)
	}()
	t.Cleanup(func() { s.stop() })
	return s
}

// stop sends the equivalent of SIGTERM and waits for serve to return.
func (s *served) stop() error {
	s.cancel()
	select {
	case err := <-s.done:
		s.done <- err
		return err
	case <-time.After(20 * time.Second):
		s.t.Fatal("serve did not stop")
		return nil
	}
}

func (s *served) get(path string) (int, string) {
	resp, err := http.Get(s.base + path)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitReady polls /readyz until it answers 200.
func (s *served) waitReady() {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if code, _ := s.get("/readyz"); code == 200 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("never ready; log:\n%s", s.logs)
}

func (s *served) post(i *discordgo.Interaction) discordtest.EndpointReply {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := s.fake.PostInteraction(ctx, s.base+"/interactions", s.key, i, time.Time{})
	if err != nil {
		s.t.Fatalf("%v\nlog:\n%s", err, s.logs)
	}
	return r
}

func (s *served) waitEdit(i *discordgo.Interaction) discordtest.Request {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	r, err := s.fake.WaitRequest(ctx, http.MethodPatch, "/webhooks/*/"+i.Token+"/messages/@original")
	if err != nil {
		s.t.Fatalf("no edit of the original response: %v\nlog:\n%s", err, s.logs)
	}
	return r
}

// reply returns the message an interaction was answered with: the HTTP
// reply's own, when the work was ready in time, else the edit of the
// deferral.
func (s *served) reply(i *discordgo.Interaction, r discordtest.EndpointReply) []byte {
	s.t.Helper()
	switch {
	case r.Response == nil:
		s.t.Fatalf("no response: %d %s", r.Status, r.Body)
	case r.Response.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource:
		return s.waitEdit(i).Body
	case r.Response.Type != discordgo.InteractionResponseChannelMessageWithSource:
		s.t.Fatalf("want an answer or a deferral, got %s", r.Body)
	}
	var wire struct{ Data json.RawMessage }
	if err := json.Unmarshal(r.Body, &wire); err != nil {
		s.t.Fatal(err)
	}
	return wire.Data
}

func askInteraction(question string) *discordgo.Interaction {
	return discordtest.SlashCommand("ask", discordtest.StringOption("question", question),
		discordtest.WithMember("200000000000000001", discordtest.DefaultMemberPermissions))
}

func TestServeHTTPInteractions(t *testing.T) {
	fake := discordtest.NewServer(t, discordtest.Options{})
	s := startServe(t, fake, nil)
	s.waitReady()

	r := s.post(&discordgo.Interaction{ID: "1", Type: discordgo.InteractionPing, Token: "t", AppID: discordtest.DefaultApplicationID})
	if r.Status != 200 || strings.TrimSpace(string(r.Body)) != `{"type":1}` || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("PING: %d %s %s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	bad, _ := discordtest.PostRaw(context.Background(), s.base+"/interactions", http.Header{"X-Signature-Ed25519": {"00"}, "X-Signature-Timestamp": {"1"}}, []byte(`{"type":1}`))
	if bad.Status != 401 {
		t.Errorf("a bad signature got %d, want 401", bad.Status)
	}

	i := askInteraction("What was the value of bilateral trade in 2022?")
	r = s.post(i)
	if r.Response == nil || r.Response.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Fatalf("/ask over HTTP: want the fast answer inline (type 4), got %d %s", r.Status, r.Body)
	}
	if !bytes.Contains(r.Body, []byte("123.86")) || !bytes.Contains(r.Body, []byte(`"parse":[]`)) {
		t.Errorf("inline answer: %s", r.Body)
	}

	src := discordtest.SlashCommand("sources", discordtest.WithMember("200000000000000001", discordtest.DefaultMemberPermissions))
	if r := s.post(src); r.Response == nil || r.Response.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Errorf("/sources over HTTP: want an immediate reply, got %d %s", r.Status, r.Body)
	}

	if code, body := s.get("/metrics"); code != 200 || !strings.Contains(body, `partnerbot_questions_total{mode="extractive",source="discord"} 1`) {
		t.Errorf("metrics after one answer: %d\n%s", code, grepLines(body, "partnerbot_"))
	}
	if err := s.stop(); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if strings.Contains(s.logs.String(), hex.EncodeToString(s.key)) {
		t.Error("a key reached the log")
	}
}

// TestServeReadinessWaitsForIndex slows the provider's embeddings so the
// index takes a while to load: the process is live at once, ready only
// after.
func TestServeReadinessWaitsForIndex(t *testing.T) {
	fake := discordtest.NewServer(t, discordtest.Options{})
	ai := openaitest.NewServer(t, openaitest.Options{EmbeddingDim: 64})
	ai.FailNext("embeddings", openaitest.Slow(1500*time.Millisecond))
	s := startServe(t, fake, map[string]string{"OPENAI_BASE_URL": ai.URL(), "OPENAI_EMBEDDING_MODEL": "emb"})
	deadline := time.Now().Add(5 * time.Second)
	sawLiveNotReady := false
	for time.Now().Before(deadline) && !sawLiveNotReady {
		live, _ := s.get("/healthz")
		ready, body := s.get("/readyz")
		if live == 200 && ready == 503 && strings.Contains(body, "loading") {
			sawLiveNotReady = true
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !sawLiveNotReady {
		t.Fatal("never saw live but not ready while the index loaded")
	}
	s.waitReady()
	if ai.Calls("embeddings") == 0 {
		t.Error("the index never asked for embeddings")
	}
}

// TestServeShutdownFinishesInFlight sends SIGTERM while a slow generative
// answer, too slow to go inline, is being written; the answer still
// reaches Discord, as the edit of the deferral.
func TestServeShutdownFinishesInFlight(t *testing.T) {
	fake := discordtest.NewServer(t, discordtest.Options{})
	ai := openaitest.NewServer(t, openaitest.Options{})
	ai.FailAlways("chat", openaitest.Slow(2500*time.Millisecond)) // then the fake's default reply, which fails verification
	s := startServe(t, fake, map[string]string{"OPENAI_BASE_URL": ai.URL(), "OPENAI_MAX_RETRIES": "0"})
	s.waitReady()
	i := askInteraction("What was the value of bilateral trade in 2022?")
	if r := s.post(i); r.Response == nil || r.Response.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("a slow answer: want a deferral after the inline wait, got %d %s", r.Status, r.Body)
	}
	// The answer is still waiting on the model.
	if err := s.stop(); err != nil {
		t.Fatalf("shutdown: %v\nlog:\n%s", err, s.logs)
	}
	edit := s.waitEdit(i)
	if !bytes.Contains(edit.Body, []byte("123.86")) {
		t.Errorf("the in-flight answer was lost or empty: %s", edit.Body)
	}
}

// TestServeDrainDelay sends SIGTERM with PARTNERBOT_DRAIN_DELAY set: the
// replica stops being ready at once, so a load balancer takes it out, and
// still answers the questions that reach it meanwhile; then it stops.
func TestServeDrainDelay(t *testing.T) {
	fake := discordtest.NewServer(t, discordtest.Options{})
	s := startServe(t, fake, map[string]string{"PARTNERBOT_DRAIN_DELAY": "2s"})
	s.waitReady()
	s.cancel() // SIGTERM
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, body := s.get("/readyz")
		if code == http.StatusServiceUnavailable && strings.Contains(body, "draining") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz = %d %s after SIGTERM, want 503 draining", code, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
	i := askInteraction("When was the Comprehensive Partnership established?")
	if body := s.reply(i, s.post(i)); !bytes.Contains(body, []byte("2013")) {
		t.Fatalf("a question while draining: %s, want it answered\nlog:\n%s", body, s.logs)
	}
	if err := s.stop(); err != nil {
		t.Fatalf("shutdown: %v\nlog:\n%s", err, s.logs)
	}
	if code, _ := s.get("/readyz"); code != 0 {
		t.Errorf("/readyz answered %d after the shutdown; the listener should be closed", code)
	}
}

func TestServeGateway(t *testing.T) {
	fake := discordtest.NewServer(t, discordtest.Options{Token: "gw-token-0123456789"})
	s := startServe(t, fake, map[string]string{"DISCORD_TOKEN": "gw-token-0123456789", "DISCORD_PUBLIC_KEY": ""})
	s.waitReady()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if _, err := fake.WaitRequest(ctx, http.MethodPut, "/applications/*/commands"); err != nil {
		t.Fatalf("commands not registered: %v\nlog:\n%s", err, s.logs)
	}
	if err := fake.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}
	i := askInteraction("When was the Comprehensive Partnership established?")
	if err := fake.SendInteraction(i); err != nil {
		t.Fatal(err)
	}
	edit := s.waitEdit(i)
	if !bytes.Contains(edit.Body, []byte("2013")) {
		t.Errorf("gateway answer: %s", edit.Body)
	}
	if err := s.stop(); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if strings.Contains(s.logs.String(), "gw-token-0123456789") {
		t.Error("the bot token reached the log")
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestServeAnswersForumPosts: serve with PARTNERBOT_FORUM_CHANNELS set
// answers a new post in that forum inside the post, over the gateway.
func TestServeAnswersForumPosts(t *testing.T) {
	const token, forum = "gw-token-0123456789", "300000000000000050"
	fake := discordtest.NewServer(t, discordtest.Options{Token: token})
	s := startServe(t, fake, map[string]string{"DISCORD_TOKEN": token, "DISCORD_PUBLIC_KEY": "",
		"PARTNERBOT_FORUM_CHANNELS": forum, "PARTNERBOT_FORUM_WAIT": "500ms"})
	s.waitReady()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := fake.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}
	if err := fake.AddChannel(discordtest.ForumChannel(forum, "help")); err != nil {
		t.Fatal(err)
	}
	th, first := discordtest.ForumPost(forum, "200000000000000001", "Partnership", "When was the Comprehensive Partnership established?")
	if err := fake.SendForumPost(th, first); err != nil {
		t.Fatal(err)
	}
	r, err := fake.WaitRequest(ctx, http.MethodPost, "/channels/"+th.ID+"/messages")
	if err != nil {
		t.Fatalf("no answer in the post: %v\nlog:\n%s", err, s.logs)
	}
	var m discordgo.Message
	if err := r.JSON(&m); err != nil {
		t.Fatal(err)
	}
	if len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description+m.Embeds[0].Fields[0].Value, "2013") {
		t.Errorf("answer in the post: %s", r.Body)
	}
	var am struct {
		AllowedMentions struct {
			Parse *[]string `json:"parse"`
		} `json:"allowed_mentions"`
	}
	if err := json.Unmarshal(r.Body, &am); err != nil || am.AllowedMentions.Parse == nil || len(*am.AllowedMentions.Parse) != 0 {
		t.Errorf("answer may ping: %s", r.Body)
	}
	if !bytes.Contains(r.Body, []byte("Still need help?")) {
		t.Errorf("answer lacks the hand-off button: %s", r.Body)
	}
	if err := s.stop(); err != nil {
		t.Errorf("shutdown: %v", err)
	}
}

// TestServeEndpointUsesTheToken checks that with DISCORD_TOKEN and
// DISCORD_PUBLIC_KEY both set (both modes together), the interactions
// endpoint's REST calls carry the token: Discord sends every interaction
// there, and a Follow up button's thread (like a hand-off's tag and note)
// needs it.
func TestServeEndpointUsesTheToken(t *testing.T) {
	const token = "gw-token-0123456789"
	fake := discordtest.NewServer(t, discordtest.Options{Token: token})
	s := startServe(t, fake, map[string]string{"DISCORD_TOKEN": token})
	s.waitReady()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := fake.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}
	ask := askInteraction("What was the value of bilateral trade in 2022?")
	body := s.reply(ask, s.post(ask))
	m := regexp.MustCompile(`pb:thread:(\d+)`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("answer has no Follow up button: %s", body)
	}
	id, _ := strconv.ParseInt(string(m[1]), 10, 64)
	click := discordtest.Button("pb:thread:"+strconv.FormatInt(id, 10),
		discordtest.WithMember("200000000000000001", discordtest.DefaultMemberPermissions))
	got := s.reply(click, s.post(click))
	if bytes.Contains(got, []byte("couldn't open a thread")) {
		t.Errorf("Follow up over the endpoint, with DISCORD_TOKEN set: %s\nthread requests: %d", got,
			len(fake.RequestsTo(http.MethodPost, "/channels/*/messages/*/threads")))
		t.Log(grepLines(s.logs.String(), "start thread"))
	}
}

// TestServeLetsSlowClientsGo checks that a client that sends an
// interaction's headers and then trickles its body is answered or cut off
// once the read timeout passes, rather than holding its connection, and
// the shutdown, for ever.
func TestServeLetsSlowClientsGo(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out the read timeout")
	}
	fake := discordtest.NewServer(t, discordtest.Options{})
	s := startServe(t, fake, map[string]string{"PARTNERBOT_SHUTDOWN_GRACE": "3s"})
	s.waitReady()
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sig := strings.Repeat("00", 64)
	fmt.Fprintf(conn, "POST /interactions HTTP/1.1\r\nHost: x\r\nX-Signature-Ed25519: %s\r\nX-Signature-Timestamp: %s\r\nContent-Length: 100\r\n\r\n{", sig, strconv.FormatInt(time.Now().Unix(), 10))
	// Past ReadHeaderTimeout (10 s): the server still has not given up on it.
	time.Sleep(11 * time.Second)
	conn.Write([]byte(`"type"`)) // may fail: the server has let go
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := conn.Read(make([]byte, 1)); isTimeout(err) {
		t.Errorf("after 11 s a partial, unauthenticated request still holds its connection: neither answered nor closed")
	}
	start := time.Now()
	err = s.stop()
	took := time.Since(start)
	if took > time.Second {
		t.Errorf("SIGTERM with nothing in flight took %v (grace 3s; err %v)", took.Round(100*time.Millisecond), err)
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// TestServeGatewayOnlyReadiness checks that a process whose only intake is
// the gateway (a token, no interactions endpoint, no other replicas) is
// ready only while the gateway is connected, and says so in /metrics.
func TestServeGatewayOnlyReadiness(t *testing.T) {
	const token = "gw-token-0123456789"
	t.Run("gateway down", func(t *testing.T) {
		fake := discordtest.NewServer(t, discordtest.Options{Token: token})
		s := startServe(t, fake, map[string]string{"DISCORD_TOKEN": token, "DISCORD_PUBLIC_KEY": "", "DISCORD_API_BASE": "http://" + freeAddr(t)})
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(s.logs.String(), "discord gateway connection failed; retrying") {
			if time.Now().After(deadline) {
				t.Fatalf("the gateway did not fail as expected; log:\n%s", s.logs)
			}
			time.Sleep(50 * time.Millisecond)
		}
		if code, body := s.get("/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, `"gateway":"failing"`) {
			t.Errorf("/readyz = %d %s while the gateway, the only intake, is down", code, strings.TrimSpace(body))
		}
		if _, metrics := s.get("/metrics"); !strings.Contains(grepLines(metrics, "partnerbot_gateway_connected{"), "} 0") {
			t.Errorf("metrics: %q, want the gateway not connected", grepLines(metrics, "partnerbot_gateway_connected{"))
		}
	})
	t.Run("gateway up", func(t *testing.T) {
		fake := discordtest.NewServer(t, discordtest.Options{Token: token})
		s := startServe(t, fake, map[string]string{"DISCORD_TOKEN": token, "DISCORD_PUBLIC_KEY": ""})
		s.waitReady()
		if _, metrics := s.get("/metrics"); !strings.Contains(grepLines(metrics, "partnerbot_gateway_connected{"), "} 1") {
			t.Errorf("metrics: %q, want the gateway connected", grepLines(metrics, "partnerbot_gateway_connected{"))
		}
	})
}
