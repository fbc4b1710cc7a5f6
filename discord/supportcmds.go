package discord

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
)

// forumCommand is /forum: which forums' new posts are answered, and the
// tag "Still need help?" puts on a post.
func (b *Bot) forumCommand() *discordgo.ApplicationCommand {
	forumOpt := func(desc string) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionChannel, Name: optForum,
			Description: desc, ChannelTypes: forumTypes}
	}
	const here = "The forum (default: the forum of the post you are in)"
	return moderator(&discordgo.ApplicationCommand{
		Name: cmdForum, Description: "Forums whose new posts I answer",
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subAdd, Description: "Answer new posts in this forum",
				Options: []*discordgo.ApplicationCommandOption{forumOpt(here)}},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subRemove, Description: "Stop answering new posts in this forum",
				Options: []*discordgo.ApplicationCommandOption{forumOpt(here)}},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subList, Description: "List the forums I answer"},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subTag, Description: "The tag \"Still need help?\" puts on a post",
				Options: []*discordgo.ApplicationCommandOption{
					{Type: discordgo.ApplicationCommandOptionString, Name: optName, Required: true,
						Description: "One of the forum's tags, e.g. Needs human", MaxLength: 20},
					forumOpt(here),
				}},
		},
	})
}

// gapsCommand is /gaps: the queue of questions the bot missed.
func (b *Bot) gapsCommand() *discordgo.ApplicationCommand {
	return moderator(&discordgo.ApplicationCommand{
		Name: cmdGaps, Description: "Declined, 👎-voted and handed-off questions, most frequent first",
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subList, Description: "Show the queue, similar questions grouped"},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subDismiss, Description: "Take a group out of the queue",
				Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionInteger, Name: optItem,
					Required: true, Description: "The item /gaps list shows", MinValue: ptr(1.0)}}},
		},
	})
}

// curateCommand is /curate: answers the moderators write or approve.
func (b *Bot) curateCommand() *discordgo.ApplicationCommand {
	str := func(name, desc string, max int) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name,
			Description: desc, MinLength: ptr(1), MaxLength: max}
	}
	id := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionInteger, Name: optID,
		Required: true, Description: "The curated answer's number (/curate list)", MinValue: ptr(1.0)}
	quotes := []*discordgo.ApplicationCommandOption{
		str(optQuote, "A quote from an article, copied word for word", maxQuoteLen),
		str(optQuote2, "Another quote", maxQuoteLen),
		str(optQuote3, "Another quote", maxQuoteLen),
	}
	return moderator(&discordgo.ApplicationCommand{
		Name: cmdCurate, Description: "Answers the moderators write or approve, served first",
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subAdd, Description: "Write an answer, or approve the bot's for a queued item",
				Options: append([]*discordgo.ApplicationCommandOption{
					{Type: discordgo.ApplicationCommandOptionInteger, Name: optItem, Description: "An item of /gaps list", MinValue: ptr(1.0)},
					str(optQuestion, "The question (default: the item's)", partnerbot.MaxQuestionLen),
					str(optAnswer, "Your answer (leave out, with item, to approve the bot's)", maxCuratedAnswer),
				}, quotes...)},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subList, Description: "List the curated answers"},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subEdit, Description: "Change a curated answer",
				Options: append([]*discordgo.ApplicationCommandOption{id,
					str(optQuestion, "The new question", partnerbot.MaxQuestionLen),
					str(optAnswer, "The new answer", maxCuratedAnswer),
				}, quotes...)},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subRetire, Description: "Stop serving a curated answer",
				Options: []*discordgo.ApplicationCommandOption{id}},
		},
	})
}

// gapsCmd handles /gaps list|dismiss.
func (b *Bot) gapsCmd(ctx context.Context, i *discordgo.Interaction, opts []*discordgo.ApplicationCommandInteractionDataOption) []message {
	if len(opts) > 0 && opts[0] != nil && opts[0].Name == subDismiss {
		return b.dismissGap(ctx, i, int64(intOption(opts[0].Options, optItem, 0)))
	}
	return b.gaps(ctx, i)
}

// forum handles /forum add|remove|list|tag.
func (b *Bot) forum(ctx context.Context, i *discordgo.Interaction, opts []*discordgo.ApplicationCommandInteractionDataOption, send Sender) []message {
	if len(opts) == 0 || opts[0] == nil {
		return []message{text(unknownText, true)}
	}
	sub := opts[0]
	if sub.Name == subList {
		return b.listForums(ctx, i)
	}
	forum, msg := b.forumOf(ctx, i, stringOption(sub.Options, optForum), send)
	if msg != "" {
		return []message{text(msg, true)}
	}
	switch sub.Name {
	case subAdd:
		if err := b.opts.Support.AddForum(ctx, i.GuildID, forum.ID); err != nil {
			b.log.Error("add forum", "interaction_id", i.ID, b.errAttr(err))
			return []message{text(failedText, true)}
		}
		return []message{text(fmt.Sprintf("I'll answer new posts in <#%s>.", forum.ID), true)}
	case subRemove:
		if slices.Contains(b.opts.ForumChannels, forum.ID) {
			return []message{text(fmt.Sprintf("<#%s> is answered because the bot's configuration (PARTNERBOT_FORUM_CHANNELS) names it; the operator can remove it there.", forum.ID), true)}
		}
		was, err := b.opts.Support.RemoveForum(ctx, i.GuildID, forum.ID)
		if err != nil {
			b.log.Error("remove forum", "interaction_id", i.ID, b.errAttr(err))
			return []message{text(failedText, true)}
		}
		if !was {
			return []message{text(fmt.Sprintf("I wasn't answering posts in <#%s>.", forum.ID), true)}
		}
		return []message{text(fmt.Sprintf("I'll no longer answer new posts in <#%s>.", forum.ID), true)}
	case subTag:
		return []message{b.setForumTag(ctx, i, forum, stringOption(sub.Options, optName))}
	}
	return []message{text(unknownText, true)}
}

// forumOf is the forum a /forum command names, or the forum of the post
// it was run in; otherwise a message saying what to do.
func (b *Bot) forumOf(ctx context.Context, i *discordgo.Interaction, id string, send Sender) (*discordgo.Channel, string) {
	const pick = "Run this inside a post of the forum, or pick the forum with forum:."
	if id == "" {
		here, err := b.channelInfo(ctx, send, i.ChannelID)
		if err != nil {
			b.log.Warn("read channel", "interaction_id", i.ID, b.errAttr(err))
			return nil, pick
		}
		if !here.IsThread() {
			return nil, pick
		}
		id = here.ParentID
	}
	if !isSnowflake(id) {
		return nil, pick
	}
	forum, err := b.channelInfo(ctx, send, id)
	if err != nil {
		b.log.Warn("read forum", "interaction_id", i.ID, "channel_id", id, b.errAttr(err))
		return nil, "I can't see that channel; check that I may view it."
	}
	if !slices.Contains(forumTypes, forum.Type) {
		return nil, pick
	}
	return forum, ""
}

// forumTypes are the channels whose posts are threads: forums and media
// channels.
var forumTypes = []discordgo.ChannelType{discordgo.ChannelTypeGuildForum, discordgo.ChannelTypeGuildMedia}

// setForumTag makes "Still need help?" put the forum's tag called name on
// a post.
func (b *Bot) setForumTag(ctx context.Context, i *discordgo.Interaction, forum *discordgo.Channel, name string) message {
	z := b.sanitizer()
	var names []string
	for _, t := range forum.AvailableTags {
		if strings.EqualFold(strings.TrimSpace(t.Name), strings.TrimSpace(name)) {
			if err := b.opts.Support.SetForumTag(ctx, i.GuildID, forum.ID, t.ID); err != nil {
				b.log.Error("set forum tag", "interaction_id", i.ID, b.errAttr(err))
				return text(failedText, true)
			}
			return text(fmt.Sprintf("“%s” will now tag posts in <#%s> with “%s”.", handoffLabel, forum.ID, z.clip(t.Name, 40)), true)
		}
		names = append(names, "“"+z.clip(t.Name, 40)+"”")
	}
	if len(names) == 0 {
		return text(fmt.Sprintf("<#%s> has no tags yet; add one (e.g. Needs human) in the forum's settings first.", forum.ID), true)
	}
	return text(fmt.Sprintf("<#%s> has no tag called “%s”. Its tags: %s.", forum.ID, z.clip(name, 40), strings.Join(names, ", ")), true)
}

// listForums names the forums answered in the guild: those the
// configuration sets that are the guild's, and those its moderators added.
func (b *Bot) listForums(ctx context.Context, i *discordgo.Interaction) []message {
	ids, err := b.opts.Support.AnsweredForums(ctx, i.GuildID)
	if err != nil {
		b.log.Error("answered forums", "interaction_id", i.ID, b.errAttr(err))
		return []message{text(failedText, true)}
	}
	var lines []string
	for _, id := range b.opts.ForumChannels {
		if ch, ok := b.stateChannel(id); ok && ch.GuildID == i.GuildID {
			lines = append(lines, fmt.Sprintf("<#%s> (set by the bot's configuration)", id))
		}
	}
	for _, id := range ids {
		if !slices.Contains(b.opts.ForumChannels, id) {
			lines = append(lines, fmt.Sprintf("<#%s>", id))
		}
	}
	if len(lines) == 0 {
		return []message{text("I don't answer any forum yet: run /forum add inside a post of one.", true)}
	}
	return linesMessages(append([]string{"I answer new posts in:"}, lines...), true)
}

// setHandoffChannel sets the moderators' channel.
func (b *Bot) setHandoffChannel(ctx context.Context, i *discordgo.Interaction, channel string) message {
	if !isSnowflake(channel) {
		return text("Please pick a channel.", true)
	}
	if err := b.opts.Support.SetHandoffChannel(ctx, i.GuildID, channel); err != nil {
		b.log.Error("set handoff channel", "interaction_id", i.ID, b.errAttr(err))
		return text(failedText, true)
	}
	return text(fmt.Sprintf("“%s” outside forums will now tell the moderators in <#%s> (no one is pinged).", handoffLabel, channel), true)
}
