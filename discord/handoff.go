package discord

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
)

// handoffClaimFor is how long a question stays handed off: a second click
// within it is told the moderators already have it.
const handoffClaimFor = 30 * 24 * time.Hour

// What members read after "Still need help?".
const (
	handoffTaggedText      = "I've tagged this post for the moderators. I'll stay out of it from now on unless you mention me."
	handoffNotedText       = "I've asked the moderators to take a look. I'll stay quiet in this thread unless you mention me."
	handoffChanText        = "I've asked the moderators to take a look."
	handoffQueuedText      = "I've put your question in the moderators' queue."
	handoffQueuedQuietText = "I've put your question in the moderators' queue. I'll stay quiet in this thread unless you mention me."
	handoffAgainText       = "The moderators already have this question."
	// handoffNotYoursText answers a member who pressed it under someone
	// else's answer: handing off silences the thread for its asker.
	handoffNotYoursText = "Only the person who asked can hand this question to the moderators. You can ask it yourself with /ask."
)

// handoffOffered reports whether answers in a guild carry "Still need
// help?".
func (b *Bot) handoffOffered(guildID string) bool {
	return b.opts.Support != nil && guildID != ""
}

// handoff hands a question to people: in a forum post with a hand-off tag
// it applies the tag; elsewhere it posts a note linking the answer in the
// moderators' channel, when one is set. Nobody is pinged. The question
// joins the gap queue, and the bot keeps out of the thread afterwards
// unless it is mentioned. A question is handed off once, by its asker or
// a moderator.
func (b *Bot) handoff(ctx context.Context, i *discordgo.Interaction, questionID int64, send Sender) message {
	rec, err := b.opts.Store.Question(ctx, questionID)
	if err != nil {
		if !errors.Is(err, partnerbot.ErrNotFound) {
			b.log.Error("read question", "question_id", questionID, b.errAttr(err))
		}
		return text(answerMissing, true)
	}
	if rec.UserHash != b.userHash(userID(i)) && !isModerator(i) {
		return text(handoffNotYoursText, true)
	}
	if !b.claimFor(ctx, fmt.Sprintf("handoff:%d", questionID), handoffClaimFor) {
		return text(handoffAgainText, true)
	}
	b.addGap(ctx, partnerbot.GapHandoff, questionID, userID(i))
	ch, err := b.channelInfo(ctx, send, i.ChannelID)
	if err != nil {
		// Whether it is a post or a thread is unknown: the bot keeps out
		// of it all the same (silence is only read for threads), but it
		// cannot be tagged.
		b.log.Error("read channel for hand-off; not tagged", "interaction_id", i.ID, b.errAttr(err))
		b.silence(ctx, i.ChannelID)
	}
	inThread := ch != nil && ch.IsThread()
	reply := handoffQueuedText
	if inThread {
		reply = handoffQueuedQuietText
	}
	switch {
	case inThread && b.tagPost(ctx, ch, send):
		reply = handoffTaggedText
	case b.noteModerators(ctx, i, rec, send):
		reply = handoffChanText
		if inThread {
			reply = handoffNotedText
		}
	}
	if inThread {
		b.silence(ctx, ch.ID)
	}
	b.log.Info("handed off", "interaction_id", i.ID, "question_id", questionID, "thread", inThread)
	return text(reply, true)
}

// tagPost applies its forum's hand-off tag to a post and reports whether
// it did; a forum without one gets none.
func (b *Bot) tagPost(ctx context.Context, post *discordgo.Channel, send Sender) bool {
	tag, err := b.opts.Support.ForumTag(ctx, post.ParentID)
	if err != nil {
		b.log.Error("forum tag", "channel_id", post.ParentID, b.errAttr(err))
		return false
	}
	if tag == "" {
		return false
	}
	tags := slices.DeleteFunc(slices.Clone(post.AppliedTags), func(t string) bool { return t == tag })
	if len(tags) >= maxAppliedTags { // room for ours: the oldest goes
		tags = tags[len(tags)-maxAppliedTags+1:]
	}
	tags = append(tags, tag)
	if _, err := send.EditChannel(ctx, post.ID, &discordgo.ChannelEdit{AppliedTags: &tags}); err != nil {
		b.log.Error("apply hand-off tag", "thread_id", post.ID, b.errAttr(err))
		return false
	}
	return true
}

// maxAppliedTags is how many tags a forum post carries at most.
const maxAppliedTags = 5

// noteModerators posts a note in the moderators' channel linking the
// answer whose button was pressed, and reports whether it did.
func (b *Bot) noteModerators(ctx context.Context, i *discordgo.Interaction, rec partnerbot.QuestionRecord, send Sender) bool {
	mods, err := b.opts.Support.HandoffChannel(ctx, i.GuildID)
	if err != nil {
		b.log.Error("handoff channel", "guild_id", i.GuildID, b.errAttr(err))
		return false
	}
	if mods == "" {
		return false
	}
	where := fmt.Sprintf("https://discord.com/channels/%s/%s", i.GuildID, i.ChannelID)
	if i.Message != nil && i.Message.ID != "" {
		where += "/" + i.Message.ID
	}
	note := fmt.Sprintf("🙋 Someone still needs help with: “%s”\n%s", b.sanitizer().clip(rec.Question, 1500), where)
	if _, err := send.Send(ctx, mods, text(note, false).send()); err != nil {
		b.log.Error("hand-off note", "channel_id", mods, b.errAttr(err))
		return false
	}
	return true
}
