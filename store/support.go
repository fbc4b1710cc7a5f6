package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/partnerbot/partnerbot"
)

// AnsweredForums returns the forum channels a guild's moderators chose
// for the bot to answer, sorted.
func (db *DB) AnsweredForums(ctx context.Context, guildID string) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT channel_id FROM forums WHERE guild_id = ? ORDER BY channel_id`, guildID)
	if err != nil {
		return nil, fmt.Errorf("answered forums: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("answered forums: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("answered forums: %w", err)
	}
	return ids, nil
}

// AddForum makes the bot answer new posts in a forum; adding it again
// changes nothing.
func (db *DB) AddForum(ctx context.Context, guildID, channelID string) error {
	if guildID == "" || channelID == "" {
		return errors.New("add forum: empty guild or channel id")
	}
	return db.exec(ctx, "add forum", `INSERT INTO forums (guild_id, channel_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, guildID, channelID)
}

// RemoveForum stops answering a forum and reports whether it was answered.
func (db *DB) RemoveForum(ctx context.Context, guildID, channelID string) (bool, error) {
	n, err := db.execCount(ctx, "remove forum", `DELETE FROM forums WHERE guild_id = ? AND channel_id = ?`, guildID, channelID)
	return n > 0, err
}

// ForumTag returns the tag "Still need help?" applies to a forum's posts,
// "" when none is set.
func (db *DB) ForumTag(ctx context.Context, channelID string) (string, error) {
	var tag string
	err := db.sql.QueryRowContext(ctx, `SELECT tag_id FROM forum_tags WHERE channel_id = ?`, channelID).Scan(&tag)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("forum tag: %w", err)
	}
	return tag, nil
}

// SetForumTag sets a forum's hand-off tag; an empty tagID removes it.
func (db *DB) SetForumTag(ctx context.Context, guildID, channelID, tagID string) error {
	if guildID == "" || channelID == "" {
		return errors.New("set forum tag: empty guild or channel id")
	}
	if tagID == "" {
		return db.exec(ctx, "set forum tag", `DELETE FROM forum_tags WHERE channel_id = ?`, channelID)
	}
	return db.exec(ctx, "set forum tag", `INSERT INTO forum_tags (channel_id, guild_id, tag_id) VALUES (?, ?, ?)
		ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id, tag_id = excluded.tag_id`, channelID, guildID, tagID)
}

// HandoffChannel returns the channel where hand-offs outside forums are
// posted for a guild's moderators, "" when none is set.
func (db *DB) HandoffChannel(ctx context.Context, guildID string) (string, error) {
	var ch sql.NullString
	err := db.sql.QueryRowContext(ctx, `SELECT handoff_channel FROM guild_settings WHERE guild_id = ?`, guildID).Scan(&ch)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("handoff channel: %w", err)
	}
	return ch.String, nil
}

// SetHandoffChannel sets a guild's moderators' channel; "" removes it.
func (db *DB) SetHandoffChannel(ctx context.Context, guildID, channelID string) error {
	if guildID == "" {
		return errors.New("set handoff channel: empty guild id")
	}
	return db.exec(ctx, "set handoff channel", `INSERT INTO guild_settings (guild_id, handoff_channel) VALUES (?, NULLIF(?, ''))
		ON CONFLICT (guild_id) DO UPDATE SET handoff_channel = excluded.handoff_channel`, guildID, channelID)
}

// ClearHandoffChannel unsets a guild's moderators' channel if it is
// channelID (Discord deleted it), and reports whether it was: a channel
// a moderator set meanwhile stays.
func (db *DB) ClearHandoffChannel(ctx context.Context, guildID, channelID string) (bool, error) {
	n, err := db.execCount(ctx, "clear handoff channel", `UPDATE guild_settings SET handoff_channel = NULL
		WHERE guild_id = ? AND handoff_channel = ?`, guildID, channelID)
	return n == 1, err
}

// SilenceThread keeps the bot out of a thread from now on, unless it is
// asked again: a moderator answered there, or the asker was handed to one.
func (db *DB) SilenceThread(ctx context.Context, threadID string, at time.Time) error {
	if threadID == "" {
		return errors.New("silence thread: empty thread id")
	}
	ns, err := db.stamp(at)
	if err != nil {
		return fmt.Errorf("silence thread: %w", err)
	}
	return db.exec(ctx, "silence thread", `INSERT INTO quiet_threads (thread_id, since_ns) VALUES (?, ?) ON CONFLICT DO NOTHING`, threadID, ns)
}

// ThreadSilenced reports whether the bot keeps out of a thread.
func (db *DB) ThreadSilenced(ctx context.Context, threadID string) (bool, error) {
	var one int
	err := db.sql.QueryRowContext(ctx, `SELECT 1 FROM quiet_threads WHERE thread_id = ?`, threadID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("thread silenced: %w", err)
	}
	return true, nil
}

// ForgetThread drops what is kept of a deleted thread: that the bot keeps
// out of it.
func (db *DB) ForgetThread(ctx context.Context, threadID string) error {
	if threadID == "" {
		return errors.New("forget thread: empty thread id")
	}
	return db.exec(ctx, "forget thread", `DELETE FROM quiet_threads WHERE thread_id = ?`, threadID)
}

// AddGap queues a logged question for the moderators and reports whether
// it is new: each user adds a question to the queue once for each kind. A
// missing question gives an error wrapping partnerbot.ErrNotFound.
func (db *DB) AddGap(ctx context.Context, g partnerbot.Gap) (bool, error) {
	if err := checkGap(g); err != nil {
		return false, fmt.Errorf("add gap: %w", err)
	}
	ns, err := db.stamp(g.At)
	if err != nil {
		return false, fmt.Errorf("add gap: %w", err)
	}
	var added bool
	err = db.writeTx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM questions WHERE id = ?`, g.QuestionID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("question %d: %w", g.QuestionID, partnerbot.ErrNotFound)
		} else if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO gaps (kind, question_id, user_hash, at_ns) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, g.Kind, g.QuestionID, g.UserHash, ns)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		added = n > 0
		return err
	})
	if err != nil {
		return false, fmt.Errorf("add gap: %w", err)
	}
	return added, nil
}

// gapCols are the columns scanGap reads.
const gapCols = `g.id, q.guild_id, g.kind, g.question_id, q.question, g.user_hash, g.at_ns`

// scanGap scans gapCols.
func scanGap(s scanner) (partnerbot.Gap, error) {
	var (
		g  partnerbot.Gap
		ns int64
	)
	if err := s.Scan(&g.ID, &g.GuildID, &g.Kind, &g.QuestionID, &g.Question, &g.UserHash, &ns); err != nil {
		return partnerbot.Gap{}, err
	}
	g.At = fromNS(ns)
	return g, nil
}

// Gaps returns up to limit of a guild's queued gaps not dismissed, latest
// first.
func (db *DB) Gaps(ctx context.Context, guildID string, limit int) ([]partnerbot.Gap, error) {
	if limit < 1 {
		return nil, nil // SQLite reads a negative LIMIT as none
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+gapCols+` FROM gaps g JOIN questions q ON q.id = g.question_id
		WHERE q.guild_id = ? AND g.dismissed_ns IS NULL ORDER BY g.at_ns DESC, g.id DESC LIMIT ?`, guildID, limit)
	if err != nil {
		return nil, fmt.Errorf("gaps: %w", err)
	}
	defer rows.Close()
	var out []partnerbot.Gap
	for rows.Next() {
		g, err := scanGap(rows)
		if err != nil {
			return nil, fmt.Errorf("gaps: %w", err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("gaps: %w", err)
	}
	return out, nil
}

// DismissGaps takes a guild's gaps with the given IDs out of the queue and
// returns how many it took out.
func (db *DB) DismissGaps(ctx context.Context, guildID string, ids []int64, at time.Time) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	ns, err := db.stamp(at)
	if err != nil {
		return 0, fmt.Errorf("dismiss gaps: %w", err)
	}
	list, err := json.Marshal(ids) // one parameter, however many: SQLite takes at most 32,766
	if err != nil {
		return 0, fmt.Errorf("dismiss gaps: %w", err)
	}
	n, err := db.execCount(ctx, "dismiss gaps", `UPDATE gaps SET dismissed_ns = ?
		WHERE dismissed_ns IS NULL AND question_id IN (SELECT id FROM questions WHERE guild_id = ?)
		AND id IN (SELECT value FROM json_each(?))`, ns, guildID, string(list))
	return int(n), err
}

// AddCurated saves a curated answer and returns its ID.
func (db *DB) AddCurated(ctx context.Context, c partnerbot.CuratedAnswer) (int64, error) {
	js, ns, err := curatedValues(c, db.stamp)
	if err != nil {
		return 0, fmt.Errorf("add curated answer: %w", err)
	}
	if err := db.lockWrite(ctx); err != nil {
		return 0, fmt.Errorf("add curated answer: %w", err)
	}
	defer db.unlockWrite()
	res, err := db.sql.ExecContext(ctx, `INSERT INTO curated (guild_id, question, answer, citations, author_hash, at_ns)
		VALUES (?, ?, ?, ?, ?, ?)`, c.GuildID, c.Question, c.Answer, js, c.AuthorHash, ns)
	if err != nil {
		return 0, fmt.Errorf("add curated answer: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("add curated answer: %w", err)
	}
	return id, nil
}

// curatedValues checks a curated answer and encodes its citations and its
// time, by stamp; both engines store them this way.
func curatedValues(c partnerbot.CuratedAnswer, stamp func(time.Time) (int64, error)) (string, int64, error) {
	if err := checkCurated(c); err != nil {
		return "", 0, err
	}
	js, err := citationsJSON(c.Citations)
	if err != nil {
		return "", 0, err
	}
	ns, err := stamp(c.At)
	return js, ns, err
}

// curatedCols are the columns scanCurated reads.
const curatedCols = `id, guild_id, question, answer, citations, author_hash, at_ns`

// scanCurated scans curatedCols.
func scanCurated(s scanner) (partnerbot.CuratedAnswer, error) {
	var (
		c     partnerbot.CuratedAnswer
		cites string
		ns    int64
	)
	if err := s.Scan(&c.ID, &c.GuildID, &c.Question, &c.Answer, &cites, &c.AuthorHash, &ns); err != nil {
		return partnerbot.CuratedAnswer{}, err
	}
	c.At = fromNS(ns)
	if err := json.Unmarshal([]byte(cites), &c.Citations); err != nil {
		return partnerbot.CuratedAnswer{}, fmt.Errorf("curated answer %d: citations: %w", c.ID, err)
	}
	return c, nil
}

// CuratedAnswers returns up to limit of a guild's curated answers not
// retired, oldest first.
func (db *DB) CuratedAnswers(ctx context.Context, guildID string, limit int) ([]partnerbot.CuratedAnswer, error) {
	if limit < 1 {
		return nil, nil
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+curatedCols+` FROM curated
		WHERE guild_id = ? AND retired_ns IS NULL ORDER BY id LIMIT ?`, guildID, limit)
	if err != nil {
		return nil, fmt.Errorf("curated answers: %w", err)
	}
	defer rows.Close()
	var out []partnerbot.CuratedAnswer
	for rows.Next() {
		c, err := scanCurated(rows)
		if err != nil {
			return nil, fmt.Errorf("curated answers: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("curated answers: %w", err)
	}
	return out, nil
}

// CuratedAnswer returns one of a guild's curated answers not retired, or
// an error wrapping partnerbot.ErrNotFound.
func (db *DB) CuratedAnswer(ctx context.Context, guildID string, id int64) (partnerbot.CuratedAnswer, error) {
	c, err := scanCurated(db.sql.QueryRowContext(ctx, `SELECT `+curatedCols+` FROM curated
		WHERE id = ? AND guild_id = ? AND retired_ns IS NULL`, id, guildID))
	if errors.Is(err, sql.ErrNoRows) {
		return partnerbot.CuratedAnswer{}, fmt.Errorf("curated answer %d: %w", id, partnerbot.ErrNotFound)
	}
	if err != nil {
		return partnerbot.CuratedAnswer{}, fmt.Errorf("curated answer %d: %w", id, err)
	}
	return c, nil
}

// UpdateCurated replaces a curated answer's question, answer, citations,
// author and time; one retired or of another guild gives an error
// wrapping partnerbot.ErrNotFound.
func (db *DB) UpdateCurated(ctx context.Context, c partnerbot.CuratedAnswer) error {
	js, ns, err := curatedValues(c, db.stamp)
	if err != nil {
		return fmt.Errorf("update curated answer: %w", err)
	}
	n, err := db.execCount(ctx, "update curated answer", `UPDATE curated SET question = ?, answer = ?, citations = ?, author_hash = ?, at_ns = ?
		WHERE id = ? AND guild_id = ? AND retired_ns IS NULL`, c.Question, c.Answer, js, c.AuthorHash, ns, c.ID, c.GuildID)
	if err == nil && n == 0 {
		err = fmt.Errorf("update curated answer %d: %w", c.ID, partnerbot.ErrNotFound)
	}
	return err
}

// RetireCurated retires a curated answer: it is no longer served or
// listed. One already retired, or of another guild, gives an error
// wrapping partnerbot.ErrNotFound.
func (db *DB) RetireCurated(ctx context.Context, guildID string, id int64, at time.Time) error {
	ns, err := db.stamp(at)
	if err != nil {
		return fmt.Errorf("retire curated answer: %w", err)
	}
	n, err := db.execCount(ctx, "retire curated answer", `UPDATE curated SET retired_ns = ?
		WHERE id = ? AND guild_id = ? AND retired_ns IS NULL`, ns, id, guildID)
	if err == nil && n == 0 {
		err = fmt.Errorf("retire curated answer %d: %w", id, partnerbot.ErrNotFound)
	}
	return err
}

// exec runs one write statement.
func (db *DB) exec(ctx context.Context, op, query string, args ...any) error {
	_, err := db.execCount(ctx, op, query, args...)
	return err
}

// execCount runs one write statement and returns the rows it changed.
func (db *DB) execCount(ctx context.Context, op, query string, args ...any) (int64, error) {
	if err := db.lockWrite(ctx); err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	defer db.unlockWrite()
	res, err := db.sql.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	return n, nil
}

// checkGap and checkCurated are the checks both engines share.

func checkGap(g partnerbot.Gap) error {
	switch g.Kind {
	case partnerbot.GapDeclined, partnerbot.GapDownvote, partnerbot.GapHandoff:
	default:
		return fmt.Errorf("gap kind %q is not %q, %q or %q", g.Kind, partnerbot.GapDeclined, partnerbot.GapDownvote, partnerbot.GapHandoff)
	}
	if g.UserHash == "" {
		return errors.New("empty user hash")
	}
	return nil
}

func checkCurated(c partnerbot.CuratedAnswer) error {
	switch {
	case c.GuildID == "":
		return errors.New("empty guild id")
	case strings.TrimSpace(c.Question) == "" || strings.TrimSpace(c.Answer) == "":
		return errors.New("a curated answer needs a question and an answer")
	case len(c.Citations) == 0:
		return errors.New("a curated answer cites at least one quote")
	}
	return nil
}
