package discord

import (
	"net/url"
	"strconv"

	"github.com/partnerbot/partnerbot"

	"github.com/bwmarrin/discordgo"
)

// Command and option names.
const (
	cmdAsk      = "ask"
	cmdSources  = "sources"
	cmdStats    = "stats"
	cmdFeedback = "feedback"
	cmdReindex  = "reindex"
	cmdConfig   = "config"
	cmdForum    = "forum"
	cmdGaps     = "gaps"
	cmdCurate   = "curate"

	optQuestion  = "question"
	optArticle   = "article"
	optDays      = "days"
	optOnly      = "only"
	optChannel   = "channel"
	optPerMinute = "per_minute"
	optForum     = "forum"
	optName      = "name"
	optItem      = "item"
	optAnswer    = "answer"
	optQuote     = "quote"
	optQuote2    = "quote2"
	optQuote3    = "quote3"
	optID        = "id"

	groupChannels = "channels"
	subAdd        = "add"
	subRemove     = "remove"
	subList       = "list"
	subRatelimit  = "ratelimit"
	subHandoff    = "handoff"
	subTag        = "tag"
	subDismiss    = "dismiss"
	subEdit       = "edit"
	subRetire     = "retire"
)

// moderatorPerms is what the moderator commands require, by default in
// Discord's UI and always on the server side.
const moderatorPerms int64 = discordgo.PermissionManageGuild

// Permissions are the only permissions the bot needs, and all its invite
// link asks for: to see a channel and read the message it replies to, to
// answer there and in threads (forum posts are threads), with embeds, to
// start a thread from a question, and to put the hand-off tag on a forum
// post someone else opened (Manage Threads). Answers to slash commands need
// none of them.
const Permissions int64 = discordgo.PermissionViewChannel |
	discordgo.PermissionSendMessages |
	discordgo.PermissionSendMessagesInThreads |
	discordgo.PermissionCreatePublicThreads |
	discordgo.PermissionReadMessageHistory |
	discordgo.PermissionEmbedLinks |
	discordgo.PermissionManageThreads

// Scopes are the OAuth2 scopes the invite link asks for.
const Scopes = "bot applications.commands"

// InviteURL is the link that adds application appID to a server with
// Scopes and Permissions, and nothing more.
func InviteURL(appID string) string {
	q := url.Values{"client_id": {appID}, "scope": {Scopes}, "permissions": {strconv.FormatInt(Permissions, 10)}}
	return "https://discord.com/oauth2/authorize?" + q.Encode()
}

// Commands returns the slash commands the bot serves, fresh on each call.
func (b *Bot) Commands() []*discordgo.ApplicationCommand {
	return []*discordgo.ApplicationCommand{
		{
			Name: cmdAsk, Description: "Ask about the Sept 2023 Vietnam–US Comprehensive Strategic Partnership",
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: optQuestion, Required: true,
				Description: "Your question, e.g. What was the value of bilateral trade in 2022?",
				MinLength:   ptr(1), MaxLength: partnerbot.MaxQuestionLen,
			}},
		},
		{
			Name: cmdSources, Description: "List the articles I answer from, or show one",
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: optArticle, Autocomplete: true,
				Description: "An article's ID or title",
			}},
		},
		moderator(&discordgo.ApplicationCommand{
			Name: cmdStats, Description: "Questions, abstentions, feedback and latency",
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionInteger, Name: optDays,
				Description: "How many days back (default 7)", MinValue: ptr(1.0), MaxValue: 365,
			}},
		}),
		moderator(&discordgo.ApplicationCommand{
			Name: cmdFeedback, Description: "Recent rated answers",
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: optOnly,
				Description: "Which ratings (default down)",
				Choices: []*discordgo.ApplicationCommandOptionChoice{
					{Name: "👎 down", Value: partnerbot.FeedbackDown},
					{Name: "👍 up", Value: partnerbot.FeedbackUp},
					{Name: "all", Value: partnerbot.FeedbackAll},
				},
			}},
		}),
		moderator(&discordgo.ApplicationCommand{Name: cmdReindex, Description: "Reload the articles and report what changed"}),
		moderator(&discordgo.ApplicationCommand{
			Name: cmdConfig, Description: "Bot settings for this server",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type: discordgo.ApplicationCommandOptionSubCommandGroup, Name: groupChannels,
					Description: "Channels where I answer @mentions",
					Options: []*discordgo.ApplicationCommandOption{
						channelSub(subAdd, "Answer mentions in a channel"),
						channelSub(subRemove, "Stop answering mentions in a channel"),
						{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subList, Description: "List the channels (none: everywhere)"},
					},
				},
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: subHandoff,
					Description: "Where \"Still need help?\" outside forums tells the moderators",
					Options: []*discordgo.ApplicationCommandOption{{
						Type: discordgo.ApplicationCommandOptionChannel, Name: optChannel, Required: true,
						Description:  "The moderators' channel",
						ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText},
					}},
				},
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: subRatelimit,
					Description: "Questions each member may ask per minute",
					Options: []*discordgo.ApplicationCommandOption{{
						Type: discordgo.ApplicationCommandOptionInteger, Name: optPerMinute, Required: true,
						Description: "1 to 1000", MinValue: ptr(float64(partnerbot.MinRatePerMinute)), MaxValue: partnerbot.MaxRatePerMinute,
					}},
				},
			},
		}),
		b.forumCommand(),
		b.gapsCommand(),
		b.curateCommand(),
	}
}

// moderator restricts a command to members who can manage the server, and
// keeps it out of DMs.
func moderator(c *discordgo.ApplicationCommand) *discordgo.ApplicationCommand {
	c.DefaultMemberPermissions = ptr(moderatorPerms)
	c.Contexts = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	return c
}

// channelSub is a subcommand taking a text channel.
func channelSub(name, desc string) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionSubCommand, Name: name, Description: desc,
		Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionChannel, Name: optChannel, Required: true,
			Description:  "The channel",
			ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews},
		}},
	}
}

func ptr[T any](v T) *T { return &v }

// option finds a named option among opts.
func option(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range opts {
		if o != nil && o.Name == name { // a payload may hold "options":[null]
			return o
		}
	}
	return nil
}

// stringOption is a string option's value, or "".
func stringOption(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	if o := option(opts, name); o != nil {
		if s, ok := o.Value.(string); ok {
			return s
		}
	}
	return ""
}

// intOption is an integer option's value, or def.
func intOption(opts []*discordgo.ApplicationCommandInteractionDataOption, name string, def int) int {
	if o := option(opts, name); o != nil {
		if f, ok := o.Value.(float64); ok {
			return int(f)
		}
	}
	return def
}

// userID is who sent the interaction, in a guild or a DM.
func userID(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}
