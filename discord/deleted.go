package discord

import (
	"context"
	"slices"

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
// it. A channel deleted while no replica held the gateway is found when
// one next does (see guildAvailable).
func (b *Bot) channelDeleted(ctx context.Context, ch *discordgo.Channel) {
	if ch == nil || ch.GuildID == "" || ch.ID == "" {
		return
	}
	release := b.pool.hold()
	defer release()
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
			b.dropAllowed(ctx, &discordgo.Channel{ID: id, GuildID: guildID}) // keep is listed, so never the last
		}
	}
}

// guildAvailable checks, when the gateway hands the bot a guild (on every
// connection, so also after a replica takes the gateway over), that the
// channels the guild's settings name still exist: a channel deleted while
// no replica held the gateway sent its CHANNEL_DELETE to no one. One the
// guild no longer lists, and Discord confirms unknown, is dropped as
// channelDeleted drops it; a thread, which the guild lists only while it
// is active, is kept while Discord still has it. Guilds are checked one at
// a time, so a connection to many does not flood the store.
func (b *Bot) guildAvailable(ctx context.Context, send Sender, st *discordgo.State, g *discordgo.Guild) {
	guildID, listed := listedChannels(st, g)
	if guildID == "" {
		return
	}
	release := b.pool.hold()
	defer release()
	b.auditing.Lock()
	defer b.auditing.Unlock()
	for _, id := range b.namedChannels(ctx, guildID) {
		if listed[id] {
			continue
		}
		if _, err := send.Channel(ctx, id); restCode(err) == discordgo.ErrCodeUnknownChannel {
			b.log.Info("a channel the settings name was deleted while no replica held the gateway", "guild_id", guildID, "channel_id", id)
			b.channelDeleted(ctx, &discordgo.Channel{ID: id, GuildID: guildID})
		}
	}
}

// listedChannels reads a GUILD_CREATE's guild ID and the channels and
// threads it lists, under the state's lock: the state keeps the event's
// guild and changes it as later events come. The ID is "" for a guild
// Discord says is unavailable, which lists none.
func listedChannels(st *discordgo.State, g *discordgo.Guild) (string, map[string]bool) {
	if st != nil {
		st.RLock()
		defer st.RUnlock()
	}
	if g == nil || g.Unavailable {
		return "", nil
	}
	listed := map[string]bool{}
	for _, ch := range slices.Concat(g.Channels, g.Threads) {
		if ch != nil {
			listed[ch.ID] = true
		}
	}
	return g.ID, listed
}

// namedChannels are the channels a guild's settings name: those mentions
// are answered in, the forums answered and the moderators' channel for
// hand-offs.
func (b *Bot) namedChannels(ctx context.Context, guildID string) []string {
	var ids []string
	add := func(what string, more []string, err error) {
		if err != nil {
			b.log.Error(what, "guild_id", guildID, b.errAttr(err))
		}
		for _, id := range more {
			if id != "" && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	if b.opts.Store != nil {
		allowed, err := b.opts.Store.AllowedChannels(ctx, guildID)
		add("allowed channels", allowed, err)
	}
	if b.opts.Support != nil {
		forums, err := b.opts.Support.AnsweredForums(ctx, guildID)
		add("answered forums", forums, err)
		mods, err := b.opts.Support.HandoffChannel(ctx, guildID)
		add("handoff channel", []string{mods}, err)
	}
	return ids
}
