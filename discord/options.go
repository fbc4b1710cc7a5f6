package discord

import (
	"context"
	"log/slog"
	"time"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/corpus"
)

// AnswerFunc answers a question; bot.Engine.Answer is one.
type AnswerFunc func(ctx context.Context, q partnerbot.Question) (partnerbot.Answer, error)

// StreamFunc answers a question like AnswerFunc and calls show with each
// longer verified answer while it is being written;
// bot.Engine.AnswerStream is one.
type StreamFunc func(ctx context.Context, q partnerbot.Question, show func(partnerbot.Answer)) (partnerbot.Answer, error)

// ReindexFunc reloads the articles and reports what changed.
type ReindexFunc func(ctx context.Context) (corpus.Changes, error)

// Options configure a Bot. The zero value means the defaults; a Bot with
// no Answer declines every question politely.
type Options struct {
	Answer AnswerFunc
	// Stream, when set, answers /ask instead of Answer, and the deferred
	// response is edited with each verified sentence as the model writes
	// it, then with the whole answer.
	Stream StreamFunc
	// EditInterval is the least time between two edits showing an answer
	// being written; default 1s. The final edit is not held back.
	EditInterval time.Duration
	// Documents returns the current articles, for /sources and for
	// telling the articles' own URLs (shown live) from others (broken).
	Documents func() []*corpus.Document
	// Passage returns a passage by ID, for the Sources button.
	Passage func(id string) (corpus.Passage, bool)
	Reindex ReindexFunc
	// Store logs questions and keeps feedback, settings and thread
	// history. Without one, answers have no buttons and threads no memory.
	Store State
	// Limiter keeps the per-user rate limits; default in memory, for this
	// process alone. Claims remembers the interactions and messages
	// handled; default in memory. Jobs records each deferred question
	// until it is answered; without it a question in flight dies with the
	// process. The stores implement all three, shared between replicas.
	Limiter Limiter
	Claims  Claims
	Jobs    Jobs
	// Support keeps the support loop: forums answered, hand-offs, the gap
	// queue and curated answers; the stores implement it.
	Support Support

	// ForumChannels are forum channels whose new posts are answered, as
	// well as those moderators add with /forum add.
	ForumChannels []string
	// ForumWait is how long the bot waits after a post's latest line from
	// its author before answering it, so the question can be written in a
	// few messages; default 5s.
	ForumWait time.Duration
	// Similar scores how alike two questions are, for serving curated
	// answers and grouping the gap queue; default the same words after
	// normalisation. CuratedMatch is the least score at which a curated
	// answer is served, GapMatch the least at which two gaps are grouped;
	// default 0.6 each.
	Similar      SimilarFunc
	CuratedMatch float64
	GapMatch     float64
	// Replica names this process to the others, and then every log line;
	// default host and pid, unlogged.
	Replica string
	// Lease is how long a replica's hold on a job or on the gateway lasts
	// without renewal: a dead replica's jobs and gateway are taken over
	// after about this long. Default 15s.
	Lease time.Duration

	// AppID is the application whose commands Run registers; empty means
	// the one READY names. GuildID registers them in that guild only.
	AppID, GuildID string

	RatePerMinute int  // questions per user per minute; default 6, a guild's /config setting wins
	Workers       int  // answers worked on at once; default 4
	Queue         int  // answers waiting for a worker; default 1000
	RestrictAsk   bool // /ask answers only in allowed channels too, not just mentions
	// NoMentions turns off answering @mentions and thread follow-ups
	// (on by default).
	NoMentions bool
	UserSalt   string // salt for HashUser

	// AnswerTimeout bounds one answer; default 60s.
	AnswerTimeout time.Duration
	// DrainTimeout bounds how long Run waits for answers in flight when it
	// stops; default 10s.
	DrainTimeout time.Duration
	// HistoryTurns is how many earlier turns of a thread a follow-up
	// sees; default 6.
	HistoryTurns int
	// ConnectBackoff is the first wait before Run retries a failed
	// connection to the gateway; each retry doubles it, up to
	// maxConnectBackoff. Default 1s.
	ConnectBackoff time.Duration
	// InlineWait is how long the HTTP interactions endpoint waits for an
	// answer before deferring it: one ready in time is the HTTP reply
	// itself. Default 1.5s, well inside Discord's 3 s.
	InlineWait time.Duration

	Now func() time.Time
	// After is the timer EditInterval waits on; default time.After.
	After func(time.Duration) <-chan time.Time
	Log   *slog.Logger
	Hooks Hooks
}

// Hooks are told about events worth counting; nil fields are no-ops. They
// are called from many goroutines at once and should return quickly.
type Hooks struct {
	// Answered is called for every answer given, with the time from the
	// question arriving to the answer being ready.
	Answered func(a partnerbot.Answer, latency time.Duration)
	// RateLimited is called when a member's question is refused for
	// asking too quickly.
	RateLimited func()
	// RESTRateLimited is called when Discord answers a REST call with 429.
	RESTRateLimited func()
	// AnswerFailed is called when answering fails, with why: "timeout",
	// "canceled" (a drain ran out of time) or "error". A language model's
	// failures are not among them: the extractive answer is given, and
	// Answered sees its Fallback.
	AnswerFailed func(reason string)
	// JobsWaiting is called with the number of questions recorded and not
	// yet answered, on every replica, each third of Options.Lease.
	JobsWaiting func(n int)
	// JobTakenOver is called when this replica takes over a question
	// whose replica died, with the question's age.
	JobTakenOver func(age time.Duration)
	// GatewayHeld is called when this replica takes (true) or gives up
	// (false) the gateway.
	GatewayHeld func(held bool)
	// GatewayConnected is called when the gateway connects (READY,
	// RESUMED) and when it disconnects or closes.
	GatewayConnected func(up bool)
}

func (h Hooks) jobsWaiting(n int) {
	if h.JobsWaiting != nil {
		h.JobsWaiting(n)
	}
}

func (h Hooks) jobTakenOver(age time.Duration) {
	if h.JobTakenOver != nil {
		h.JobTakenOver(age)
	}
}

func (h Hooks) gatewayConnected(up bool) {
	if h.GatewayConnected != nil {
		h.GatewayConnected(up)
	}
}

func (h Hooks) gatewayHeld(held bool) {
	if h.GatewayHeld != nil {
		h.GatewayHeld(held)
	}
}

func (h Hooks) answered(a partnerbot.Answer, d time.Duration) {
	if h.Answered != nil {
		h.Answered(a, d)
	}
}

func (h Hooks) rateLimited() {
	if h.RateLimited != nil {
		h.RateLimited()
	}
}

func (h Hooks) restRateLimited() {
	if h.RESTRateLimited != nil {
		h.RESTRateLimited()
	}
}

func (h Hooks) answerFailed(reason string) {
	if h.AnswerFailed != nil {
		h.AnswerFailed(reason)
	}
}

// The defaults of the Options serve's settings set (the config package
// shows them): each applies when its field is zero.
const (
	DefaultForumWait     = 5 * time.Second
	DefaultLease         = 15 * time.Second
	DefaultRatePerMinute = 6
	DefaultWorkers       = 4
	DefaultQueue         = 1000
)

// withDefaults fills in what is unset.
func (o Options) withDefaults() Options {
	if o.Answer == nil {
		o.Answer = func(context.Context, partnerbot.Question) (partnerbot.Answer, error) {
			return partnerbot.Answer{Abstained: true, Mode: partnerbot.Extractive, Text: "I can't answer questions right now."}, nil
		}
	}
	if o.Documents == nil {
		o.Documents = func() []*corpus.Document { return nil }
	}
	if o.Passage == nil {
		o.Passage = func(string) (corpus.Passage, bool) { return corpus.Passage{}, false }
	}
	if o.Limiter == nil {
		o.Limiter = newLimiter()
	}
	if o.Claims == nil {
		o.Claims = newSeenIDs(maxSeenIDs)
	}
	if o.ForumWait <= 0 {
		o.ForumWait = DefaultForumWait
	}
	if o.Similar == nil {
		o.Similar = sameText
	}
	if o.CuratedMatch <= 0 {
		o.CuratedMatch = 0.6
	}
	if o.GapMatch <= 0 {
		o.GapMatch = 0.6
	}
	if o.Replica == "" {
		o.Replica = defaultReplica()
	}
	if o.Lease <= 0 {
		o.Lease = DefaultLease
	}
	if o.RatePerMinute <= 0 {
		o.RatePerMinute = DefaultRatePerMinute
	}
	if o.Workers <= 0 {
		o.Workers = DefaultWorkers
	}
	if o.Queue <= 0 {
		o.Queue = DefaultQueue
	}
	if o.AnswerTimeout <= 0 {
		o.AnswerTimeout = 60 * time.Second
	}
	if o.DrainTimeout <= 0 {
		o.DrainTimeout = 10 * time.Second
	}
	if o.HistoryTurns <= 0 {
		o.HistoryTurns = 6
	}
	if o.ConnectBackoff <= 0 {
		o.ConnectBackoff = time.Second
	}
	if o.InlineWait <= 0 {
		o.InlineWait = 1500 * time.Millisecond
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.After == nil {
		o.After = time.After
	}
	if o.EditInterval <= 0 {
		o.EditInterval = time.Second
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	return o
}
