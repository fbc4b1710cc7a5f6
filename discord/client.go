package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// ErrUnauthorized means Discord rejected the bot token (HTTP 401, or
// gateway close 4004). The bot stops calling Discord once it sees it.
var ErrUnauthorized = errors.New("discord rejected the bot token: check DISCORD_TOKEN")

// unauthorizedMsg is the one operator error logged on a 401.
const unauthorizedMsg = "discord rejected the bot token (401): check DISCORD_TOKEN"

// Sender sends what handlers send after their immediate response: edits
// of the original response and follow-ups (webhook routes that need only
// the interaction token), and the channel calls that mentions and the
// Follow up button make (which need the bot token). Bot.Sender builds one
// over a discordgo session; both modes use it.
type Sender interface {
	EditOriginal(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) (*discordgo.Message, error)
	Followup(ctx context.Context, i *discordgo.Interaction, p *discordgo.WebhookParams) (*discordgo.Message, error)
	StartThread(ctx context.Context, channelID, messageID string, t *discordgo.ThreadStart) (*discordgo.Channel, error)
	Send(ctx context.Context, channelID string, m *discordgo.MessageSend) (*discordgo.Message, error)
	Typing(ctx context.Context, channelID string) error
	// Channel reads a channel (a forum post's tags and forum, say), and
	// EditChannel changes one (the tags on a post).
	Channel(ctx context.Context, channelID string) (*discordgo.Channel, error)
	EditChannel(ctx context.Context, channelID string, e *discordgo.ChannelEdit) (*discordgo.Channel, error)
}

// client is the Sender over a discordgo session. After a 401 on a call
// made with a token it refuses every call with ErrUnauthorized, and tells
// the bot once.
type client struct {
	s      *discordgo.Session
	bot    *Bot
	secret string // the session's token, for scrubbing; "" when none
}

// Sender returns a Sender over s, tied to the bot: a 401 on a route that
// needs the bot token stops it (and makes Run return ErrUnauthorized), and
// Hooks.RESTRateLimited is told of 429s. In HTTP interactions mode s may have an empty token: edits and
// follow-ups then still work, channel calls fail.
func (b *Bot) Sender(s *discordgo.Session) Sender { return b.client(s) }

func (b *Bot) client(s *discordgo.Session) *client {
	if _, seen := b.hooked.LoadOrStore(s, true); !seen {
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.RateLimit) { b.opts.Hooks.restRateLimited() })
	}
	return &client{s: s, bot: b, secret: strings.TrimPrefix(s.Token, "Bot ")}
}

// Routes, for call: a 401 on a route that needs the bot token means the
// token was rejected; on an interaction's callback or webhook routes, which
// need only the interaction token, it means that token expired (Discord's
// code 50027, Invalid Webhook Token), not the bot's.
const (
	botRoute     = true
	webhookRoute = false
)

// call runs one REST call with ctx, guarding against a rejected token.
func (c *client) call(ctx context.Context, op string, needsToken bool, f func(opts ...discordgo.RequestOption) error) error {
	if c.bot.dead.Load() {
		return fmt.Errorf("%s: %w", op, ErrUnauthorized)
	}
	err := f(discordgo.WithContext(ctx))
	if err == nil {
		return nil
	}
	if needsToken && c.secret != "" && restStatus(err) == http.StatusUnauthorized {
		c.bot.unauthorized(op)
		return fmt.Errorf("%s: %w", op, ErrUnauthorized)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// callWebhook is call for the routes of an interaction's responses. Their
// 10015 (Unknown Webhook) is tried again for about 5 seconds, waiting
// longer each time, up to a second: in HTTP interactions mode the response
// is written before Discord has taken it in, and a follow-up or edit sent
// at once can arrive first (Discord reports such 404s lasting a few
// seconds). An expired token is not 10015 but 401 (code 50027), which is
// not tried again. A retried call has created nothing, so trying it again
// is safe.
func (c *client) callWebhook(ctx context.Context, op string, f func(opts ...discordgo.RequestOption) error) error {
	return retrying(ctx, webhookTries, 50*time.Millisecond, time.Second, func(try int) error {
		err := c.call(ctx, op, webhookRoute, f)
		if restCode(err) == unknownWebhook && try < webhookTries {
			c.bot.log.Debug("webhook not known yet; trying again", "op", op, "try", try)
		}
		return err
	}, func(err error) bool { return restCode(err) == unknownWebhook })
}

// retrying calls call (with the try's number, from 1) until it succeeds,
// again says its error is not worth another try, tries calls were made, or
// ctx ends, waiting first between the first two, then twice as long each
// time up to most. It returns the last call's error.
func retrying(ctx context.Context, tries int, first, most time.Duration, call func(try int) error, again func(error) bool) error {
	wait := first
	for try := 1; ; try++ {
		err := call(try)
		if err == nil || try == tries || !again(err) || !sleep(ctx, wait) {
			return err
		}
		wait = min(2*wait, most)
	}
}

// unknownWebhook is Discord's JSON error code for an interaction token it
// does not know (yet); webhookTries bounds callWebhook: waits of 50, 100,
// 200, 400 and 800 ms, then three of a second, about 4.6 s in all.
const (
	unknownWebhook = 10015
	webhookTries   = 9
)

// respond sends an interaction's immediate response.
func (c *client) respond(ctx context.Context, i *discordgo.Interaction, r *discordgo.InteractionResponse) error {
	return c.call(ctx, "respond", webhookRoute, func(o ...discordgo.RequestOption) error {
		return c.s.InteractionRespond(i, r, o...)
	})
}

// EditOriginal edits the interaction's original response.
func (c *client) EditOriginal(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) (m *discordgo.Message, err error) {
	err = c.callWebhook(ctx, "edit response", func(o ...discordgo.RequestOption) (err error) {
		m, err = c.s.InteractionResponseEdit(i, e, o...)
		return err
	})
	return m, err
}

// Original reads the interaction's original response back.
func (c *client) Original(ctx context.Context, i *discordgo.Interaction) (m *discordgo.Message, err error) {
	err = c.callWebhook(ctx, "read response", func(o ...discordgo.RequestOption) (err error) {
		m, err = c.s.InteractionResponse(i, o...)
		return err
	})
	return m, err
}

// Followup sends a follow-up message to the interaction.
func (c *client) Followup(ctx context.Context, i *discordgo.Interaction, p *discordgo.WebhookParams) (m *discordgo.Message, err error) {
	err = c.callWebhook(ctx, "follow up", func(o ...discordgo.RequestOption) (err error) {
		m, err = c.s.FollowupMessageCreate(i, true, p, o...)
		return err
	})
	return m, err
}

// StartThread starts a thread from a message.
func (c *client) StartThread(ctx context.Context, channelID, messageID string, t *discordgo.ThreadStart) (ch *discordgo.Channel, err error) {
	err = c.call(ctx, "start thread", botRoute, func(o ...discordgo.RequestOption) (err error) {
		ch, err = c.s.MessageThreadStartComplex(channelID, messageID, t, o...)
		return err
	})
	return ch, err
}

// Send posts a message in a channel.
func (c *client) Send(ctx context.Context, channelID string, ms *discordgo.MessageSend) (m *discordgo.Message, err error) {
	err = c.call(ctx, "send message", botRoute, func(o ...discordgo.RequestOption) (err error) {
		m, err = c.s.ChannelMessageSendComplex(channelID, ms, o...)
		return err
	})
	return m, err
}

// EditMessage edits a message the bot posted in a channel.
func (c *client) EditMessage(ctx context.Context, e *discordgo.MessageEdit) (m *discordgo.Message, err error) {
	err = c.call(ctx, "edit message", botRoute, func(o ...discordgo.RequestOption) (err error) {
		m, err = c.s.ChannelMessageEditComplex(e, o...)
		return err
	})
	return m, err
}

// Messages lists up to limit of a channel's messages that follow the
// message afterID.
func (c *client) Messages(ctx context.Context, channelID, afterID string, limit int) (ms []*discordgo.Message, err error) {
	err = c.call(ctx, "read messages", botRoute, func(o ...discordgo.RequestOption) (err error) {
		ms, err = c.s.ChannelMessages(channelID, limit, "", afterID, "", o...)
		return err
	})
	return ms, err
}

// Typing shows the typing indicator in a channel.
func (c *client) Typing(ctx context.Context, channelID string) error {
	return c.call(ctx, "typing", botRoute, func(o ...discordgo.RequestOption) error {
		return c.s.ChannelTyping(channelID, o...)
	})
}

// Channel reads a channel.
func (c *client) Channel(ctx context.Context, channelID string) (ch *discordgo.Channel, err error) {
	err = c.call(ctx, "read channel", botRoute, func(o ...discordgo.RequestOption) (err error) {
		ch, err = c.s.Channel(channelID, o...)
		return err
	})
	return ch, err
}

// EditChannel changes a channel.
func (c *client) EditChannel(ctx context.Context, channelID string, e *discordgo.ChannelEdit) (ch *discordgo.Channel, err error) {
	err = c.call(ctx, "edit channel", botRoute, func(o ...discordgo.RequestOption) (err error) {
		ch, err = c.s.ChannelEdit(channelID, e, o...)
		return err
	})
	return ch, err
}

// bulkOverwrite registers the commands.
func (c *client) bulkOverwrite(ctx context.Context, appID, guildID string, cmds []*discordgo.ApplicationCommand) error {
	return c.call(ctx, "register commands", botRoute, func(o ...discordgo.RequestOption) error {
		_, err := c.s.ApplicationCommandBulkOverwrite(appID, guildID, cmds, o...)
		return err
	})
}

// restStatus is the HTTP status of a discordgo REST error, or 0.
func restStatus(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode
	}
	return 0
}

// restCode is Discord's JSON error code of a REST error, or 0.
func restCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return 0
}

// secretPath matches the token part of interaction and webhook routes.
var secretPath = regexp.MustCompile(`(/(?:interactions|webhooks)/[^/\s"]+/)[^/\s"?]+`)

// scrub makes an error safe to log: interaction and webhook tokens in
// URLs, any "Bot …" authorization and the bot token itself are redacted.
func scrub(err error, secret string) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	if secret != "" {
		s = strings.ReplaceAll(s, secret, "[redacted]")
	}
	s = secretPath.ReplaceAllString(s, "${1}[redacted]")
	return botAuth.ReplaceAllString(s, "Bot [redacted]")
}

// botAuth matches an Authorization header value.
var botAuth = regexp.MustCompile(`Bot [A-Za-z0-9._\-]+`)
