package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/partnerbot/partnerbot"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/config"
	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/discord"
	"github.com/partnerbot/partnerbot/ops"
	"github.com/partnerbot/partnerbot/provider"
)

// serve runs the bot: the HTTP endpoints first (so /healthz answers while
// the index loads), then the store and the engine, then Discord over the
// gateway (with DISCORD_TOKEN) and the Interactions Endpoint URL (with
// --http and DISCORD_PUBLIC_KEY). On SIGTERM it stops taking work, lets
// the answers in flight finish within the grace period, closes the gateway
// and then the database.
func serve(ctx context.Context, inv *config.Invocation, log *slog.Logger) error {
	c := inv.Config
	// A data directory that cannot take a write fails here, with a clear
	// message, rather than under the first question.
	if err := checkDataDir(c.DataDir, log); err != nil {
		return err
	}
	unlock, err := lockDataDir(c.DataDir)
	if err != nil {
		return err
	}
	defer unlock()
	metrics := ops.NewMetrics()
	var opened atomic.Value // state
	var running atomic.Pointer[discord.Bot]
	checks := map[string]ops.Check{"database": func(ctx context.Context) error {
		db, ok := opened.Load().(state)
		if !ok {
			return errors.New("not open")
		}
		return db.Ping(ctx)
	}}
	if gatewayOnly(c) { // the gateway is the only way work comes in
		checks["gateway"] = func(context.Context) error {
			if b := running.Load(); b == nil || !b.GatewayConnected() {
				return errors.New("not connected")
			}
			return nil
		}
	}
	health := ops.NewHealth(checks)
	ctx, stopWork := linger(ctx, c.Serve.DrainDelay, health.SetDraining, log)
	defer stopWork()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", health.Live)
	mux.HandleFunc("GET /readyz", health.Ready)
	mux.Handle("GET /metrics", metrics.Handler())
	web, err := listen(c.Serve.HTTPAddr, mux, log)
	if err != nil {
		return err
	}

	db, pg, err := openState(ctx, c)
	if err != nil {
		web.close(ctx)
		return err
	}
	defer db.Close()
	opened.Store(db)
	a, err := newApp(ctx, c, log, nil, db) // progress would break up the JSON log
	if err != nil {
		web.close(ctx)
		return err
	}
	salt, err := userSalt(c.DataDir)
	if err == nil {
		salt, err = db.UserSalt(ctx, salt) // the first replica's, for all
	}
	if err != nil {
		web.close(ctx)
		return err
	}
	replica := replicaName()
	opts := discordOptions(c, a, db, salt, metrics, log)
	opts.Replica = replica
	opts.Reindex = sharedReindex(ctx, pg, replica, a.reindex, log)
	rm := metrics.Replica(replica)
	opts.Hooks.JobsWaiting, opts.Hooks.JobTakenOver, opts.Hooks.GatewayHeld = rm.JobsWaiting, rm.JobTakenOver, rm.GatewayHeld
	opts.Hooks.GatewayConnected = rm.GatewayConnected
	b := discord.New(opts)
	running.Store(b)
	// rest makes the REST calls outside the gateway: answers to questions
	// recorded and left unanswered (by a replica that died, or by this
	// data directory's last run), through their interactions' webhooks,
	// which need no bot token; and the interactions endpoint's, some of
	// which do (a thread for a follow-up, a hand-off's tag and note), so it
	// carries the token when one is set.
	rest, err := newSession(botAuth(c.Discord.Token), c.Discord.APIBase)
	if err != nil {
		return err
	}
	jobsDone := make(chan struct{}) // RunJobs hands the jobs left to other replicas before the database closes
	go func() { defer close(jobsDone); b.RunJobs(ctx, b.Sender(rest)) }()
	go prune(ctx, db, log)
	go a.keepCacheInUse(ctx)
	if c.Discord.PublicKey != "" && web != nil {
		key, err := discord.ParsePublicKey(c.Discord.PublicKey)
		if err != nil {
			return fmt.Errorf("DISCORD_PUBLIC_KEY: %w", err)
		}
		mux.Handle("POST /interactions", b.InteractionsHandler(key, b.Sender(rest)))
	}
	health.SetReady(true)
	log.Info("partnerbot serving", "http", c.Serve.HTTPAddr, "gateway", c.Discord.Token != "", "shared_state", pg != nil,
		"interactions_endpoint", c.Discord.PublicKey != "" && web != nil, "generative", c.Generative())

	runErr := make(chan error, 1)
	if c.Discord.Token != "" {
		newGateway := func() (*discordgo.Session, error) { return newSession(botAuth(c.Discord.Token), c.Discord.APIBase) }
		if pg != nil { // one replica of several holds the gateway
			go func() { runErr <- b.RunLeased(ctx, db, newGateway) }()
		} else {
			sess, err := newGateway()
			if err != nil {
				return err
			}
			rm.GatewayHeld(true)
			go func() { runErr <- b.Run(ctx, sess) }()
		}
	}
	select {
	case <-ctx.Done():
		log.Info("shutting down", "grace", c.Serve.ShutdownGrace.String())
	case err := <-runErr:
		runErr <- err // for the shutdown below
		log.Error("discord stopped", "error", fmt.Sprint(err))
	}
	err = shutdown(c, health, web, b, runErr, log)
	select {
	case <-jobsDone:
	case <-time.After(settleJobs):
		log.Warn("jobs not released to the other replicas before the database closed")
	}
	return err
}

// gatewayOnly reports whether the gateway is a process's only intake: a
// bot token, no interactions endpoint, and no other replicas (with
// PostgreSQL only one of them holds the gateway, and the others are ready
// for the jobs they take over).
func gatewayOnly(c config.Config) bool {
	return c.Discord.Token != "" && c.Discord.PublicKey == "" && c.DatabaseURL == ""
}

// linger returns a context that ends delay after ctx does (at once for
// no delay). Meanwhile the replica reports draining but still takes and
// answers questions, so that a load balancer stops sending it requests
// before it stops taking them.
func linger(ctx context.Context, delay time.Duration, draining func(), log *slog.Logger) (context.Context, context.CancelFunc) {
	if delay <= 0 {
		return ctx, func() {}
	}
	work, stop := context.WithCancel(context.WithoutCancel(ctx))
	go func() {
		defer stop()
		select {
		case <-ctx.Done():
		case <-work.Done():
			return
		}
		draining()
		log.Info("draining: still answering while load balancers take this replica out", "delay", delay.String())
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-work.Done():
		}
	}()
	return work, stop
}

// settleJobs bounds the wait, after the drain, for RunJobs to release the
// jobs left to the other replicas.
const settleJobs = 5 * time.Second

// shutdown stops new work, waits (bounded) for answers in flight, and
// reports why the bot stopped, if it failed.
func shutdown(c config.Config, health *ops.Health, web *webServer, b *discord.Bot, runErr chan error, log *slog.Logger) error {
	health.SetDraining()
	grace, cancel := context.WithTimeout(context.Background(), c.Serve.ShutdownGrace)
	defer cancel()
	web.close(grace) // no new interactions; requests in progress finish
	var err error
	if c.Discord.Token != "" {
		select {
		case err = <-runErr: // Run drains and closes the gateway itself
		case <-grace.Done():
			err = errors.New("discord did not stop within the shutdown grace period")
		}
	} else if derr := b.Drain(grace); derr != nil {
		err = fmt.Errorf("drain: %w", derr)
	}
	log.Info("stopped", "clean", err == nil)
	return err
}

// discordOptions wires the adapter to the engine, the store and the metrics.
func discordOptions(c config.Config, a *app, db state, salt string, m *ops.Metrics, log *slog.Logger) discord.Options {
	var stream discord.StreamFunc
	if a.provider != nil {
		stream = a.engine.AnswerStream // verified sentences shown as the model writes
	}
	return discord.Options{
		Answer:    a.engine.Answer,
		Stream:    stream,
		Documents: func() []*corpus.Document { return a.engine.Index().Corpus().Documents() },
		Passage:   func(id string) (corpus.Passage, bool) { return a.engine.Index().Corpus().Passage(id) },
		Reindex:   a.reindex,
		Store:     db, Limiter: db, Claims: db, Jobs: db, Support: db, Lease: c.Serve.Lease,
		ForumChannels: c.Serve.ForumChannels, ForumWait: c.Serve.ForumWait,
		AppID: c.Discord.AppID, GuildID: c.Discord.GuildID,
		RatePerMinute: c.Serve.RatePerMinute, Workers: c.Serve.Workers, Queue: c.Serve.Queue,
		RestrictAsk: c.Serve.RestrictAsk, NoMentions: !c.Serve.MentionReplies, UserSalt: salt,
		DrainTimeout: c.Serve.ShutdownGrace, Log: log,
		// Questions are compared as retrieval matches them, over the
		// articles in use.
		Similar: func(x, y string) float64 { return a.engine.Index().Lexicon().Similarity(x, y) },
		Hooks: discord.Hooks{
			Answered: func(ans partnerbot.Answer, took time.Duration) {
				m.Answered(ans.Mode, "discord", ans.Abstained, took)
				if ans.Fallback != nil {
					m.ProviderError(provider.Kind(ans.Fallback))
				}
			},
			RateLimited:     m.RateLimited,
			RESTRateLimited: m.RESTRateLimited,
			AnswerFailed:    m.AnswerFailed,
		},
	}
}

// botAuth is the Authorization value for a bot token, "" for none.
func botAuth(token string) string {
	if token == "" {
		return ""
	}
	return "Bot " + token
}

// newSession is a discordgo session whose REST calls go to apiBase when it
// is set (a proxy, or a test server) instead of https://discord.com.
func newSession(token, apiBase string) (*discordgo.Session, error) {
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	if apiBase != "" {
		rt, err := discord.APIBaseTransport(apiBase, nil)
		if err != nil {
			return nil, fmt.Errorf("DISCORD_API_BASE: %w", err)
		}
		s.Client = &http.Client{Transport: rt, Timeout: 20 * time.Second}
	}
	return s, nil
}

// userSalt returns the data directory's random salt for hashing user IDs,
// creating it on first use.
func userSalt(dataDir string) (string, error) {
	path := filepath.Join(dataDir, "user-salt")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return strings.TrimSpace(string(b)), nil
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	salt := hex.EncodeToString(raw[:])
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return "", fmt.Errorf("data directory: %w", err)
	}
	if err := os.WriteFile(path, []byte(salt+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("user salt: %w", err)
	}
	return salt, nil
}

// webServer is the HTTP server, nil when no address is configured.
type webServer struct {
	srv *http.Server
	ln  net.Listener
}

// listen starts serving mux on addr at once, or returns nil for "".
func listen(addr string, mux http.Handler, log *slog.Logger) (*webServer, error) {
	if addr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	w := &webServer{ln: ln, srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second,
		// A request's whole body within ReadTimeout: Discord sends an
		// interaction at once, and a client that trickles one must not
		// hold a connection, or the shutdown, for ever.
		ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}}
	go func() {
		if err := w.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("http server", "error", err.Error())
		}
	}()
	log.Info("http listening", "addr", ln.Addr().String())
	return w, nil
}

// close stops accepting requests and waits for those in progress, for at
// most a quarter of the time ctx leaves (the drain needs the rest), then
// closes the connections still open.
func (w *webServer) close(ctx context.Context) {
	if w == nil {
		return
	}
	bound := ctx
	if dl, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		bound, cancel = context.WithTimeout(ctx, time.Until(dl)/4)
		defer cancel()
	}
	if err := w.srv.Shutdown(bound); err != nil {
		w.srv.Close()
	}
}
