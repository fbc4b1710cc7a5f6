package discordtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Permission sets used by the builders.
const (
	// DefaultMemberPermissions is what a regular member may do in a channel.
	DefaultMemberPermissions int64 = discordgo.PermissionViewChannel |
		discordgo.PermissionSendMessages |
		discordgo.PermissionSendMessagesInThreads |
		discordgo.PermissionCreatePublicThreads |
		discordgo.PermissionEmbedLinks |
		discordgo.PermissionAttachFiles |
		discordgo.PermissionAddReactions |
		discordgo.PermissionReadMessageHistory |
		discordgo.PermissionUseApplicationCommands
	// DefaultAppPermissions is what the bot may do in the channel
	// (the interaction's app_permissions).
	DefaultAppPermissions int64 = DefaultMemberPermissions |
		discordgo.PermissionManageMessages |
		discordgo.PermissionManageThreads
)

// Opt customises a built interaction: where it happens and who sends it, or
// (for slash commands and autocomplete) which options it carries.
type Opt func(*build)

// build is an interaction under construction.
type build struct {
	i       *discordgo.Interaction
	options []*discordgo.ApplicationCommandInteractionDataOption
	message *discordgo.Message
}

// newBuild starts an interaction of typ from the default member in the
// default guild and channel.
func newBuild(typ discordgo.InteractionType) *build {
	id := snowflake()
	locale := discordgo.EnglishUS
	return &build{i: &discordgo.Interaction{
		ID:             id,
		AppID:          DefaultApplicationID,
		Type:           typ,
		GuildID:        DefaultGuildID,
		ChannelID:      DefaultChannelID,
		AppPermissions: DefaultAppPermissions,
		Member:         member(DefaultUserID, DefaultMemberPermissions),
		Locale:         discordgo.EnglishUS,
		GuildLocale:    &locale,
		Context:        discordgo.InteractionContextGuild,
		AuthorizingIntegrationOwners: map[discordgo.ApplicationIntegrationType]string{
			discordgo.ApplicationIntegrationGuildInstall: DefaultGuildID,
		},
		Token:        interactionToken(id),
		Version:      1,
		Entitlements: []*discordgo.Entitlement{},
	}}
}

// apply runs opts on b.
func (b *build) apply(opts []Opt) *build {
	for _, o := range opts {
		o(b)
	}
	return b
}

// SlashCommand builds an APPLICATION_COMMAND (type 2) interaction for the
// CHAT_INPUT command name, as Discord sends it in INTERACTION_CREATE.
func SlashCommand(name string, opts ...Opt) *discordgo.Interaction {
	b := newBuild(discordgo.InteractionApplicationCommand).apply(opts)
	b.i.Data = discordgo.ApplicationCommandInteractionData{
		ID:          snowflake(),
		Name:        name,
		CommandType: discordgo.ChatApplicationCommand,
		Options:     b.options,
	}
	return b.i
}

// Autocomplete builds an APPLICATION_COMMAND_AUTOCOMPLETE (type 4)
// interaction for command name whose option focusedOption (a string option)
// is being typed with value; opts may add the other options already filled.
// An empty focusedOption leaves the focused option to opts (FocusedOption
// inside a SubcommandOption).
func Autocomplete(name, focusedOption, value string, opts ...Opt) *discordgo.Interaction {
	if focusedOption != "" {
		opts = append(opts, FocusedOption(focusedOption, value))
	}
	b := newBuild(discordgo.InteractionApplicationCommandAutocomplete).apply(opts)
	b.i.Data = discordgo.ApplicationCommandInteractionData{
		ID:          snowflake(),
		Name:        name,
		CommandType: discordgo.ChatApplicationCommand,
		Options:     b.options,
	}
	return b.i
}

// Button builds a MESSAGE_COMPONENT (type 3) interaction: a click on the
// button customID of a bot message in the interaction's channel (replace
// the message with WithMessage).
func Button(customID string, opts ...Opt) *discordgo.Interaction {
	b := newBuild(discordgo.InteractionMessageComponent).apply(opts)
	b.i.Data = discordgo.MessageComponentInteractionData{
		CustomID:      customID,
		ComponentType: discordgo.ButtonComponent,
	}
	b.i.Message = b.message
	if b.i.Message == nil {
		b.i.Message = buttonMessage(b.i.ChannelID, customID)
	}
	return b.i
}

// buttonMessage is a bot message carrying one button.
func buttonMessage(channelID, customID string) *discordgo.Message {
	m := baseMessage(channelID, user(DefaultBotUserID, DefaultBotUsername, true), "")
	m.Components = []discordgo.MessageComponent{&discordgo.ActionsRow{
		Components: []discordgo.MessageComponent{&discordgo.Button{
			Label: "Button", Style: discordgo.PrimaryButton, CustomID: customID,
		}},
	}}
	return m
}

// MessageMention builds a MESSAGE_CREATE message from authorID in channelID
// of the default guild. With mentionsBot the bot is in mentions and, as in
// any real mention, "<@bot>" is in the content (prepended when missing).
func MessageMention(channelID, authorID, content string, mentionsBot bool) *discordgo.Message {
	m := baseMessage(channelID, user(authorID, "user"+tail(authorID, 4), false), content)
	m.GuildID = DefaultGuildID
	m.Member = &discordgo.Member{
		JoinedAt: now(), Roles: []string{}, Flags: 0,
	}
	if mentionsBot {
		mention := "<@" + DefaultBotUserID + ">"
		if !strings.Contains(content, mention) && !strings.Contains(content, "<@!"+DefaultBotUserID+">") {
			m.Content = mention + " " + content
		}
		m.Mentions = []*discordgo.User{user(DefaultBotUserID, DefaultBotUsername, true)}
	}
	return m
}

// baseMessage is a plain message with the empty lists Discord sends.
func baseMessage(channelID string, author *discordgo.User, content string) *discordgo.Message {
	return &discordgo.Message{
		ID:           snowflake(),
		ChannelID:    channelID,
		Content:      content,
		Timestamp:    now(),
		Author:       author,
		Type:         discordgo.MessageTypeDefault,
		Mentions:     []*discordgo.User{},
		MentionRoles: []string{},
		Attachments:  []*discordgo.MessageAttachment{},
		Embeds:       []*discordgo.MessageEmbed{},
		Components:   []discordgo.MessageComponent{},
	}
}

// WithMember makes userID, with channel permissions perms, the invoking
// member.
func WithMember(userID string, perms int64) Opt {
	return func(b *build) { b.i.Member = member(userID, perms) }
}

// WithChannel sets the channel the interaction happens in.
func WithChannel(id string) Opt {
	return func(b *build) { b.i.ChannelID = id }
}

// WithGuild sets the guild the interaction happens in.
func WithGuild(id string) Opt {
	return func(b *build) {
		b.i.GuildID = id
		b.i.AuthorizingIntegrationOwners[discordgo.ApplicationIntegrationGuildInstall] = id
	}
}

// WithApplication sets the application the interaction is for (use it when
// Options.ApplicationID is not the default).
func WithApplication(id string) Opt {
	return func(b *build) { b.i.AppID = id }
}

// WithMessage sets the message a component interaction was used on.
func WithMessage(m *discordgo.Message) Opt {
	return func(b *build) { b.message = m }
}

// StringOption adds a string option (type 3).
func StringOption(name, value string) Opt {
	return addOption(name, discordgo.ApplicationCommandOptionString, value)
}

// IntOption adds an integer option (type 4). Like discordgo decoding
// Discord's JSON, the value is a float64.
func IntOption(name string, n int64) Opt {
	return addOption(name, discordgo.ApplicationCommandOptionInteger, float64(n))
}

// BoolOption adds a boolean option (type 5).
func BoolOption(name string, v bool) Opt {
	return addOption(name, discordgo.ApplicationCommandOptionBoolean, v)
}

// FocusedOption adds the string option being typed in an autocomplete.
func FocusedOption(name, value string) Opt {
	return func(b *build) {
		b.options = append(b.options, &discordgo.ApplicationCommandInteractionDataOption{
			Name: name, Type: discordgo.ApplicationCommandOptionString, Value: value, Focused: true,
		})
	}
}

// SubcommandOption adds a subcommand (type 1) holding the options in opts.
func SubcommandOption(name string, opts ...Opt) Opt {
	return nested(name, discordgo.ApplicationCommandOptionSubCommand, opts)
}

// SubcommandGroupOption adds a subcommand group (type 2) holding the
// subcommands in opts.
func SubcommandGroupOption(name string, opts ...Opt) Opt {
	return nested(name, discordgo.ApplicationCommandOptionSubCommandGroup, opts)
}

// addOption appends a valued option.
func addOption(name string, typ discordgo.ApplicationCommandOptionType, value any) Opt {
	return func(b *build) {
		b.options = append(b.options, &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: typ, Value: value})
	}
}

// nested appends an option whose children come from opts; other opts
// still apply to the interaction.
func nested(name string, typ discordgo.ApplicationCommandOptionType, opts []Opt) Opt {
	return func(b *build) {
		sub := &build{i: b.i}
		sub.apply(opts)
		if sub.message != nil {
			b.message = sub.message
		}
		b.options = append(b.options, &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: typ, Options: sub.options})
	}
}

// member is a guild member as sent in interactions.
func member(userID string, perms int64) *discordgo.Member {
	return &discordgo.Member{
		User:        user(userID, "user"+tail(userID, 4), false),
		Roles:       []string{},
		JoinedAt:    now(),
		Permissions: perms,
	}
}

// user is a user object.
func user(id, name string, bot bool) *discordgo.User {
	return &discordgo.User{ID: id, Username: name, Discriminator: "0", GlobalName: name, Bot: bot}
}

// now is the current time at Discord's millisecond precision, in UTC.
func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// snowflake returns a snowflake for the current time with random low bits,
// unique in practice without shared state.
func snowflake() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	low := uint64(binary.BigEndian.Uint32(b[:]) & (1<<22 - 1))
	return strconv.FormatUint(uint64(time.Now().UnixMilli()-discordEpoch)<<22|low, 10)
}

// interactionToken looks like Discord's: base64 of "interaction:<id>:<random>".
func interactionToken(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("interaction:" + id + ":" + randomHex(48)))
}
