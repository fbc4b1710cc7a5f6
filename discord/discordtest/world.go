package discordtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// world is the slice of Discord's model the REST side needs, guarded by
// Server.mu: messages, channels, interactions and application commands.
type world struct {
	messages     map[string]*storedMessage
	channels     map[string]map[string]any
	interactions map[string]*storedInteraction // by interaction ID
	byToken      map[string]*storedInteraction // by interaction token
	commands     map[string][]map[string]any   // by guild ID, "" for global
	deleted      map[string]bool               // channels deleted: REST calls on them fail with 10003
}

// newWorld returns an empty world.
func newWorld() world {
	return world{
		messages:     map[string]*storedMessage{},
		channels:     map[string]map[string]any{},
		deleted:      map[string]bool{},
		interactions: map[string]*storedInteraction{},
		byToken:      map[string]*storedInteraction{},
		commands:     map[string][]map[string]any{},
	}
}

// storedMessage is a message object as Discord would return it.
type storedMessage struct {
	obj map[string]any
}

// id returns the message ID.
func (m *storedMessage) id() string { return str(m.obj["id"]) }

// channelID returns the message's channel.
func (m *storedMessage) channelID() string { return str(m.obj["channel_id"]) }

// authorID returns the ID of the message's author.
func (m *storedMessage) authorID() string {
	a, _ := m.obj["author"].(map[string]any)
	return str(a["id"])
}

// storedInteraction is a dispatched interaction and its response state.
type storedInteraction struct {
	id, token, appID   string
	channelID, guildID string
	typ                int
	user               map[string]any
	messageID          string // the message a component was on
	at                 time.Time
	acked              bool
	originalID         string
	followups          []string // follow-up IDs as created, less deleted ones
	name               string
}

// observe makes a dispatched object known to the REST side; s.mu must be held.
func (s *Server) observe(eventType string, raw json.RawMessage) error {
	switch eventType {
	case "INTERACTION_CREATE":
		return s.observeInteraction(raw)
	case "MESSAGE_CREATE":
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return fmt.Errorf("message: %w", err)
		}
		if str(m["id"]) == "" || str(m["channel_id"]) == "" {
			return fmt.Errorf("message without id or channel_id")
		}
		s.world.messages[str(m["id"])] = &storedMessage{obj: m}
		s.ids.see(str(m["id"]))
	case "GUILD_CREATE":
		return s.observeGuild(raw)
	case "CHANNEL_CREATE", "CHANNEL_UPDATE", "THREAD_CREATE", "THREAD_UPDATE":
		var c map[string]any
		if err := json.Unmarshal(raw, &c); err != nil {
			return fmt.Errorf("channel: %w", err)
		}
		if id := str(c["id"]); id != "" {
			s.world.channels[id] = c
		}
	case "CHANNEL_DELETE", "THREAD_DELETE":
		var c struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(raw, &c); err != nil {
			return fmt.Errorf("channel: %w", err)
		}
		delete(s.world.channels, c.ID)
		s.world.deleted[c.ID] = true
	}
	return nil
}

// wireInteraction is the part of an interaction the fake keeps.
type wireInteraction struct {
	ID            string         `json:"id"`
	ApplicationID string         `json:"application_id"`
	Type          int            `json:"type"`
	Token         string         `json:"token"`
	ChannelID     string         `json:"channel_id"`
	GuildID       string         `json:"guild_id"`
	User          map[string]any `json:"user"`
	Member        *struct {
		User map[string]any `json:"user"`
	} `json:"member"`
	Message map[string]any `json:"message"`
	Data    struct {
		Name string `json:"name"`
	} `json:"data"`
}

// observeInteraction records an interaction so its callbacks and webhooks
// can be answered; s.mu must be held.
func (s *Server) observeInteraction(raw json.RawMessage) error {
	var w wireInteraction
	if err := json.Unmarshal(raw, &w); err != nil {
		return fmt.Errorf("interaction: %w", err)
	}
	if w.ID == "" || w.Token == "" {
		return fmt.Errorf("interaction without id or token")
	}
	it := &storedInteraction{
		id: w.ID, token: w.Token, appID: w.ApplicationID, typ: w.Type,
		channelID: w.ChannelID, guildID: w.GuildID, user: w.User, at: time.Now(),
		name: w.Data.Name,
	}
	if w.Member != nil {
		it.user = w.Member.User
	}
	if w.Message != nil {
		it.messageID = str(w.Message["id"])
		if _, ok := s.world.messages[it.messageID]; !ok && it.messageID != "" {
			s.world.messages[it.messageID] = &storedMessage{obj: w.Message}
		}
	}
	s.world.interactions[it.id] = it
	s.world.byToken[it.token] = it
	return nil
}

// AddChannel makes a channel known, so GET /channels/{id} returns it and
// threads started in it inherit its guild. Channels the fake was not told
// about are treated as text channels of Options.GuildID.
func (s *Server) AddChannel(ch *discordgo.Channel) error {
	raw, err := json.Marshal(ch)
	if err != nil {
		return fmt.Errorf("add channel: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("add channel: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.world.channels[ch.ID] = m
	return nil
}

// Channel returns the channel the fake has for id (as GET /channels/{id}
// would), decoded by discordgo.
func (s *Server) Channel(id string) (*discordgo.Channel, error) {
	s.mu.Lock()
	raw, err := json.Marshal(s.channel(id))
	s.mu.Unlock()
	var ch discordgo.Channel
	if err == nil {
		err = json.Unmarshal(raw, &ch)
	}
	if err != nil {
		return nil, fmt.Errorf("channel %s: %w", id, err)
	}
	return &ch, nil
}

// Message returns the stored message with id (as edited so far), decoded by
// discordgo, or false when the fake has never seen it.
func (s *Server) Message(id string) (*discordgo.Message, bool) {
	s.mu.Lock()
	m, ok := s.world.messages[id]
	var raw []byte
	if ok {
		raw, _ = json.Marshal(m.obj)
	}
	s.mu.Unlock()
	if !ok {
		return nil, false
	}
	var msg discordgo.Message
	if err := json.Unmarshal(raw, &msg); err != nil {
		return nil, false
	}
	return &msg, true
}

// channel returns a known channel or a synthesized guild text channel;
// s.mu must be held.
func (s *Server) channel(id string) map[string]any {
	if c, ok := s.world.channels[id]; ok {
		return c
	}
	return map[string]any{
		"id":                    id,
		"type":                  int(discordgo.ChannelTypeGuildText),
		"guild_id":              s.opts.GuildID,
		"name":                  "channel-" + tail(id, 4),
		"position":              0,
		"permission_overwrites": []any{},
		"parent_id":             nil,
		"nsfw":                  false,
		"topic":                 nil,
		"last_message_id":       nil,
		"rate_limit_per_user":   0,
		"flags":                 0,
	}
}

// botUser is the bot's user object; s.mu need not be held.
func (s *Server) botUser() map[string]any {
	return map[string]any{
		"id":            s.opts.BotUserID,
		"username":      s.opts.BotUsername,
		"discriminator": "0",
		"global_name":   nil,
		"avatar":        nil,
		"bot":           true,
		"verified":      true,
		"mfa_enabled":   false,
		"flags":         0,
		"public_flags":  0,
	}
}

// str returns v when it is a string, else "".
func str(v any) string {
	s, _ := v.(string)
	return s
}

// num returns v as an int when it is a JSON number or an int the fake set
// itself, else 0.
func num(v any) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case int:
		return n // set by the fake itself, as flags are
	}
	return 0
}

// tail returns the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// timestamp formats t as Discord does (ISO 8601, microseconds, +00:00).
func timestamp(t time.Time) string {
	return strings.Replace(t.UTC().Format("2006-01-02T15:04:05.000000Z07:00"), "Z", "+00:00", 1)
}
