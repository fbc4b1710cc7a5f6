package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/partnerbot/partnerbot"
)

// SetThread files a logged question under a thread, so that
// ThreadHistory(threadID) starts with it: a thread opened from an answer
// carries that question and answer as its history. An unknown question
// gives an error wrapping partnerbot.ErrNotFound.
func (db *DB) SetThread(ctx context.Context, questionID int64, threadID string) error {
	if threadID == "" {
		return errors.New("set thread: empty thread id")
	}
	if err := db.lockWrite(ctx); err != nil {
		return fmt.Errorf("set thread: %w", err)
	}
	defer db.unlockWrite()
	res, err := db.sql.ExecContext(ctx, `UPDATE questions SET thread_id = ? WHERE id = ?`, threadID, questionID)
	if err != nil {
		return fmt.Errorf("set thread: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("set thread: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("set thread: question %d: %w", questionID, partnerbot.ErrNotFound)
	}
	return nil
}
