package partnerbot

import "time"

// Curated is the mode of an answer a moderator wrote or approved: its text
// is theirs and its quotes were verified when they saved it.
const Curated = "curated"

// Kinds of gap: why a question is in the moderators' queue.
const (
	GapDeclined = "declined" // the bot declined to answer
	GapDownvote = "downvote" // someone voted 👎 on the answer
	GapHandoff  = "handoff"  // the asker pressed "Still need help?"
)

// Gap is one question the bot did not answer well enough, in the queue
// moderators work through with /gaps and /curate.
type Gap struct {
	ID         int64
	GuildID    string
	Kind       string // GapDeclined, GapDownvote or GapHandoff
	QuestionID int64  // the logged question
	Question   string
	UserHash   string // who declined it, voted or asked for help: one gap each
	At         time.Time
}

// CuratedAnswer is an answer moderators wrote or approved for a question;
// later questions close enough to it get it first. Every citation's quote
// was verified verbatim against its passage when it was saved.
type CuratedAnswer struct {
	ID         int64
	GuildID    string
	Question   string
	Answer     string
	Citations  []Citation
	AuthorHash string    // the moderator who saved it last
	At         time.Time // when it was saved last
}
