package discord

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/discord/discordtest"
)

// TestMentionInThreadOfAllowedChannel checks that with an allow-list, a
// mention in a thread of an allowed channel is answered: a thread's own ID
// is never on the list, its channel's is.
func TestMentionInThreadOfAllowedChannel(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	if err := h.db.AllowChannel(h.ctx, guild, channel); err != nil {
		t.Fatal(err)
	}
	const thread = "300000000000000321"
	if err := h.srv.AddChannel(&discordgo.Channel{ID: thread, GuildID: guild, ParentID: channel, OwnerID: member,
		Name: "trade", Type: discordgo.ChannelTypeGuildPublicThread, PermissionOverwrites: []*discordgo.PermissionOverwrite{}}); err != nil {
		t.Fatal(err)
	}
	// Control: the allowed channel itself is answered (typing shows).
	h.say(channel, member, tradeQuestion, true)
	if _, err := h.srv.WaitRequest(h.ctx, http.MethodPost, "/channels/"+channel+"/typing"); err != nil {
		t.Fatalf("the allowed channel was not answered: %v", err)
	}
	h.say(thread, member, tradeQuestion, true)
	ctx, cancel := context.WithTimeout(h.ctx, 3*time.Second)
	defer cancel()
	if _, err := h.srv.WaitRequest(ctx, http.MethodPost, "/channels/"+thread+"/*"); err != nil {
		t.Errorf("a mention in a thread of the allowed channel %s got no typing, answer or reply: %v\nlog:\n%s", channel, err, h.logs)
	}
}

// TestFollowUpNeedsThreadRights checks that the Follow up button starts a
// thread only for a member the channel lets start threads and write in
// them, rather than with the bot's own rights.
func TestFollowUpNeedsThreadRights(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	i := h.ask(tradeQuestion)
	_, answer := h.edit(i, 1)
	id := questionID(t, answer)
	orig, err := h.sess.InteractionResponse(i)
	if err != nil {
		t.Fatal(err)
	}
	noThreads := discordtest.DefaultMemberPermissions &^ (discordgo.PermissionCreatePublicThreads | discordgo.PermissionSendMessagesInThreads)
	click := h.send(discordtest.Button(customID(actionThread, id), discordtest.WithMessage(orig), discordtest.WithMember(member2, noThreads)))
	_, reply := h.edit(click, 1)
	if n := len(h.srv.RequestsTo(http.MethodPost, "/channels/*/messages/*/threads")); n > 0 {
		t.Errorf("a member without Create Public Threads / Send Messages in Threads got a thread (%d started); reply %q", n, reply.Content)
	}
}

// TestMentionWithoutQuestionIsAnswered checks that "@partnerbot" alone
// gets a short reply saying what to ask, rather than nothing.
func TestMentionWithoutQuestionIsAnswered(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.say(channel, member, "", true)
	ctx, cancel := context.WithTimeout(h.ctx, 3*time.Second)
	defer cancel()
	if _, err := h.srv.WaitRequest(ctx, http.MethodPost, "/channels/"+channel+"/*"); err != nil {
		t.Errorf("a bare mention got no reply (%v); log:\n%s", err, h.logs)
	}
}

// TestFakeRefusesThreadInThread checks that the fake, like Discord,
// refuses to start a thread from a message in a thread (50024), so the
// bot's answer-in-place path for a mention in a thread is exercised.
func TestFakeRefusesThreadInThread(t *testing.T) {
	srv := discordtest.NewServer(t, discordtest.Options{})
	s := srv.Session("")
	const thread = "300000000000000321"
	if err := srv.AddChannel(&discordgo.Channel{ID: thread, GuildID: guild, ParentID: channel, OwnerID: member,
		Name: "trade", Type: discordgo.ChannelTypeGuildPublicThread, PermissionOverwrites: []*discordgo.PermissionOverwrite{}}); err != nil {
		t.Fatal(err)
	}
	m, err := s.ChannelMessageSend(thread, "in the thread")
	if err != nil {
		t.Fatal(err)
	}
	if th, err := s.MessageThreadStart(thread, m.ID, "nested", 1440); err == nil {
		t.Errorf("the fake started thread %s (parent %s) from a message in thread %s; Discord refuses", th.ID, th.ParentID, thread)
	}
}

// TestHandoffSilencesPostItCannotRead checks that "Still need help?" in a
// post the bot cannot read (no gateway state, a REST failure) still keeps
// the bot out of it, as the member is promised.
func TestHandoffSilencesPostItCannotRead(t *testing.T) {
	db := openSupport(t)
	h := startHTTP(t, func(o *Options) { o.Store, o.Support = db, db })
	const post = "300000000000000071"
	if err := h.srv.AddChannel(discordtest.ForumChannel(forumID, "help", discordgo.ForumTag{ID: tagID, Name: "Needs human"})); err != nil {
		t.Fatal(err)
	}
	if err := h.srv.AddChannel(&discordgo.Channel{ID: post, GuildID: guild, ParentID: forumID, OwnerID: member, Name: "trade",
		Type: discordgo.ChannelTypeGuildPublicThread, PermissionOverwrites: []*discordgo.PermissionOverwrite{}, AppliedTags: []string{}}); err != nil {
		t.Fatal(err)
	}
	who := discordtest.WithMember(member, discordtest.DefaultMemberPermissions)
	ask := discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, tradeQuestion), who, discordtest.WithChannel(post))
	r := h.post(t, ask, time.Time{})
	if r.Response == nil || r.Response.Data == nil {
		t.Fatalf("no inline answer: %d %s", r.Status, r.Body)
	}
	m := &discordgo.Message{Components: r.Response.Data.Components}
	id := questionID(t, m)
	click := discordtest.Button(customID(actionHandoff, id), who, discordtest.WithChannel(post))
	got := h.post(t, click, time.Time{})
	quiet, err := db.ThreadSilenced(context.Background(), post)
	if err != nil {
		t.Fatal(err)
	}
	content := ""
	if got.Response != nil && got.Response.Data != nil {
		content = got.Response.Data.Content
	}
	if !quiet {
		t.Errorf("after \"Still need help?\" in forum post %s the bot is not silenced there; the member read %q\nlog:\n%s", post, content, h.logs)
	}
}

// TestBotRole checks that a mention of the role Discord manages for the
// bot counts as mentioning the bot, and no other role does.
func TestBotRole(t *testing.T) {
	const (
		self      = "500000000000000001"
		botRoleID = "600000000000000001"
		plainRole = "600000000000000002"
		otherBot  = "600000000000000003" // another integration's managed role
	)
	st := discordgo.NewState()
	g := discordtest.Guild(nil,
		&discordgo.Role{ID: botRoleID, Name: "partnerbot", Managed: true},
		&discordgo.Role{ID: plainRole, Name: "helpers"},
		&discordgo.Role{ID: otherBot, Name: "otherbot", Managed: true})
	if err := st.GuildAdd(g); err != nil {
		t.Fatal(err)
	}
	if err := st.MemberAdd(&discordgo.Member{GuildID: g.ID, User: &discordgo.User{ID: self}, Roles: []string{botRoleID}}); err != nil {
		t.Fatal(err)
	}
	b := newTestBot(t, Options{})
	tests := []struct {
		name  string
		state *discordgo.State
		roles []string
		want  string
	}{
		{"the bot's role", st, []string{plainRole, botRoleID}, botRoleID},
		{"a plain role", st, []string{plainRole}, ""},
		{"another bot's role", st, []string{otherBot}, ""},
		{"no state", nil, []string{botRoleID}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b.state.Store(tt.state)
			m := &discordgo.Message{GuildID: g.ID, MentionRoles: tt.roles, Content: "<@&" + botRoleID + "> what was agreed?"}
			if got := b.botRole(m, self); got != tt.want {
				t.Errorf("botRole = %q, want %q", got, tt.want)
			}
		})
	}
	if got := stripMentions("<@&"+botRoleID+"> what was agreed?", self, botRoleID); got != "what was agreed?" {
		t.Errorf("stripMentions = %q", got)
	}
}

// TestAuthorMayThread checks that a mention's author whose channel denies
// thread rights is answered in place: the bot's intents never put authors
// in the state, so the roles come from the message itself.
func TestAuthorMayThread(t *testing.T) {
	const ch = "300000000000000555"
	deny := int64(discordgo.PermissionCreatePublicThreads) | int64(discordgo.PermissionSendMessagesInThreads)
	st := discordgo.NewState()
	c := &discordgo.Channel{ID: ch, GuildID: discordtest.DefaultGuildID, Type: discordgo.ChannelTypeGuildText,
		PermissionOverwrites: []*discordgo.PermissionOverwrite{{ID: discordtest.DefaultGuildID, Type: discordgo.PermissionOverwriteTypeRole, Deny: deny}}}
	if err := st.GuildAdd(discordtest.Guild([]*discordgo.Channel{c})); err != nil {
		t.Fatal(err)
	}
	b := newTestBot(t, Options{})
	b.state.Store(st)
	m := &discordgo.Message{ID: "1", ChannelID: ch, GuildID: discordtest.DefaultGuildID,
		Author: &discordgo.User{ID: "200000000000000042"}, Member: &discordgo.Member{Roles: []string{}}}
	if p, err := st.MessagePermissions(m); err != nil || mayThread(p) {
		t.Fatalf("control: MessagePermissions = %b, %v; want no thread rights", p, err)
	}
	if b.authorMayThread(m) {
		t.Errorf("authorMayThread = true for a member whose channel denies thread rights")
	}
	m.Member.Roles = nil
	c.PermissionOverwrites = nil // the default @everyone rights include threads
	if !b.authorMayThread(m) {
		t.Errorf("authorMayThread = false where @everyone may start threads")
	}
}
