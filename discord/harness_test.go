package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/discord/discordtest"
	"github.com/partnerbot/partnerbot/retrieval"
	"github.com/partnerbot/partnerbot/store"
)

// seed is an engine over the embedded articles, built once: it is
// immutable and safe for concurrent use.
var seed = sync.OnceValues(func() (*bot.Engine, error) {
	docs, err := corpus.Embedded()
	if err != nil {
		return nil, err
	}
	c, err := corpus.New(docs, corpus.ChunkOptions{})
	if err != nil {
		return nil, err
	}
	ix, err := retrieval.Build(context.Background(), c, retrieval.Options{})
	if err != nil {
		return nil, err
	}
	return bot.New(ix, bot.Options{}), nil
})

// seedEngine returns the shared engine.
func seedEngine(t testing.TB) *bot.Engine {
	t.Helper()
	e, err := seed()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Question texts the tests ask.
const (
	tradeQuestion  = "What was the value of bilateral trade in 2022?"
	growthFollowUp = "And how much did it grow the next year?"
)

// testToken is the bot token tests use; it must never reach a log.
const testToken = "test-token-MTIzNDU2.s3cr3t"

// Members and channels of the tests.
const (
	member    = "200000000000000001"
	member2   = "200000000000000002"
	channel   = discordtest.DefaultChannelID
	guild     = discordtest.DefaultGuildID
	modPerms  = discordtest.DefaultMemberPermissions | discordgo.PermissionManageGuild
	waitLimit = 10 * time.Second
)

// setup configures a harness; zero fields mean defaults.
type setup struct {
	opts   Options             // Answer, Store etc. are filled in when unset
	server discordtest.Options // Token defaults to testToken
	dbPath string              // reuse a database file (a "restart")
	noWait bool                // don't wait for the commands to be registered
	// sessionToken is the token the bot's session uses; default the
	// server's.
	sessionToken string
	// beforeRun prepares the server (queues faults) before Run starts.
	beforeRun func(*discordtest.Server)
	// support keeps state in SQLite, which is also Options.Support: the
	// support loop (forums, hand-offs, gaps, curated answers) is on.
	support bool
}

// testState is a State the test closes.
type testState interface {
	State
	Close() error
}

// harness is a Bot running against a fake Discord.
type harness struct {
	t      testing.TB
	ctx    context.Context
	srv    *discordtest.Server
	sess   *discordgo.Session
	bot    *Bot
	db     testState
	dbPath string
	logs   *syncBuffer
	runErr chan error
	cancel context.CancelFunc
	stopMu sync.Mutex
	err    error
	done   bool
	dbOnce sync.Once
}

// start runs a Bot on a fake Discord until the test ends.
func start(t testing.TB, cfg setup) *harness {
	t.Helper()
	ctx, cancelCtx := context.WithTimeout(context.Background(), 4*waitLimit)
	t.Cleanup(cancelCtx)
	e := seedEngine(t)
	if cfg.server.Token == "" {
		cfg.server.Token = testToken
	}
	if cfg.support && cfg.dbPath == "" {
		cfg.dbPath = filepath.Join(t.TempDir(), "partnerbot.db")
	}
	h := &harness{t: t, ctx: ctx, dbPath: cfg.dbPath, logs: &syncBuffer{}, runErr: make(chan error, 1)}
	// A harness keeps its state in memory, or in SQLite when the test
	// restarts the bot on the same file.
	h.db = newMemState()
	if h.dbPath != "" {
		db, err := store.Open(ctx, h.dbPath, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		h.db = db
	}
	o := cfg.opts
	if o.Answer == nil {
		o.Answer = e.Answer
	}
	o.Documents = func() []*corpus.Document { return e.Index().Corpus().Documents() }
	o.Passage = e.Index().Corpus().Passage
	o.Store = h.db
	if cfg.support {
		o.Support = h.db.(Support)
	}
	if o.RatePerMinute == 0 {
		o.RatePerMinute = 1000
	}
	if o.GuildID == "" {
		o.GuildID = guild
	}
	o.UserSalt = "salt"
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	h.srv = discordtest.NewServer(t, cfg.server)
	h.sess = h.srv.Session(cfg.sessionToken)
	if cfg.beforeRun != nil {
		cfg.beforeRun(h.srv)
	}
	h.bot = New(o)
	runCtx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.runErr <- h.bot.Run(runCtx, h.sess) }()
	t.Cleanup(func() {
		h.stop()
		h.bot.expiring.Wait() // tendJobs's, before the store closes and the payloads are checked
		h.closeDB()
		h.checkLogs()
		h.checkPayloads()
	})
	if !cfg.noWait {
		if _, err := h.srv.WaitRequest(ctx, http.MethodPut, "/applications/*/guilds/*/commands"); err != nil {
			t.Fatalf("commands never registered: %v\nlog:\n%s", err, h.logs)
		}
		if err := h.srv.WaitConnected(ctx); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// closeDB closes the store (once).
func (h *harness) closeDB() {
	h.dbOnce.Do(func() {
		if err := h.db.Close(); err != nil {
			h.t.Errorf("close store: %v", err)
		}
	})
}

// stop ends Run (once) and returns its error.
func (h *harness) stop() error {
	h.stopMu.Lock()
	defer h.stopMu.Unlock()
	if h.done {
		return h.err
	}
	h.done = true
	h.cancel()
	select {
	case h.err = <-h.runErr:
	case <-time.After(3 * waitLimit):
		h.err = errors.New("Run did not return")
		h.t.Error(h.err)
	}
	return h.err
}

// waitRun waits for Run to return on its own.
func (h *harness) waitRun() error {
	h.t.Helper()
	select {
	case err := <-h.runErr:
		h.stopMu.Lock()
		h.done, h.err = true, err
		h.stopMu.Unlock()
		return err
	case <-h.ctx.Done():
		h.t.Fatalf("Run did not return: %v", h.ctx.Err())
		return nil
	}
}

// send dispatches an interaction.
func (h *harness) send(i *discordgo.Interaction) *discordgo.Interaction {
	h.t.Helper()
	if err := h.srv.SendInteraction(i); err != nil {
		h.t.Fatal(err)
	}
	return i
}

// ask sends /ask question.
func (h *harness) ask(question string, opts ...discordtest.Opt) *discordgo.Interaction {
	h.t.Helper()
	opts = append([]discordtest.Opt{discordtest.StringOption(optQuestion, question)}, opts...)
	return h.send(discordtest.SlashCommand(cmdAsk, opts...))
}

// callback waits for the interaction's n-th callback and decodes it.
func (h *harness) callback(i *discordgo.Interaction, n int) (discordtest.Request, *discordgo.InteractionResponse) {
	h.t.Helper()
	r, err := h.srv.WaitRequestN(h.ctx, http.MethodPost, "/interactions/"+i.ID+"/*/callback", n)
	if err != nil {
		h.t.Fatalf("%v\nlog:\n%s", err, h.logs)
	}
	var resp discordgo.InteractionResponse
	if err := r.JSON(&resp); err != nil {
		h.t.Fatal(err)
	}
	return r, &resp
}

// edit waits for the n-th edit of the interaction's original response.
func (h *harness) edit(i *discordgo.Interaction, n int) (discordtest.Request, *discordgo.Message) {
	h.t.Helper()
	r, err := h.srv.WaitRequestN(h.ctx, http.MethodPatch, "/webhooks/*/"+i.Token+"/messages/@original", n)
	if err != nil {
		h.t.Fatalf("%v\nlog:\n%s", err, h.logs)
	}
	var m discordgo.Message
	if err := r.JSON(&m); err != nil {
		h.t.Fatal(err)
	}
	return r, &m
}

// posted waits for the n-th message posted in a channel.
func (h *harness) posted(channelID string, n int) *discordgo.Message {
	h.t.Helper()
	r, err := h.srv.WaitRequestN(h.ctx, http.MethodPost, "/channels/"+channelID+"/messages", n)
	if err != nil {
		h.t.Fatalf("%v\nlog:\n%s", err, h.logs)
	}
	var m discordgo.Message
	if err := r.JSON(&m); err != nil {
		h.t.Fatal(err)
	}
	return &m
}

// questionID reads the logged question ID from an answer's buttons.
func questionID(t *testing.T, m *discordgo.Message) int64 {
	t.Helper()
	for _, row := range m.Components {
		r, ok := row.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range r.Components {
			if b, ok := c.(*discordgo.Button); ok {
				if _, id, ok := parseCustomID(b.CustomID); ok {
					return id
				}
			}
		}
	}
	t.Fatalf("no button with a question ID in %+v", m.Components)
	return 0
}

// shown is everything a message shows, as one string.
func shown(m *discordgo.Message) string {
	parts := []string{m.Content}
	for _, e := range m.Embeds {
		parts = append(parts, e.Title, e.Description)
		for _, f := range e.Fields {
			parts = append(parts, f.Name, f.Value)
		}
		if e.Footer != nil {
			parts = append(parts, e.Footer.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// asMessage is a decoded payload as the message type the checks take.
func asMessage(m *discordgo.Message) message {
	return message{Content: m.Content, Embeds: m.Embeds}
}

// checkAnswer checks a rendered answer: within limits, nothing live, and
// every block-quoted quote verbatim in some passage of the articles.
func (h *harness) checkAnswer(m *discordgo.Message) {
	h.t.Helper()
	msg := asMessage(m)
	for _, p := range limitProblems(msg) {
		h.t.Errorf("answer breaks a limit: %s", p)
	}
	for _, s := range texts(msg) {
		for _, p := range liveProblems(s, nil) {
			h.t.Errorf("answer shows %s in %q", p, s)
		}
	}
	passages := seedEngine(h.t).Index().Corpus().Passages()
	quotes := 0
	for _, e := range m.Embeds {
		for _, f := range e.Fields {
			if !strings.HasPrefix(f.Value, "> ") {
				continue
			}
			quotes++
			q := unquote(display(f.Value))
			found := false
			for _, p := range passages {
				if bot.Verify(q, p.Text) {
					found = true
					break
				}
			}
			if !found {
				h.t.Errorf("quote %q is not verbatim in any passage", q)
			}
		}
	}
	if quotes == 0 {
		h.t.Errorf("answer has no quotes: %s", shown(m))
	}
}

// messageRoute reports whether a request carries a message payload, and
// where its message data is ("data" for interaction callbacks).
func messageRoute(r discordtest.Request) (isMessage, inData bool) {
	path := r.Path
	switch {
	case r.Method == http.MethodPost && strings.HasSuffix(path, "/callback"):
		return true, true
	case r.Method == http.MethodPatch && strings.Contains(path, "/webhooks/"):
		return true, false
	case r.Method == http.MethodPost && strings.Contains(path, "/webhooks/"):
		return true, false
	case strings.Contains(path, "/channels/") && strings.HasSuffix(path, "/messages"):
		return r.Method == http.MethodPost, false
	case strings.Contains(path, "/channels/") && strings.Contains(path, "/messages/") && !strings.HasSuffix(path, "/threads"):
		return r.Method == http.MethodPatch, false
	}
	return false, false
}

// checkPayloads checks every message, response, follow-up and edit the
// bot sent: allowed_mentions must be exactly {"parse":[]} (no users, no
// roles, no replied user).
func (h *harness) checkPayloads() {
	h.t.Helper()
	for _, r := range h.srv.Requests() {
		isMsg, inData := messageRoute(r)
		if !isMsg {
			continue
		}
		var body map[string]json.RawMessage
		if err := r.JSON(&body); err != nil {
			h.t.Errorf("%s %s: %v", r.Method, r.Path, err)
			continue
		}
		if inData {
			var typ int
			_ = json.Unmarshal(body["type"], &typ)
			if typ == int(discordgo.InteractionApplicationCommandAutocompleteResult) {
				continue // choices, not a message
			}
			var data map[string]json.RawMessage
			if err := json.Unmarshal(body["data"], &data); err != nil {
				h.t.Errorf("%s %s: callback type %d without data", r.Method, redact(r.Path), typ)
				continue
			}
			body = data
		}
		var am struct {
			Parse       *[]string `json:"parse"`
			Users       []string  `json:"users"`
			Roles       []string  `json:"roles"`
			RepliedUser bool      `json:"replied_user"`
		}
		if err := json.Unmarshal(body["allowed_mentions"], &am); err != nil || am.Parse == nil || len(*am.Parse) != 0 || len(am.Users)+len(am.Roles) > 0 || am.RepliedUser {
			h.t.Errorf("%s %s: allowed_mentions = %s, want {\"parse\":[]}", r.Method, redact(r.Path), body["allowed_mentions"])
		}
	}
}

// redact hides interaction tokens in test failure messages.
func redact(path string) string { return secretPath.ReplaceAllString(path, "${1}…") }

// checkLogs fails the test if the bot token, or any interaction token,
// reached the log.
func (h *harness) checkLogs() {
	h.t.Helper()
	logs := h.logs.String()
	if strings.Contains(logs, testToken) || strings.Contains(logs, h.srv.Options().Token) {
		h.t.Errorf("the bot token is in the log:\n%s", logs)
	}
	for _, r := range h.srv.RequestsTo(http.MethodPost, "/interactions/*/*/callback") {
		tok := strings.Split(strings.TrimPrefix(stripVersion(r.Path), "/"), "/")[2]
		if strings.Contains(logs, tok) {
			h.t.Errorf("an interaction token is in the log:\n%s", logs)
			return
		}
	}
}

// stripVersion removes "/api/vN" from a path.
func stripVersion(p string) string {
	if rest, ok := strings.CutPrefix(p, "/api/v"); ok {
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			return rest[i:]
		}
	}
	return p
}

// discardLog is a logger that drops everything.
func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// counter counts hook calls.
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) inc(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[k]++
}

func (c *counter) get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[k]
}

// gatedAnswer is an AnswerFunc that signals entry and waits for release
// before answering with the engine.
type gatedAnswer struct {
	entered chan string
	release chan struct{}
}

func newGatedAnswer() *gatedAnswer {
	return &gatedAnswer{entered: make(chan string, 100), release: make(chan struct{})}
}

func (g *gatedAnswer) answer(e *bot.Engine) AnswerFunc {
	return func(ctx context.Context, q partnerbot.Question) (partnerbot.Answer, error) {
		select {
		case g.entered <- q.Text:
		default:
		}
		select {
		case <-g.release:
		case <-ctx.Done():
			return partnerbot.Answer{}, ctx.Err()
		}
		return e.Answer(ctx, q)
	}
}

// wait waits for an answer to start.
func (g *gatedAnswer) wait(t *testing.T, ctx context.Context) string {
	t.Helper()
	select {
	case q := <-g.entered:
		return q
	case <-ctx.Done():
		t.Fatal("no answer started")
		return ""
	}
}
