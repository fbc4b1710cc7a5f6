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
		kind     string                                 // the payload's kind, if not a message's
		prepare  func(h *harness, m *discordgo.Message) // what happened before it expired
		wantPost int                                    // replies posted in the channel
		wantLeft bool                                   // the job is not finished
		wantFree bool                                   // the job is released: any replica may take it now
		wantFail int                                    // notices Discord failed before
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
		{name: "notice Discord fails for now, told the next round", prepare: func(h *harness, _ *discordgo.Message) {
			h.srv.FailNext(http.MethodPost, "/channels/*/messages", discordtest.ServerError(http.StatusServiceUnavailable))
		}, wantPost: 1, wantFail: 1},
		{name: "a newer build's job", kind: "future", prepare: func(*harness, *discordgo.Message) {}, wantLeft: true, wantFree: true},
		{name: "still being answered here", prepare: func(h *harness, m *discordgo.Message) {
			h.bot.active.add(messageJobID(m.ID)) // its renewals failed for a lease
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
			switch {
			case tc.ask:
				payload, _ = json.Marshal(askJob{InteractionID: "7", AppID: "8", Token: "token", Question: tradeQuestion})
			case tc.kind != "":
				payload, _ = json.Marshal(map[string]string{"kind": tc.kind})
			}
			job := partnerbot.Job{ID: messageJobID(m.ID), Owner: "a", Payload: payload, Deadline: time.Now().Add(-time.Minute)}
			if err := db.AddJob(h.ctx, job, time.Now().Add(-time.Second)); err != nil { // a's lease ran out
				t.Fatal(err)
			}
			for range 2 { // expired once, however many rounds
				h.bot.tendJobs(h.ctx, h.bot.Sender(h.sess))
				h.bot.expiring.Wait()
			}
			free, err := db.TakeExpiredJobs(h.ctx, "c", time.Now(), time.Now(), 10)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(free) == 1; got != tc.wantFree {
				t.Errorf("job free for any replica now: %v, want %v\nlog:\n%s", got, tc.wantFree, h.logs)
			}
			later := time.Now().Add(2 * time.Minute) // past the lease of a job held
			left, err := db.TakeExpiredJobs(h.ctx, "c", later, later.Add(time.Minute), 10)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(free) == 1 || len(left) == 1; got != tc.wantLeft {
				t.Errorf("job not finished: %v, want %v\nlog:\n%s", got, tc.wantLeft, h.logs)
			}
			var posts []discordtest.Request
			failed := 0
			for _, r := range h.srv.RequestsTo(http.MethodPost, "/channels/*/messages")[before:] {
				switch {
				case r.Status/100 == 2:
					posts = append(posts, r)
				case r.Status == http.StatusServiceUnavailable:
					failed++
				}
			}
			if failed != tc.wantFail {
				t.Errorf("%d notices failed, want %d", failed, tc.wantFail)
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

// TestExpiredNoticeNotRepeated checks that a notice a replica posted
// before it died (or that Discord took while reporting a failure) is found
// when the job is taken again, even after a channel busy enough that the
// messages right after the question do not reach it, and not posted twice.
func TestExpiredNoticeNotRepeated(t *testing.T) {
	t.Parallel()
	db := openSupport(t)
	h := start(t, setup{opts: Options{NoMentions: true, Jobs: db, Replica: "b", Lease: time.Minute}, support: true})
	asked := time.Now().Add(-20 * time.Minute)
	m := discordtest.MessageMention(channel, member, tradeQuestion, true)
	m.ID = snowflakeAt(asked)
	if err := h.srv.SendMessage(m); err != nil {
		t.Fatal(err)
	}
	for i := range 120 { // the channel talks on while the question waits
		chat := discordtest.MessageMention(channel, member, "chatting", false)
		chat.ID = snowflakeAt(asked.Add(time.Duration(i+1) * time.Second))
		if err := h.srv.SendMessage(chat); err != nil {
			t.Fatal(err)
		}
	}
	notice := text(expiredQuestionText, false)
	notice.ReplyTo = reference(m)
	if _, err := h.sess.ChannelMessageSendComplex(channel, notice.send()); err != nil {
		t.Fatal(err)
	}
	before := len(h.srv.RequestsTo(http.MethodPost, "/channels/*/messages"))
	payload, _ := json.Marshal(messageJob{Kind: jobMessage, MessageID: m.ID, ChannelID: channel, GuildID: guild,
		AuthorID: member, Question: tradeQuestion, FollowUp: true, Received: asked, BotID: discordtest.DefaultBotUserID})
	job := partnerbot.Job{ID: messageJobID(m.ID), Owner: "a", Payload: payload, Deadline: time.Now().Add(-30 * time.Second)}
	if err := db.AddJob(h.ctx, job, time.Now().Add(-time.Second)); err != nil { // a told, and died before finishing it
		t.Fatal(err)
	}
	h.bot.tendJobs(h.ctx, h.bot.Sender(h.sess))
	h.bot.expiring.Wait()
	if n := len(h.srv.RequestsTo(http.MethodPost, "/channels/*/messages")) - before; n != 0 {
		t.Errorf("%d messages posted, want none: the notice is there\nlog:\n%s", n, h.logs)
	}
	later := time.Now().Add(2 * time.Minute)
	if left, err := db.TakeExpiredJobs(h.ctx, "c", later, later.Add(time.Minute), 10); len(left) != 0 || err != nil {
		t.Errorf("job left (%v, %v), want it finished", left, err)
	}
}
