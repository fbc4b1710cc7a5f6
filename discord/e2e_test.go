package discord

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/discord/discordtest"
	"github.com/partnerbot/partnerbot/internal/testclock"
)

func TestAskDefersThenEdits(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	i := h.ask(tradeQuestion, discordtest.WithMember(member, discordtest.DefaultMemberPermissions))

	ack, resp := h.callback(i, 1)
	if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("first callback type = %d, want 5 (deferred)", resp.Type)
	}
	edit, m := h.edit(i, 1)
	if !ack.At.Before(edit.At) && !ack.At.Equal(edit.At) {
		t.Errorf("the edit (%v) came before the acknowledgement (%v)", edit.At, ack.At)
	}
	h.checkAnswer(m)
	text := shown(m)
	for _, want := range []string{"123.86", "extractive answer", tradeQuestion, "Vietnam and the United States Forge Comprehensive Strategic Partnership"} {
		if !strings.Contains(text, want) {
			t.Errorf("answer lacks %q:\n%s", want, text)
		}
	}
	id := questionID(t, m)
	rec, err := h.db.Question(h.ctx, id)
	if err != nil {
		t.Fatalf("logged question %d: %v", id, err)
	}
	if rec.Question != tradeQuestion || rec.UserHash != HashUser("salt", member) || rec.GuildID != guild || len(rec.Citations) == 0 {
		t.Errorf("logged %+v, want the question, hashed user, guild and citations", rec)
	}
	if n := len(h.srv.RequestsTo(http.MethodPost, "/interactions/"+i.ID+"/*/callback")); n != 1 {
		t.Errorf("%d callbacks, want exactly 1", n)
	}
}

func TestAskRejectsBadQuestionsAtOnce(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	tests := []struct {
		name, question, want string
	}{
		{"empty", "   ", "Please ask a question"},
		{"control characters", "trade\x00?", "control characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := h.ask(tt.question)
			_, resp := h.callback(i, 1)
			if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(resp.Data.Content, tt.want) {
				t.Errorf("callback = type %d flags %d %q, want an ephemeral %q", resp.Type, resp.Data.Flags, resp.Data.Content, tt.want)
			}
		})
	}
}

func TestMentionStartsThreadAndFollowUpUsesHistory(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	const quiet = "300000000000000009"
	if err := h.db.AllowChannel(h.ctx, guild, channel); err != nil {
		t.Fatal(err)
	}
	// Not an allowed channel: ignored.
	if err := h.srv.SendMessage(discordtest.MessageMention(quiet, member, tradeQuestion, true)); err != nil {
		t.Fatal(err)
	}
	// Not a mention: ignored.
	if err := h.srv.SendMessage(discordtest.MessageMention(channel, member, tradeQuestion, false)); err != nil {
		t.Fatal(err)
	}

	m := discordtest.MessageMention(channel, member, tradeQuestion, true)
	if err := h.srv.SendMessage(m); err != nil {
		t.Fatal(err)
	}
	if _, err := h.srv.WaitRequest(h.ctx, http.MethodPost, "/channels/"+channel+"/typing"); err != nil {
		t.Fatal(err)
	}
	tr, err := h.srv.WaitRequest(h.ctx, http.MethodPost, "/channels/"+channel+"/messages/"+m.ID+"/threads")
	if err != nil {
		t.Fatal(err)
	}
	var ts discordgo.ThreadStart
	if err := tr.JSON(&ts); err != nil || ts.Name != tradeQuestion {
		t.Errorf("thread name = %q (%v), want the question", ts.Name, err)
	}
	thread := m.ID // a thread started from a message takes its ID
	first := h.posted(thread, 1)
	h.checkAnswer(first)
	if !strings.Contains(shown(first), "123.86") {
		t.Errorf("answer in thread lacks 123.86:\n%s", shown(first))
	}

	follow := discordtest.MessageMention(thread, member, growthFollowUp, false)
	if err := h.srv.SendMessage(follow); err != nil {
		t.Fatal(err)
	}
	second := h.posted(thread, 2)
	h.checkAnswer(second)
	if !strings.Contains(shown(second), "11%") {
		t.Errorf("follow-up answer lacks 11%%:\n%s", shown(second))
	}
	if err := h.stop(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	turns, err := h.db.ThreadHistory(h.ctx, thread, 10)
	if err != nil || len(turns) != 2 || turns[0].Question != tradeQuestion || turns[1].Question != growthFollowUp {
		t.Errorf("thread history = %+v, %v; want both turns", turns, err)
	}
	// The bot ignored its own messages in the thread and the two messages
	// it should not answer.
	if n := len(h.srv.RequestsTo(http.MethodPost, "/channels/"+thread+"/messages")); n != 2 {
		t.Errorf("%d messages posted in the thread, want 2", n)
	}
	if n := len(h.srv.RequestsTo("*", "/channels/"+quiet+"/*")) + len(h.srv.RequestsTo("*", "/channels/"+quiet+"/messages/*/threads")); n != 0 {
		t.Errorf("%d requests about the channel not allowed, want 0", n)
	}
	if n := len(h.srv.RequestsTo(http.MethodPost, "/channels/*/messages/*/threads")); n != 1 {
		t.Errorf("%d threads started, want 1", n)
	}
}

func TestFollowUpButtonOpensSeededThread(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	i := h.ask(tradeQuestion)
	_, answer := h.edit(i, 1)
	id := questionID(t, answer)
	orig, err := h.sess.InteractionResponse(i)
	if err != nil {
		t.Fatal(err)
	}
	click := h.send(discordtest.Button(customID(actionThread, id), discordtest.WithMessage(orig), discordtest.WithMember(member, discordtest.DefaultMemberPermissions)))
	if _, resp := h.callback(click, 1); resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("button callback = %d flags %d, want an ephemeral deferral", resp.Type, resp.Data.Flags)
	}
	if _, err := h.srv.WaitRequest(h.ctx, http.MethodPost, "/channels/"+channel+"/messages/"+orig.ID+"/threads"); err != nil {
		t.Fatal(err)
	}
	_, pointer := h.edit(click, 1)
	if !strings.Contains(pointer.Content, "<#"+orig.ID+">") {
		t.Errorf("button reply = %q, want a link to the thread", pointer.Content)
	}
	if seedMsg := h.posted(orig.ID, 1); seedMsg.Content != threadSeedText {
		t.Errorf("thread opens with %q, want %q", seedMsg.Content, threadSeedText)
	}
	turns, err := h.db.ThreadHistory(h.ctx, orig.ID, 10)
	if err != nil || len(turns) != 1 || turns[0].Question != tradeQuestion {
		t.Fatalf("thread history = %+v, %v; want the /ask turn", turns, err)
	}
	if err := h.srv.SendMessage(discordtest.MessageMention(orig.ID, member, growthFollowUp, false)); err != nil {
		t.Fatal(err)
	}
	reply := h.posted(orig.ID, 2)
	if !strings.Contains(shown(reply), "11%") {
		t.Errorf("follow-up in the thread lacks 11%%:\n%s", shown(reply))
	}
}

func TestSourcesButtonShowsPassages(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	i := h.ask(tradeQuestion)
	_, answer := h.edit(i, 1)
	click := h.send(discordtest.Button(customID(actionSources, questionID(t, answer))))
	_, m := h.edit(click, 1)
	text := shown(m)
	for _, want := range []string{"Article ID: `003_7d7682c6c64d5a91`", "Passage: `003_7d7682c6c64d5a91#0", "**"} {
		if !strings.Contains(text, want) {
			t.Errorf("sources lack %q:\n%s", want, text)
		}
	}
	for _, p := range limitProblems(asMessage(m)) {
		t.Errorf("sources break a limit: %s", p)
	}
}

func TestFeedbackSurvivesRestart(t *testing.T) {
	t.Parallel()
	first := start(t, setup{dbPath: filepath.Join(t.TempDir(), "partnerbot.db")})
	i := first.ask(tradeQuestion)
	_, answer := first.edit(i, 1)
	id := questionID(t, answer)
	votes := []struct {
		user, action, want string
	}{
		{member, actionUp, feedbackUpText},
		{member2, actionDown, feedbackDownTxt},
	}
	for _, v := range votes {
		click := first.send(discordtest.Button(customID(v.action, id), discordtest.WithMember(v.user, discordtest.DefaultMemberPermissions)))
		if _, m := first.edit(click, 1); m.Content != v.want {
			t.Errorf("vote reply = %q, want %q", m.Content, v.want)
		}
	}
	if err := first.stop(); err != nil {
		t.Fatal(err)
	}
	first.closeDB()

	// A new Bot with a new store handle on the same file.
	second := start(t, setup{dbPath: first.dbPath})
	items, err := second.db.RecentFeedback(second.ctx, guild, partnerbot.FeedbackAll, 10)
	if err != nil || len(items) != 1 || items[0].Up != 1 || items[0].Down != 1 || items[0].Question.ID != id {
		t.Fatalf("feedback after restart = %+v, %v; want question %d with 👍 1 👎 1", items, err, id)
	}
	fb := second.send(discordtest.SlashCommand(cmdFeedback, discordtest.StringOption(optOnly, partnerbot.FeedbackAll), discordtest.WithMember(member, modPerms)))
	_, m := second.edit(fb, 1)
	text := shown(m)
	for _, want := range []string{"👍 1 · 👎 1", tradeQuestion, "123.86", "[1] Vietnam and the United States"} {
		if !strings.Contains(text, want) {
			t.Errorf("/feedback lacks %q:\n%s", want, text)
		}
	}
}

func TestModeratorCommands(t *testing.T) {
	t.Parallel()
	reindexed := make(chan struct{}, 1)
	h := start(t, setup{opts: Options{Reindex: func(context.Context) (corpus.Changes, error) {
		reindexed <- struct{}{}
		return corpus.Changes{Added: []string{"005_new"}, Changed: []string{"001_c8436e6c3965576a"}}, nil
	}}})
	_, answer := h.edit(h.ask(tradeQuestion), 1) // something to count
	_ = answer
	tests := []struct {
		name     string
		i        *discordgo.Interaction
		deferred bool
		want     []string
		wantNot  []string
	}{
		{"stats refused without Manage Server", discordtest.SlashCommand(cmdStats, discordtest.WithMember(member, discordtest.DefaultMemberPermissions)), false, []string{notModText}, nil},
		{"stats", discordtest.SlashCommand(cmdStats, discordtest.WithMember(member, modPerms)), true, []string{"Last 7 days", "Questions", "1", "p50", "Most-cited sources", "Vietnam and the United States"}, nil},
		{"stats for an administrator", discordtest.SlashCommand(cmdStats, discordtest.IntOption(optDays, 30), discordtest.WithMember(member, discordgo.PermissionAdministrator)), true, []string{"Last 30 days"}, nil},
		{"feedback refused", discordtest.SlashCommand(cmdFeedback, discordtest.WithMember(member, discordtest.DefaultMemberPermissions)), false, []string{notModText}, nil},
		{"feedback none yet", discordtest.SlashCommand(cmdFeedback, discordtest.WithMember(member, modPerms)), true, []string{noFeedbackYet}, nil},
		{"reindex", discordtest.SlashCommand(cmdReindex, discordtest.WithMember(member, modPerms)), true, []string{"Added (1): `005_new`", "Changed (1): `001_c8436e6c3965576a`", "Removed (0): none"}, nil},
		{"allow a channel", discordtest.SlashCommand(cmdConfig, discordtest.SubcommandGroupOption(groupChannels, discordtest.SubcommandOption(subAdd, discordtest.StringOption(optChannel, "300000000000000077"))), discordtest.WithMember(member, modPerms)), true, []string{"<#300000000000000077>"}, nil},
		{"list channels", discordtest.SlashCommand(cmdConfig, discordtest.SubcommandGroupOption(groupChannels, discordtest.SubcommandOption(subList)), discordtest.WithMember(member, modPerms)), true, []string{"I answer mentions in: <#300000000000000077>"}, nil},
		{"allow another", discordtest.SlashCommand(cmdConfig, discordtest.SubcommandGroupOption(groupChannels, discordtest.SubcommandOption(subAdd, discordtest.StringOption(optChannel, "300000000000000078"))), discordtest.WithMember(member, modPerms)), true, []string{"<#300000000000000078>"}, nil},
		{"remove one of two", discordtest.SlashCommand(cmdConfig, discordtest.SubcommandGroupOption(groupChannels, discordtest.SubcommandOption(subRemove, discordtest.StringOption(optChannel, "300000000000000077"))), discordtest.WithMember(member, modPerms)), true, []string{"I'll no longer answer mentions in <#300000000000000077>."}, []string{"everywhere"}},
		{"remove the last", discordtest.SlashCommand(cmdConfig, discordtest.SubcommandGroupOption(groupChannels, discordtest.SubcommandOption(subRemove, discordtest.StringOption(optChannel, "300000000000000078"))), discordtest.WithMember(member, modPerms)), true, []string{"I'll no longer answer mentions in <#300000000000000078>. No channels are set, so I answer mentions everywhere."}, nil},
		{"set the rate", discordtest.SlashCommand(cmdConfig, discordtest.SubcommandOption(subRatelimit, discordtest.IntOption(optPerMinute, 3)), discordtest.WithMember(member, modPerms)), true, []string{"3 questions a minute"}, nil},
		{"config refused", discordtest.SlashCommand(cmdConfig, discordtest.SubcommandOption(subRatelimit, discordtest.IntOption(optPerMinute, 1000)), discordtest.WithMember(member, discordtest.DefaultMemberPermissions)), false, []string{notModText}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := h.send(tt.i)
			_, resp := h.callback(i, 1)
			var got string
			if tt.deferred {
				if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
					t.Fatalf("callback type = %d, want 5", resp.Type)
				}
				_, m := h.edit(i, 1)
				got = shown(m)
			} else {
				if resp.Type != discordgo.InteractionResponseChannelMessageWithSource {
					t.Fatalf("callback type = %d, want 4", resp.Type)
				}
				got = resp.Data.Content
			}
			if resp.Data == nil || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
				t.Errorf("reply is not ephemeral")
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("reply lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("reply says %q:\n%s", w, got)
				}
			}
		})
	}
	if n, ok, err := h.db.RatePerMinute(h.ctx, guild); n != 3 || !ok || err != nil {
		t.Errorf("stored rate = %d, %v, %v; want 3", n, ok, err)
	}
	select {
	case <-reindexed:
	default:
		t.Error("Reindex was not called")
	}
}

func TestCommandsRegistered(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	r, err := h.srv.WaitRequest(h.ctx, http.MethodPut, "/applications/"+discordtest.DefaultApplicationID+"/guilds/"+guild+"/commands")
	if err != nil {
		t.Fatal(err)
	}
	var cmds []*discordgo.ApplicationCommand
	if err := r.JSON(&cmds); err != nil {
		t.Fatal(err)
	}
	byName := map[string]*discordgo.ApplicationCommand{}
	for _, c := range cmds {
		byName[c.Name] = c
	}
	for _, name := range []string{cmdAsk, cmdSources, cmdStats, cmdFeedback, cmdReindex, cmdConfig} {
		c := byName[name]
		if c == nil {
			t.Errorf("command %s not registered", name)
			continue
		}
		mod := name != cmdAsk && name != cmdSources
		gotMod := c.DefaultMemberPermissions != nil && *c.DefaultMemberPermissions == discordgo.PermissionManageGuild &&
			c.Contexts != nil && len(*c.Contexts) == 1 && (*c.Contexts)[0] == discordgo.InteractionContextGuild
		if gotMod != mod {
			t.Errorf("%s: moderator-only = %v, want %v", name, gotMod, mod)
		}
	}
	if q := byName[cmdAsk].Options[0]; q.Name != optQuestion || !q.Required || q.MaxLength != 1000 {
		t.Errorf("/ask option = %+v, want required question of at most 1000", q)
	}
	if ids := h.srv.Identified(); len(ids) != 1 || ids[0].Intents != Intents {
		t.Errorf("identify intents = %+v, want %d", ids, Intents)
	}
}

func TestGatewayDropResumes(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	_, m := h.edit(h.ask(tradeQuestion), 1)
	h.checkAnswer(m)
	if n := h.srv.DropConnections(); n != 1 {
		t.Fatalf("dropped %d connections, want 1", n)
	}
	missed := h.ask(tradeQuestion) // dispatched while down, replayed on resume
	if err := h.srv.WaitResumes(h.ctx, 1); err != nil {
		t.Fatal(err)
	}
	_, m = h.edit(missed, 1)
	h.checkAnswer(m)
	_, m = h.edit(h.ask(tradeQuestion), 1)
	h.checkAnswer(m)
	if got := h.srv.Identifies(); got != 1 {
		t.Errorf("identifies = %d, want 1 (resumed, not re-identified)", got)
	}
}

func TestRESTRateLimitOnEditIsWaitedOut(t *testing.T) {
	t.Parallel()
	var hooks counter
	h := start(t, setup{opts: Options{Hooks: Hooks{RESTRateLimited: func() { hooks.inc("rest429") }}}})
	h.srv.FailNext(http.MethodPatch, "/webhooks/*/*/messages/@original", discordtest.RateLimited(300*time.Millisecond, false))
	i := h.ask(tradeQuestion)
	first, _ := h.edit(i, 1)
	second, m := h.edit(i, 2)
	if string(first.Body) != string(second.Body) {
		t.Errorf("the retry sent a different body")
	}
	h.checkAnswer(m)
	orig, err := h.sess.InteractionResponse(i)
	if err != nil {
		t.Fatal(err)
	}
	if orig.Flags&discordgo.MessageFlagsLoading != 0 || len(orig.Embeds) == 0 {
		t.Errorf("original still loading or empty after the retry: flags %d, %d embeds", orig.Flags, len(orig.Embeds))
	}
	if hooks.get("rest429") != 1 {
		t.Errorf("RESTRateLimited called %d times, want 1", hooks.get("rest429"))
	}
}

func TestUnauthorizedStopsTheBot(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup setup
		fault func(h *harness)
	}{
		{
			name:  "401 on a REST call",
			setup: setup{},
			fault: func(h *harness) {
				h.srv.FailNext(http.MethodPost, "/channels/*/typing", discordtest.Unauthorized())
				if err := h.srv.SendMessage(discordtest.MessageMention(channel, member, tradeQuestion, true)); err != nil {
					h.t.Fatal(err)
				}
			},
		},
		{
			name: "401 registering commands",
			setup: setup{noWait: true, beforeRun: func(s *discordtest.Server) {
				s.FailNext(http.MethodPut, "/applications/*/guilds/*/commands", discordtest.Unauthorized())
			}},
		},
		{
			name:  "gateway rejects the token",
			setup: setup{noWait: true, sessionToken: testToken, server: discordtest.Options{Token: "the-right-token"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, tt.setup)
			if tt.fault != nil {
				tt.fault(h)
			}
			err := h.waitRun()
			if !errors.Is(err, ErrUnauthorized) {
				t.Fatalf("Run = %v, want ErrUnauthorized", err)
			}
			logs := h.logs.String()
			if n := strings.Count(logs, unauthorizedMsg); n != 1 {
				t.Errorf("operator message logged %d times, want once:\n%s", n, logs)
			}
			reqs := h.srv.Requests()
			for k, r := range reqs {
				if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/typing") && k != len(reqs)-1 {
					t.Errorf("the bot kept calling Discord after the 401: %s %s", reqs[k+1].Method, redact(reqs[k+1].Path))
				}
			}
		})
	}
}

func TestExpiredInteractionTokenIsNotFatal(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.srv.FailNext(http.MethodPatch, "/webhooks/*/*/messages/@original", discordtest.Fault{
		Status: http.StatusUnauthorized, Body: `{"message": "Invalid Webhook Token", "code": 50027}`,
	})
	h.edit(h.ask(tradeQuestion), 1) // refused: the interaction token "expired"
	_, m := h.edit(h.ask(tradeQuestion), 1)
	h.checkAnswer(m)
	if strings.Contains(h.logs.String(), unauthorizedMsg) {
		t.Errorf("an expired interaction token was taken for a bad bot token:\n%s", h.logs)
	}
}

func TestRateLimitTrips(t *testing.T) {
	t.Parallel()
	clk := testclock.New(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
	var hooks counter
	h := start(t, setup{opts: Options{RatePerMinute: 2, Now: clk.Now, Hooks: Hooks{RateLimited: func() { hooks.inc("limited") }}}})
	for n := 1; n <= 2; n++ {
		i := h.ask(tradeQuestion, discordtest.WithMember(member, discordtest.DefaultMemberPermissions))
		if _, resp := h.callback(i, 1); resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("question %d: callback type %d, want 5", n, resp.Type)
		}
	}
	i := h.ask(tradeQuestion, discordtest.WithMember(member, discordtest.DefaultMemberPermissions))
	_, resp := h.callback(i, 1)
	want := "You're asking quickly — try again in 30 seconds."
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || resp.Data.Content != want {
		t.Errorf("third question: type %d flags %d %q, want ephemeral %q", resp.Type, resp.Data.Flags, resp.Data.Content, want)
	}
	if got := hooks.get("limited"); got != 1 {
		t.Errorf("RateLimited called %d times, want 1", got)
	}
	// Another member is not limited; the first may ask again later.
	other := h.ask(tradeQuestion, discordtest.WithMember(member2, discordtest.DefaultMemberPermissions))
	if _, resp := h.callback(other, 1); resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Errorf("another member: callback type %d, want 5", resp.Type)
	}
	clk.Advance(30 * time.Second)
	again := h.ask(tradeQuestion, discordtest.WithMember(member, discordtest.DefaultMemberPermissions))
	if _, resp := h.callback(again, 1); resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Errorf("after 30s: callback type %d, want 5", resp.Type)
	}
}

func TestGuildRateSettingWins(t *testing.T) {
	t.Parallel()
	h := start(t, setup{opts: Options{RatePerMinute: 100}})
	if err := h.db.SetRatePerMinute(h.ctx, guild, 1); err != nil {
		t.Fatal(err)
	}
	h.callback(h.ask(tradeQuestion), 1)
	_, resp := h.callback(h.ask(tradeQuestion), 1)
	if !strings.HasPrefix(resp.Data.Content, "You're asking quickly — try again in 60 seconds") {
		t.Errorf("second question = %q, want the rate limit message", resp.Data.Content)
	}
}

func TestQueueFullSaysBusy(t *testing.T) {
	t.Parallel()
	gate := newGatedAnswer()
	h := start(t, setup{opts: Options{Workers: 1, Queue: 1, Answer: gate.answer(seedEngine(t))}})
	running := h.ask(tradeQuestion)
	gate.wait(t, h.ctx) // the worker is busy with it
	queued := h.ask(tradeQuestion)
	if _, resp := h.callback(queued, 1); resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("queued question: callback type %d, want 5", resp.Type)
	}
	refused := h.ask(tradeQuestion)
	_, resp := h.callback(refused, 1)
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || resp.Data.Content != busyText {
		t.Errorf("refused question: type %d flags %d %q, want ephemeral %q", resp.Type, resp.Data.Flags, resp.Data.Content, busyText)
	}
	if !strings.Contains(h.logs.String(), "interaction refused") {
		t.Errorf("the refusal was not logged:\n%s", h.logs)
	}
	close(gate.release)
	for _, i := range []*discordgo.Interaction{running, queued} {
		_, m := h.edit(i, 1)
		h.checkAnswer(m)
	}
}

func TestShutdownDrainsAnswersInFlight(t *testing.T) {
	t.Parallel()
	gate := newGatedAnswer()
	h := start(t, setup{opts: Options{Answer: gate.answer(seedEngine(t))}})
	inFlight := h.ask(tradeQuestion)
	gate.wait(t, h.ctx)
	h.callback(inFlight, 1)
	stopped := make(chan error, 1)
	go func() { stopped <- h.stop() }()
	// Once draining, new questions are turned away politely.
	var late *discordgo.Interaction
	for {
		late = h.ask(tradeQuestion)
		_, resp := h.callback(late, 1)
		if resp.Data != nil && resp.Data.Content == drainingText {
			break
		}
		select {
		case <-h.ctx.Done():
			t.Fatal("never saw the draining message")
		default:
		}
	}
	close(gate.release)
	if err := <-stopped; err != nil {
		t.Fatalf("Run = %v, want nil after a clean drain", err)
	}
	_, m := h.edit(inFlight, 1)
	h.checkAnswer(m)
}

// TestMessageDeliveredTwiceAnsweredOnce: a mention the gateway delivers
// again (after a resume, or to the replica that took the gateway over) is
// answered once, because its ID is claimed.
func TestMessageDeliveredTwiceAnsweredOnce(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	m := discordtest.MessageMention(channel, member, tradeQuestion, true)
	for range 2 {
		if err := h.srv.SendMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	h.posted(m.ID, 1)
	// The second delivery is refused before any work: wait for its log line.
	deadline := time.Now().Add(waitLimit)
	for !strings.Contains(h.logs.String(), "message already handled") {
		if time.Now().After(deadline) {
			t.Fatal("second delivery not refused as already handled")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := len(h.srv.RequestsTo(http.MethodPost, "/channels/"+channel+"/messages/"+m.ID+"/threads")); n != 1 {
		t.Errorf("threads started = %d, want 1", n)
	}
}

// TestGatewayLongAnswerEveryPartShown checks that over the gateway, too,
// an answer too long for one message ends up shown whole: the deferral is
// edited with the first part, marked pending, the rest follow up, and a
// last edit takes the mark away.
func TestGatewayLongAnswerEveryPartShown(t *testing.T) {
	t.Parallel()
	many, want := longAnswer(t)
	h := start(t, setup{opts: Options{Answer: func(_ context.Context, q partnerbot.Question) (partnerbot.Answer, error) {
		return answerOf(q.Text, many...), nil
	}}})
	i := h.ask("Everything?", discordtest.WithMember(member, discordtest.DefaultMemberPermissions))
	if _, resp := h.callback(i, 1); resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("callback type = %d, want 5 (deferred)", resp.Type)
	}
	shown := everyPartShown(t, h.srv, i.Token, want, h.logs)
	_, first := h.edit(i, 1)
	if !hasNote(first, pendingID) {
		t.Errorf("the first part was shown without its pending note: %+v", first.Components)
	}
	for k, m := range shown {
		if k > 0 && m.Flags&discordgo.MessageFlagsEphemeral != shown[0].Flags&discordgo.MessageFlagsEphemeral {
			t.Errorf("part %d is ephemeral %v, unlike the first", k+1, m.Flags&discordgo.MessageFlagsEphemeral != 0)
		}
	}
}
