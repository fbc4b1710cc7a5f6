package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/partnerbot/partnerbot"
)

// LogQuestion appends r to the question log (r.ID is ignored) and returns
// the new record's ID. Citations are stored as JSON.
func (db *DB) LogQuestion(ctx context.Context, r partnerbot.QuestionRecord) (int64, error) {
	if err := checkRecord(r); err != nil {
		return 0, fmt.Errorf("log question: %w", err)
	}
	ns, err := db.stamp(r.At)
	if err != nil {
		return 0, fmt.Errorf("log question: %w", err)
	}
	js, err := citationsJSON(r.Citations)
	if err != nil {
		return 0, fmt.Errorf("log question: %w", err)
	}
	if err := db.lockWrite(ctx); err != nil {
		return 0, fmt.Errorf("log question: %w", err)
	}
	defer db.unlockWrite()
	res, err := db.sql.ExecContext(ctx, `INSERT INTO questions (
		at_ns, guild_id, channel_id, thread_id, user_hash, question, answer,
		citations, abstained, mode, latency_ms, prompt_tokens, completion_tokens
	) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ns, r.GuildID, r.ChannelID, r.ThreadID, r.UserHash, r.Question, r.Answer,
		js, r.Abstained, r.Mode, r.LatencyMS, r.PromptTokens, r.CompletionTokens)
	if err != nil {
		return 0, fmt.Errorf("log question: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("log question: %w", err)
	}
	return id, nil
}

// questionCols are the columns scanQuestion reads, in its order; use with
// the table aliased q.
const questionCols = `q.id, q.at_ns, q.guild_id, q.channel_id, q.thread_id, q.user_hash,
	q.question, q.answer, q.citations, q.abstained, q.mode, q.latency_ms,
	q.prompt_tokens, q.completion_tokens`

type scanner interface{ Scan(dest ...any) error }

// scanQuestion scans questionCols, followed by extra destinations.
func scanQuestion(s scanner, extra ...any) (partnerbot.QuestionRecord, error) {
	var (
		r     partnerbot.QuestionRecord
		ns    int64
		cites string
	)
	dest := append([]any{&r.ID, &ns, &r.GuildID, &r.ChannelID, &r.ThreadID, &r.UserHash,
		&r.Question, &r.Answer, &cites, &r.Abstained, &r.Mode, &r.LatencyMS,
		&r.PromptTokens, &r.CompletionTokens}, extra...)
	if err := s.Scan(dest...); err != nil {
		return partnerbot.QuestionRecord{}, err
	}
	r.At = fromNS(ns)
	if err := json.Unmarshal([]byte(cites), &r.Citations); err != nil {
		return partnerbot.QuestionRecord{}, fmt.Errorf("question %d: citations: %w", r.ID, err)
	}
	if len(r.Citations) == 0 {
		r.Citations = nil
	}
	return r, nil
}

// Question returns the logged question with the given ID, or an error
// wrapping partnerbot.ErrNotFound.
func (db *DB) Question(ctx context.Context, id int64) (partnerbot.QuestionRecord, error) {
	row := db.sql.QueryRowContext(ctx, `SELECT `+questionCols+` FROM questions q WHERE q.id = ?`, id)
	r, err := scanQuestion(row)
	if errors.Is(err, sql.ErrNoRows) {
		return partnerbot.QuestionRecord{}, fmt.Errorf("question %d: %w", id, partnerbot.ErrNotFound)
	}
	if err != nil {
		return partnerbot.QuestionRecord{}, fmt.Errorf("question %d: %w", id, err)
	}
	return r, nil
}

// threadHistorySQL reads a thread's last turns. Saying that thread_id is
// not empty lets SQLite use the partial index questions_thread: without it
// every lookup, one for each message the bot sees, scanned the whole
// question log.
const threadHistorySQL = `SELECT question, answer FROM (
		SELECT id, at_ns, question, answer FROM questions
		WHERE thread_id = ? AND thread_id <> '' ORDER BY at_ns DESC, id DESC LIMIT ?
	) ORDER BY at_ns, id`

// ThreadHistory returns the last limit turns of a thread, oldest first
// (by time, then by ID). An empty threadID or a limit below 1 yields none.
func (db *DB) ThreadHistory(ctx context.Context, threadID string, limit int) ([]partnerbot.Turn, error) {
	if threadID == "" || limit < 1 {
		return nil, nil
	}
	rows, err := db.sql.QueryContext(ctx, threadHistorySQL, threadID, limit)
	if err != nil {
		return nil, fmt.Errorf("thread history: %w", err)
	}
	defer rows.Close()
	var turns []partnerbot.Turn
	for rows.Next() {
		var t partnerbot.Turn
		if err := rows.Scan(&t.Question, &t.Answer); err != nil {
			return nil, fmt.Errorf("thread history: %w", err)
		}
		turns = append(turns, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("thread history: %w", err)
	}
	return turns, nil
}
