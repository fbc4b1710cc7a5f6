package discord

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/discord/discordtest"
)

// TestExpiredJobsTold checks that a question no replica had room to
// answer before its deadline is not left without a word: asked by
// message, its author gets a reply saying so, where the answer would
// have gone, once, pinging no one; unless its thread was handed to people
// or its answer was posted after all. An /ask's expiry, which Discord no
// longer takes a reply to, is logged.
func TestExpiredJobsTold(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		followUp bool
		silenced bool
		ask      bool
		prepare  func(h *harness, m *discordgo.Message) // what happened before it expired
		wantPost int                                    // replies posted in the channel
		wantLeft bool                                   // the job is left to be told again
	}{
		{name: "mention", prepare: func(*harness, *discordgo.Message) {}, wantPost: 1},
		{name: "mention whose thread was started", prepare: func(h *harness, m *discordgo.Message) { startThread(h, m) }, wantPost: 1},
		{name: "mention answered before its owner died",
			prepare: func(h *harness, m *discordgo.Message) {
				startThread(h, m)
				ownerPosts(h, m.ID, nil)
			}},
		{name: "follow-up", followUp: true, prepare: func(*harness, *discordgo.Message) {}, wantPost: 1},
		{name: "follow-up in a thread handed to people", followUp: true, silenced: true, prepare: func(*harness, *discordgo.Message) {}},
		{name: "follow-up answered before its owner died", followUp: true,
			prepare: func(h *harness, m *discordgo.Message) { ownerPosts(h, channel, reference(m)) }},
		{name: "/ask", ask: true, prepare: func(*harness, *discordgo.Message) {}},
		{name: "notice Discord fails for now", prepare: func(h *harness, _ *discordgo.Message) {
			h.srv.FailNext(http.MethodPost, "/channels/*/messages", discordtest.ServerError(http.StatusServiceUnavailable))
		}, wantLeft: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db := openSupport(t)
			h, m := askedByMessage(t, db, tc.silenced)
			tc.prepare(h, m)
			before := len(h.srv.RequestsTo(http.MethodPost, "/channels/*/messages"))
			payload, _ := json.Marshal(messageJob{Kind: jobMessage, MessageID: m.ID, ChannelID: channel, GuildID: guild,
				AuthorID: member, Question: tradeQuestion, FollowUp: tc.followUp,
				Received: time.Now().Add(-jobWindow), BotID: discordtest.DefaultBotUserID})
			if tc.ask {
				payload, _ = json.Marshal(askJob{InteractionID: "7", AppID: "8", Token: "token", Question: tradeQuestion})
			}
			job := partnerbot.Job{ID: messageJobID(m.ID), Owner: "a", Payload: payload, Deadline: time.Now().Add(-time.Minute)}
			if err := db.AddJob(h.ctx, job, time.Now().Add(-time.Second)); err != nil { // a's lease ran out
				t.Fatal(err)
			}
			for range 2 { // expired once, however many rounds
				h.bot.tendJobs(h.ctx, h.bot.Sender(h.sess))
				h.bot.expiring.Wait()
			}
			later := time.Now().Add(2 * time.Minute) // past the lease of a job left
			left, err := db.TakeExpiredJobs(h.ctx, "c", later, later.Add(time.Minute), 10)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(left) == 1; got != tc.wantLeft {
				t.Errorf("job left to be told again: %v, want %v\nlog:\n%s", got, tc.wantLeft, h.logs)
			}
			var posts []discordtest.Request
			for _, r := range h.srv.RequestsTo(http.MethodPost, "/channels/*/messages")[before:] {
				if r.Status/100 == 2 {
					posts = append(posts, r)
				}
			}
			if len(posts) != tc.wantPost {
				t.Fatalf("%d replies posted, want %d\nlog:\n%s", len(posts), tc.wantPost, h.logs)
			}
			for _, r := range posts {
				if !strings.HasSuffix(r.Path, "/channels/"+channel+"/messages") {
					t.Errorf("replied at %s, want in %s", r.Path, channel)
				}
				var sent discordgo.MessageSend
				if err := r.JSON(&sent); err != nil {
					t.Fatal(err)
				}
				if sent.Content != expiredQuestionText {
					t.Errorf("replied %q, want %q", sent.Content, expiredQuestionText)
				}
				if sent.Reference == nil || sent.Reference.MessageID != m.ID {
					t.Errorf("reply refers to %+v, want the question %s", sent.Reference, m.ID)
				}
				if sent.AllowedMentions == nil || len(sent.AllowedMentions.Parse) != 0 {
					t.Errorf("allowed_mentions = %+v, want parse []", sent.AllowedMentions)
				}
			}
			if told := tc.wantPost > 0 || tc.ask; told != strings.Contains(h.logs.String(), "expired unanswered") {
				t.Errorf("expiry logged as unanswered: %v, want %v:\n%s", !told, told, h.logs)
			}
		})
	}
}
