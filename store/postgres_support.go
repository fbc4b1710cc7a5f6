package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/partnerbot/partnerbot"
)

// AnsweredForums returns the forums a guild's moderators chose, sorted.
func (db *Postgres) AnsweredForums(ctx context.Context, guildID string) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT channel_id FROM forums WHERE guild_id = $1 ORDER BY channel_id COLLATE "C"`, guildID)
	if err != nil {
		return nil, fmt.Errorf("answered forums: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("answered forums: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return ids, nil
}

// AddForum makes the bot answer new posts in a forum.
func (db *Postgres) AddForum(ctx context.Context, guildID, channelID string) error {
	if guildID == "" || channelID == "" {
		return errors.New("add forum: empty guild or channel id")
	}
	_, err := db.execCount(ctx, "add forum", `INSERT INTO forums (guild_id, channel_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, guildID, channelID)
	return err
}

// RemoveForum stops answering a forum and reports whether it was answered.
func (db *Postgres) RemoveForum(ctx context.Context, guildID, channelID string) (bool, error) {
	n, err := db.execCount(ctx, "remove forum", `DELETE FROM forums WHERE guild_id = $1 AND channel_id = $2`, guildID, channelID)
	return n > 0, err
}

// ForumTag returns a forum's hand-off tag, "" when none is set.
func (db *Postgres) ForumTag(ctx context.Context, channelID string) (string, error) {
	var tag string
	err := db.pool.QueryRow(ctx, `SELECT tag_id FROM forum_tags WHERE channel_id = $1`, channelID).Scan(&tag)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("forum tag: %w", err)
	}
	return tag, nil
}

// SetForumTag sets a forum's hand-off tag; an empty tagID removes it.
func (db *Postgres) SetForumTag(ctx context.Context, guildID, channelID, tagID string) error {
	if guildID == "" || channelID == "" {
		return errors.New("set forum tag: empty guild or channel id")
	}
	var err error
	if tagID == "" {
		_, err = db.execCount(ctx, "set forum tag", `DELETE FROM forum_tags WHERE channel_id = $1`, channelID)
	} else {
		_, err = db.execCount(ctx, "set forum tag", `INSERT INTO forum_tags (channel_id, guild_id, tag_id) VALUES ($1, $2, $3)
			ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id, tag_id = excluded.tag_id`, channelID, guildID, tagID)
	}
	return err
}

// HandoffChannel returns a guild's moderators' channel, "" when none is set.
func (db *Postgres) HandoffChannel(ctx context.Context, guildID string) (string, error) {
	var ch *string
	err := db.pool.QueryRow(ctx, `SELECT handoff_channel FROM guild_settings WHERE guild_id = $1`, guildID).Scan(&ch)
	if errors.Is(err, pgx.ErrNoRows) || err == nil && ch == nil {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("handoff channel: %w", err)
	}
	return *ch, nil
}

// SetHandoffChannel sets a guild's moderators' channel; "" removes it.
func (db *Postgres) SetHandoffChannel(ctx context.Context, guildID, channelID string) error {
	if guildID == "" {
		return errors.New("set handoff channel: empty guild id")
	}
	_, err := db.execCount(ctx, "set handoff channel", `INSERT INTO guild_settings (guild_id, handoff_channel) VALUES ($1, NULLIF($2, ''))
		ON CONFLICT (guild_id) DO UPDATE SET handoff_channel = excluded.handoff_channel`, guildID, channelID)
	return err
}

// ClearHandoffChannel is DB.ClearHandoffChannel for PostgreSQL.
func (db *Postgres) ClearHandoffChannel(ctx context.Context, guildID, channelID string) (bool, error) {
	n, err := db.execCount(ctx, "clear handoff channel", `UPDATE guild_settings SET handoff_channel = NULL
		WHERE guild_id = $1 AND handoff_channel = $2`, guildID, channelID)
	return n == 1, err
}

// SilenceThread keeps the bot out of a thread unless it is asked again.
func (db *Postgres) SilenceThread(ctx context.Context, threadID string, at time.Time) error {
	if threadID == "" {
		return errors.New("silence thread: empty thread id")
	}
	ns, err := db.stamp(at)
	if err != nil {
		return fmt.Errorf("silence thread: %w", err)
	}
	_, err = db.execCount(ctx, "silence thread", `INSERT INTO quiet_threads (thread_id, since_ns) VALUES ($1, $2) ON CONFLICT DO NOTHING`, threadID, ns)
	return err
}

// ThreadSilenced reports whether the bot keeps out of a thread.
func (db *Postgres) ThreadSilenced(ctx context.Context, threadID string) (bool, error) {
	var quiet bool
	if err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM quiet_threads WHERE thread_id = $1)`, threadID).Scan(&quiet); err != nil {
		return false, fmt.Errorf("thread silenced: %w", err)
	}
	return quiet, nil
}

// ForgetThread drops what is kept of a deleted thread (see DB.ForgetThread).
func (db *Postgres) ForgetThread(ctx context.Context, threadID string) error {
	if threadID == "" {
		return errors.New("forget thread: empty thread id")
	}
	_, err := db.execCount(ctx, "forget thread", `DELETE FROM quiet_threads WHERE thread_id = $1`, threadID)
	return err
}

// AddGap queues a logged question for the moderators (see DB.AddGap).
func (db *Postgres) AddGap(ctx context.Context, g partnerbot.Gap) (bool, error) {
	if err := checkGap(g); err != nil {
		return false, fmt.Errorf("add gap: %w", err)
	}
	ns, err := db.stamp(g.At)
	if err != nil {
		return false, fmt.Errorf("add gap: %w", err)
	}
	var exists, added bool
	err = db.pool.QueryRow(ctx, `WITH ins AS (
			INSERT INTO gaps (kind, question_id, user_hash, at_ns)
			SELECT $1, id, $2, $3 FROM questions WHERE id = $4
			ON CONFLICT DO NOTHING RETURNING 1
		) SELECT EXISTS (SELECT 1 FROM questions WHERE id = $4), EXISTS (SELECT 1 FROM ins)`,
		g.Kind, g.UserHash, ns, g.QuestionID).Scan(&exists, &added)
	if err != nil {
		return false, fmt.Errorf("add gap: %w", err)
	}
	if !exists {
		return false, fmt.Errorf("add gap: question %d: %w", g.QuestionID, partnerbot.ErrNotFound)
	}
	return added, nil
}

// Gaps returns up to limit of a guild's queued gaps, latest first.
func (db *Postgres) Gaps(ctx context.Context, guildID string, limit int) ([]partnerbot.Gap, error) {
	if limit < 1 {
		return nil, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT `+gapCols+` FROM gaps g JOIN questions q ON q.id = g.question_id
		WHERE q.guild_id = $1 AND g.dismissed_ns IS NULL ORDER BY g.at_ns DESC, g.id DESC LIMIT $2`, guildID, limit)
	if err != nil {
		return nil, fmt.Errorf("gaps: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (partnerbot.Gap, error) { return scanGap(r) })
	if err != nil {
		return nil, fmt.Errorf("gaps: %w", err)
	}
	if len(out) == 0 {
		return nil, nil // as SQLite's
	}
	return out, nil
}

// DismissGaps takes a guild's gaps with the given IDs out of the queue.
func (db *Postgres) DismissGaps(ctx context.Context, guildID string, ids []int64, at time.Time) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	ns, err := db.stamp(at)
	if err != nil {
		return 0, fmt.Errorf("dismiss gaps: %w", err)
	}
	n, err := db.execCount(ctx, "dismiss gaps", `UPDATE gaps SET dismissed_ns = $1
		WHERE dismissed_ns IS NULL AND question_id IN (SELECT id FROM questions WHERE guild_id = $2) AND id = ANY($3)`, ns, guildID, ids)
	return int(n), err
}

// AddCurated saves a curated answer and returns its ID.
func (db *Postgres) AddCurated(ctx context.Context, c partnerbot.CuratedAnswer) (int64, error) {
	js, ns, err := curatedValues(c, db.stamp)
	if err != nil {
		return 0, fmt.Errorf("add curated answer: %w", err)
	}
	var id int64
	err = db.pool.QueryRow(ctx, `INSERT INTO curated (guild_id, question, answer, citations, author_hash, at_ns)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, c.GuildID, c.Question, c.Answer, js, c.AuthorHash, ns).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add curated answer: %w", err)
	}
	return id, nil
}

// pgCuratedCols are curatedCols with the citations as text.
const pgCuratedCols = `id, guild_id, question, answer, citations::text, author_hash, at_ns`

// CuratedAnswers returns up to limit of a guild's live curated answers,
// oldest first.
func (db *Postgres) CuratedAnswers(ctx context.Context, guildID string, limit int) ([]partnerbot.CuratedAnswer, error) {
	if limit < 1 {
		return nil, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT `+pgCuratedCols+` FROM curated
		WHERE guild_id = $1 AND retired_ns IS NULL ORDER BY id LIMIT $2`, guildID, limit)
	if err != nil {
		return nil, fmt.Errorf("curated answers: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (partnerbot.CuratedAnswer, error) { return scanCurated(r) })
	if err != nil {
		return nil, fmt.Errorf("curated answers: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// CuratedAnswer returns one of a guild's live curated answers, or an error
// wrapping partnerbot.ErrNotFound.
func (db *Postgres) CuratedAnswer(ctx context.Context, guildID string, id int64) (partnerbot.CuratedAnswer, error) {
	c, err := scanCurated(db.pool.QueryRow(ctx, `SELECT `+pgCuratedCols+` FROM curated
		WHERE id = $1 AND guild_id = $2 AND retired_ns IS NULL`, id, guildID))
	if errors.Is(err, pgx.ErrNoRows) {
		return partnerbot.CuratedAnswer{}, fmt.Errorf("curated answer %d: %w", id, partnerbot.ErrNotFound)
	}
	if err != nil {
		return partnerbot.CuratedAnswer{}, fmt.Errorf("curated answer %d: %w", id, err)
	}
	return c, nil
}

// UpdateCurated replaces a live curated answer (see DB.UpdateCurated).
func (db *Postgres) UpdateCurated(ctx context.Context, c partnerbot.CuratedAnswer) error {
	js, ns, err := curatedValues(c, db.stamp)
	if err != nil {
		return fmt.Errorf("update curated answer: %w", err)
	}
	n, err := db.execCount(ctx, "update curated answer", `UPDATE curated SET question = $1, answer = $2, citations = $3, author_hash = $4, at_ns = $5
		WHERE id = $6 AND guild_id = $7 AND retired_ns IS NULL`, c.Question, c.Answer, js, c.AuthorHash, ns, c.ID, c.GuildID)
	if err == nil && n == 0 {
		err = fmt.Errorf("update curated answer %d: %w", c.ID, partnerbot.ErrNotFound)
	}
	return err
}

// RetireCurated retires a live curated answer (see DB.RetireCurated).
func (db *Postgres) RetireCurated(ctx context.Context, guildID string, id int64, at time.Time) error {
	ns, err := db.stamp(at)
	if err != nil {
		return fmt.Errorf("retire curated answer: %w", err)
	}
	n, err := db.execCount(ctx, "retire curated answer", `UPDATE curated SET retired_ns = $1
		WHERE id = $2 AND guild_id = $3 AND retired_ns IS NULL`, ns, id, guildID)
	if err == nil && n == 0 {
		err = fmt.Errorf("retire curated answer %d: %w", id, partnerbot.ErrNotFound)
	}
	return err
}

// execCount runs one statement and returns the rows it changed.
func (db *Postgres) execCount(ctx context.Context, op, query string, args ...any) (int64, error) {
	tag, err := db.pool.Exec(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	return tag.RowsAffected(), nil
}
