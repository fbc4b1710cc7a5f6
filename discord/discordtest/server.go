package discordtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Default identities used when Options leaves them empty. Builders use the
// same values, so an interaction built with SlashCommand belongs to the
// default application and is seen in the default guild and channel.
const (
	DefaultBotUserID     = "100000000000000001"
	DefaultApplicationID = "100000000000000002"
	DefaultGuildID       = "100000000000000003"
	DefaultChannelID     = "100000000000000004"
	DefaultUserID        = "100000000000000005"
	DefaultBotUsername   = "partnerbot"
	// DefaultToken is the token Session uses when neither its argument nor
	// Options.Token gives one.
	DefaultToken = "fake-bot-token"
	// DefaultHeartbeatInterval is Discord's usual HELLO heartbeat interval.
	DefaultHeartbeatInterval = 45 * time.Second
)

// errServerClosed is returned by waits that end because the server closed.
var errServerClosed = errors.New("discordtest: server closed")

// Options configures a Server. The zero value is a working fake that accepts
// any token.
type Options struct {
	// Token, when set, is the only bot token accepted: bot REST routes need
	// "Authorization: Bot <Token>" (401 otherwise) and IDENTIFY/RESUME need
	// it too (close 4004 otherwise).
	Token string
	// BotUserID and BotUsername describe the bot user (READY, /users/@me,
	// author of the bot's messages).
	BotUserID   string
	BotUsername string
	// ApplicationID is the bot's application (READY, commands, webhooks).
	ApplicationID string
	// GuildID is the guild of channels the fake has not been told about.
	GuildID string
	// HeartbeatInterval is sent in HELLO; Discord uses about 41.25s.
	HeartbeatInterval time.Duration
	// Compress makes the gateway zlib-compress every payload (binary frames)
	// on connections whose IDENTIFY asked for compress, as Discord does.
	// Off by default: uncompressed text frames.
	Compress bool
	// AckDeadline, when positive, makes interaction callbacks fail with 404
	// Unknown interaction once this long has passed since the interaction
	// was dispatched (Discord's deadline is 3s). Zero disables the check.
	AckDeadline time.Duration
}

// withDefaults fills empty fields.
func (o Options) withDefaults() Options {
	set := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	set(&o.BotUserID, DefaultBotUserID)
	set(&o.BotUsername, DefaultBotUsername)
	set(&o.ApplicationID, DefaultApplicationID)
	set(&o.GuildID, DefaultGuildID)
	if o.HeartbeatInterval <= 0 {
		o.HeartbeatInterval = DefaultHeartbeatInterval
	}
	return o
}

// Server is a fake Discord: REST API and gateway on one 127.0.0.1 listener.
// All methods are safe for concurrent use.
type Server struct {
	t    testing.TB
	opts Options
	srv  *httptest.Server
	done chan struct{}
	wg   sync.WaitGroup // gateway connection goroutines

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every state change
	closed   bool
	latency  time.Duration
	requests []Request
	faults   []queuedFault
	ids      snowflakes
	routes   []route
	world    world
	gw       gateway
}

// NewServer starts a fake Discord on 127.0.0.1 and registers t.Cleanup to
// close it, its gateway connections and their goroutines.
func NewServer(t testing.TB, opts Options) *Server {
	t.Helper()
	s := &Server{
		t:       t,
		opts:    opts.withDefaults(),
		done:    make(chan struct{}),
		changed: make(chan struct{}),
		routes:  routes(),
		world:   newWorld(),
		gw:      newGateway(),
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	t.Cleanup(s.close)
	return s
}

// URL returns the REST base, "http://127.0.0.1:port", for
// discord.APIBaseTransport.
func (s *Server) URL() string { return s.srv.URL }

// GatewayURL returns the gateway WebSocket URL served by GET /gateway.
func (s *Server) GatewayURL() string {
	return "ws" + strings.TrimPrefix(s.srv.URL, "http") + gatewayPath
}

// Options returns the effective options, defaults filled in.
func (s *Server) Options() Options { return s.opts }

// Session returns an unopened discordgo session for "Bot "+token whose REST
// client and gateway reach this server. An empty token means Options.Token,
// or DefaultToken when that is empty too. The session is closed on test
// cleanup, before the server, with reconnects turned off first. Sessions
// built by hand must likewise be closed before the server, or discordgo
// retries the vanished gateway forever.
//
// Its transport rewrites discord.com to URL() exactly like
// discord.APIBaseTransport; it is not imported so that tests inside package
// discord can use this package without an import cycle.
func (s *Server) Session(token string) *discordgo.Session {
	s.t.Helper()
	if token == "" {
		token = s.opts.Token
	}
	if token == "" {
		token = DefaultToken
	}
	base := &http.Transport{}
	rt := &rewriteTransport{host: strings.TrimPrefix(s.URL(), "http://"), next: base}
	sess, err := discordgo.New("Bot " + token)
	if err != nil {
		s.t.Fatalf("discordtest: new session: %v", err)
	}
	sess.Client = &http.Client{Transport: rt, Timeout: 20 * time.Second}
	sess.ShouldReconnectOnError = true
	sess.ShouldRetryOnRateLimit = true
	s.t.Cleanup(func() {
		// discordgo's heartbeat goroutine can lose a race with Close, fail
		// its write and reconnect; with reconnects off it just stops.
		sess.Lock()
		sess.ShouldReconnectOnError = false
		sess.Unlock()
		if err := sess.Close(); err != nil {
			s.t.Logf("discordtest: close session: %v", err)
		}
		base.CloseIdleConnections()
	})
	return sess
}

// SetLatency delays every later REST reply by d (0 restores immediate
// replies). Requests are recorded on arrival, before the delay.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// close shuts everything down; it is registered with t.Cleanup.
func (s *Server) close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.done)
	conns := s.gw.connList()
	s.mu.Unlock()
	for _, c := range conns {
		c.kill()
	}
	s.wg.Wait()
	s.srv.Close()
}

// notify wakes every waiter; s.mu must be held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor blocks until cond (called with s.mu held) is true, ctx ends or the
// server closes.
func (s *Server) waitFor(ctx context.Context, what string, cond func() bool) error {
	for {
		s.mu.Lock()
		ok, ch := cond(), s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("wait for %s: %w", what, ctx.Err())
		case <-s.done:
			return fmt.Errorf("wait for %s: %w", what, errServerClosed)
		}
	}
}

// discordEpoch is the first millisecond of 2015, in Unix milliseconds.
const discordEpoch = 1420070400000

// snowflakes generates strictly increasing snowflake IDs whose timestamp
// part is the creation time, as Discord's are.
type snowflakes struct{ last uint64 }

// next returns a new ID; the caller serialises calls.
func (g *snowflakes) next() string {
	id := uint64(time.Now().UnixMilli()-discordEpoch) << 22
	if id <= g.last {
		id = g.last + 1
	}
	g.last = id
	return strconv.FormatUint(id, 10)
}

// see keeps later IDs above id, one made elsewhere (a message a test
// injects), so that what the fake creates next comes after it, as on
// Discord; the caller serialises calls.
func (g *snowflakes) see(id string) {
	if n, err := strconv.ParseUint(id, 10, 64); err == nil && n > g.last {
		g.last = n
	}
}

// newID returns a new snowflake; s.mu must be held.
func (s *Server) newID() string { return s.ids.next() }

// rewriteTransport sends discord.com requests to the fake over plain HTTP.
type rewriteTransport struct {
	host string
	next http.RoundTripper
}

// RoundTrip rewrites a clone of req when it targets discord.com.
func (t *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Hostname() != "discord.com" {
		return t.next.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host, out.Host = "http", t.host, t.host
	return t.next.RoundTrip(out)
}
