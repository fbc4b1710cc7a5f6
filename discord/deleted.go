package discord

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// channelDeleted drops a channel Discord deleted from the guild's
// settings, where a moderator could no longer pick it to remove it: the
// channels mentions are answered in, the forums whose posts are answered,
// and the moderators' channel for hand-offs (hand-offs then only join the
// gap queue until another is set; its forum's hand-off tag is kept, and
// harmless). The last channel mentions are answered in stays on the list,
// so that the bot goes on answering nowhere else rather than everywhere,
// until a moderator adds another (see dropDeleted). A shutdown waits for
// it.
func (b *Bot) channelDeleted(ctx context.Context, ch *discordgo.Channel) {
	if ch == nil || ch.GuildID == "" || ch.ID == "" {
		return
	}
	release := b.pool.hold()
	defer release()
	b.deleting.Lock()
	defer b.deleting.Unlock()
	ctx, cancel := settle(ctx)
	defer cancel()
	b.dropAllowed(ctx, ch)
	if b.opts.Support == nil {
		return
	}
	if was, err := b.opts.Support.RemoveForum(ctx, ch.GuildID, ch.ID); err != nil {
		b.log.Error("remove deleted forum", "channel_id", ch.ID, b.errAttr(err))
	} else if was {
		b.log.Info("deleted forum no longer answered", "channel_id", ch.ID)
	}
	switch was, err := b.opts.Support.ClearHandoffChannel(ctx, ch.GuildID, ch.ID); {
	case err != nil:
		b.log.Error("clear deleted handoff channel", "channel_id", ch.ID, b.errAttr(err))
	case was:
		b.log.Warn("the moderators' channel for hand-offs was deleted; hand-offs only join the gap queue until a moderator sets another", "guild_id", ch.GuildID, "channel_id", ch.ID)
	}
}

// dropAllowed takes a deleted channel off the channels mentions are
// answered in, unless it is the last of them: the store decides that at
// once for every replica, so two channels deleted together cannot both go.
func (b *Bot) dropAllowed(ctx context.Context, ch *discordgo.Channel) {
	if b.opts.Store == nil {
		return
	}
	switch removed, last, err := b.opts.Store.DisallowUnlessLast(ctx, ch.GuildID, ch.ID); {
	case err != nil:
		b.log.Error("disallow deleted channel", "channel_id", ch.ID, b.errAttr(err))
	case removed:
		b.log.Info("deleted channel no longer answered in", "channel_id", ch.ID)
	case last:
		b.log.Warn("the only channel mentions are answered in was deleted; kept, so mentions are answered nowhere until a moderator adds a channel", "guild_id", ch.GuildID, "channel_id", ch.ID)
	}
}

// disallowDeleted takes a channel Discord deleted off the channels
// mentions are answered in.
func (b *Bot) disallowDeleted(ctx context.Context, guildID, channelID string) {
	if _, err := b.opts.Store.DisallowChannel(ctx, guildID, channelID); err != nil {
		b.log.Error("disallow deleted channel", "channel_id", channelID, b.errAttr(err))
		return
	}
	b.log.Info("deleted channel no longer answered in", "channel_id", channelID)
}

// dropDeleted takes off the channels mentions are answered in those
// Discord no longer has, but keep (the one a moderator just added): a
// channel deleted while it was the last on the list stays there (see
// channelDeleted), and a moderator cannot pick it to remove it.
func (b *Bot) dropDeleted(ctx context.Context, send Sender, guildID, keep string) {
	ids, err := b.opts.Store.AllowedChannels(ctx, guildID)
	if err != nil {
		b.log.Error("allowed channels", "guild_id", guildID, b.errAttr(err))
		return
	}
	for _, id := range ids {
		if id == keep {
			continue
		}
		if _, err := send.Channel(ctx, id); restCode(err) == discordgo.ErrCodeUnknownChannel {
			b.disallowDeleted(ctx, guildID, id)
		}
	}
}
