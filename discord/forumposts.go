package discord

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// post is a forum post waiting for its author's further lines.
type post struct {
	first  *discordgo.Message // the opening message; its ID is the post's
	send   Sender             // where it came from, to answer it there
	title  string
	author string
	mu     sync.Mutex
	lines  []string
	bump   chan struct{} // another line from the author: wait again
	stop   chan struct{} // the wait is over: staff answered, or the post was answered at shutdown
	once   sync.Once
	tries  int       // times the answer queue turned it away; guarded by mu
	tried  time.Time // the first try to answer it; guarded by mu
	opened time.Time // when it was received
	// jobID is its job, recorded as it opened, so another replica answers
	// it if this one dies while it waits; "" when it was not recorded.
	// Guarded by mu, and set before recorded is closed.
	jobID    string
	recorded chan struct{} // closed once openPost is done with the post; nil for none
	// upd orders the updates of the post's job with its author's lines
	// before whatever ends the post: those take it once the post no longer
	// waits, and an update finds it so and does nothing.
	upd sync.Mutex
}

// job is the post's job, "" for none. It waits, for at most the time ctx
// allows, for openPost to record it, so that whatever ends the post meanwhile
// ends its job too.
func (p *post) job(ctx context.Context) string {
	if p.recorded != nil {
		ctx, cancel := settle(ctx)
		defer cancel()
		select {
		case <-p.recorded:
		case <-ctx.Done():
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.jobID
}

// setJob records the post's job, and that openPost is done with it.
func (p *post) setJob(id string) {
	p.mu.Lock()
	p.jobID = id
	p.mu.Unlock()
	if p.recorded != nil {
		close(p.recorded)
	}
}

// end stops the post's wait.
func (p *post) end() { p.once.Do(func() { close(p.stop) }) }

// waitingPosts are the posts not yet answered, by post (thread) ID.
type waitingPosts struct {
	mu     sync.Mutex
	m      map[string]*post
	closed bool // the bot is stopping: no post waits any more
}

// added is what waitingPosts.add did with a post.
type added int

const (
	postWaits added = iota // kept: it waits for its author's further lines
	postFull               // too many wait, or the bot is stopping: answer it at once
	postAgain              // a post with its ID waits already: p is a copy delivered again
)

// add keeps p, unless a post with its ID waits already, too many wait or
// the bot is stopping.
func (w *waitingPosts) add(p *post) added {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.m == nil {
		w.m = map[string]*post{}
	}
	switch {
	case w.m[p.first.ID] != nil:
		return postAgain
	case len(w.m) >= maxWaitingPosts || w.closed:
		return postFull
	}
	w.m[p.first.ID] = p
	return postWaits
}

// close takes every waiting post, with its lines, and keeps any more from
// waiting.
func (w *waitingPosts) close() map[*post][]string {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	out := make(map[*post][]string, len(w.m))
	for id, p := range w.m {
		out[p] = p.linesSoFar()
		delete(w.m, id)
	}
	return out
}

func (w *waitingPosts) get(id string) *post {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.m[id]
}

// take removes the post and returns its lines; false if it was gone.
func (w *waitingPosts) take(id string) ([]string, bool) {
	p := w.drop(id)
	if p == nil {
		return nil, false
	}
	return p.linesSoFar(), true
}

// drop removes the post and returns it; nil if it was gone.
func (w *waitingPosts) drop(id string) *post {
	w.mu.Lock()
	defer w.mu.Unlock()
	p := w.m[id]
	delete(w.m, id)
	return p
}

// dropIf removes p, if it still waits, and reports whether it did.
func (w *waitingPosts) dropIf(p *post) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.m[p.first.ID] != p {
		return false
	}
	delete(w.m, p.first.ID)
	return true
}

// linesSoFar is a copy of the post's lines.
func (p *post) linesSoFar() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.lines)
}

// messageJob is the job that answers the post with question text.
func (p *post) messageJob(text string) messageJob {
	return messageJob{MessageID: p.first.ID, ChannelID: p.first.ID, GuildID: p.first.GuildID,
		AuthorID: p.author, Question: text, FollowUp: true, Received: p.opened}
}

// retry counts a try the answer queue turned away and reports how many
// there have been and whether another is allowed.
func (p *post) retry() (int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tries++
	return p.tries, p.tries <= maxPostRetries
}

// firstTry is when the bot first tried to answer the post: the question's
// time, so its latency counts the tries a full queue cost.
func (p *post) firstTry(now func() time.Time) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tried.IsZero() {
		p.tried = now()
	}
	return p.tried
}
