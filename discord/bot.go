package discord

import (
	"context"

	"github.com/bwmarrin/discordgo"
	"log/slog"
	"sync"
	"sync/atomic"
)

// Bot is partnerbot on Discord. Its handlers serve both the gateway (Run)
// and HTTP interactions (Interact); it is safe for concurrent use.
type Bot struct {
	opts    Options
	log     *slog.Logger
	pool    *pool
	limiter Limiter
	threads threadSet
	active  active // jobs this replica works on
	posts   waitingPosts
	// expiring tells the askers of the jobs a round expired, while the
	// rounds go on; see expireJobs.
	expiring expiring
	// auditing checks one guild's settings at a time against the
	// channels Discord lists for it; see guildAvailable.
	auditing sync.Mutex

	// state is the gateway session's state (guilds, roles, channels),
	// for telling staff and reading channels; nil outside Run.
	state atomic.Pointer[discordgo.State]

	appID  atomic.Pointer[string] // from Options or READY
	selfID atomic.Pointer[string] // the bot user, from READY

	dead      atomic.Bool // Discord rejected the token
	fatal     chan struct{}
	fatalOnce sync.Once
	secret    atomic.Pointer[string] // the token, for scrubbing logs
	hooked    sync.Map               // sessions with the rate-limit hook
	running   atomic.Bool
	connected atomic.Bool // the gateway is connected
}

// GatewayConnected reports whether the gateway is connected: READY or
// RESUMED received, and no disconnection since.
func (b *Bot) GatewayConnected() bool { return b.connected.Load() }

// setConnected records the gateway's state, for GatewayConnected and the
// hook.
func (b *Bot) setConnected(up bool) {
	if b.connected.Swap(up) != up {
		b.opts.Hooks.gatewayConnected(up)
	}
}

// New returns a Bot; see Options for the defaults.
func New(opts Options) *Bot {
	named := opts.Replica != "" // one of several: every log line says which
	opts = opts.withDefaults()
	log := opts.Log
	if named {
		log = log.With("replica", opts.Replica)
	}
	b := &Bot{
		opts:    opts,
		log:     log,
		pool:    newPool(opts.Workers, opts.Queue),
		limiter: opts.Limiter,
		fatal:   make(chan struct{}),
	}
	if opts.AppID != "" {
		b.appID.Store(&opts.AppID)
	}
	return b
}

// Drain answers the forum posts still waiting for their author's further
// lines, then stops taking new questions and waits, until ctx ends, for the
// answers in flight to be delivered. New questions meanwhile are told the
// bot is restarting. It returns ctx's error when answers were cut short.
func (b *Bot) Drain(ctx context.Context) error {
	b.flushPosts(ctx)
	return b.pool.drain(ctx)
}

// unauthorized records that Discord rejected the token: it logs the one
// operator error and stops every later call.
func (b *Bot) unauthorized(op string) {
	b.dead.Store(true)
	b.fatalOnce.Do(func() {
		b.log.Error(unauthorizedMsg, "op", op)
		close(b.fatal)
	})
}

// errAttr is err for the log, with secrets scrubbed.
func (b *Bot) errAttr(err error) slog.Attr {
	secret := ""
	if p := b.secret.Load(); p != nil {
		secret = *p
	}
	return slog.String("err", scrub(err, secret))
}

// userHash is the pseudonym the store keeps for a user.
func (b *Bot) userHash(userID string) string {
	return HashUser(b.opts.UserSalt, userID)
}

// load returns the string p points to, or "".
func load(p *atomic.Pointer[string]) string {
	if v := p.Load(); v != nil {
		return *v
	}
	return ""
}

// threadSet remembers the threads the bot answers in, the most recent
// maxThreads or more: a cache, as the store knows them all (see
// isBotThread). Its zero value is ready to use.
type threadSet struct {
	mu        sync.Mutex
	cur, prev map[string]bool // when cur fills, it becomes prev
}

// maxThreads bounds a threadSet: it holds at most twice this many.
const maxThreads = 5000

// add remembers a thread.
func (t *threadSet) add(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.cur) >= maxThreads {
		t.prev, t.cur = t.cur, nil
	}
	if t.cur == nil {
		t.cur = map[string]bool{}
	}
	t.cur[id] = true
}

// has reports whether the bot answers in the thread, as far as t
// remembers.
func (t *threadSet) has(id string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cur[id] || t.prev[id]
}
