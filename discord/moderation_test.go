package discord

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/discord/discordtest"
	"github.com/partnerbot/partnerbot/store"
)

// TestFeedbackManyCitationsWithinLimits checks that a rated answer with
// many quotes stays within Discord's 4096-unit description: the sources
// past the room are counted ("…and 3 more"), and the reply goes out.
func TestFeedbackManyCitationsWithinLimits(t *testing.T) {
	var cites []partnerbot.Citation
	for n := range 24 {
		cites = append(cites, partnerbot.Citation{
			DocID:   fmt.Sprintf("%03d_7d7682c6c64d5a91", n),
			ChunkID: fmt.Sprintf("%03d_7d7682c6c64d5a91#03", n),
			Title:   strings.Repeat("Vietnam and the United States upgrade ties ", 3), // 129 characters
			Date:    "2023-09-11",
			Quote:   "bilateral trade turnover surpassing $123.86 billion in 2022",
		})
	}
	items := []partnerbot.FeedbackItem{{
		Question: partnerbot.QuestionRecord{ID: 1, Question: tradeQuestion, Answer: strings.Repeat("Trade between the two countries grew quickly. [1] ", 12),
			Citations: cites, Mode: partnerbot.Generative},
		Down: 1, LastAt: time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC),
	}}
	msgs := newSanitizer(nil).renderFeedback(items, partnerbot.FeedbackDown)
	for k, m := range msgs {
		for _, p := range limitProblems(m) {
			t.Errorf("message %d: %s", k, p)
		}
	}
}

// TestCurateListShowsEveryNumber checks that /curate list, the one place
// moderators find a curated answer's number for /curate edit and retire,
// names every one of the maxCurated a server may keep.
func TestCurateListShowsEveryNumber(t *testing.T) {
	for _, tt := range []struct {
		name   string
		broken bool // every answer's quote stopped verifying (a reindex removed its article)
	}{{"every one verified", false}, {"every one broken", true}} {
		t.Run(tt.name, func(t *testing.T) {
			db, b, cites := curatingBot(t)
			ctx := context.Background()
			if tt.broken {
				cites[0].ChunkID = "gone#0"
			}
			for n := range maxCurated {
				c := partnerbot.CuratedAnswer{GuildID: guild, Question: fmt.Sprintf("What does the partnership say about topic number %d?", n),
					Answer: "Filler.", Citations: cites, AuthorHash: "m", At: time.Now()}
				if _, err := db.AddCurated(ctx, c); err != nil {
					t.Fatal(err)
				}
			}
			i := discordtest.SlashCommand(cmdCurate, discordtest.WithMember(member, modPerms))
			msgs := b.curatedList(ctx, i)
			var all strings.Builder
			for _, m := range msgs {
				all.WriteString(m.Content + "\n")
				for _, e := range m.Embeds {
					all.WriteString(e.Description + "\n")
				}
			}
			var missing []int
			for id := 1; id <= maxCurated; id++ {
				if !strings.Contains(all.String(), fmt.Sprintf("**#%d**", id)) {
					missing = append(missing, id)
				}
			}
			if len(missing) > 0 {
				t.Errorf("/curate list (%d messages) does not name %d of %d curated answers, e.g. #%d: moderators cannot find their numbers",
					len(msgs), len(missing), maxCurated, missing[0])
			}
			if got := strings.Count(all.String(), "⚠️"); tt.broken != (got > 0) {
				t.Errorf("%d warning marks, broken %v", got, tt.broken)
			}
		})
	}
}

// TestGapQueueSaysWhenItStopped checks that /gaps with more than
// maxGapsRead questions open does not state the number it read as the
// total, in its title or in a group's count.
func TestGapQueueSaysWhenItStopped(t *testing.T) {
	db := openSupport(t)
	b := newTestBot(t, Options{Store: db, Support: db})
	ctx := context.Background()
	const open = maxGapsRead + 50
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for n := range open {
		id, err := db.LogQuestion(ctx, partnerbot.QuestionRecord{GuildID: guild, Question: troops, Abstained: true, Mode: partnerbot.Extractive, At: t0})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddGap(ctx, partnerbot.Gap{Kind: partnerbot.GapDeclined, QuestionID: id, UserHash: fmt.Sprint("u", n), At: t0.Add(time.Duration(n) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	i := discordtest.SlashCommand(cmdGaps, discordtest.WithMember(member, modPerms))
	msgs := b.gaps(ctx, i)
	if len(msgs) != 1 || len(msgs[0].Embeds) != 1 {
		t.Fatalf("/gaps = %+v", msgs)
	}
	e := msgs[0].Embeds[0]
	if wrong := fmt.Sprintf("Gap queue: %d questions", maxGapsRead); strings.HasPrefix(e.Title, wrong) {
		t.Errorf("/gaps title %q with %d questions open: the count stops at maxGapsRead without saying so", e.Title, open)
	}
	if len(e.Fields) > 0 && strings.Contains(e.Fields[0].Name, fmt.Sprintf("×%d ", maxGapsRead)) {
		t.Errorf("group %q: %d askings counted as %d", e.Fields[0].Name, open, maxGapsRead)
	}
}

// TestApprovedAnswerKeepsCuratedBounds checks that approving the bot's
// logged answer (/curate add item: with neither answer nor quote) holds it
// to the bounds of a written one: an answer over them is refused with a
// reason, and one within them can later have only its question edited.
func TestApprovedAnswerKeepsCuratedBounds(t *testing.T) {
	tests := []struct {
		name      string
		answer    string
		wantSaved bool
	}{
		{"within bounds", "Vietnam keeps its defence policy of four no's, the articles say.", true},
		{"too long", strings.Repeat("Vietnam keeps its defence policy of four no's, the articles say. ", 25), false}, // 1,650 characters
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, b, cites := curatingBot(t)
			ctx := context.Background()
			qid, err := db.LogQuestion(ctx, partnerbot.QuestionRecord{GuildID: guild, Question: troops, Answer: tt.answer,
				Citations: cites, Mode: partnerbot.Generative, At: time.Now()})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.AddGap(ctx, partnerbot.Gap{Kind: partnerbot.GapDownvote, QuestionID: qid, UserHash: "u", At: time.Now()}); err != nil {
				t.Fatal(err)
			}
			gaps, err := db.Gaps(ctx, guild, 10)
			if err != nil || len(gaps) != 1 {
				t.Fatalf("gaps = %v, %v", gaps, err)
			}
			mod := discordtest.WithMember(member, modPerms)
			add := discordtest.SlashCommand(cmdCurate, mod, discordtest.SubcommandOption(subAdd, discordtest.IntOption(optItem, gaps[0].ID)))
			saved := b.curate(ctx, add, add.ApplicationCommandData().Options)
			if len(saved) == 0 {
				t.Fatal("/curate add item: gave no reply")
			}
			if got := strings.HasPrefix(saved[0].Content, "Saved as curated answer #"); got != tt.wantSaved {
				t.Fatalf("/curate add item: saved = %v, want %v: %q", got, tt.wantSaved, saved[0].Content)
			}
			if !tt.wantSaved {
				if !strings.Contains(saved[0].Content, fmt.Sprint(maxCuratedAnswer)) {
					t.Errorf("refusal %q does not give the limit", saved[0].Content)
				}
				if list, _ := db.CuratedAnswers(ctx, guild, 10); len(list) != 0 {
					t.Errorf("saved %d curated answers after the refusal", len(list))
				}
				return
			}
			edit := discordtest.SlashCommand(cmdCurate, mod, discordtest.SubcommandOption(subEdit, discordtest.IntOption(optID, 1),
				discordtest.StringOption(optQuestion, soldiers)))
			got := b.curate(ctx, edit, edit.ApplicationCommandData().Options)
			if len(got) == 0 || !strings.HasPrefix(got[0].Content, "Curated answer #1 updated") {
				t.Errorf("/curate edit question: of the approved answer = %+v", got)
			}
		})
	}
}

// TestForumAddInMediaChannelPost checks that /forum add works inside a
// post of a media channel, whose posts the bot answers like a forum's.
func TestForumAddInMediaChannelPost(t *testing.T) {
	t.Parallel()
	h := startSupport(t, setup{})
	const media, post = "300000000000000060", "300000000000000061"
	if err := h.srv.AddChannel(&discordgo.Channel{ID: media, GuildID: guild, Name: "clips", Type: discordgo.ChannelTypeGuildMedia,
		PermissionOverwrites: []*discordgo.PermissionOverwrite{}, AvailableTags: []discordgo.ForumTag{}}); err != nil {
		t.Fatal(err)
	}
	if err := h.srv.AddChannel(&discordgo.Channel{ID: post, GuildID: guild, ParentID: media, OwnerID: member, Name: "a post",
		Type: discordgo.ChannelTypeGuildPublicThread, PermissionOverwrites: []*discordgo.PermissionOverwrite{}}); err != nil {
		t.Fatal(err)
	}
	got := h.moderator(cmdForum, discordtest.SubcommandOption(subAdd), discordtest.WithChannel(post))
	if strings.Contains(got.Content, "Run this inside a post") {
		t.Errorf("/forum add inside a media channel's post = %q", got.Content)
	}
}

// TestChangesLines checks what /reindex says: the articles changed, that
// aliases changed, and the files not read, at most maxNotRead of them.
func TestChangesLines(t *testing.T) {
	many := make([]string, maxNotRead+3)
	for k := range many {
		many[k] = fmt.Sprintf("f%d.pdf (not a .txt or .md file)", k)
	}
	tests := []struct {
		name string
		ch   corpus.Changes
		want []string // lines, each matched in full or by prefix ending in "…"
	}{
		{"nothing", corpus.Changes{}, []string{"Reindexed: no articles changed."}},
		{"added", corpus.Changes{Added: []string{"a"}}, []string{"Reindexed.", "Added (1): `a`", "Changed (0): none", "Removed (0): none"}},
		{"aliases only", corpus.Changes{Aliases: true}, []string{"Reindexed: no articles changed.", "Aliases changed: the other names in aliases.yaml now apply."}},
		{"not read", corpus.Changes{NotRead: []string{"Briefing.TXT (not a .txt or .md file)"}},
			[]string{"Reindexed: no articles changed.", "Not read (1; only .txt and .md files at the top of the directory are): `Briefing.TXT (not a .txt or .md file)`"}},
		{"many not read", corpus.Changes{NotRead: many}, []string{"Reindexed: no articles changed.", "Not read (23; …"}},
		{"metadata naming no article", corpus.Changes{UnusedMeta: []string{"a.txt"}},
			[]string{"Reindexed: no articles changed.", "metadata.yaml entries that name no article (1; an ID is the file name without .txt or .md): `a.txt`"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := changesLines(tt.ch)
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for k, w := range tt.want {
				if p, ok := strings.CutSuffix(w, "…"); ok {
					if !strings.HasPrefix(got[k], p) {
						t.Errorf("line %d = %q, want it to start %q", k, got[k], p)
					}
				} else if got[k] != w {
					t.Errorf("line %d = %q, want %q", k, got[k], w)
				}
			}
			if tt.name == "many not read" && (!strings.HasSuffix(got[1], ", and 3 more") || strings.Count(got[1], ".pdf") != maxNotRead) {
				t.Errorf("line %q does not name %d files and the rest as a count", got[1], maxNotRead)
			}
		})
	}
}

// curatingBot is a bot with a support store, and the citation of a quote
// that verifies, for curated answers.
func curatingBot(t *testing.T) (*store.DB, *Bot, []partnerbot.Citation) {
	t.Helper()
	db := openSupport(t)
	b := newTestBot(t, Options{Store: db, Support: db})
	cites, msg := b.citeAll([]string{fourNos})
	if msg != "" {
		t.Fatal(msg)
	}
	return db, b, cites
}
