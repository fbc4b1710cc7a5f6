package discordtest

import (
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"
)

// allowedCallbacks lists the callback types Discord accepts for an
// interaction type (gateway interactions; PONG is only for HTTP ones).
func allowedCallbacks(t discordgo.InteractionType) []discordgo.InteractionResponseType {
	const (
		message       = discordgo.InteractionResponseChannelMessageWithSource
		deferred      = discordgo.InteractionResponseDeferredChannelMessageWithSource
		deferUpdate   = discordgo.InteractionResponseDeferredMessageUpdate
		update        = discordgo.InteractionResponseUpdateMessage
		modal         = discordgo.InteractionResponseModal
		choicesResult = discordgo.InteractionApplicationCommandAutocompleteResult
	)
	switch t {
	case discordgo.InteractionApplicationCommand:
		return []discordgo.InteractionResponseType{message, deferred, modal}
	case discordgo.InteractionMessageComponent:
		return []discordgo.InteractionResponseType{message, deferred, deferUpdate, update, modal}
	case discordgo.InteractionApplicationCommandAutocomplete:
		return []discordgo.InteractionResponseType{choicesResult}
	case discordgo.InteractionModalSubmit:
		return []discordgo.InteractionResponseType{message, deferred, deferUpdate, update}
	}
	return nil
}

// callbackPayload is the body of an interaction callback.
type callbackPayload struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data map[string]any                    `json:"data"`
}

// interactionCallback serves POST /interactions/{id}/{token}/callback:
// once per interaction, within Options.AckDeadline when set, with a
// callback type allowed for the interaction; 204 on success.
func (s *Server) interactionCallback(c *call) reply {
	it := s.world.interactions[c.params[0]]
	if it == nil || it.token != c.params[1] || s.expired(it) {
		return errUnknownInteract()
	}
	if it.acked {
		return errAlreadyAcked()
	}
	var p callbackPayload
	if r, good := c.decode(&p); !good {
		return r
	}
	if !slices.Contains(allowedCallbacks(discordgo.InteractionType(it.typ)), p.Type) {
		return invalidForm([]formErr{{[]string{"type"}, "INTERACTION_CALLBACK_TYPE_INVALID", "Interaction callback type is not valid for this interaction."}})
	}
	if p.Data == nil {
		p.Data = map[string]any{}
	}
	files := c.files()
	if r, good := validateCallback(p, len(files)); !good {
		return r
	}
	it.acked = true
	s.applyCallback(it, p, files)
	return noContent()
}

// expired reports whether the acknowledgement deadline has passed.
func (s *Server) expired(it *storedInteraction) bool {
	return s.opts.AckDeadline > 0 && time.Since(it.at) > s.opts.AckDeadline
}

// validateCallback checks a callback's data for its type.
func validateCallback(p callbackPayload, files int) (reply, bool) {
	prefix := []string{"data"}
	var errs []formErr
	switch p.Type {
	case discordgo.InteractionResponseChannelMessageWithSource:
		errs = validateMessage(p.Data, prefix)
		if len(errs) == 0 && isEmptyMessage(p.Data, files) {
			return errEmptyMessage(), false
		}
	case discordgo.InteractionResponseUpdateMessage:
		errs = validateMessage(p.Data, prefix)
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		errs = validateChoices(p.Data, prefix)
	case discordgo.InteractionResponseModal:
		errs = validateModal(p.Data, prefix)
	}
	if len(errs) > 0 {
		return invalidForm(errs), false
	}
	return reply{}, true
}

// applyCallback creates or updates the interaction's original message.
func (s *Server) applyCallback(it *storedInteraction, p callbackPayload, files []File) {
	switch p.Type {
	case discordgo.InteractionResponseChannelMessageWithSource:
		m := s.newMessage(it.channelID, p.Data, files, it)
		s.markOriginal(it, m)
	case discordgo.InteractionResponseDeferredChannelMessageWithSource:
		data := map[string]any{"flags": float64(num(p.Data["flags"])&flagEphemeral | flagLoading)}
		m := s.newMessage(it.channelID, data, nil, it)
		m.obj["flags"] = num(m.obj["flags"]) | flagLoading
		s.markOriginal(it, m)
	case discordgo.InteractionResponseDeferredMessageUpdate:
		it.originalID = it.messageID
	case discordgo.InteractionResponseUpdateMessage:
		it.originalID = it.messageID
		if m, ok := s.world.messages[it.messageID]; ok {
			editMessage(m, p.Data)
			s.echoMessage("MESSAGE_UPDATE", m)
		}
	}
}

// markOriginal makes m the interaction's original response and announces it.
func (s *Server) markOriginal(it *storedInteraction, m *storedMessage) {
	if it.typ == int(discordgo.InteractionApplicationCommand) {
		m.obj["type"] = msgTypeChatInput
	}
	it.originalID = m.id()
	s.echoMessage("MESSAGE_CREATE", m)
}

// webhookInteraction finds the acknowledged interaction behind a
// /webhooks/{app}/{token} route.
func (s *Server) webhookInteraction(c *call) (*storedInteraction, bool) {
	it := s.world.byToken[c.params[1]]
	if it == nil || it.appID != c.params[0] || !it.acked {
		return nil, false
	}
	return it, true
}

// webhookMessage resolves "@original" or a follow-up ID of an interaction.
func (s *Server) webhookMessage(c *call) (*storedInteraction, *storedMessage, reply, bool) {
	it, found := s.webhookInteraction(c)
	if !found {
		return nil, nil, errUnknownWebhook(), false
	}
	id := c.params[2]
	if id == "@original" {
		id = it.originalID
	} else if !slices.Contains(it.followups, id) && id != it.originalID {
		id = ""
	}
	m, ok := s.world.messages[id]
	if id == "" || !ok {
		return nil, nil, errUnknownMessage(), false
	}
	return it, m, reply{}, true
}

// postFollowup serves POST /webhooks/{app}/{token}: a follow-up message
// (Discord always waits for interaction follow-ups and returns it).
func (s *Server) postFollowup(c *call) reply {
	it, found := s.webhookInteraction(c)
	if !found {
		return errUnknownWebhook()
	}
	p, files, r, good := c.decodeMessage(true)
	if !good {
		return r
	}
	// As Discord does: a follow-up sent while a deferred original still
	// shows "thinking…" edits that original instead of creating a message
	// (its files are not kept: the fake stores none on edits).
	if orig, found := s.world.messages[it.originalID]; found && num(orig.obj["flags"])&flagLoading != 0 {
		editMessage(orig, p)
		s.echoMessage("MESSAGE_UPDATE", orig)
		return ok(orig.obj)
	}
	m := s.newMessage(it.channelID, p, files, it)
	it.followups = append(it.followups, m.id())
	s.echoMessage("MESSAGE_CREATE", m)
	return ok(m.obj)
}

// Responses returns what the interaction with token shows now: its
// original response, then its follow-ups in the order they were created,
// as edited so far and without deleted ones. It is nil for an unknown
// token.
func (s *Server) Responses(token string) []*discordgo.Message {
	s.mu.Lock()
	it := s.world.byToken[token]
	var ids []string
	if it != nil {
		ids = append([]string{it.originalID}, it.followups...)
	}
	s.mu.Unlock()
	var out []*discordgo.Message
	for _, id := range ids {
		if m, ok := s.Message(id); ok {
			out = append(out, m)
		}
	}
	return out
}

// getWebhookMessage serves GET /webhooks/{app}/{token}/messages/{id}.
func (s *Server) getWebhookMessage(c *call) reply {
	_, m, r, good := s.webhookMessage(c)
	if !good {
		return r
	}
	return ok(m.obj)
}

// patchWebhookMessage serves PATCH /webhooks/{app}/{token}/messages/{id};
// editing a deferred original clears its loading state.
func (s *Server) patchWebhookMessage(c *call) reply {
	_, m, r, good := s.webhookMessage(c)
	if !good {
		return r
	}
	p, _, r, good := c.decodeMessage(false)
	if !good {
		return r
	}
	editMessage(m, p)
	s.echoMessage("MESSAGE_UPDATE", m)
	return ok(m.obj)
}

// deleteWebhookMessage serves DELETE /webhooks/{app}/{token}/messages/{id}.
func (s *Server) deleteWebhookMessage(c *call) reply {
	it, m, r, good := s.webhookMessage(c)
	if !good {
		return r
	}
	delete(s.world.messages, m.id())
	it.followups = slices.DeleteFunc(it.followups, func(id string) bool { return id == m.id() })
	if it.originalID == m.id() {
		it.originalID = ""
	}
	s.echoDelete(m)
	return noContent()
}
