package partnerbot

import (
	"errors"
	"time"
)

// Job is a question received and not yet answered: an /ask, recorded
// before the asker is told "thinking…", or a question asked by message. A
// replica records it, renews its lease while it works, and finishes it
// once the answer is delivered; when the owner dies its lease runs out and
// another replica takes it over.
type Job struct {
	ID    string // the interaction's ID, or "message:" and the message's; one job per question
	Owner string // the replica working on it
	// Payload is what the adapter needs to answer the question and deliver
	// the answer. Stores keep it opaque and clear it when the job is done.
	Payload []byte
	// Deadline is when the answer can no longer be delivered.
	Deadline time.Time
	// Takeovers counts the times another replica took the job over.
	Takeovers int
}

// ErrJobExists reports a job recorded twice: its question was received
// before.
var ErrJobExists = errors.New("job already recorded")
