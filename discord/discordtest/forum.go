package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	"github.com/bwmarrin/discordgo"
)

// maxAppliedTags is how many tags a forum post may carry.
const maxAppliedTags = 5

// ForumChannel builds a forum channel (type 15) of the default guild
// offering tags; give it to AddChannel, or in a Guild to GUILD_CREATE.
func ForumChannel(id, name string, tags ...discordgo.ForumTag) *discordgo.Channel {
	if tags == nil {
		tags = []discordgo.ForumTag{}
	}
	return &discordgo.Channel{
		ID: id, GuildID: DefaultGuildID, Name: name, Type: discordgo.ChannelTypeGuildForum,
		PermissionOverwrites: []*discordgo.PermissionOverwrite{}, AvailableTags: tags, AppliedTags: []string{},
	}
}

// ForumPost builds a new post in forum forumID by authorID, as Discord
// sends it: the thread (type 11, parent_id the forum, named title) for
// THREAD_CREATE, and its first message, whose ID is the thread's, for the
// MESSAGE_CREATE that follows. Send both with Server.SendForumPost.
func ForumPost(forumID, authorID, title, content string) (*discordgo.Channel, *discordgo.Message) {
	id := snowflake()
	archive := 4320
	th := &discordgo.Channel{
		ID: id, GuildID: DefaultGuildID, ParentID: forumID, OwnerID: authorID, Name: title,
		Type: discordgo.ChannelTypeGuildPublicThread, MessageCount: 0, MemberCount: 1,
		ThreadMetadata: &discordgo.ThreadMetadata{AutoArchiveDuration: archive, ArchiveTimestamp: now()},
		AppliedTags:    []string{}, PermissionOverwrites: []*discordgo.PermissionOverwrite{},
	}
	m := MessageMention(id, authorID, content, false)
	m.ID = id
	return th, m
}

// SendForumPost dispatches a forum post from ForumPost: THREAD_CREATE
// (with newly_created), then the first MESSAGE_CREATE. The forum must be
// known (AddChannel or a Guild dispatched with GUILD_CREATE) and be a
// forum.
func (s *Server) SendForumPost(th *discordgo.Channel, first *discordgo.Message) error {
	s.mu.Lock()
	parent, known := s.world.channels[th.ParentID]
	s.mu.Unlock()
	if !known || num(parent["type"]) != int(discordgo.ChannelTypeGuildForum) {
		return fmt.Errorf("send forum post: %s is not a known forum channel", th.ParentID)
	}
	if th.Type != discordgo.ChannelTypeGuildPublicThread || first.ID != th.ID || first.ChannelID != th.ID {
		return fmt.Errorf("send forum post: a post is a public thread whose first message has its ID")
	}
	raw, err := json.Marshal(th)
	if err != nil {
		return fmt.Errorf("send forum post: %w", err)
	}
	var ev map[string]any
	if err := json.Unmarshal(raw, &ev); err != nil {
		return fmt.Errorf("send forum post: %w", err)
	}
	ev["newly_created"] = true
	if err := s.Dispatch("THREAD_CREATE", ev); err != nil {
		return err
	}
	return s.SendMessage(first)
}

// DeleteChannelUnheard deletes a channel as Discord does while no session
// of the bot is connected to hear it: no CHANNEL_DELETE is dispatched, and
// REST calls on the channel then fail with 10003 Unknown Channel.
func (s *Server) DeleteChannelUnheard(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.world.channels, id)
	s.world.deleted[id] = true
}

// DeleteThread deletes a known thread, as a moderator does, and dispatches
// THREAD_DELETE with what Discord's event holds: the thread's id,
// guild_id, parent_id and type. REST calls on it then fail with 10003
// Unknown Channel.
func (s *Server) DeleteThread(id string) error {
	s.mu.Lock()
	th, known := s.world.channels[id]
	s.mu.Unlock()
	if !known {
		return fmt.Errorf("delete thread: %s is not a known channel", id)
	}
	if !isThread(num(th["type"])) {
		return fmt.Errorf("delete thread: %s is not a thread", id)
	}
	return s.Dispatch("THREAD_DELETE", map[string]any{"id": id, "guild_id": th["guild_id"], "parent_id": th["parent_id"], "type": th["type"]})
}

// Guild builds a guild for GUILD_CREATE, which discordgo keeps in its
// state (and so can work out a member's permissions from their roles):
// the default guild, its @everyone role (ID the guild's) with
// DefaultMemberPermissions, the roles given, and channels.
func Guild(channels []*discordgo.Channel, roles ...*discordgo.Role) *discordgo.Guild {
	everyone := &discordgo.Role{ID: DefaultGuildID, Name: "@everyone", Permissions: DefaultMemberPermissions}
	if channels == nil {
		channels = []*discordgo.Channel{}
	}
	return &discordgo.Guild{
		ID: DefaultGuildID, Name: "guild", OwnerID: "100000000000000099",
		Roles: append([]*discordgo.Role{everyone}, roles...), Channels: channels,
		Members: []*discordgo.Member{}, Threads: []*discordgo.Channel{}, Emojis: []*discordgo.Emoji{},
		VoiceStates: []*discordgo.VoiceState{}, Presences: []*discordgo.Presence{},
	}
}

// Role builds a role with permissions perms.
func Role(id string, perms int64) *discordgo.Role {
	return &discordgo.Role{ID: id, Name: "role-" + tail(id, 4), Permissions: perms}
}

// observeGuild makes a dispatched guild's channels known; s.mu must be held.
func (s *Server) observeGuild(raw json.RawMessage) error {
	var g struct {
		ID       string           `json:"id"`
		Channels []map[string]any `json:"channels"`
		Threads  []map[string]any `json:"threads"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return fmt.Errorf("guild: %w", err)
	}
	for _, c := range append(g.Channels, g.Threads...) {
		if id := str(c["id"]); id != "" {
			c["guild_id"] = g.ID
			s.world.channels[id] = c
		}
	}
	return nil
}

// patchChannel serves PATCH /channels/{id}, for what the fake models: a
// thread's name, archived and locked flags, and a forum post's
// applied_tags, which must be tags its forum offers, at most five.
// Discord announces the change with THREAD_UPDATE.
func (s *Server) patchChannel(c *call) reply {
	ch, known := s.world.channels[c.params[0]]
	if !known || ch["thread_metadata"] == nil {
		return apiError(http.StatusNotFound, 10003, "Unknown Channel")
	}
	var p map[string]any
	if r, good := c.decode(&p); !good {
		return r
	}
	if v, ok := p["applied_tags"]; ok {
		tags, _ := v.([]any)
		if r, good := s.checkTags(ch, tags); !good {
			return r
		}
		ch["applied_tags"] = tags
	}
	if v, ok := p["name"]; ok {
		if errs := validateThread(map[string]any{"name": v}); len(errs) > 0 {
			return invalidForm(errs)
		}
		ch["name"] = str(v)
	}
	meta, _ := ch["thread_metadata"].(map[string]any)
	for _, k := range []string{"archived", "locked"} {
		if v, ok := p[k].(bool); ok && meta != nil {
			meta[k] = v
		}
	}
	s.echo("THREAD_UPDATE", ch, discordgo.IntentGuilds)
	return ok(ch)
}

// checkTags checks tags a post is to carry against its forum's.
func (s *Server) checkTags(thread map[string]any, tags []any) (reply, bool) {
	if len(tags) > maxAppliedTags {
		return invalidForm([]formErr{tooLong([]string{"applied_tags"}, maxAppliedTags)}), false
	}
	forum, ok := s.world.channels[str(thread["parent_id"])]
	if !ok || num(forum["type"]) != int(discordgo.ChannelTypeGuildForum) {
		return apiError(http.StatusBadRequest, 50024, "Cannot execute action on this channel type"), false
	}
	var offered []string
	available, _ := forum["available_tags"].([]any)
	for _, t := range available {
		if t, _ := t.(map[string]any); t != nil {
			offered = append(offered, str(t["id"]))
		}
	}
	for k, t := range tags {
		if !slices.Contains(offered, str(t)) {
			return invalidForm([]formErr{{[]string{"applied_tags", fmt.Sprint(k)}, "BASE_TYPE_CHOICES", "Value must be one of the forum's tags."}}), false
		}
	}
	return reply{}, true
}
