package discordtest_test

import (
	"net/http"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/discord/discordtest"
)

func TestForumPost(t *testing.T) {
	ctx := testCtx(t)
	s := discordtest.NewServer(t, discordtest.Options{})
	sess := s.Session("")
	sess.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentMessageContent
	threads := make(chan *discordgo.Channel, 1)
	sess.AddHandler(func(_ *discordgo.Session, t *discordgo.ThreadCreate) { threads <- t.Channel })
	msgs := messages(sess)
	open(t, sess)
	const forumID, staff = "300000000000000001", "400000000000000001"
	forum := discordtest.ForumChannel(forumID, "help", discordgo.ForumTag{ID: "500000000000000001", Name: "Needs human"})
	if err := s.Dispatch("GUILD_CREATE", discordtest.Guild([]*discordgo.Channel{forum}, discordtest.Role(staff, discordgo.PermissionManageThreads))); err != nil {
		t.Fatal(err)
	}
	th, first := discordtest.ForumPost(forumID, "200000000000000001", "Troops?", "Will the US station troops?")
	if err := s.SendForumPost(th, first); err != nil {
		t.Fatal(err)
	}
	gotThread := recv(t, ctx, threads, "THREAD_CREATE")
	if gotThread.Type != discordgo.ChannelTypeGuildPublicThread || gotThread.ParentID != forumID || gotThread.Name != "Troops?" {
		t.Errorf("THREAD_CREATE = %+v", gotThread)
	}
	m := recv(t, ctx, msgs, "MESSAGE_CREATE")
	if m.ID != gotThread.ID || m.ChannelID != gotThread.ID || m.Content != "Will the US station troops?" {
		t.Errorf("first message = %+v, want ID and channel the thread's", m)
	}
	// discordgo's state knows the guild's roles, so it can tell staff.
	eventually(t, ctx, "the thread in discordgo's state", func() bool {
		_, err := sess.State.Channel(th.ID)
		return err == nil
	})
	reply := discordtest.MessageMention(th.ID, "200000000000000002", "I can help", false)
	reply.Member.Roles = []string{staff}
	perms, err := sess.State.MessagePermissions(reply)
	if err != nil || perms&discordgo.PermissionManageThreads == 0 {
		t.Errorf("MessagePermissions = %d, %v; want Manage Threads", perms, err)
	}

	tests := []struct {
		name   string
		tags   []string
		status int
	}{
		{"a tag the forum offers", []string{"500000000000000001"}, http.StatusOK},
		{"a tag it does not", []string{"999"}, http.StatusBadRequest},
		{"too many", []string{"1", "2", "3", "4", "5", "6"}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, err := sess.ChannelEdit(th.ID, &discordgo.ChannelEdit{AppliedTags: &tt.tags})
			if got := restStatus(err); err != nil && got != tt.status || err == nil && tt.status != http.StatusOK {
				t.Fatalf("edit = %v, want status %d", err, tt.status)
			}
			if err == nil && (len(ch.AppliedTags) != 1 || ch.AppliedTags[0] != tt.tags[0]) {
				t.Errorf("applied tags = %v", ch.AppliedTags)
			}
		})
	}
	got, err := s.Channel(th.ID)
	if err != nil || len(got.AppliedTags) != 1 {
		t.Errorf("stored post = %+v, %v", got, err)
	}
	if err := s.SendForumPost(discordtest.ForumPost("300000000000000999", "1", "t", "c")); err == nil {
		t.Error("a post in an unknown forum was sent")
	}

	deleted := make(chan *discordgo.Channel, 1)
	sess.AddHandler(func(_ *discordgo.Session, t *discordgo.ThreadDelete) { deleted <- t.Channel })
	if err := s.DeleteThread(forumID); err == nil {
		t.Error("DeleteThread deleted a forum, which is no thread")
	}
	if err := s.DeleteThread(th.ID); err != nil {
		t.Fatal(err)
	}
	if gone := recv(t, ctx, deleted, "THREAD_DELETE"); gone.ID != th.ID || gone.ParentID != forumID || gone.GuildID != th.GuildID || gone.Type != th.Type {
		t.Errorf("THREAD_DELETE = %+v, want the post's id, parent, guild and type", gone)
	}
	if _, err := sess.Channel(th.ID); restCode(err) != 10003 {
		t.Errorf("GET of the deleted post: %v, want code 10003", err)
	}
	if _, err := sess.ChannelMessageSend(th.ID, "anyone?"); restCode(err) != 10003 {
		t.Errorf("a message in the deleted post: %v, want code 10003", err)
	}
	if err := s.DeleteThread(th.ID); err == nil {
		t.Error("a thread was deleted twice")
	}
}
