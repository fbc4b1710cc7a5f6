package discordtest

import (
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Message types and flags the fake sets.
const (
	msgTypeDefault   = 0
	msgTypeReply     = 19
	msgTypeChatInput = 20
	// keptFlags are the message flags a client may set.
	keptFlags = 1<<2 | flagEphemeral | 1<<12 | flagComponentsV2
)

// newMessage creates and stores a bot message in channelID from payload p;
// it is an interaction message when it is non-nil. s.mu must be held.
func (s *Server) newMessage(channelID string, p map[string]any, files []File, it *storedInteraction) *storedMessage {
	m := map[string]any{
		"id":               s.newID(),
		"type":             msgTypeDefault,
		"channel_id":       channelID,
		"content":          str(p["content"]),
		"author":           s.botUser(),
		"attachments":      s.attachments(channelID, files),
		"embeds":           embedsOut(p["embeds"]),
		"mentions":         []any{},
		"mention_roles":    []any{},
		"mention_everyone": false,
		"pinned":           false,
		"tts":              p["tts"] == true,
		"timestamp":        timestamp(time.Now()),
		"edited_timestamp": nil,
		"flags":            num(p["flags"]) & keptFlags,
		"components":       listOr(p["components"]),
	}
	if it != nil {
		s.markInteraction(m, it)
	}
	if ref, _ := p["message_reference"].(map[string]any); ref != nil {
		s.markReply(m, ref)
	}
	if p["poll"] != nil {
		m["poll"] = p["poll"]
	}
	sm := &storedMessage{obj: m}
	s.world.messages[sm.id()] = sm
	s.bumpThread(channelID, sm.id())
	return sm
}

// markInteraction adds the fields of a message sent through an
// interaction's webhook.
func (s *Server) markInteraction(m map[string]any, it *storedInteraction) {
	m["webhook_id"] = it.appID
	m["application_id"] = it.appID
	meta := map[string]any{
		"id":                             it.id,
		"type":                           it.typ,
		"user":                           it.user,
		"authorizing_integration_owners": map[string]any{"0": it.guildID},
	}
	if it.name != "" {
		meta["name"] = it.name
	}
	m["interaction_metadata"] = meta
}

// markReply makes m a reply to the referenced message.
func (s *Server) markReply(m, ref map[string]any) {
	id := str(ref["message_id"])
	ch := str(ref["channel_id"])
	if ch == "" {
		ch = str(m["channel_id"])
	}
	m["type"] = msgTypeReply
	m["message_reference"] = map[string]any{"type": 0, "message_id": id, "channel_id": ch, "guild_id": s.channelGuild(ch)}
	if target, ok := s.world.messages[id]; ok {
		m["referenced_message"] = target.obj
	}
}

// attachments describes uploaded files as attachment objects.
func (s *Server) attachments(channelID string, files []File) []any {
	out := []any{}
	for _, f := range files {
		id := s.newID()
		url := "https://cdn.discordapp.com/attachments/" + channelID + "/" + id + "/" + f.Name
		ct := f.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		out = append(out, map[string]any{
			"id": id, "filename": f.Name, "size": len(f.Data), "url": url,
			"proxy_url": url, "content_type": ct,
		})
	}
	return out
}

// embedsOut returns embeds as stored, with Discord's default type "rich".
func embedsOut(v any) []any {
	in, _ := v.([]any)
	out := make([]any, 0, len(in))
	for _, e := range in {
		em, _ := e.(map[string]any)
		if em == nil {
			continue
		}
		if _, ok := em["type"]; !ok {
			em["type"] = "rich"
		}
		out = append(out, em)
	}
	return out
}

// listOr returns v when it is a JSON list, else an empty list.
func listOr(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{}
}

// editMessage applies an edit payload to a stored message.
func editMessage(m *storedMessage, p map[string]any) {
	if v, ok := p["content"]; ok {
		m.obj["content"] = str(v)
	}
	if v, ok := p["embeds"]; ok {
		m.obj["embeds"] = embedsOut(v)
	}
	if v, ok := p["components"]; ok {
		m.obj["components"] = listOr(v)
	}
	flags := num(m.obj["flags"]) &^ flagLoading
	if v, ok := p["flags"]; ok { // an edit never changes whether a message is ephemeral
		flags = flags&^keptFlags | num(v)&keptFlags&^flagEphemeral | flags&flagEphemeral
	}
	m.obj["flags"] = flags
	m.obj["edited_timestamp"] = timestamp(time.Now())
}

// channelGuild returns the guild of a channel ("" for DMs).
func (s *Server) channelGuild(channelID string) string {
	return str(s.channel(channelID)["guild_id"])
}

// bumpThread counts a new message in a thread the fake created.
func (s *Server) bumpThread(channelID, messageID string) {
	th, ok := s.world.channels[channelID]
	if !ok || th["thread_metadata"] == nil {
		return
	}
	th["message_count"] = num(th["message_count"]) + 1
	th["total_message_sent"] = num(th["total_message_sent"]) + 1
	th["last_message_id"] = messageID
}

// echoMessage dispatches MESSAGE_CREATE/UPDATE for a bot message, as
// Discord does for non-ephemeral messages, with guild_id filled in.
func (s *Server) echoMessage(eventType string, m *storedMessage) {
	if num(m.obj["flags"])&flagEphemeral != 0 {
		return
	}
	ev := make(map[string]any, len(m.obj)+1)
	for k, v := range m.obj {
		ev[k] = v
	}
	intent := discordgo.IntentDirectMessages
	if g := s.channelGuild(m.channelID()); g != "" {
		ev["guild_id"] = g
		intent = discordgo.IntentGuildMessages
	}
	s.echo(eventType, ev, intent)
}

// echoDelete dispatches MESSAGE_DELETE for a deleted message.
func (s *Server) echoDelete(m *storedMessage) {
	if num(m.obj["flags"])&flagEphemeral != 0 {
		return
	}
	ev := map[string]any{"id": m.id(), "channel_id": m.channelID()}
	intent := discordgo.IntentDirectMessages
	if g := s.channelGuild(m.channelID()); g != "" {
		ev["guild_id"] = g
		intent = discordgo.IntentGuildMessages
	}
	s.echo("MESSAGE_DELETE", ev, intent)
}

// decodeMessage reads and checks a message payload for create (need
// something to show) or edit.
func (c *call) decodeMessage(create bool) (map[string]any, []File, reply, bool) {
	var p map[string]any
	if r, good := c.decode(&p); !good {
		return nil, nil, r, false
	}
	files := c.files()
	if errs := validateMessage(p, nil); len(errs) > 0 {
		return nil, nil, invalidForm(errs), false
	}
	if create && isEmptyMessage(p, len(files)) {
		return nil, nil, errEmptyMessage(), false
	}
	return p, files, reply{}, true
}

// getChannel serves GET /channels/{id}.
func (s *Server) getChannel(c *call) reply { return ok(s.channel(c.params[0])) }

// postMessage serves POST /channels/{id}/messages.
func (s *Server) postMessage(c *call) reply {
	p, files, r, good := c.decodeMessage(true)
	if !good {
		return r
	}
	if r, good := s.checkReference(p); !good {
		return r
	}
	m := s.newMessage(c.params[0], p, files, nil)
	s.echoMessage("MESSAGE_CREATE", m)
	return ok(m.obj)
}

// checkReference rejects replies to unknown messages unless the payload
// sets fail_if_not_exists to false.
func (s *Server) checkReference(p map[string]any) (reply, bool) {
	ref, _ := p["message_reference"].(map[string]any)
	if ref == nil || ref["fail_if_not_exists"] == false {
		return reply{}, true
	}
	if _, known := s.world.messages[str(ref["message_id"])]; known {
		return reply{}, true
	}
	return invalidForm([]formErr{{[]string{"message_reference"}, "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message"}}), false
}

// channelMessage finds a message by channel and ID.
func (s *Server) channelMessage(c *call) (*storedMessage, bool) {
	m, ok := s.world.messages[c.params[1]]
	if !ok || m.channelID() != c.params[0] {
		return nil, false
	}
	return m, true
}

// getMessage serves GET /channels/{id}/messages/{mid}.
func (s *Server) getMessage(c *call) reply {
	m, found := s.channelMessage(c)
	if !found {
		return errUnknownMessage()
	}
	return ok(m.obj)
}

// patchMessage serves PATCH /channels/{id}/messages/{mid}; only the bot's
// own messages can be edited.
func (s *Server) patchMessage(c *call) reply {
	m, found := s.channelMessage(c)
	if !found {
		return errUnknownMessage()
	}
	if m.authorID() != s.opts.BotUserID {
		return errNotAuthor()
	}
	p, _, r, good := c.decodeMessage(false)
	if !good {
		return r
	}
	editMessage(m, p)
	s.echoMessage("MESSAGE_UPDATE", m)
	return ok(m.obj)
}

// deleteMessage serves DELETE /channels/{id}/messages/{mid}.
func (s *Server) deleteMessage(c *call) reply {
	m, found := s.channelMessage(c)
	if !found {
		return errUnknownMessage()
	}
	delete(s.world.messages, m.id())
	s.echoDelete(m)
	return noContent()
}

// startMessageThread serves POST /channels/{id}/messages/{mid}/threads: the
// thread takes the message's ID, a message gets at most one thread, and a
// message in a thread gets none (threads do not nest).
func (s *Server) startMessageThread(c *call) reply {
	m, found := s.channelMessage(c)
	if !found {
		return errUnknownMessage()
	}
	if isThread(num(s.channel(c.params[0])["type"])) {
		return errWrongChannelType()
	}
	if m.obj["thread"] != nil {
		return errThreadExists()
	}
	var p map[string]any
	if r, good := c.decode(&p); !good {
		return r
	}
	if errs := validateThread(p); len(errs) > 0 {
		return invalidForm(errs)
	}
	typ := int(discordgo.ChannelTypeGuildPublicThread)
	if num(s.channel(c.params[0])["type"]) == int(discordgo.ChannelTypeGuildNews) {
		typ = int(discordgo.ChannelTypeGuildNewsThread)
	}
	th := s.newThread(m.id(), c.params[0], typ, p)
	m.obj["thread"] = th
	m.obj["flags"] = num(m.obj["flags"]) | flagHasThread
	return reply{status: http.StatusCreated, body: th}
}

// isThread reports whether a channel type is a thread's (10, 11 or 12).
func isThread(typ int) bool {
	switch discordgo.ChannelType(typ) {
	case discordgo.ChannelTypeGuildNewsThread, discordgo.ChannelTypeGuildPublicThread, discordgo.ChannelTypeGuildPrivateThread:
		return true
	}
	return false
}

// startThread serves POST /channels/{id}/threads (a thread without a
// starter message; type defaults to private, 12).
func (s *Server) startThread(c *call) reply {
	var p map[string]any
	if r, good := c.decode(&p); !good {
		return r
	}
	errs := validateThread(p)
	typ := num(p["type"])
	switch {
	case typ == 0:
		typ = int(discordgo.ChannelTypeGuildPrivateThread)
	case !isThread(typ):
		errs = append(errs, formErr{[]string{"type"}, "BASE_TYPE_CHOICES", "Value must be one of {10, 11, 12}."})
	}
	if len(errs) > 0 {
		return invalidForm(errs)
	}
	th := s.newThread(s.newID(), c.params[0], typ, p)
	return reply{status: http.StatusCreated, body: th}
}

// newThread creates, stores and announces (THREAD_CREATE) a thread channel.
func (s *Server) newThread(id, parentID string, typ int, p map[string]any) map[string]any {
	now := timestamp(time.Now())
	archive := num(p["auto_archive_duration"])
	if archive == 0 {
		archive = 1440
	}
	meta := map[string]any{
		"archived": false, "auto_archive_duration": archive, "archive_timestamp": now,
		"locked": false, "create_timestamp": now,
	}
	if typ == int(discordgo.ChannelTypeGuildPrivateThread) {
		meta["invitable"] = p["invitable"] != false
	}
	th := map[string]any{
		"id": id, "type": typ, "guild_id": s.channelGuild(parentID), "parent_id": parentID,
		"owner_id": s.opts.BotUserID, "name": str(p["name"]), "last_message_id": nil,
		"rate_limit_per_user": num(p["rate_limit_per_user"]), "message_count": 0,
		"member_count": 1, "total_message_sent": 0, "flags": 0, "thread_metadata": meta,
		"member": map[string]any{"id": id, "user_id": s.opts.BotUserID, "join_timestamp": now, "flags": 0},
	}
	s.world.channels[id] = th
	ev := make(map[string]any, len(th)+1)
	for k, v := range th {
		ev[k] = v
	}
	ev["newly_created"] = true
	s.echo("THREAD_CREATE", ev, discordgo.IntentGuilds)
	return th
}
