package discord

import (
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/discord/discordtest"
)

// TestChannelDeletedDroppedFromSettings checks that a channel Discord
// deletes leaves the settings a moderator could no longer pick it in: the
// channels answered in (but for the last, so that the bot does not start
// answering everywhere, until a moderator adds another), the forums
// answered, and the hand-off channel.
func TestChannelDeletedDroppedFromSettings(t *testing.T) {
	t.Parallel()
	h := startSupport(t, setup{})
	const quiet, other = "300000000000000061", "300000000000000062"
	nameChannels(t, h, []string{channel, quiet}, other)
	for _, id := range []string{channel, other, modsID} {
		if err := h.srv.Dispatch("CHANNEL_DELETE", &discordgo.Channel{ID: id, GuildID: guild, Type: discordgo.ChannelTypeGuildText}); err != nil {
			t.Fatal(err)
		}
	}
	h.eventually("the deleted channels off the settings", channelsDropped(h, []string{quiet}, other))
	// The last channel answered in stays: answering nowhere else, not everywhere.
	if err := h.srv.Dispatch("CHANNEL_DELETE", &discordgo.Channel{ID: quiet, GuildID: guild, Type: discordgo.ChannelTypeGuildText}); err != nil {
		t.Fatal(err)
	}
	h.eventually("the last channel's deletion logged", func() bool {
		return strings.Contains(h.logs.String(), "the only channel mentions are answered in was deleted")
	})
	if allowed, err := h.db.AllowedChannels(h.ctx, guild); err != nil || !slices.Equal(allowed, []string{quiet}) {
		t.Errorf("allowed channels = %q, %v; want the last one kept", allowed, err)
	}
	// A moderator adding a channel drops the kept one, which Discord no
	// longer has, and which no one could pick to remove.
	h.moderator(cmdConfig, discordtest.SubcommandGroupOption(groupChannels,
		discordtest.SubcommandOption(subAdd, discordtest.StringOption(optChannel, channel))))
	if allowed, err := h.db.AllowedChannels(h.ctx, guild); err != nil || !slices.Equal(allowed, []string{channel}) {
		t.Errorf("allowed channels after adding one = %q, %v; want only it", allowed, err)
	}
}

// TestChannelDeletedUnheardDroppedOnGuildCreate checks that channels
// deleted while no replica held the gateway leave the settings when the
// gateway next hands the bot the guild, and that a channel the guild does
// not list but Discord still has (an archived thread) stays.
func TestChannelDeletedUnheardDroppedOnGuildCreate(t *testing.T) {
	t.Parallel()
	h := startSupport(t, setup{})
	const gone, goneForum, archived = "300000000000000071", "300000000000000072", "300000000000000073"
	nameChannels(t, h, []string{channel, gone, archived}, goneForum)
	for _, id := range []string{gone, goneForum, modsID} {
		h.srv.DeleteChannelUnheard(id)
	}
	listed := []*discordgo.Channel{{ID: channel, GuildID: guild, Type: discordgo.ChannelTypeGuildText}}
	if err := h.srv.Dispatch("GUILD_CREATE", discordtest.Guild(listed)); err != nil {
		t.Fatal(err)
	}
	h.eventually("the channels deleted unheard off the settings", channelsDropped(h, []string{channel, archived}, goneForum))
}

// nameChannels names channels in the guild's settings: those mentions are
// answered in, a forum answered, and the moderators' channel modsID.
func nameChannels(t *testing.T, h *harness, allowed []string, forum string) {
	t.Helper()
	for _, c := range allowed {
		if err := h.db.AllowChannel(h.ctx, guild, c); err != nil {
			t.Fatal(err)
		}
	}
	sup := h.db.(Support)
	if err := sup.AddForum(h.ctx, guild, forum); err != nil {
		t.Fatal(err)
	}
	if err := sup.SetHandoffChannel(h.ctx, guild, modsID); err != nil {
		t.Fatal(err)
	}
}

// channelsDropped reports whether the guild's settings have left the
// deleted channels: the allowed channels are left, forum is no longer
// answered, and no moderators' channel is set.
func channelsDropped(h *harness, left []string, forum string) func() bool {
	sup := h.db.(Support)
	return func() bool {
		allowed, _ := h.db.AllowedChannels(h.ctx, guild)
		forums, _ := sup.AnsweredForums(h.ctx, guild)
		mods, _ := sup.HandoffChannel(h.ctx, guild)
		return slices.Equal(allowed, left) && !slices.Contains(forums, forum) && mods == ""
	}
}
