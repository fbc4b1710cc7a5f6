package partnerbot

import "time"

// Job is a question acknowledged to its asker and not yet answered. A
// replica records it before telling the asker "thinking…", renews its
// lease while it works, and finishes it once the answer is delivered; when
// the owner dies its lease runs out and another replica takes it over.
type Job struct {
	ID    string // the interaction's ID; one job per interaction
	Owner string // the replica working on it
	// Payload is what the adapter needs to answer the question and deliver
	// the answer. Stores keep it opaque and clear it when the job is done.
	Payload []byte
	// Deadline is when the answer can no longer be delivered.
	Deadline time.Time
	// Takeovers counts the times another replica took the job over.
	Takeovers int
}
