package store

import (
	"context"
	"fmt"
	"time"

	"github.com/partnerbot/partnerbot"
)

// RecordFeedback records userHash's vote on an answer: +1 (👍) or -1 (👎).
// Each user has one vote per question; voting again replaces it. A zero at
// means now. An unknown question gives an error wrapping partnerbot.ErrNotFound.
func (db *DB) RecordFeedback(ctx context.Context, questionID int64, userHash string, vote int, at time.Time) error {
	if err := checkVote(vote, userHash); err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	ns, err := db.stamp(at)
	if err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	if err := db.lockWrite(ctx); err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	defer db.unlockWrite()
	// One statement: the vote goes in only if the question exists, and a
	// repeat vote replaces the earlier one.
	res, err := db.sql.ExecContext(ctx, `INSERT INTO feedback (question_id, user_hash, vote, at_ns)
		SELECT id, ?, ?, ? FROM questions WHERE id = ?
		ON CONFLICT (question_id, user_hash) DO UPDATE SET vote = excluded.vote, at_ns = excluded.at_ns`,
		userHash, vote, ns, questionID)
	if err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("record feedback: question %d: %w", questionID, partnerbot.ErrNotFound)
	}
	return nil
}

// RecentFeedback returns up to limit of a guild's answers that have votes,
// most recently voted on first. only is partnerbot.FeedbackAll (or ""), partnerbot.FeedbackUp or
// partnerbot.FeedbackDown; "down" keeps the answers with any down vote, "up" those
// with any up vote. A limit below 1 yields none.
func (db *DB) RecentFeedback(ctx context.Context, guildID string, only string, limit int) ([]partnerbot.FeedbackItem, error) {
	var having string
	switch only {
	case partnerbot.FeedbackAll, "":
		having = ""
	case partnerbot.FeedbackUp:
		having = "HAVING up > 0"
	case partnerbot.FeedbackDown:
		having = "HAVING down > 0"
	default:
		return nil, fmt.Errorf("recent feedback: filter %q is not %q, %q or %q", only, partnerbot.FeedbackAll, partnerbot.FeedbackUp, partnerbot.FeedbackDown)
	}
	if limit < 1 {
		return nil, nil
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+questionCols+`,
			SUM(f.vote > 0) AS up, SUM(f.vote < 0) AS down, MAX(f.at_ns) AS last_ns
		FROM feedback f JOIN questions q ON q.id = f.question_id
		WHERE q.guild_id = ?
		GROUP BY q.id `+having+`
		ORDER BY last_ns DESC, q.id DESC
		LIMIT ?`, guildID, limit)
	if err != nil {
		return nil, fmt.Errorf("recent feedback: %w", err)
	}
	defer rows.Close()
	var items []partnerbot.FeedbackItem
	for rows.Next() {
		var (
			it     partnerbot.FeedbackItem
			lastNS int64
		)
		it.Question, err = scanQuestion(rows, &it.Up, &it.Down, &lastNS)
		if err != nil {
			return nil, fmt.Errorf("recent feedback: %w", err)
		}
		it.LastAt = fromNS(lastNS)
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("recent feedback: %w", err)
	}
	return items, nil
}
