package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/discord/discordtest"
	"github.com/partnerbot/partnerbot/store"
)

// The forum and people of the support loop's tests.
const (
	forumID   = "300000000000000050"
	modsID    = "300000000000000051" // the moderators' channel
	staffRole = "400000000000000001"
	tagID     = "500000000000000001"
	staffer   = "200000000000000009"
	member3   = "200000000000000003"
	forumWait = 150 * time.Millisecond
	troops    = "How many US troops will be stationed in Vietnam?"
	soldiers  = "How many American soldiers are going to be based in Vietnam?"
	// fourNos is a quote as a moderator types it: without the article's
	// diacritics, which normalisation forgives.
	fourNos = `Viet Nam follows the defence policy of "four no's`
)

// startSupport runs a bot with the support loop on, answering forumID,
// in a guild discordgo knows (roles, so it can tell staff).
func startSupport(t *testing.T, cfg setup) *harness {
	t.Helper()
	cfg.support = true
	if cfg.opts.ForumChannels == nil {
		cfg.opts.ForumChannels = []string{forumID}
	}
	if cfg.opts.ForumWait == 0 {
		cfg.opts.ForumWait = forumWait
	}
	cfg.opts.Similar = seedEngine(t).Index().Lexicon().Similarity
	h := start(t, cfg)
	forum := discordtest.ForumChannel(forumID, "help", discordgo.ForumTag{ID: tagID, Name: "Needs human"})
	mods := &discordgo.Channel{ID: modsID, GuildID: guild, Name: "mods", Type: discordgo.ChannelTypeGuildText, PermissionOverwrites: []*discordgo.PermissionOverwrite{}}
	g := discordtest.Guild([]*discordgo.Channel{forum, mods}, discordtest.Role(staffRole, discordgo.PermissionManageThreads))
	if err := h.srv.Dispatch("GUILD_CREATE", g); err != nil {
		t.Fatal(err)
	}
	h.eventually("the guild in discordgo's state", func() bool {
		_, err := h.sess.State.Guild(guild)
		return err == nil
	})
	return h
}

// eventually polls cond until it holds or the harness's time runs out.
func (h *harness) eventually(what string, cond func() bool) {
	h.t.Helper()
	for !cond() {
		select {
		case <-h.ctx.Done():
			h.t.Fatalf("waiting for %s: %v\nlog:\n%s", what, h.ctx.Err(), h.logs)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// post opens a forum post by author and returns its thread and first
// message.
func (h *harness) post(author, title, content string) (*discordgo.Channel, *discordgo.Message) {
	h.t.Helper()
	th, first := discordtest.ForumPost(forumID, author, title, content)
	if err := h.srv.SendForumPost(th, first); err != nil {
		h.t.Fatal(err)
	}
	return th, first
}

// say sends a message in a channel; with roles, as that member.
func (h *harness) say(channelID, author, content string, mention bool, roles ...string) {
	h.t.Helper()
	m := discordtest.MessageMention(channelID, author, content, mention)
	m.Member.Roles = append([]string{}, roles...)
	if err := h.srv.SendMessage(m); err != nil {
		h.t.Fatal(err)
	}
}

// moderator sends a moderator's slash command and returns the first edit
// of its reply.
func (h *harness) moderator(name string, opts ...discordtest.Opt) *discordgo.Message {
	h.t.Helper()
	i := h.send(discordtest.SlashCommand(name, append(opts, discordtest.WithMember(member2, modPerms))...))
	_, m := h.edit(i, 1)
	return m
}

// click presses a button as who, in a channel, and returns the reply.
func (h *harness) click(customID, who, channelID string) *discordgo.Message {
	h.t.Helper()
	i := h.send(discordtest.Button(customID, discordtest.WithChannel(channelID), discordtest.WithMember(who, modPerms)))
	_, m := h.edit(i, 1)
	return m
}

// customIDs are the custom IDs of a message's buttons.
func customIDs(m *discordgo.Message) []string {
	var out []string
	for _, row := range m.Components {
		if r, ok := row.(*discordgo.ActionsRow); ok {
			for _, c := range r.Components {
				if b, ok := c.(*discordgo.Button); ok {
					out = append(out, b.CustomID)
				}
			}
		}
	}
	return out
}

// footer is a message's last embed's footer.
func footer(m *discordgo.Message) string {
	if len(m.Embeds) == 0 || m.Embeds[len(m.Embeds)-1].Footer == nil {
		return ""
	}
	return m.Embeds[len(m.Embeds)-1].Footer.Text
}

// logged waits until the log holds s.
func (h *harness) logged(s string) {
	h.t.Helper()
	h.eventually("log line "+s, func() bool { return strings.Contains(h.logs.String(), s) })
}

// tradeAnswered waits for the first message in a thread and checks that it
// is a grounded answer giving the 2022 trade figure.
func (h *harness) tradeAnswered(threadID string) *discordgo.Message {
	h.t.Helper()
	m := h.posted(threadID, 1)
	h.checkAnswer(m)
	if !strings.Contains(shown(m), "123.86") {
		h.t.Errorf("answer lacks 123.86:\n%s", shown(m))
	}
	return m
}

func TestForumPostAnsweredInsideThePost(t *testing.T) {
	t.Parallel()
	h := startSupport(t, setup{})
	// A bot's post is not answered.
	botPost, botFirst := discordtest.ForumPost(forumID, "200000000000000077", "Bot news", tradeQuestion)
	botFirst.Author.Bot = true
	if err := h.srv.SendForumPost(botPost, botFirst); err != nil {
		t.Fatal(err)
	}
	th, first := h.post(member, "Bilateral trade", "What was its value in 2022?")
	m := h.posted(th.ID, 1)
	h.checkAnswer(m)
	text := shown(m)
	for _, want := range []string{"123.86", "Bilateral trade: What was its value in 2022?"} {
		if !strings.Contains(text, want) {
			t.Errorf("answer lacks %q:\n%s", want, text)
		}
	}
	id := questionID(t, m)
	if got, want := customIDs(m), []string{customID(actionUp, id), customID(actionDown, id), customID(actionSources, id), customID(actionHandoff, id)}; !slices.Equal(got, want) {
		t.Errorf("buttons = %v, want %v", got, want)
	}
	if n := len(h.srv.RequestsTo(http.MethodPost, "/channels/*/messages/*/threads")); n != 0 {
		t.Errorf("%d threads started; a post is its own thread", n)
	}
	// A follow-up in the post works as in the bot's threads.
	h.say(th.ID, member, growthFollowUp, false)
	second := h.posted(th.ID, 2)
	h.checkAnswer(second)
	if !strings.Contains(shown(second), "11%") {
		t.Errorf("follow-up answer lacks 11%%:\n%s", shown(second))
	}
	// The first message delivered again is not answered again.
	if err := h.srv.SendMessage(first); err != nil {
		t.Fatal(err)
	}
	h.logged("forum post already answered")
	if n := len(h.srv.RequestsTo(http.MethodPost, "/channels/"+th.ID+"/messages")); n != 2 {
		t.Errorf("%d messages in the post, want 2", n)
	}
	if n := len(h.srv.RequestsTo(http.MethodPost, "/channels/"+botPost.ID+"/messages")); n != 0 {
		t.Errorf("a bot's post got %d messages", n)
	}
}

// fakeTimers hands the test each ForumWait timer the bot starts.
func fakeTimers(o *Options) chan chan time.Time {
	timers := make(chan chan time.Time, 10)
	o.ForumWait = time.Hour // never by itself
	o.After = func(d time.Duration) <-chan time.Time {
		if d != time.Hour {
			return time.After(d)
		}
		c := make(chan time.Time, 1)
		timers <- c
		return c
	}
	return timers
}

// timer takes the next timer the bot started.
func (h *harness) timer(timers chan chan time.Time) chan time.Time {
	h.t.Helper()
	select {
	case c := <-timers:
		return c
	case <-h.ctx.Done():
		h.t.Fatalf("no timer started\nlog:\n%s", h.logs)
		return nil
	}
}

func TestForumWaitsForTheAuthorsLines(t *testing.T) {
	t.Parallel()
	var o Options
	timers := fakeTimers(&o)
	h := startSupport(t, setup{opts: o})
	th, _ := h.post(member, "Trade question", "What was the value of bilateral trade")
	first := h.timer(timers)
	h.say(th.ID, member2, "me too", false) // not the author: no more waiting
	h.say(th.ID, member, "in 2022?", false)
	second := h.timer(timers) // the author's line: the wait starts again
	first <- time.Now()       // the first wait was abandoned
	h.say(th.ID, member, "Thanks!", false)
	third := h.timer(timers)
	second <- time.Now()
	if n := len(h.srv.RequestsTo(http.MethodPost, "/channels/"+th.ID+"/messages")); n != 0 {
		t.Fatalf("answered before the author was done (%d messages)", n)
	}
	third <- time.Now()
	m := h.tradeAnswered(th.ID)
	if want := "Trade question: What was the value of bilateral trade in 2022? Thanks!"; m.Embeds[0].Title != want {
		t.Errorf("question = %q, want %q", m.Embeds[0].Title, want)
	}
}

func TestForumPostAnsweredByStaffLeftAlone(t *testing.T) {
	t.Parallel()
	var o Options
	timers := fakeTimers(&o)
	h := startSupport(t, setup{opts: o})
	th, _ := h.post(member, "Trade", tradeQuestion)
	wait := h.timer(timers)
	h.say(th.ID, staffer, "It was about $124 billion; see the pinned article.", false, staffRole)
	h.logged("forum post answered by staff; left alone")
	wait <- time.Now()
	// The author's next line is not answered; a mention is ("unless asked
	// again").
	h.say(th.ID, member, "Thanks, and how much did it grow the next year?", false)
	h.say(th.ID, member, tradeQuestion, true)
	m := h.posted(th.ID, 1)
	h.checkAnswer(m)
	if m.Embeds[0].Title != tradeQuestion {
		t.Errorf("answered %q, want only the mention", m.Embeds[0].Title)
	}
	if quiet, err := h.db.(Support).ThreadSilenced(h.ctx, th.ID); !quiet || err != nil {
		t.Errorf("post silenced = %v, %v", quiet, err)
	}
	if n := len(h.srv.RequestsTo(http.MethodPost, "/channels/"+th.ID+"/messages")); n != 1 {
		t.Errorf("%d messages in the post, want the mention's answer only", n)
	}
}

func TestHandoffTagsThePostAndSilencesTheBot(t *testing.T) {
	t.Parallel()
	h := startSupport(t, setup{opts: Options{Answer: declineAbout(t, "troops")}})
	th, _ := h.post(member, "Troops", troops)
	m := h.posted(th.ID, 1)
	id := questionID(t, m)
	if !slices.Contains(customIDs(m), customID(actionHandoff, id)) {
		t.Fatalf("the decline has no hand-off button: %v", customIDs(m))
	}
	if got := h.moderator(cmdForum, discordtest.SubcommandOption(subTag, discordtest.StringOption(optName, "needs HUMAN")), discordtest.WithChannel(th.ID)); !strings.Contains(got.Content, "“Needs human”") {
		t.Errorf("/forum tag = %q", got.Content)
	}
	if got := h.click(customID(actionHandoff, id), member, th.ID); got.Content != handoffTaggedText {
		t.Errorf("hand-off reply = %q, want %q", got.Content, handoffTaggedText)
	}
	r, err := h.srv.WaitRequest(h.ctx, http.MethodPatch, "/channels/"+th.ID)
	if err != nil {
		t.Fatal(err)
	}
	var edit struct {
		AppliedTags []string `json:"applied_tags"`
	}
	if err := r.JSON(&edit); err != nil || !slices.Equal(edit.AppliedTags, []string{tagID}) {
		t.Errorf("post edit = %s (%v), want applied_tags [%s]", r.Body, err, tagID)
	}
	if ch, _ := h.srv.Channel(th.ID); !slices.Equal(ch.AppliedTags, []string{tagID}) {
		t.Errorf("post's tags = %v", ch.AppliedTags)
	}
	if got := h.click(customID(actionHandoff, id), member, th.ID); got.Content != handoffAgainText {
		t.Errorf("second hand-off = %q, want %q", got.Content, handoffAgainText)
	}
	// Silent afterwards, unless asked again.
	h.say(th.ID, member, growthFollowUp, false)
	h.say(th.ID, member, tradeQuestion, true)
	second := h.posted(th.ID, 2)
	if second.Embeds[0].Title != tradeQuestion {
		t.Errorf("answered %q after the hand-off, want only the mention", second.Embeds[0].Title)
	}
	if n := len(h.srv.RequestsTo(http.MethodPost, "/channels/"+th.ID+"/messages")); n != 2 {
		t.Errorf("%d messages in the post, want 2", n)
	}
	gaps, err := h.db.(Support).Gaps(h.ctx, guild, 10)
	if err != nil || len(gaps) != 2 || gaps[0].Kind != partnerbot.GapHandoff || gaps[1].Kind != partnerbot.GapDeclined {
		t.Errorf("gaps = %+v, %v; want the hand-off and the decline", gaps, err)
	}
	// A moderator deletes the post: the store forgets it was silenced.
	if quiet, err := h.db.(Support).ThreadSilenced(h.ctx, th.ID); !quiet || err != nil {
		t.Fatalf("post silenced before its deletion = %v, %v", quiet, err)
	}
	if err := h.srv.DeleteThread(th.ID); err != nil {
		t.Fatal(err)
	}
	h.eventually("the deleted post forgotten", func() bool {
		quiet, err := h.db.(Support).ThreadSilenced(h.ctx, th.ID)
		return err == nil && !quiet
	})
}

func TestHandoffOutsideForumsNotesTheModerators(t *testing.T) {
	t.Parallel()
	h := startSupport(t, setup{})
	if got := h.moderator(cmdConfig, discordtest.SubcommandOption(subHandoff, discordtest.StringOption(optChannel, modsID))); !strings.Contains(got.Content, "<#"+modsID+">") {
		t.Errorf("/config handoff = %q", got.Content)
	}
	q := discordtest.MessageMention(channel, member, troops+" @everyone", true)
	if err := h.srv.SendMessage(q); err != nil {
		t.Fatal(err)
	}
	thread := q.ID
	m := h.posted(thread, 1)
	id := questionID(t, m)
	if got := h.click(customID(actionHandoff, id), member, thread); got.Content != handoffNotedText {
		t.Errorf("hand-off reply = %q, want %q", got.Content, handoffNotedText)
	}
	note := h.posted(modsID, 1)
	for _, want := range []string{"still needs help", "How many US troops", "https://discord.com/channels/" + guild + "/" + thread + "/"} {
		if !strings.Contains(note.Content, want) {
			t.Errorf("note lacks %q: %q", want, note.Content)
		}
	}
	if strings.Contains(note.Content, "@everyone") {
		t.Errorf("note holds a live @everyone: %q", note.Content)
	}
	if quiet, _ := h.db.(Support).ThreadSilenced(h.ctx, thread); !quiet {
		t.Error("thread not silenced after the hand-off")
	}
}

// declined asks q with /ask as who and waits for the decline.
func (h *harness) declined(q, who string) *discordgo.Message {
	h.t.Helper()
	i := h.ask(q, discordtest.WithMember(who, discordtest.DefaultMemberPermissions))
	_, m := h.edit(i, 1)
	if len(m.Embeds) != 0 || !strings.Contains(m.Content, "couldn't") {
		h.t.Fatalf("%q was answered, want a decline:\n%s", q, shown(m))
	}
	return m
}

// declineAbout answers with the engine, but declines every question
// holding one of words, as the engine declines what the articles lack:
// the queue's grouping is tested apart from what the engine answers.
func declineAbout(t *testing.T, words ...string) AnswerFunc {
	e := seedEngine(t)
	return func(ctx context.Context, q partnerbot.Question) (partnerbot.Answer, error) {
		for _, w := range words {
			if strings.Contains(strings.ToLower(q.Text), w) {
				return partnerbot.Answer{Question: q.Text, Abstained: true, Mode: partnerbot.Extractive,
					Text: "I couldn't find an answer to that in the articles I have."}, nil
			}
		}
		return e.Answer(ctx, q)
	}
}

func TestGapQueueGroupsSimilarQuestions(t *testing.T) {
	t.Parallel()
	h := startSupport(t, setup{opts: Options{Answer: declineAbout(t, "troops", "coach")}})
	h.declined(troops, member)
	h.declined("How many American troops will be deployed to Vietnam?", member2)
	h.declined("Who is the coach of Vietnam's football team?", member3)
	h.declined("Will the US station troops in Vietnam?", member3)
	// A 👎 on an answer joins the queue too.
	i := h.ask(tradeQuestion)
	_, answer := h.edit(i, 1)
	if got := h.click(customID(actionDown, questionID(t, answer)), member, channel); !strings.Contains(got.Content, "👎") {
		t.Errorf("vote reply = %q", got.Content)
	}

	m := h.moderator(cmdGaps, discordtest.SubcommandOption(subList))
	if len(m.Embeds) != 1 {
		t.Fatalf("/gaps = %s", shown(m))
	}
	e := m.Embeds[0]
	var names []string
	for _, f := range e.Fields {
		names = append(names, f.Name)
	}
	if want := []string{"item #4 · ×3 — 3 declined", "item #5 · ×1 — 1 👎", "item #3 · ×1 — 1 declined"}; !slices.Equal(names, want) {
		t.Errorf("groups = %q, want %q\n%s", names, want, shown(m))
	}
	if v := e.Fields[0].Value; !strings.Contains(v, "Will the US station troops") || !strings.Contains(v, "American troops") || !strings.Contains(v, "US troops will be stationed") {
		t.Errorf("the troops group lacks a wording: %q", v)
	}
	if e.Title != "Gap queue: 5 questions in 3 groups" {
		t.Errorf("title = %q", e.Title)
	}
	ids := customIDs(m)
	if len(ids) != 3 || ids[2] != customID(actionDismiss, 3) {
		t.Fatalf("dismiss buttons = %v, want the third to dismiss item 3", ids)
	}
	// A member cannot dismiss; a moderator can.
	i = h.send(discordtest.Button(ids[2], discordtest.WithMember(member, discordtest.DefaultMemberPermissions)))
	if _, resp := h.callback(i, 1); resp.Data == nil || resp.Data.Content != notModText {
		t.Errorf("a member's dismiss: %+v", resp.Data)
	}
	if got := h.click(ids[2], member2, channel); !strings.Contains(got.Content, "Dismissed “Who is the coach") {
		t.Errorf("dismiss = %q", got.Content)
	}
	if gaps, _ := h.db.(Support).Gaps(h.ctx, guild, 10); len(gaps) != 4 {
		t.Errorf("%d gaps open after dismissing one, want 4", len(gaps))
	}
}

func TestCuratedAnswerServedForAParaphrase(t *testing.T) {
	t.Parallel()
	cfg := setup{opts: Options{Answer: declineAbout(t, "troops")}}
	h := startSupport(t, cfg)
	h.declined(troops, member)
	gaps, err := h.db.(Support).Gaps(h.ctx, guild, 10)
	if err != nil || len(gaps) != 1 {
		t.Fatalf("gaps = %+v, %v", gaps, err)
	}
	item := discordtest.IntOption(optItem, gaps[0].ID)
	const answer = "No US troops are to be stationed in Vietnam: the partnership covers defence dialogue, and Vietnam keeps its \"four no's\" policy."
	bad := h.moderator(cmdCurate, discordtest.SubcommandOption(subAdd, item, discordtest.StringOption(optAnswer, answer),
		discordtest.StringOption(optQuote, "Vietnam will host a US naval base")))
	if !strings.Contains(bad.Content, "can't find this quote word for word") {
		t.Errorf("an invented quote: %q", bad.Content)
	}
	saved := h.moderator(cmdCurate, discordtest.SubcommandOption(subAdd, item, discordtest.StringOption(optAnswer, answer),
		discordtest.StringOption(optQuote, fourNos)))
	if !strings.HasPrefix(saved.Content, "Saved as curated answer #") || footer(saved) != curatedFooter {
		t.Fatalf("/curate add = %s", shown(saved))
	}
	if left, _ := h.db.(Support).Gaps(h.ctx, guild, 10); len(left) != 0 {
		t.Errorf("the curated item is still queued: %+v", left)
	}

	served := func(h *harness, q string) *discordgo.Message {
		t.Helper()
		i := h.ask(q, discordtest.WithMember(member3, discordtest.DefaultMemberPermissions))
		_, m := h.edit(i, 1)
		return m
	}
	m := served(h, soldiers)
	h.checkAnswer(m) // every quote verbatim in an article
	if footer(m) != curatedFooter || !strings.Contains(m.Embeds[0].Description, "No US troops are to be stationed") {
		t.Fatalf("paraphrase answered with:\n%s", shown(m))
	}
	if q := m.Embeds[0].Fields[0].Value; !strings.Contains(corpus.Normalize(q), corpus.Normalize("Việt Nam follows the defence policy")) || !strings.Contains(q, "Việt") {
		t.Errorf("the quote is not shown as the article prints it: %q", q)
	}
	if st, err := h.db.Stats(h.ctx, guild, time.Time{}); err != nil || st.Curated != 1 {
		t.Errorf("logged as curated: %d answers (%v), want 1", st.Curated, err)
	}
	if other := served(h, tradeQuestion); footer(other) == curatedFooter {
		t.Errorf("an unrelated question got the curated answer")
	}

	// It survives a restart.
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	h.closeDB()
	cfg.dbPath = h.dbPath
	h2 := startSupport(t, cfg)
	if m := served(h2, soldiers); footer(m) != curatedFooter {
		t.Fatalf("after a restart:\n%s", shown(m))
	}
	list := h2.moderator(cmdCurate, discordtest.SubcommandOption(subList))
	if !strings.Contains(shown(list), "**#1** “"+troops+"”") {
		t.Errorf("/curate list = %q", shown(list))
	}
	edited := h2.moderator(cmdCurate, discordtest.SubcommandOption(subEdit, discordtest.IntOption(optID, 1),
		discordtest.StringOption(optAnswer, "None: the articles describe no US troops based in Vietnam.")))
	if !strings.Contains(shown(edited), "None: the articles describe") || !strings.Contains(shown(edited), "four no") {
		t.Errorf("/curate edit = %s", shown(edited))
	}
	if m := served(h2, soldiers); !strings.Contains(shown(m), "None: the articles describe") {
		t.Errorf("the edit is not served:\n%s", shown(m))
	}
	if got := h2.moderator(cmdCurate, discordtest.SubcommandOption(subRetire, discordtest.IntOption(optID, 1))); !strings.Contains(got.Content, "Retired curated answer #1") {
		t.Errorf("/curate retire = %q", got.Content)
	}
	if m := served(h2, soldiers); footer(m) == curatedFooter {
		t.Errorf("a retired answer was served:\n%s", shown(m))
	}
}

func TestForumPostWaitingAtShutdownIsAnswered(t *testing.T) {
	t.Parallel()
	var o Options
	timers := fakeTimers(&o)
	h := startSupport(t, setup{opts: o})
	th, _ := h.post(member, "Trade question", "What was the value of bilateral trade in 2022?")
	h.timer(timers) // waiting for more lines; the timer never fires
	if err := h.stop(); err != nil {
		t.Fatalf("stop: %v\nlog:\n%s", err, h.logs)
	}
	h.tradeAnswered(th.ID)
}

func TestForumPostTurnedAwayByAFullQueueIsTriedAgain(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		refusals int  // times the queue is full when the post's wait ends
		jobs     bool // the post is recorded as a job
	}{
		{"answered on a later try", 1, false},
		{"told to ask again after the last try", maxPostRetries + 1, false},
		{"left to any replica with room after the last try", maxPostRetries + 1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			gate := newGatedAnswer()
			o := Options{Workers: 1, Queue: 1, Answer: gate.answer(seedEngine(t))}
			var jobs *store.DB
			if tt.jobs {
				jobs = openSupport(t)
				o.Jobs, o.Replica, o.Lease = jobs, "a", time.Minute
			}
			timers := fakeTimers(&o)
			h := startSupport(t, setup{opts: o})
			running := h.ask(tradeQuestion)
			gate.wait(t, h.ctx) // the worker is busy with it
			queued := h.ask(tradeQuestion)
			h.callback(queued, 1) // and the queue is full
			th, _ := h.post(member, "Trade question", "What was the value of bilateral trade in 2022?")
			for range tt.refusals {
				h.timer(timers) <- time.Now()
			}
			if tt.refusals > maxPostRetries && tt.jobs {
				h.logged("forum post refused here; left to another replica")
				taken, err := jobs.TakeJobs(h.ctx, "b", time.Now().Add(time.Second), time.Now().Add(time.Minute), 10)
				if err != nil || len(taken) != 1 || taken[0].ID != messageJobID(th.ID) {
					t.Errorf("TakeJobs = %+v, %v; want the post's job, released", taken, err)
				}
				if n := len(h.srv.RequestsTo(http.MethodPost, "/channels/"+th.ID+"/messages")); n != 0 {
					t.Errorf("%d messages in the post, want none: another replica answers it", n)
				}
				close(gate.release)
				return
			}
			if tt.refusals > maxPostRetries {
				m := h.posted(th.ID, 1)
				if m.Content != busyText {
					t.Errorf("post got %q, want %q", m.Content, busyText)
				}
				close(gate.release)
				return
			}
			last := h.timer(timers) // waiting to try again
			h.logged("trying again later")
			close(gate.release)
			for _, i := range []*discordgo.Interaction{running, queued} {
				h.edit(i, 1)
			}
			last <- time.Now()
			h.tradeAnswered(th.ID)
		})
	}
}

func TestForumPostDeliveredAgainCostsNoToken(t *testing.T) {
	t.Parallel()
	h := startSupport(t, setup{})
	if err := h.db.SetRatePerMinute(h.ctx, guild, 2); err != nil {
		t.Fatal(err)
	}
	th, first := h.post(member, "Bilateral trade", "What was its value in 2022?")
	h.checkAnswer(h.posted(th.ID, 1))
	if err := h.srv.SendMessage(first); err != nil { // delivered again
		t.Fatal(err)
	}
	h.logged("forum post already answered")
	// The copy gave its token back: the author's next question is not
	// rate-limited.
	i := h.ask(tradeQuestion, discordtest.WithMember(member, discordtest.DefaultMemberPermissions))
	if _, resp := h.callback(i, 1); resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Errorf("next question: callback type %d (%+v), want 5 (deferred)", resp.Type, resp.Data)
	}
	if n := len(h.srv.RequestsTo(http.MethodPost, "/channels/"+th.ID+"/messages")); n != 1 {
		t.Errorf("%d messages in the post, want 1", n)
	}
}

// TestCuratedAnswerWithAQuoteGone checks that a curated answer one of
// whose quotes no longer verifies (its article corrected) is not served,
// since its text would state that quote's claim and its markers would
// point at the wrong quotes, and that /curate list marks it.
func TestCuratedAnswerWithAQuoteGone(t *testing.T) {
	t.Parallel()
	h := startSupport(t, setup{opts: Options{Answer: declineAbout(t, "troops")}})
	good, msg := h.bot.citeAll([]string{fourNos})
	if msg != "" {
		t.Fatal(msg)
	}
	gone := partnerbot.Citation{DocID: good[0].DocID, Title: good[0].Title, ChunkID: good[0].ChunkID, Quote: "Vietnam will host a US naval base"}
	c := partnerbot.CuratedAnswer{GuildID: guild, Question: troops, AuthorHash: "m", At: time.Now(),
		Answer: "Vietnam will host a US naval base [1]. It follows the four no's [2].", Citations: []partnerbot.Citation{gone, good[0]}}
	if _, err := h.db.(Support).AddCurated(h.ctx, c); err != nil {
		t.Fatal(err)
	}
	m := h.declined(troops, member3)
	if footer(m) == curatedFooter || strings.Contains(shown(m), "naval base") {
		t.Errorf("served a curated answer with an unverified quote:\n%s", shown(m))
	}
	h.logged("a curated answer's quote no longer verifies")
	if list := h.moderator(cmdCurate, discordtest.SubcommandOption(subList)); !strings.Contains(shown(list), "no longer matches the articles") {
		t.Errorf("/curate list does not mark it: %q", shown(list))
	}
}

// TestCuratedAnswersFull checks that a curated answer past the most the
// bot matches against is refused rather than saved and never served, and
// that /curate list shows the newest first.
func TestCuratedAnswersFull(t *testing.T) {
	t.Parallel()
	h := startSupport(t, setup{})
	cites, msg := h.bot.citeAll([]string{fourNos})
	if msg != "" {
		t.Fatal(msg)
	}
	for n := range maxCurated {
		c := partnerbot.CuratedAnswer{GuildID: guild, Question: fmt.Sprintf("Filler question number %d?", n), Answer: "Filler.",
			Citations: cites, AuthorHash: "m", At: time.Now()}
		if _, err := h.db.(Support).AddCurated(h.ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	got := h.moderator(cmdCurate, discordtest.SubcommandOption(subAdd, discordtest.StringOption(optQuestion, troops),
		discordtest.StringOption(optAnswer, "None are planned."), discordtest.StringOption(optQuote, fourNos)))
	if got.Content != curatedFullText {
		t.Errorf("/curate add past %d = %q, want %q", maxCurated, got.Content, curatedFullText)
	}
	list := h.moderator(cmdCurate, discordtest.SubcommandOption(subList))
	newest := fmt.Sprintf("**#%d**", maxCurated)
	if i, j := strings.Index(shown(list), newest), strings.Index(shown(list), "**#1**"); i < 0 || (j >= 0 && j < i) {
		t.Errorf("/curate list does not start with the newest (#%d): %.300q", maxCurated, shown(list))
	}
}

// TestForumListOnlyThisGuilds checks that /forum list names the forums
// configured for this guild and not those of another guild the same bot
// serves.
func TestForumListOnlyThisGuilds(t *testing.T) {
	t.Parallel()
	const elsewhere = "300000000000000999" // a forum of a guild the state does not put here
	h := startSupport(t, setup{opts: Options{ForumChannels: []string{forumID, elsewhere}}})
	list := h.moderator(cmdForum, discordtest.SubcommandOption(subList))
	if !strings.Contains(list.Content, "<#"+forumID+">") || strings.Contains(list.Content, elsewhere) {
		t.Errorf("/forum list = %q, want %s and not %s", list.Content, forumID, elsewhere)
	}
}

// TestDismissReachesOlderGaps checks that dismissing a group takes out
// its gaps beyond the latest that /gaps groups, so the same question does
// not come straight back.
func TestDismissReachesOlderGaps(t *testing.T) {
	t.Parallel()
	h := startSupport(t, setup{})
	s := h.db.(Support)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for n := range maxGapsRead + 20 {
		id, err := h.db.LogQuestion(h.ctx, partnerbot.QuestionRecord{GuildID: guild, Question: troops, Abstained: true, Mode: partnerbot.Extractive, At: t0})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddGap(h.ctx, partnerbot.Gap{Kind: partnerbot.GapDeclined, QuestionID: id, UserHash: fmt.Sprint("u", n), At: t0.Add(time.Duration(n) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	latest, err := s.Gaps(h.ctx, guild, 1)
	if err != nil || len(latest) != 1 {
		t.Fatalf("gaps = %v, %v", latest, err)
	}
	got := h.click(customID(actionDismiss, latest[0].ID), member2, channel)
	if want := fmt.Sprintf("(%d in the queue)", maxGapsRead+20); !strings.Contains(got.Content, want) {
		t.Errorf("dismiss = %q, want it to say %s", got.Content, want)
	}
	if left, _ := s.Gaps(h.ctx, guild, 1000); len(left) != 0 {
		t.Errorf("%d gaps of the dismissed question still open", len(left))
	}
}

// TestForumPostIsAJobWhileItWaits checks that a forum post is recorded as
// a job as soon as it opens, asking its title and first line, so that
// another replica answers it if this one dies during the wait; that the
// job holds the whole question once the wait ends; and that it ends
// however the post does, and is left to a replica that took it over.
func TestForumPostIsAJobWhileItWaits(t *testing.T) {
	t.Parallel()
	const title, line, more = "Trade question", "What was the value of bilateral trade in 2022?", "Thanks!"
	afterLease := func() time.Time { return time.Now().Add(2 * time.Minute) } // the harness's lease is a minute
	type world struct {
		h       *harness
		jobs    *store.DB
		th      *discordgo.Channel
		first   *discordgo.Message
		timers  chan chan time.Time
		wait    chan time.Time
		entered chan struct{} // a blocked answer began
		release chan struct{} // lets a blocked answer go on
	}
	// takeAs takes the post's job as a replica at time at (once its lease
	// ran out), and checks the question it would answer.
	takeAs := func(w world, owner, question string, at time.Time) partnerbot.Job {
		w.h.t.Helper()
		taken, err := w.jobs.TakeJobs(w.h.ctx, owner, at, at.Add(time.Minute), 10)
		if err != nil || len(taken) != 1 {
			w.h.t.Fatalf("TakeJobs = %d jobs, %v; want the post's", len(taken), err)
		}
		var j messageJob
		if err := json.Unmarshal(taken[0].Payload, &j); err != nil {
			w.h.t.Fatal(err)
		}
		want := messageJob{Kind: jobMessage, MessageID: w.th.ID, ChannelID: w.th.ID, GuildID: guild, AuthorID: member,
			Question: question, FollowUp: true, BotID: discordtest.DefaultBotUserID}
		j.Received = time.Time{}
		if j != want {
			w.h.t.Errorf("job = %+v, want %+v", j, want)
		}
		return taken[0]
	}
	for _, tc := range []struct {
		name     string
		block    bool // the answer waits for release
		then     func(w world)
		answered bool
		log      string // what the bot logs once the post is settled
		waiting  int    // jobs left waiting: another replica's
	}{
		{name: "answered", answered: true,
			then: func(w world) { w.wait <- time.Now() }},
		{name: "delivered again once answered", answered: true, log: "forum post received before; left to that delivery",
			then: func(w world) {
				w.wait <- time.Now()
				w.h.tradeAnswered(w.th.ID)
				if err := w.h.srv.SendMessage(w.first); err != nil {
					w.h.t.Fatal(err)
				}
			}},
		{name: "staff answered meanwhile", log: "forum post answered by staff; left alone",
			then: func(w world) { w.h.say(w.th.ID, staffer, "The articles give $123.86 billion.", false, staffRole) }},
		{name: "handed to people meanwhile", log: "forum post left alone",
			then: func(w world) {
				if err := w.h.db.(Support).SilenceThread(w.h.ctx, w.th.ID, time.Now()); err != nil {
					w.h.t.Fatal(err)
				}
				w.wait <- time.Now()
			}},
		{name: "deleted meanwhile", log: "forum post deleted while it waited; not answered",
			then: func(w world) {
				if err := w.h.srv.DeleteThread(w.th.ID); err != nil {
					w.h.t.Fatal(err)
				}
			}},
		{name: "taken over while this replica stalled", log: "forum post taken over by another replica while it waited; left to it", waiting: 1,
			then: func(w world) {
				takeAs(w, "b", title+": "+line, afterLease()) // no renewal tells this replica before its wait ends
				w.wait <- time.Now()
			}},
		{name: "taken over after the author's next line", log: "forum post taken over by another replica while it waited; left to it", waiting: 1,
			then: func(w world) {
				w.h.say(w.th.ID, member, more, false)
				next := w.h.timer(w.timers)                            // the wait starts again
				takeAs(w, "b", title+": "+line+" "+more, afterLease()) // the job asks what was asked so far
				next <- time.Now()
			}},
		{name: "taken over before the author's next line", log: "forum post taken over by another replica while it waited; left to it", waiting: 1,
			then: func(w world) {
				takeAs(w, "b", title+": "+line, afterLease())
				w.h.say(w.th.ID, member, more, false) // this replica learns it, and stops waiting
			}},
		{name: "taken over while it was answered", block: true, waiting: 1,
			log: "answer not posted: the question is no longer this replica's",
			then: func(w world) {
				w.h.say(w.th.ID, member, more, false)
				w.h.timer(w.timers) <- time.Now() // the author is done
				select {
				case <-w.entered:
				case <-w.h.ctx.Done():
					w.h.t.Fatalf("never answered\nlog:\n%s", w.h.logs)
				}
				takeAs(w, "b", title+": "+line+" "+more, afterLease()) // the whole question
				w.h.bot.renewJobs(w.h.ctx, time.Now().Add(time.Minute))
				close(w.release)
			}},
		{name: "already answered", log: "forum post already answered",
			then: func(w world) {
				now := time.Now()
				if ok, err := w.h.bot.opts.Claims.Claim(w.h.ctx, "forum:"+w.th.ID, now, now.Add(time.Hour)); !ok || err != nil {
					w.h.t.Fatalf("Claim = %v, %v", ok, err)
				}
				w.wait <- now
			}},
		{name: "deleted as its answer began", log: "not answered: its channel was deleted",
			then: func(w world) {
				gone := discordtest.Fault{Status: http.StatusNotFound, Body: `{"message": "Unknown Channel", "code": 10003}`,
					Header: http.Header{"Content-Type": {"application/json"}}}
				w.h.srv.FailNext(http.MethodPost, "/channels/"+w.th.ID+"/typing", gone)
				w.wait <- time.Now()
			}},
		{name: "deleted while it was answered", block: true, log: "answer not posted: its channel was deleted",
			then: func(w world) {
				w.wait <- time.Now()
				select {
				case <-w.entered:
				case <-w.h.ctx.Done():
					w.h.t.Fatalf("never answered\nlog:\n%s", w.h.logs)
				}
				if err := w.h.srv.DeleteThread(w.th.ID); err != nil {
					w.h.t.Fatal(err)
				}
				close(w.release)
			}},
		{name: "left at a shutdown with no time", log: "forum post left to another replica: no time left at shutdown", waiting: 1,
			then: func(w world) {
				ctx, cancel := context.WithCancel(w.h.ctx)
				cancel()
				w.h.bot.flushPosts(ctx)
				takeAs(w, "b", title+": "+line, time.Now().Add(time.Second)) // released: taken at once, not a lease later
			}},
		{name: "taken over by this replica itself", answered: true, log: "job taken back by the replica still working on it",
			then: func(w world) {
				w.h.bot.takeOver(w.h.ctx, takeAs(w, "a", title+": "+line, afterLease()), w.h.bot.Sender(w.h.sess))
				w.h.logged("job taken back by the replica still working on it")
				w.wait <- time.Now()
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			jobs := openSupport(t)
			o := Options{Jobs: jobs, Replica: "a", Lease: time.Minute}
			timers := fakeTimers(&o)
			w := world{jobs: jobs, timers: timers, entered: make(chan struct{}, 1), release: make(chan struct{})}
			if tc.block {
				e := seedEngine(t)
				o.Answer = func(ctx context.Context, q partnerbot.Question) (partnerbot.Answer, error) {
					w.entered <- struct{}{}
					<-w.release
					return e.Answer(ctx, q)
				}
			}
			w.h = startSupport(t, setup{opts: o})
			w.th, w.first = w.h.post(member, title, line)
			w.wait = w.h.timer(timers)
			if n, err := jobs.WaitingJobs(w.h.ctx, time.Now()); n != 1 || err != nil {
				t.Fatalf("%d jobs waiting while the post waits (%v), want its own\nlog:\n%s", n, err, w.h.logs)
			}
			tc.then(w)
			if tc.answered {
				w.h.tradeAnswered(w.th.ID)
			}
			if tc.log != "" {
				w.h.logged(tc.log)
			}
			waitJobs(t, jobs, tc.waiting)
			if n := posted(w.h.srv.RequestsTo(http.MethodPost, "/channels/"+w.th.ID+"/messages")); n != b2i(tc.answered) {
				t.Errorf("%d messages in the post, want %d\nlog:\n%s", n, b2i(tc.answered), w.h.logs)
			}
			if n := activeJobs(w.h.bot); n != 0 {
				t.Errorf("%d jobs still in this replica's active set, want none", n)
			}
		})
	}
}

// posted counts the requests the fake took.
func posted(rs []discordtest.Request) int {
	n := 0
	for _, r := range rs {
		if r.Status == http.StatusOK {
			n++
		}
	}
	return n
}

// activeJobs counts the jobs in b's active set, held or lost.
func activeJobs(b *Bot) int {
	b.active.mu.Lock()
	defer b.active.mu.Unlock()
	return len(b.active.ids)
}

// b2i is 1 for true.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// gatedJobs holds AddJob, once it has written the job, until release.
type gatedJobs struct {
	*store.DB
	added   chan struct{} // closed once the job is written
	release chan struct{}
}

func (g *gatedJobs) AddJob(ctx context.Context, j partnerbot.Job, until time.Time) error {
	err := g.DB.AddJob(ctx, j, until)
	close(g.added)
	<-g.release
	return err
}

// TestForumPostEndedWhileItsJobIsRecorded checks that a post that ends
// (staff answer in it, or it is deleted) while its job is being recorded
// ends that job too, once it is recorded, rather than leaving it held.
func TestForumPostEndedWhileItsJobIsRecorded(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		end     func(h *harness, th *discordgo.Channel)
		started func(h *harness, th *discordgo.Channel) // the ending path has begun
	}{
		{name: "staff answered",
			end: func(h *harness, th *discordgo.Channel) {
				h.say(th.ID, staffer, "The articles give $123.86 billion.", false, staffRole)
			},
			started: func(h *harness, th *discordgo.Channel) {
				h.eventually("the post silenced", func() bool {
					quiet, err := h.db.(Support).ThreadSilenced(h.ctx, th.ID)
					return quiet && err == nil
				})
			}},
		{name: "deleted",
			end: func(h *harness, th *discordgo.Channel) {
				if err := h.srv.DeleteThread(th.ID); err != nil {
					h.t.Fatal(err)
				}
			},
			started: func(h *harness, _ *discordgo.Channel) { h.logged("forum post deleted while it waited") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			jobs := &gatedJobs{DB: openSupport(t), added: make(chan struct{}), release: make(chan struct{})}
			o := Options{Jobs: jobs, Replica: "a", Lease: time.Minute}
			fakeTimers(&o)
			h := startSupport(t, setup{opts: o})
			th, _ := h.post(member, "Trade question", "What was the value of bilateral trade in 2022?")
			select {
			case <-jobs.added:
			case <-h.ctx.Done():
				t.Fatalf("the post's job was never recorded\nlog:\n%s", h.logs)
			}
			tc.end(h, th)
			tc.started(h, th)
			close(jobs.release)
			waitJobsDone(t, jobs.DB)
			h.eventually("no job left in the active set", func() bool { return activeJobs(h.bot) == 0 })
		})
	}
}

// TestForumPostRefusedByTheRateLimitEndsItsJob checks that a post whose
// author asked too often is told so, in the post, and that its job ends:
// no other replica answers it later.
func TestForumPostRefusedByTheRateLimitEndsItsJob(t *testing.T) {
	t.Parallel()
	jobs := openSupport(t)
	o := Options{Jobs: jobs, Replica: "a", Lease: time.Minute, RatePerMinute: 1}
	timers := fakeTimers(&o)
	h := startSupport(t, setup{opts: o})
	first, _ := h.post(member, "Trade question", "What was the value of bilateral trade in 2022?")
	h.timer(timers) <- time.Now()
	h.tradeAnswered(first.ID) // the member's one question this minute
	second, _ := h.post(member, "Partnership", "When was the Comprehensive Partnership established?")
	h.timer(timers) <- time.Now()
	m := h.posted(second.ID, 1)
	if len(m.Embeds) != 0 || !strings.HasPrefix(m.Content, "You're asking quickly") {
		t.Errorf("second post got %q, want the rate limit's refusal", shown(m))
	}
	waitJobsDone(t, jobs)
	h.eventually("no job left in the active set", func() bool { return activeJobs(h.bot) == 0 })
}

// gatedUpdates holds UpdateJob, before it writes, until release.
type gatedUpdates struct {
	*store.DB
	entered chan struct{}
	release chan struct{}
}

func (g *gatedUpdates) UpdateJob(ctx context.Context, j partnerbot.Job, until time.Time) (bool, error) {
	g.entered <- struct{}{}
	<-g.release
	return g.DB.UpdateJob(ctx, j, until)
}

// TestForumPostReleasedAfterAnUpdateInFlight checks that a post released
// at a shutdown while its author's latest line is still being written
// into its job stays released: the update comes first, and nothing
// re-leases the job afterwards.
func TestForumPostReleasedAfterAnUpdateInFlight(t *testing.T) {
	t.Parallel()
	jobs := &gatedUpdates{DB: openSupport(t), entered: make(chan struct{}, 1), release: make(chan struct{})}
	o := Options{Jobs: jobs, Replica: "a", Lease: time.Minute}
	timers := fakeTimers(&o)
	h := startSupport(t, setup{opts: o})
	th, _ := h.post(member, "Trade question", "What was the value of bilateral trade in 2022?")
	h.timer(timers)
	h.say(th.ID, member, "Thanks!", false)
	select {
	case <-jobs.entered: // the line's update is in flight
	case <-h.ctx.Done():
		t.Fatalf("the author's line never reached the job\nlog:\n%s", h.logs)
	}
	stopped, cancel := context.WithCancel(h.ctx)
	cancel()
	flushed := make(chan struct{})
	go func() {
		defer close(flushed)
		h.bot.flushPosts(stopped) // no time left: released
	}()
	close(jobs.release)
	<-flushed
	h.logged("forum post left to another replica: no time left at shutdown")
	taken, err := jobs.TakeJobs(h.ctx, "b", time.Now().Add(time.Second), time.Now().Add(time.Minute), 10)
	if err != nil || len(taken) != 1 {
		t.Fatalf("TakeJobs = %d jobs, %v; want the post's, released\nlog:\n%s", len(taken), err, h.logs)
	}
	var j messageJob
	if err := json.Unmarshal(taken[0].Payload, &j); err != nil || j.Question != "Trade question: What was the value of bilateral trade in 2022? Thanks!" {
		t.Errorf("released job asks %q (%v), want the whole question", j.Question, err)
	}
	if n := activeJobs(h.bot); n != 0 {
		t.Errorf("%d jobs still in the active set, want none", n)
	}
}
