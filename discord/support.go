package discord

import (
	"context"
	"time"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/corpus"
)

// Forums keeps the support loop's settings: the forums whose new posts are
// answered, the tag "Still need help?" puts on a post, the moderators'
// channel for hand-offs outside forums, and the threads the bot keeps out
// of.
type Forums interface {
	AnsweredForums(ctx context.Context, guildID string) ([]string, error)
	AddForum(ctx context.Context, guildID, channelID string) error
	RemoveForum(ctx context.Context, guildID, channelID string) (bool, error)
	// ForumTag is a forum's hand-off tag, "" when none is set.
	ForumTag(ctx context.Context, channelID string) (string, error)
	SetForumTag(ctx context.Context, guildID, channelID, tagID string) error
	// HandoffChannel is a guild's moderators' channel, "" when none is set.
	HandoffChannel(ctx context.Context, guildID string) (string, error)
	SetHandoffChannel(ctx context.Context, guildID, channelID string) error
	// ClearHandoffChannel unsets a guild's moderators' channel if it is
	// channelID, and reports whether it was.
	ClearHandoffChannel(ctx context.Context, guildID, channelID string) (bool, error)
	// SilenceThread keeps the bot out of a thread unless it is mentioned.
	SilenceThread(ctx context.Context, threadID string, at time.Time) error
	ThreadSilenced(ctx context.Context, threadID string) (bool, error)
	// ForgetThread drops what is kept of a thread Discord deleted.
	ForgetThread(ctx context.Context, threadID string) error
}

// GapQueue is the queue of questions the bot did not answer well enough.
type GapQueue interface {
	// AddGap queues a logged question and reports whether it is new (each
	// user queues a question once for each kind).
	AddGap(ctx context.Context, g partnerbot.Gap) (bool, error)
	// Gaps lists a guild's open gaps, latest first.
	Gaps(ctx context.Context, guildID string, limit int) ([]partnerbot.Gap, error)
	DismissGaps(ctx context.Context, guildID string, ids []int64, at time.Time) (int, error)
}

// Curation keeps the answers moderators wrote or approved. Those retired,
// or of another guild, are not found (partnerbot.ErrNotFound).
type Curation interface {
	AddCurated(ctx context.Context, c partnerbot.CuratedAnswer) (int64, error)
	CuratedAnswers(ctx context.Context, guildID string, limit int) ([]partnerbot.CuratedAnswer, error)
	CuratedAnswer(ctx context.Context, guildID string, id int64) (partnerbot.CuratedAnswer, error)
	UpdateCurated(ctx context.Context, c partnerbot.CuratedAnswer) error
	RetireCurated(ctx context.Context, guildID string, id int64, at time.Time) error
}

// Support is what the support loop keeps: forums, hand-offs, the gap queue
// and curated answers. The stores implement it, shared between replicas;
// without it (Options.Support nil) forum posts are not answered, answers
// have no "Still need help?" button and /gaps and /curate say they need
// the database.
type Support interface {
	Forums
	GapQueue
	Curation
}

// SimilarFunc scores how alike two questions are, from 0 to 1;
// retrieval's Lexicon.Similarity is one.
type SimilarFunc func(a, b string) float64

// sameText is the default SimilarFunc: 1 for the same words after
// normalisation, else 0.
func sameText(a, b string) float64 {
	if corpus.Normalize(a) == corpus.Normalize(b) {
		return 1
	}
	return 0
}
