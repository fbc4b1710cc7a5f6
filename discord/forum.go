package discord

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
)

// staffPerms are the rights that make someone staff in a post: one who
// answers a post keeps the bot out of it. Administrators are staff too.
const staffPerms int64 = discordgo.PermissionManageGuild | discordgo.PermissionManageThreads | discordgo.PermissionManageMessages

// maxWaitingPosts bounds the posts waiting out Options.ForumWait; past
// it a new post is answered without waiting for more lines.
const maxWaitingPosts = 1000

// maxPostRetries is how many times a post the answer queue turns away
// (full) waits Options.ForumWait again before it is left to any replica
// with room (or, without a job, its author is told to ask again).
const maxPostRetries = 3

// forumClaimFor is how long a post stays claimed once answered: far
// longer than any redelivery of its first message.
const forumClaimFor = 30 * 24 * time.Hour

// forumMessage handles a message that belongs to the forum side: the first
// message of a new post in an answered forum, a further line of a post
// still waiting, or staff speaking in a post the bot answers in. It
// reports whether it handled m. Staff who mention the bot still keep it
// out of the post, but their question is left to the mention path.
func (b *Bot) forumMessage(ctx context.Context, m *discordgo.Message, send Sender) bool {
	if m.GuildID == "" {
		return false
	}
	self := load(&b.selfID)
	asks := mentions(m, self) || b.botRole(m, self) != ""
	if p := b.posts.get(m.ChannelID); p != nil {
		staff := b.waitingLine(ctx, p, m)
		return !(staff && asks)
	}
	if m.ID != m.ChannelID { // only a post's first message has the post's ID
		return b.staffAnswered(ctx, m, send) && !asks
	}
	th, err := b.channelInfo(ctx, send, m.ChannelID)
	if err != nil {
		b.log.Warn("read forum post", "channel_id", m.ChannelID, b.errAttr(err))
		return false
	}
	if !th.IsThread() || !b.forumAnswered(ctx, m.GuildID, th.ParentID) {
		return false
	}
	author := th.OwnerID
	if author == "" {
		author = m.Author.ID
	}
	p := &post{first: m, send: send, title: th.Name, author: author, lines: []string{m.Content},
		bump: make(chan struct{}, 1), stop: make(chan struct{}), opened: b.opts.Now(), recorded: make(chan struct{})}
	switch b.posts.add(p) {
	case postAgain:
		b.log.Info("forum post delivered again while it waits", "thread_id", m.ID)
	case postFull:
		b.log.Warn("forum post not waiting for more lines (too many wait, or the bot is stopping); answering at once", "thread_id", m.ID)
		if b.openPost(ctx, p) {
			b.answerPost(ctx, p, []string{m.Content}, send)
		}
	default:
		b.threads.add(m.ChannelID)
		go func() {
			if b.openPost(ctx, p) {
				b.waitPost(ctx, p, send)
			}
		}()
	}
	return true
}

// openPost records a post that just opened as a job, asking its title
// and first line, and reports whether to go on with it: not when its job
// was recorded before, as the post was received before (a copy delivered
// again, to this replica or another). The lease this replica renews keeps
// other replicas off the job while the post waits for its author's
// further lines, which askedSoFar writes into it; if this one dies
// meanwhile, another takes it over and answers what was asked so far. A
// post without words yet is recorded when a worker takes it, if its
// further lines ask something.
func (b *Bot) openPost(ctx context.Context, p *post) bool {
	text := postQuestion(p.title, []string{p.first.Content}, load(&b.selfID))
	if text == "" {
		p.setJob("")
		return true
	}
	// Bounded below what those ending the post wait for it (settle).
	rctx, cancel := context.WithTimeout(ctx, settleTimeout/2)
	id, again := b.recordMessageJob(rctx, p.messageJob(text))
	cancel()
	p.setJob(id)
	if again {
		if b.posts.dropIf(p) {
			p.end()
		}
		b.log.Info("forum post received before; left to that delivery", "thread_id", p.first.ID)
		return false
	}
	return true
}

// flushPosts answers at once every post still waiting out
// Options.ForumWait, so that a stop does not lose them: the answers join
// the ones Drain waits for. Posts that open from now on are answered
// without waiting. A post it has no time left for is released to another
// replica (without a job, it is logged as lost).
func (b *Bot) flushPosts(ctx context.Context) {
	for p, lines := range b.posts.close() {
		p.end()
		if ctx.Err() != nil {
			p.upd.Lock()
			jobID := p.job(ctx)
			b.releaseJob(ctx, jobID)
			p.upd.Unlock()
			if jobID != "" {
				b.log.Info("forum post left to another replica: no time left at shutdown", "thread_id", p.first.ID)
				continue
			}
			b.log.Warn("forum post not answered: no time left at shutdown", "thread_id", p.first.ID)
			continue
		}
		b.log.Info("answering a waiting forum post at shutdown", "thread_id", p.first.ID)
		b.answerPost(ctx, p, lines, p.send)
	}
}

// waitingLine adds the author's line to a waiting post and waits again; a
// line from staff means a person answered, so the bot keeps out. It
// reports whether m came from staff.
func (b *Bot) waitingLine(ctx context.Context, p *post, m *discordgo.Message) (staff bool) {
	switch {
	case m.ID == p.first.ID: // the first message, delivered again
	case m.Author.ID == p.author:
		p.mu.Lock()
		// The question is cut to MaxQuestionLen: lines past it are not kept.
		if len(strings.Join(p.lines, " ")) < partnerbot.MaxQuestionLen {
			p.lines = append(p.lines, m.Content)
		}
		p.mu.Unlock()
		if !b.askedSoFar(ctx, p) {
			return false
		}
		select {
		case p.bump <- struct{}{}:
		default:
		}
	case b.isStaff(m):
		if _, ok := b.posts.take(p.first.ID); ok {
			p.end()
			b.silence(ctx, p.first.ID)
			p.upd.Lock()
			b.finishJob(ctx, p.job(ctx))
			p.upd.Unlock()
			b.log.Info("forum post answered by staff; left alone", "thread_id", p.first.ID)
		}
		return true
	}
	return false
}

// askedSoFar brings a waiting post's job up to date with its author's
// lines, so a replica that takes it over answers what was asked so far,
// and reports whether the post still waits here: one taken over meanwhile
// (this replica stalled) stops waiting and is left to the taker.
func (b *Bot) askedSoFar(ctx context.Context, p *post) bool {
	p.upd.Lock()
	defer p.upd.Unlock()
	if b.posts.get(p.first.ID) != p {
		return true // ended meanwhile: its end settles the job
	}
	jobID := p.job(ctx)
	if jobID == "" || b.holdPost(ctx, p, jobID, postQuestion(p.title, p.linesSoFar(), load(&b.selfID))) {
		return true
	}
	if b.posts.dropIf(p) {
		p.end()
	}
	b.log.Info("forum post taken over by another replica while it waited; left to it", "thread_id", p.first.ID)
	return false
}

// staffAnswered keeps the bot out of a forum post it answered from the
// moment staff other than its author write in it, and reports whether m
// was such a message. It asks the store, not this replica's memory, which
// posts the bot answered, so it holds after a restart and on another
// replica.
func (b *Bot) staffAnswered(ctx context.Context, m *discordgo.Message, send Sender) bool {
	if !b.isStaff(m) {
		return false
	}
	owner, ok := b.forumPost(ctx, send, m.ChannelID)
	if !ok || owner == m.Author.ID || !b.isBotThread(ctx, m.ChannelID) {
		return false
	}
	b.silence(ctx, m.ChannelID)
	b.log.Info("staff answered in a forum post; the bot keeps out", "thread_id", m.ChannelID)
	return true
}

// forumPost reports whether a channel is a post in a forum, and who opened
// it.
func (b *Bot) forumPost(ctx context.Context, send Sender, channelID string) (owner string, ok bool) {
	th, err := b.channelInfo(ctx, send, channelID)
	if err != nil || !th.IsThread() || th.ParentID == "" {
		return "", false
	}
	parent, err := b.channelInfo(ctx, send, th.ParentID)
	if err != nil {
		b.log.Warn("read forum", "channel_id", th.ParentID, b.errAttr(err))
		return "", false
	}
	return th.OwnerID, slices.Contains(forumTypes, parent.Type)
}

// waitPost answers p once its author has been quiet for Options.ForumWait.
func (b *Bot) waitPost(ctx context.Context, p *post, send Sender) {
	for {
		select {
		case <-b.opts.After(b.opts.ForumWait):
			if lines, ok := b.posts.take(p.first.ID); ok {
				b.answerPost(ctx, p, lines, send)
			}
			return
		case <-p.bump:
		case <-p.stop:
			return
		case <-ctx.Done():
			return
		}
	}
}

// answerPost answers a post inside it, once across restarts and replicas,
// unless the bot was asked to keep out of it meanwhile. The post is claimed
// when a worker takes it, so a post the full queue turns away can try
// again; a copy delivered again finds the claim taken and gives its
// rate-limit token back. Its job, recorded as it opened (or once claimed,
// if not then), lets another replica answer it if this one dies; a post
// whose job another replica took over meanwhile is left to that one.
func (b *Bot) answerPost(ctx context.Context, p *post, lines []string, send Sender) {
	id := p.first.ID
	q := question{text: postQuestion(p.title, lines, load(&b.selfID)), guildID: p.first.GuildID,
		channelID: id, userID: p.author, received: p.firstTry(b.opts.Now), ref: id}
	if b.leftAlone(ctx, p, q.text) {
		return
	}
	undo, refusal := b.allow(ctx, p.first.GuildID, q.userID)
	if refusal != "" {
		b.refusePost(ctx, p, send, refusal)
		return
	}
	err := b.pool.submit(func(ctx context.Context) {
		if !b.claimFor(ctx, "forum:"+id, forumClaimFor) {
			undo()
			b.log.Info("forum post already answered", "thread_id", id)
			b.finishJob(ctx, p.job(ctx))
			return
		}
		jobID := p.job(ctx)
		if jobID == "" {
			jobID = b.recordMessage(ctx, p.messageJob(q.text))
		}
		b.answerMessage(ctx, p.first, q, true, false, send, jobID)
	})
	if err != nil {
		undo()
		b.retryOrRefuse(ctx, p, send, err)
	}
}

// leftAlone settles a post whose wait is over before it is answered, and
// reports whether the bot leaves it alone: its job, given the whole
// question text now, is another replica's (taken over while this one
// stalled), or the post was handed to people, or asks nothing.
func (b *Bot) leftAlone(ctx context.Context, p *post, text string) bool {
	p.upd.Lock()
	defer p.upd.Unlock()
	id, jobID := p.first.ID, p.job(ctx)
	if jobID != "" && !b.holdPost(ctx, p, jobID, text) {
		b.log.Info("forum post taken over by another replica while it waited; left to it", "thread_id", id)
		return true
	}
	switch {
	case b.silenced(ctx, id):
		b.log.Info("forum post left alone", "thread_id", id)
	case text == "":
		b.log.Info("forum post without words; not answered", "thread_id", id)
	default:
		return false
	}
	b.finishJob(ctx, jobID)
	return true
}

// holdPost gives a post's job the whole question, now that its author is
// done, a deadline counted from now (a long wait must not expire it) and a
// renewed lease, so a replica that takes it over later answers all of it.
// It reports false when the job is no longer this replica's; when the
// store fails, true: answering twice is better than not at all.
func (b *Bot) holdPost(ctx context.Context, p *post, jobID, text string) bool {
	payload, err := b.jobPayload(p.messageJob(text))
	held := true
	if err == nil {
		ctx, cancel := context.WithTimeout(ctx, b.jobRound())
		defer cancel()
		now := b.opts.Now()
		job := partnerbot.Job{ID: jobID, Owner: b.opts.Replica, Payload: payload, Deadline: now.Add(jobWindow)}
		held, err = b.opts.Jobs.UpdateJob(ctx, job, now.Add(b.opts.Lease))
	}
	switch {
	case err != nil:
		b.log.Warn("forum post's job not brought up to date; answered here", "thread_id", p.first.ID, b.errAttr(err))
		return true
	case !held:
		b.active.remove(jobID)
		return false
	}
	b.active.add(jobID)
	return true
}

// retryOrRefuse deals with a post the answer queue turned away: it waits
// Options.ForumWait and tries again while it may; then, or when the bot is
// stopping, its job is left to another replica; a post without a job has
// its author told to ask again.
func (b *Bot) retryOrRefuse(ctx context.Context, p *post, send Sender, err error) {
	id := p.first.ID
	if tries, again := p.retry(); errors.Is(err, errBusy) && again && b.posts.add(p) == postWaits {
		b.log.Warn("forum post refused by a full queue; trying again later", "thread_id", id, "try", tries, "queued", b.pool.queued())
		go b.waitPost(ctx, p, send)
		return
	}
	if jobID := p.job(ctx); jobID != "" && (errors.Is(err, errBusy) || errors.Is(err, errDraining)) {
		b.releaseJob(ctx, jobID)
		b.log.Warn("forum post refused here; left to another replica", "thread_id", id, "reason", err.Error(), "queued", b.pool.queued())
		return
	}
	b.log.Warn("forum post refused", "thread_id", id, "reason", err.Error(), "queued", b.pool.queued())
	b.refusePost(ctx, p, send, refusalText(err))
}

// refusePost tells a post's author why the bot does not answer it, unless
// the post was answered meanwhile (a copy delivered again). It claims the
// post, so the author, told to ask again, is not answered twice.
func (b *Bot) refusePost(ctx context.Context, p *post, send Sender, msg string) {
	defer b.finishJob(ctx, p.job(ctx))
	if !b.claimFor(ctx, "forum:"+p.first.ID, forumClaimFor) {
		b.log.Info("forum post already answered", "thread_id", p.first.ID)
		return
	}
	b.replyTo(ctx, send, p.first, msg)
}

// postQuestion is the question a forum post asks, on one line: its title
// (followed by a colon unless it ends a sentence), then its lines, mentions
// of the bot taken out, control characters dropped and white space
// collapsed, cut at a word to partnerbot.MaxQuestionLen characters. It is
// "" when nothing is left.
func postQuestion(title string, lines []string, self string) string {
	var parts []string
	titled := false // parts[0] is the title
	for k, part := range append([]string{title}, lines...) {
		if k > 0 {
			part = stripMentions(part, self)
		}
		part = strings.Map(func(r rune) rune {
			if r == '\n' || r == '\t' {
				return ' '
			}
			if unicode.IsControl(r) || r == utf8.RuneError {
				return -1
			}
			return r
		}, strings.ToValidUTF8(part, ""))
		if part = strings.Join(strings.Fields(part), " "); part != "" {
			titled = titled || k == 0
			parts = append(parts, part)
		}
	}
	// The title introduces the lines after it: "Bilateral trade: What
	// was its value in 2022?".
	if len(parts) > 1 && titled && !strings.ContainsAny(parts[0][len(parts[0])-1:], ".?!:") {
		parts[0] += ":"
	}
	return clipWords(strings.Join(parts, " "), partnerbot.MaxQuestionLen)
}

// clipWords cuts s to at most n characters, at a space when there is one.
func clipWords(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndex(cut, " "); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimSpace(cut)
}

// forumAnswered reports whether new posts in forum channelID are answered.
func (b *Bot) forumAnswered(ctx context.Context, guildID, channelID string) bool {
	if channelID == "" {
		return false
	}
	if slices.Contains(b.opts.ForumChannels, channelID) {
		return true
	}
	if b.opts.Support == nil {
		return false
	}
	ids, err := b.opts.Support.AnsweredForums(ctx, guildID)
	if err != nil {
		b.log.Warn("answered forums", "guild_id", guildID, b.errAttr(err))
		return false
	}
	return slices.Contains(ids, channelID)
}

// channelInfo is a channel from the gateway's state when it is there,
// else from Discord.
func (b *Bot) channelInfo(ctx context.Context, send Sender, id string) (*discordgo.Channel, error) {
	if c, ok := b.stateChannel(id); ok {
		return c, nil
	}
	ch, err := send.Channel(ctx, id)
	if err != nil {
		return nil, err
	}
	if ch == nil {
		return nil, errors.New("read channel: empty reply")
	}
	return ch, nil
}

// stateChannel is a copy of a channel the gateway's state holds.
func (b *Bot) stateChannel(id string) (*discordgo.Channel, bool) {
	st := b.state.Load()
	if st == nil {
		return nil, false
	}
	ch, err := st.Channel(id)
	if err != nil {
		return nil, false
	}
	// The state updates its channels in place, under its lock.
	st.RLock()
	c := *ch
	st.RUnlock()
	return &c, true
}

// isStaff reports whether m's author has moderator rights where m was
// posted, from the gateway's state (roles come with GUILD_CREATE).
func (b *Bot) isStaff(m *discordgo.Message) bool {
	st := b.state.Load()
	if st == nil || m.Member == nil {
		return false
	}
	perms, err := st.MessagePermissions(m)
	if err != nil {
		b.log.Debug("permissions unknown; not staff", "message_id", m.ID, "err", err.Error())
		return false
	}
	return perms&discordgo.PermissionAdministrator != 0 || perms&staffPerms != 0
}

// silence keeps the bot out of a thread.
func (b *Bot) silence(ctx context.Context, threadID string) {
	if b.opts.Support == nil {
		return
	}
	if err := b.opts.Support.SilenceThread(ctx, threadID, b.opts.Now()); err != nil {
		b.log.Error("silence thread", "thread_id", threadID, b.errAttr(err))
	}
}

// forget drops what is kept of a deleted thread: the post waiting there
// for its author's lines, if any (its job ends), and the store's mark that
// the bot keeps out of it.
func (b *Bot) forget(ctx context.Context, threadID string) {
	if p := b.posts.drop(threadID); p != nil {
		p.end()
		b.log.Info("forum post deleted while it waited; not answered", "thread_id", threadID)
		p.upd.Lock()
		b.finishJob(ctx, p.job(ctx))
		p.upd.Unlock()
	}
	if b.opts.Support == nil || threadID == "" {
		return
	}
	if err := b.opts.Support.ForgetThread(ctx, threadID); err != nil {
		b.log.Error("forget thread", "thread_id", threadID, b.errAttr(err))
	}
}

// silenced reports whether the bot keeps out of a thread.
func (b *Bot) silenced(ctx context.Context, threadID string) bool {
	if b.opts.Support == nil {
		return false
	}
	quiet, err := b.opts.Support.ThreadSilenced(ctx, threadID)
	if err != nil {
		b.log.Warn("thread silenced", "thread_id", threadID, b.errAttr(err))
	}
	return quiet
}
