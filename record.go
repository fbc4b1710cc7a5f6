package partnerbot

import (
	"errors"
	"time"
)

// ErrNotFound reports that the question (or other row) asked for does not
// exist. Every state store wraps it; test for it with errors.Is.
var ErrNotFound = errors.New("not found")

// QuestionRecord is one logged question and the answer given. UserHash is
// a pseudonym, never a raw user ID.
type QuestionRecord struct {
	ID                           int64
	At                           time.Time // zero when logging means the store's clock; read back in UTC
	GuildID, ChannelID, ThreadID string    // GuildID is "" in direct messages, ThreadID outside threads
	UserHash                     string
	Question, Answer             string
	Citations                    []Citation // nil when there are none
	Abstained                    bool
	Mode                         string // Extractive, Generative or Curated
	LatencyMS                    float64
	PromptTokens                 int
	CompletionTokens             int
}

// Filters for a list of rated answers.
const (
	FeedbackAll  = "all"  // every answer with feedback
	FeedbackUp   = "up"   // answers with at least one up vote
	FeedbackDown = "down" // answers with at least one down vote
)

// FeedbackItem is an answer with the votes on it.
type FeedbackItem struct {
	Question QuestionRecord
	Up, Down int
	LastAt   time.Time // the latest vote's time, in UTC
}

// Bounds of a guild's rate limit, in questions per user per minute.
const (
	MinRatePerMinute = 1
	MaxRatePerMinute = 1000
)

// Stats summarises a guild's questions asked since a time, for moderators.
type Stats struct {
	Questions, Abstained int
	// Up and Down count the votes on those questions, whenever cast.
	Up, Down int
	// AbstentionRate is Abstained/Questions, 0 with no questions.
	AbstentionRate float64
	// P50MS and P95MS are nearest-rank latency percentiles, 0 with no
	// questions.
	P50MS, P95MS float64
	// TopSources are the most-cited documents, by number of citations,
	// most first (ties by DocID); at most five.
	TopSources                     []SourceCount
	PromptTokens, CompletionTokens int
	// Generative counts the answers written by a language model, Curated
	// those the moderators wrote or approved.
	Generative, Curated int
}

// SourceCount is how often a document was cited.
type SourceCount struct {
	DocID, Title string
	Count        int
}
