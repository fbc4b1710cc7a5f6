package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Intents are the gateway intents Run asks for: guilds (threads), guild
// messages (mentions and follow-ups) and message content, which is
// privileged and must be enabled in the developer portal, since a
// follow-up in a thread need not mention the bot.
const Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentMessageContent

// logSilent is below discordgo's lowest log level: discordgo logs nothing
// (its debug output includes the IDENTIFY payload, token and all).
const logSilent = discordgo.LogError - 1

// respondTimeout bounds sending an immediate response.
const respondTimeout = 10 * time.Second

// closeAuthFailed is the gateway's close code for a rejected token.
const closeAuthFailed = 4004

// Run serves Discord over the gateway on s until ctx ends: it sets the
// intents, registers the handlers, opens the session, registers the
// commands (for Options.AppID, else the application READY names; in
// Options.GuildID only when set), and answers. When ctx ends it stops
// taking new questions, lets the answers in flight finish (Drain, up to
// Options.DrainTimeout) and closes the session; it then returns nil, or
// the drain's error. If Discord rejects the token it stops calling
// Discord, logs one operator error and returns an error wrapping
// ErrUnauthorized. A Bot runs once.
func (b *Bot) Run(ctx context.Context, s *discordgo.Session) error {
	if !b.running.CompareAndSwap(false, true) {
		return errors.New("run: bot already running")
	}
	remove, err := b.connect(ctx, s)
	if err != nil {
		b.drainAfterRun()
		return err
	}
	if remove == nil { // ctx ended before the gateway opened
		return nil
	}
	defer remove()
	b.wait(ctx)
	return b.stop(s)
}

// connect configures s, registers the handlers, opens the gateway (retrying)
// and registers the commands; on success the caller removes the handlers
// when done with s. A failure to register the commands closes s. When ctx
// ends before the gateway opens it returns neither handlers nor an error;
// when it ends after, while the commands are registered, it returns the
// handlers and no error, so the caller drains and closes as at any stop.
func (b *Bot) connect(ctx context.Context, s *discordgo.Session) (remove func(), err error) {
	secret := strings.TrimPrefix(s.Token, "Bot ")
	b.secret.Store(&secret)
	configure(s)
	b.state.Store(s.State)
	c := b.client(s)
	ready := make(chan struct{})
	remove = b.addHandlers(context.WithoutCancel(ctx), s, c, ready)
	if err := b.open(ctx, s); err != nil {
		remove()
		if ctx.Err() != nil && !errors.Is(err, ErrUnauthorized) {
			b.log.Info("discord bot stopped before connecting")
			return nil, nil
		}
		return nil, err
	}
	if err := b.register(ctx, c, ready); err != nil {
		if ctx.Err() != nil && !errors.Is(err, ErrUnauthorized) {
			// Shutdown began while the commands were being registered:
			// the gateway is open, so stop as usual, draining the
			// answers in flight (and telling late askers) before
			// closing it.
			b.log.Info("discord bot stopping before its commands were registered")
			return remove, nil
		}
		if cerr := s.Close(); cerr != nil {
			b.log.Warn("close discord session", b.errAttr(cerr))
		}
		remove()
		return nil, err
	}
	b.log.Info("discord bot running", "app_id", load(&b.appID), "guild_id", b.opts.GuildID, "invite", InviteURL(load(&b.appID)))
	return remove, nil
}

// wait returns when ctx ends or Discord rejects the token.
func (b *Bot) wait(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-b.fatal:
	}
}

// configure sets up a session for Run.
func configure(s *discordgo.Session) {
	s.Lock()
	defer s.Unlock()
	s.Identify.Intents = Intents
	s.LogLevel = logSilent
	s.Debug = false
	s.SyncEvents = false // every event in its own goroutine: nothing blocks the gateway
	s.ShouldReconnectOnError = true
	s.ShouldRetryOnRateLimit = true
}

// addHandlers registers the gateway handlers and returns their removal.
func (b *Bot) addHandlers(ctx context.Context, s *discordgo.Session, c *client, ready chan struct{}) (remove func()) {
	var once sync.Once
	removers := []func(){
		s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
			b.ready(r)
			b.setConnected(true)
			once.Do(func() { close(ready) })
		}),
		s.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) { b.onInteraction(ctx, c, ic.Interaction) }),
		s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { b.onMessage(ctx, m.Message, c) }),
		s.AddHandler(func(_ *discordgo.Session, t *discordgo.ThreadCreate) {
			if t.Channel != nil && t.OwnerID != "" && t.OwnerID == load(&b.selfID) {
				b.threads.add(t.ID)
			}
		}),
		s.AddHandler(func(_ *discordgo.Session, t *discordgo.ThreadDelete) {
			if t.Channel != nil {
				b.forget(ctx, t.ID)
			}
		}),
		s.AddHandler(func(_ *discordgo.Session, c *discordgo.ChannelDelete) { b.channelDeleted(ctx, c.Channel) }),
		s.AddHandler(func(s *discordgo.Session, g *discordgo.GuildCreate) { b.guildAvailable(ctx, c, s.State, g.Guild) }),
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) {
			b.log.Info("discord gateway resumed")
			b.setConnected(true)
		}),
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
			b.log.Info("discord gateway disconnected")
			b.setConnected(false)
		}),
	}
	return func() {
		for _, r := range removers {
			r()
		}
		b.setConnected(false) // the session is closing
	}
}

// ready records who the bot is.
func (b *Bot) ready(r *discordgo.Ready) {
	if r.User != nil && r.User.ID != "" {
		id := r.User.ID
		b.selfID.Store(&id)
	}
	if load(&b.appID) == "" && r.Application != nil && r.Application.ID != "" {
		id := r.Application.ID
		b.appID.CompareAndSwap(nil, &id)
	}
}

// onInteraction answers one INTERACTION_CREATE.
func (b *Bot) onInteraction(ctx context.Context, c *client, i *discordgo.Interaction) {
	release := b.pool.hold()
	defer release()
	ctx, cancel := context.WithTimeout(ctx, respondTimeout)
	defer cancel()
	resp, delivered := b.Interact(ctx, i, c)
	err := c.respond(ctx, i, resp)
	if err != nil && !errors.Is(err, ErrUnauthorized) {
		b.log.Error("respond to interaction", "interaction_id", i.ID, "type", int(resp.Type), b.errAttr(err))
	}
	delivered(err)
}

// register bulk-overwrites the commands once the application is known.
func (b *Bot) register(ctx context.Context, c *client, ready <-chan struct{}) error {
	if load(&b.appID) == "" {
		select {
		case <-ready:
		case <-b.fatal:
		case <-ctx.Done():
			return fmt.Errorf("register commands: %w", ctx.Err())
		}
	}
	appID := load(&b.appID)
	if appID == "" {
		return errors.New("register commands: no application ID (set DISCORD_APP_ID)")
	}
	if err := c.bulkOverwrite(ctx, appID, b.opts.GuildID, b.Commands()); err != nil {
		if errors.Is(err, ErrUnauthorized) {
			return fmt.Errorf("run: %w", ErrUnauthorized)
		}
		return fmt.Errorf("run: %s", scrub(err, load(&b.secret)))
	}
	return nil
}

// maxConnectBackoff caps the wait between attempts to connect.
const maxConnectBackoff = time.Minute

// open connects to the gateway. A failure to connect (DNS, a refused
// connection, Discord unavailable) is logged and retried, waiting
// Options.ConnectBackoff and then twice as long each time, up to
// maxConnectBackoff, until ctx ends; a rejected token is not retried.
func (b *Bot) open(ctx context.Context, s *discordgo.Session) error {
	wait := b.opts.ConnectBackoff
	for attempt := 1; ; attempt++ {
		err := s.Open()
		if err == nil {
			if attempt > 1 {
				b.log.Info("discord gateway connected", "attempt", attempt)
			}
			return nil
		}
		err = b.openError(err)
		if errors.Is(err, ErrUnauthorized) {
			return err
		}
		b.log.Warn("discord gateway connection failed; retrying", "attempt", attempt, "retry_in", wait.String(), "err", err.Error())
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait = min(2*wait, maxConnectBackoff)
	}
}

// openError explains a failure to open the gateway.
func (b *Bot) openError(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) && ce.Code == closeAuthFailed || restStatus(err) == 401 {
		b.unauthorized("open gateway")
		return fmt.Errorf("run: open gateway: %w", ErrUnauthorized)
	}
	return fmt.Errorf("run: open gateway: %s", scrub(err, load(&b.secret)))
}

// stop drains the answers in flight, closes the session and reports why
// Run ends.
func (b *Bot) stop(s *discordgo.Session) error {
	err := b.drainAfterRun()
	if cerr := s.Close(); cerr != nil {
		b.log.Warn("close discord session", b.errAttr(cerr))
	}
	return err
}

// drainAfterRun drains the answers in flight (at once when the token was
// rejected) and reports why Run ends.
func (b *Bot) drainAfterRun() error {
	ctx, cancel := context.WithTimeout(context.Background(), b.opts.DrainTimeout)
	defer cancel()
	if b.dead.Load() {
		b.pool.abort()
	}
	derr := b.Drain(ctx)
	switch {
	case b.dead.Load():
		return fmt.Errorf("run: %w", ErrUnauthorized)
	case derr != nil:
		b.log.Warn("answers cut short at shutdown", b.errAttr(derr))
		return fmt.Errorf("run: %w", derr)
	}
	b.log.Info("discord bot stopped")
	return nil
}
