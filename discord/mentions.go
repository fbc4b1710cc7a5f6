package discord

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/partnerbot/partnerbot"

	"github.com/bwmarrin/discordgo"
)

// onMessage handles a message the gateway delivered. A new post in an
// answered forum is answered inside it (see forumMessage). A message that
// mentions the bot, in an allowed channel, gets a thread started from it
// and the answer posted there; a message in a thread the bot opened is a
// follow-up, answered with the thread's history, unless the thread was
// handed to people (then only a mention is answered); in a forum post only
// its author follows up without a mention. Bots (the bot
// itself included) and empty messages are ignored. It returns once the
// answer is queued: a worker answers.
func (b *Bot) onMessage(ctx context.Context, m *discordgo.Message, send Sender) {
	release := b.pool.hold()
	defer release()
	self := load(&b.selfID)
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.ID == self {
		return
	}
	if b.forumMessage(ctx, m, send) || b.opts.NoMentions {
		return
	}
	role := b.botRole(m, self)
	mentioned := mentions(m, self) || role != ""
	followUp := b.isBotThread(ctx, m.ChannelID)
	if !mentioned && (!followUp || b.silenced(ctx, m.ChannelID) || !b.mayFollowUp(ctx, send, m)) {
		return // a thread handed to people is answered only when asked again
	}
	q := question{
		text: stripMentions(m.Content, self, role), guildID: m.GuildID, channelID: m.ChannelID,
		userID: m.Author.ID, received: b.opts.Now(), ref: m.ID,
	}
	if q.text == "" && !mentioned {
		return // an attachment or a sticker in a thread the bot answers in
	}
	if !followUp && !b.channelAllowed(ctx, send, m.GuildID, m.ChannelID) {
		b.log.Debug("mention outside the allowed channels; not answered", "channel_id", m.ChannelID, "message_id", m.ID)
		return
	}
	if !b.claim(ctx, "message:"+m.ID) { // delivered again (a resumed or moved gateway)
		b.log.Info("message already handled", "message_id", m.ID)
		return
	}
	if err := partnerbot.Validate(q.text); err != nil {
		b.replyTo(ctx, send, m, partnerbot.UserMessage(err))
		return
	}
	b.queueMessage(ctx, m, q, followUp, mentioned, send)
}

// mayFollowUp reports whether m, in a thread the bot answers in, is a
// follow-up it answers without being mentioned: in a forum post only its
// author's are, so members helping there are not answered, nor their
// remarks queued as gaps.
func (b *Bot) mayFollowUp(ctx context.Context, send Sender, m *discordgo.Message) bool {
	owner, post := b.forumPost(ctx, send, m.ChannelID)
	return !post || owner == "" || owner == m.Author.ID
}

// queueMessage queues the answer to a message's question, within the
// asker's rate limit; the asker is told when it cannot be. The question is
// recorded as a job first (see recordMessage), so another replica answers
// it if this one dies.
func (b *Bot) queueMessage(ctx context.Context, m *discordgo.Message, q question, followUp, mentioned bool, send Sender) {
	undo, refusal := b.allow(ctx, m.GuildID, q.userID)
	if refusal != "" {
		b.replyTo(ctx, send, m, refusal)
		return
	}
	inPlace := !followUp && !b.authorMayThread(m)
	jobID := b.recordMessage(ctx, messageJob{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID,
		AuthorID: q.userID, Question: q.text, FollowUp: followUp, Mentioned: mentioned, InPlace: inPlace, Received: q.received})
	err := b.pool.submit(func(ctx context.Context) { b.answerMessage(ctx, m, q, followUp, inPlace, send, jobID) })
	if err != nil {
		undo()
		if jobID != "" {
			b.finishJob(ctx, jobID)
		}
		b.log.Warn("message refused", "message_id", m.ID, "reason", err.Error(), "queued", b.pool.queued())
		b.replyTo(ctx, send, m, refusalText(err))
	}
}

// answerMessage answers a mention in a new thread (or beside it, inPlace,
// when its author may not start one), or a follow-up in its thread,
// replying to it; jobID is its job ("" for none).
func (b *Bot) answerMessage(ctx context.Context, m *discordgo.Message, q question, followUp, inPlace bool, send Sender, jobID string) {
	if !b.typing(ctx, send, m, m.ChannelID) {
		b.finishJob(ctx, jobID)
		return
	}
	target, replyTo := m.ChannelID, reference(m)
	switch {
	case followUp:
		q.threadID = m.ChannelID
		q.history = b.history(ctx, m.ChannelID)
	case inPlace:
	default:
		sctx, cancel := context.WithTimeout(ctx, b.opts.AnswerTimeout)
		th, err := send.StartThread(sctx, m.ChannelID, m.ID, threadStart(q.text))
		cancel()
		switch {
		case errors.Is(err, ErrUnauthorized):
			b.finishJob(ctx, jobID)
			return
		case err != nil: // a thread inside a thread, say: answer in place
			b.log.Warn("start thread", "message_id", m.ID, b.errAttr(err))
		default:
			b.threads.add(th.ID)
			target, q.threadID, replyTo = th.ID, th.ID, nil
		}
	}
	b.replyWithAnswer(ctx, m, q, target, replyTo, send, jobID)
}

// replyWithAnswer answers q, asked by message m, and posts the answer in
// target, its first part replying to replyTo (when not nil); then it
// finishes the job jobID, unless another replica took it over meanwhile
// (this one stalled past its lease), which then posts the answer. It
// reports whether it posted an answer whole: not an apology, nor one with
// a part missing.
func (b *Bot) replyWithAnswer(ctx context.Context, m *discordgo.Message, q question, target string, replyTo *discordgo.MessageReference, send Sender, jobID string) bool {
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, b.opts.AnswerTimeout)
	defer cancel()
	var msgs []message
	a, id, err := b.answer(ctx, q, nil)
	if err != nil {
		msgs = []message{text(failureText(err), false)}
	} else {
		msgs = b.sanitizer().renderAnswer(a, answerView{questionID: id, handoff: b.handoffOffered(q.guildID)})
	}
	if jobID != "" && b.active.lost(jobID) {
		b.active.remove(jobID)
		b.log.Warn("answer not posted: the question is no longer this replica's (taken over, or past its deadline)", "message_id", m.ID)
		return false
	}
	ctx, cancelDelivery := context.WithTimeout(parent, deliverTimeout)
	defer cancelDelivery()
	outcome := b.postParts(ctx, m, target, replyTo, msgs, send, jobID)
	if outcome == unfinished {
		b.active.remove(jobID)
		b.log.Warn("answer not posted whole; left for another try", "message_id", m.ID)
		return false
	}
	b.finishJob(parent, jobID)
	return outcome == delivered && err == nil
}

// postParts posts an answer's parts in target, the first replying to
// replyTo. While the later parts are sent the first is marked pending, so
// that a replica that takes the job over after this one died finds the
// answer unfinished (answeredIn) and answers again, rather than leave
// parts missing; once all are posted the mark is taken away, or replaced
// by a note that part is missing if Discord refused one (or if delivering
// was cut short, when there is no job to leave for another try). The
// later parts reply to the first, so that a taker judges an answer by its
// first part alone, wherever it is (in the question's own thread, a forum
// post's say, where the first part may reply to nothing). It reports
// delivered when every part went out; unfinished when the job (jobID, ""
// for none) should be left for another try: nothing was posted and
// Discord may take it later, or delivering was cut short before the last
// part and the mark stays; refused when there is no more to try.
func (b *Bot) postParts(ctx context.Context, m *discordgo.Message, target string, replyTo *discordgo.MessageReference, msgs []message, send Sender, jobID string) delivery {
	var first *discordgo.Message
	last := msgs[0]
	for k, msg := range sending(msgs) {
		msg.ReplyTo = replyTo
		if k > 0 {
			msg.ReplyTo = reference(first)
		}
		sent, err := send.Send(ctx, target, msg.send())
		switch {
		case err == nil:
			if k == 0 {
				first = sent
			}
			continue
		case restCode(err) == discordgo.ErrCodeUnknownChannel:
			b.log.Info("answer not posted: its channel was deleted", "message_id", m.ID, "channel_id", target)
			return refused
		}
		b.log.Error("send answer", "message_id", m.ID, "channel_id", target, "part", k+1, "of", len(msgs), b.errAttr(err))
		switch {
		case k == 0 && jobID != "" && (ctx.Err() != nil || passing(err)): // nothing is posted: Discord may take it later
			return unfinished
		case k == 0:
			return refused
		case ctx.Err() != nil && jobID != "": // cut short: another try sends it all
			return unfinished
		}
		last = last.withNote(partsLostID, partsLostText) // a later part must not arrive without this one
		b.settleParts(ctx, send, first, last, len(msgs))
		return refused
	}
	if len(msgs) > 1 {
		b.settleParts(ctx, send, first, last, len(msgs))
	}
	return delivered
}

// messageEditor is a Sender that can edit the bot's channel messages.
type messageEditor interface {
	EditMessage(ctx context.Context, e *discordgo.MessageEdit) (*discordgo.Message, error)
}

// settleParts shows the first of the n parts of an answer, once the later
// ones are sent, as msg: without its pending mark. It has time of its own,
// beyond what delivering the parts left; Discord failing it for now, it
// is tried again, then later in the background (finishLater).
func (b *Bot) settleParts(ctx context.Context, send Sender, first *discordgo.Message, msg message, n int) {
	ed, ok := send.(messageEditor)
	if !ok || first == nil {
		return
	}
	ctx, cancel := settle(ctx)
	defer cancel()
	b.editPosted(ctx, "finish answer", func(ctx context.Context) error {
		_, err := ed.EditMessage(ctx, msg.channelEdit(first.ChannelID, first.ID))
		return err
	}, "message_id", first.ID, "channel_id", first.ChannelID, "parts", n)
}

// editPosted makes edit, an edit of a message the bot posted, trying again
// while Discord fails it for now, then later in the background
// (finishLater); what and about say which, in the log.
func (b *Bot) editPosted(ctx context.Context, what string, edit func(ctx context.Context) error, about ...any) {
	err := retrying(ctx, editTries, 250*time.Millisecond, time.Second, func(try int) error {
		err := edit(ctx)
		if err != nil {
			b.log.Error(what, append(slices.Clip(about), "try", try, b.errAttr(err))...)
		}
		return err
	}, passing)
	if err != nil && passing(err) {
		go b.finishLater(edit, about...)
	}
}

// threadArchive is how long, in minutes, a thread the bot starts stays
// open without a message: a day.
const threadArchive = 1440

// threadStart is a thread the bot starts for question: named after it,
// within Discord's limit.
func threadStart(question string) *discordgo.ThreadStart {
	return &discordgo.ThreadStart{Name: plain(question, maxThreadName), AutoArchiveDuration: threadArchive}
}

// typing shows that the bot is writing in channelID, and reports whether
// it may go on: not once Discord has refused the bot's token.
func (b *Bot) typing(ctx context.Context, send Sender, m *discordgo.Message, channelID string) bool {
	ctx, cancel := context.WithTimeout(ctx, b.opts.AnswerTimeout)
	defer cancel()
	err := send.Typing(ctx, channelID)
	switch {
	case err == nil:
		return true
	case restCode(err) == discordgo.ErrCodeUnknownChannel:
		b.log.Info("not answered: its channel was deleted", "message_id", m.ID, "channel_id", channelID)
		return false
	}
	b.log.Warn("typing", "message_id", m.ID, b.errAttr(err))
	return !errors.Is(err, ErrUnauthorized)
}

// replyTo answers m briefly in its channel.
func (b *Bot) replyTo(ctx context.Context, send Sender, m *discordgo.Message, s string) {
	msg := text(s, false)
	msg.ReplyTo = reference(m)
	if _, err := send.Send(ctx, m.ChannelID, msg.send()); err != nil {
		b.log.Warn("reply", "message_id", m.ID, b.errAttr(err))
	}
}

// reference points at m, for a reply.
func reference(m *discordgo.Message) *discordgo.MessageReference {
	return &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID}
}

// botRole is the role Discord manages for the bot (self), when m mentions
// it: members often pick it from the @ menu rather than the bot. It is
// the managed role the bot's member has, by the gateway's state; "" when m
// mentions none, or without the state.
func (b *Bot) botRole(m *discordgo.Message, self string) string {
	st := b.state.Load()
	if st == nil || self == "" || m.GuildID == "" || len(m.MentionRoles) == 0 {
		return ""
	}
	me, err := st.Member(m.GuildID, self)
	if err != nil {
		return ""
	}
	for _, id := range m.MentionRoles {
		if !slices.Contains(me.Roles, id) {
			continue
		}
		if r, err := st.Role(m.GuildID, id); err == nil && r.Managed {
			return id
		}
	}
	return ""
}

// mentions reports whether m mentions the user self.
func mentions(m *discordgo.Message, self string) bool {
	if self == "" {
		return false
	}
	for _, u := range m.Mentions {
		if u != nil && u.ID == self {
			return true
		}
	}
	return strings.Contains(m.Content, "<@"+self+">") || strings.Contains(m.Content, "<@!"+self+">")
}

// stripMentions removes mentions of self, and of its role when given,
// from content.
func stripMentions(content, self string, role ...string) string {
	if self != "" {
		content = strings.NewReplacer("<@"+self+">", " ", "<@!"+self+">", " ").Replace(content)
	}
	for _, r := range role {
		if r != "" {
			content = strings.ReplaceAll(content, "<@&"+r+">", " ")
		}
	}
	return strings.TrimSpace(content)
}

// authorMayThread reports whether a message's author may start a thread in
// its channel: from the roles the message carries (the state holds no
// other members without the members intent) and the channel's and guild's
// in the gateway's state. Without them the bot cannot tell and starts one.
func (b *Bot) authorMayThread(m *discordgo.Message) bool {
	st := b.state.Load()
	if st == nil {
		return true
	}
	perms, err := st.MessagePermissions(m)
	if m.Member == nil {
		perms, err = st.UserChannelPermissions(m.Author.ID, m.ChannelID)
	}
	if err != nil {
		b.log.Debug("author's permissions unknown; starting a thread", "message_id", m.ID, "err", err.Error())
		return true
	}
	return mayThread(perms)
}
