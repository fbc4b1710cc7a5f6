package discord

import (
	"slices"

	"github.com/bwmarrin/discordgo"
)

// message is one Discord message a handler sends. The functions below turn
// it into the payload each route takes; they are the only places payloads
// are built, and every one sets allowed_mentions to {"parse":[]} so nothing
// the bot sends can ping, whatever the text says.
type message struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Ephemeral  bool
	// ReplyTo makes a channel message a reply (without pinging the author).
	ReplyTo *discordgo.MessageReference
}

// The custom IDs of the notes withNote adds: the first message of an
// answer whose later parts are still being sent, and of one whose later
// parts could not be.
const (
	pendingID   = "pb:pending"
	partsLostID = "pb:lost"
	againID     = "pb:again" // a dead replica's unfinished answer, sent again below
)

// withNote returns m with a row holding one disabled button that says
// label: a note on the message that no one can click. m is not changed.
// A message that already has every row Discord allows gets no note.
func (m message) withNote(id, label string) message {
	if len(m.Components) >= maxActionRows {
		return m // no room: Discord allows maxActionRows
	}
	m.Components = append(slices.Clone(m.Components), discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: label, Style: discordgo.SecondaryButton, Disabled: true, CustomID: id}}})
	return m
}

// withoutNote returns components, read back from Discord, less the row
// holding the note withNote added with id.
func withoutNote(components []discordgo.MessageComponent, id string) []discordgo.MessageComponent {
	return slices.DeleteFunc(slices.Clone(components), func(c discordgo.MessageComponent) bool {
		return hasNote(&discordgo.Message{Components: []discordgo.MessageComponent{c}}, id)
	})
}

// hasNote reports whether a message read back from Discord carries the
// note withNote adds with id.
func hasNote(m *discordgo.Message, id string) bool {
	for _, c := range m.Components {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, b := range row.Components {
			if btn, ok := b.(*discordgo.Button); ok && btn.CustomID == id {
				return true
			}
		}
	}
	return false
}

// noMentions allows no mentions at all. discordgo's zero value would send
// "parse": null, which Discord reads as "the defaults", so the empty list
// is spelled out.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// flags returns the message flags.
func (m message) flags() discordgo.MessageFlags {
	if m.Ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// embeds returns the embeds, never nil, so an edit replaces them.
func (m message) embeds() []*discordgo.MessageEmbed {
	if m.Embeds == nil {
		return []*discordgo.MessageEmbed{}
	}
	return m.Embeds
}

// components returns the components, never nil, so an edit replaces them.
func (m message) components() []discordgo.MessageComponent {
	if m.Components == nil {
		return []discordgo.MessageComponent{}
	}
	return m.Components
}

// response is m as an immediate interaction reply (type 4).
func (m message) response() *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content: m.Content, Embeds: m.embeds(), Components: m.components(),
			Flags: m.flags(), AllowedMentions: noMentions(),
		},
	}
}

// deferral is the "thinking…" reply (type 5) that buys up to 15 minutes.
func deferral(ephemeral bool) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: message{Ephemeral: ephemeral}.flags(), AllowedMentions: noMentions()},
	}
}

// choices is an autocomplete result (type 8); choices are not a message.
func choices(cs []*discordgo.ApplicationCommandOptionChoice) *discordgo.InteractionResponse {
	if cs == nil {
		cs = []*discordgo.ApplicationCommandOptionChoice{}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: cs},
	}
}

// pong answers Discord's PING in HTTP interactions mode.
func pong() *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}
}

// edit is m as an edit of an interaction's original response.
func (m message) edit() *discordgo.WebhookEdit {
	content, embeds, components := m.Content, m.embeds(), m.components()
	return &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, Components: &components, AllowedMentions: noMentions()}
}

// channelEdit is m as an edit of the channel message id in channelID.
func (m message) channelEdit(channelID, id string) *discordgo.MessageEdit {
	content, embeds, components := m.Content, m.embeds(), m.components()
	return &discordgo.MessageEdit{Channel: channelID, ID: id, Content: &content, Embeds: &embeds,
		Components: &components, AllowedMentions: noMentions()}
}

// componentsEdit is an edit of the channel message id in channelID that
// changes its components only: its text and embeds, as Discord holds
// them, stay.
func componentsEdit(channelID, id string, components []discordgo.MessageComponent) *discordgo.MessageEdit {
	return &discordgo.MessageEdit{Channel: channelID, ID: id, Components: &components, AllowedMentions: noMentions()}
}

// followup is m as an interaction follow-up message.
func (m message) followup() *discordgo.WebhookParams {
	return &discordgo.WebhookParams{
		Content: m.Content, Embeds: m.Embeds, Components: m.components(),
		Flags: m.flags(), AllowedMentions: noMentions(),
	}
}

// send is m as a channel message.
func (m message) send() *discordgo.MessageSend {
	ms := &discordgo.MessageSend{
		Content: m.Content, Embeds: m.Embeds, Components: m.Components,
		AllowedMentions: noMentions(),
	}
	if m.ReplyTo != nil {
		ref := *m.ReplyTo
		f := false
		ref.FailIfNotExists = &f
		ms.Reference = &ref
	}
	return ms
}

// text is a plain message.
func text(s string, ephemeral bool) message { return message{Content: s, Ephemeral: ephemeral} }
