package discord

import (
	"context"
	"time"

	"github.com/partnerbot/partnerbot"
)

// QuestionLog keeps the questions answered, for the buttons under an
// answer and for the memory of threads.
type QuestionLog interface {
	// LogQuestion appends a record and returns its ID.
	LogQuestion(ctx context.Context, r partnerbot.QuestionRecord) (int64, error)
	// Question returns a logged question, or an error wrapping
	// partnerbot.ErrNotFound.
	Question(ctx context.Context, id int64) (partnerbot.QuestionRecord, error)
	// ThreadHistory returns a thread's last limit turns, oldest first.
	ThreadHistory(ctx context.Context, threadID string, limit int) ([]partnerbot.Turn, error)
	// SetThread files a logged question under a thread, as its history.
	SetThread(ctx context.Context, questionID int64, threadID string) error
}

// Votes keeps the 👍 and 👎 under answers.
type Votes interface {
	// RecordFeedback records one user's vote (+1 or -1) on an answer,
	// replacing that user's earlier vote; an unknown question gives an
	// error wrapping partnerbot.ErrNotFound.
	RecordFeedback(ctx context.Context, questionID int64, userHash string, vote int, at time.Time) error
	// RecentFeedback lists a guild's rated answers, latest vote first;
	// only is one of partnerbot.FeedbackAll, FeedbackUp, FeedbackDown.
	RecentFeedback(ctx context.Context, guildID, only string, limit int) ([]partnerbot.FeedbackItem, error)
}

// GuildSettings keeps what moderators set with /config. The handlers read
// it on every question rather than caching it, so a change made through
// one replica holds on all of them at once.
type GuildSettings interface {
	AllowedChannels(ctx context.Context, guildID string) ([]string, error)
	AllowChannel(ctx context.Context, guildID, channelID string) error
	DisallowChannel(ctx context.Context, guildID, channelID string) (bool, error)
	// DisallowUnlessLast removes a channel unless it is the only one
	// listed, at once for every replica; removed reports that it was
	// taken off, last that it was kept as the only one.
	DisallowUnlessLast(ctx context.Context, guildID, channelID string) (removed, last bool, err error)
	// RatePerMinute is a guild's rate limit; ok is false when none is set.
	RatePerMinute(ctx context.Context, guildID string) (n int, ok bool, err error)
	SetRatePerMinute(ctx context.Context, guildID string, n int) error
}

// GuildStats summarises a guild's questions, for /stats.
type GuildStats interface {
	Stats(ctx context.Context, guildID string, since time.Time) (partnerbot.Stats, error)
}

// State is what the handlers keep between questions. store.DB and
// postgres.DB implement it; Options.Store may be nil, and then answers
// have no buttons and threads no memory.
type State interface {
	QuestionLog
	Votes
	GuildSettings
	GuildStats
}
