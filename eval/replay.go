package eval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/partnerbot/partnerbot/bot"
)

// Why a replayed reply could not be served; the engine then answers
// extractively, and evaluation reports the question.
var (
	// ErrNotRecorded: no reply was recorded for the question, or not for
	// this try.
	ErrNotRecorded = errors.New("no model reply recorded for this question")
	// ErrStale: replies were recorded for the question, but for other
	// passages than retrieval shows now, so none answers this prompt.
	ErrStale = errors.New("the recorded model reply is stale: retrieval now shows other passages; record again")
)

// recording is the file of one question's replies.
type recording struct {
	Question string          `json:"question"`
	Replies  []recordedReply `json:"replies"`
}

// recordedReply is one model reply, with what it answered: the passages
// shown, in order, and which try it was.
type recordedReply struct {
	Passages         []string `json:"passages"`
	Attempt          int      `json:"attempt"`
	Content          string   `json:"content"`
	PromptTokens     int      `json:"prompt_tokens"`
	CompletionTokens int      `json:"completion_tokens"`
}

// matches reports whether r answered req.
func (r recordedReply) matches(req bot.Completion) bool {
	return r.Attempt == req.Attempt && slices.Equal(r.Passages, req.Passages)
}

// Recordings keeps model replies in a directory, one JSON file per
// question, keyed by the question and the IDs of the passages shown. It
// is safe for concurrent use.
type Recordings struct {
	dir string
	mu  sync.Mutex
}

// OpenRecordings uses dir, creating it when create is set; otherwise it
// must exist.
func OpenRecordings(dir string, create bool) (*Recordings, error) {
	if create {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("recordings: %w", err)
		}
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("recordings: %s is not a directory", dir)
	}
	return &Recordings{dir: dir}, nil
}

// Record wraps complete: every reply it gives is stored before it is
// returned, replacing any earlier one for the same question, passages and
// try. Failed calls are not stored.
func (r *Recordings) Record(complete bot.Completer) bot.Completer {
	return func(ctx context.Context, req bot.Completion) (bot.CompletionReply, error) {
		reply, err := complete(ctx, req)
		if err != nil {
			return reply, err
		}
		if err := r.store(req, reply); err != nil {
			return reply, err
		}
		return reply, nil
	}
}

// Replay is a Completer serving the stored replies: the one recorded for
// the question, the passages shown and the try, else ErrStale when the
// question was recorded with other passages, else ErrNotRecorded.
func (r *Recordings) Replay(_ context.Context, req bot.Completion) (bot.CompletionReply, error) {
	rec, err := r.load(req.Question)
	if errors.Is(err, fs.ErrNotExist) {
		return bot.CompletionReply{}, fmt.Errorf("%w: %q", ErrNotRecorded, req.Question)
	}
	if err != nil {
		return bot.CompletionReply{}, err
	}
	stale := len(rec.Replies) > 0
	for _, x := range rec.Replies {
		if x.matches(req) {
			return bot.CompletionReply{Content: x.Content, PromptTokens: x.PromptTokens, CompletionTokens: x.CompletionTokens}, nil
		}
		if slices.Equal(x.Passages, req.Passages) {
			stale = false // the passages match; this try was not recorded
		}
	}
	if stale {
		return bot.CompletionReply{}, fmt.Errorf("%w: %q", ErrStale, req.Question)
	}
	return bot.CompletionReply{}, fmt.Errorf("%w: %q, try %d", ErrNotRecorded, req.Question, req.Attempt+1)
}

// path is the file of a question's replies.
func (r *Recordings) path(question string) string {
	sum := sha256.Sum256([]byte(question))
	return filepath.Join(r.dir, hex.EncodeToString(sum[:8])+".json")
}

// load reads a question's file.
func (r *Recordings) load(question string) (recording, error) {
	b, err := os.ReadFile(r.path(question))
	if err != nil {
		return recording{}, err
	}
	var rec recording
	if err := json.Unmarshal(b, &rec); err != nil {
		return recording{}, fmt.Errorf("recording %s: %w", r.path(question), err)
	}
	if rec.Question != question {
		return recording{}, fmt.Errorf("recording %s is for %q, not %q", r.path(question), rec.Question, question)
	}
	return rec, nil
}

// store adds a reply to its question's file, written whole and renamed
// into place so a crash never leaves half a file.
func (r *Recordings) store(req bot.Completion, reply bot.CompletionReply) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec, err := r.load(req.Question)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	rec.Question = req.Question
	x := recordedReply{Passages: req.Passages, Attempt: req.Attempt, Content: reply.Content,
		PromptTokens: reply.PromptTokens, CompletionTokens: reply.CompletionTokens}
	rec.Replies = slices.DeleteFunc(rec.Replies, func(y recordedReply) bool { return y.matches(req) })
	rec.Replies = append(rec.Replies, x)
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return fmt.Errorf("record reply: %w", err)
	}
	tmp, err := os.CreateTemp(r.dir, ".reply-*")
	if err != nil {
		return fmt.Errorf("record reply: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("record reply: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("record reply: %w", err)
	}
	if err := os.Rename(tmp.Name(), r.path(req.Question)); err != nil {
		return fmt.Errorf("record reply: %w", err)
	}
	return nil
}
