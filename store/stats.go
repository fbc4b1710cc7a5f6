package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/partnerbot/partnerbot"
)

// topSources is how many documents Stats.TopSources lists.
const topSources = 5

// Stats summarises guildID's questions asked at or after since (a zero
// since means all of them) from one consistent snapshot.
func (db *DB) Stats(ctx context.Context, guildID string, since time.Time) (partnerbot.Stats, error) {
	tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return partnerbot.Stats{}, fmt.Errorf("stats: %w", err)
	}
	defer tx.Rollback() // read-only: nothing to commit
	st, err := stats(ctx, tx, guildID, bound(since))
	if err != nil {
		return partnerbot.Stats{}, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}

func stats(ctx context.Context, tx *sql.Tx, guildID string, since int64) (partnerbot.Stats, error) {
	var st partnerbot.Stats
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*),
			COALESCE(SUM(abstained), 0),
			COALESCE(SUM(mode = ?), 0),
			COALESCE(SUM(mode = ?), 0),
			COALESCE(SUM(prompt_tokens), 0),
			COALESCE(SUM(completion_tokens), 0)
		FROM questions WHERE guild_id = ? AND at_ns >= ?`, partnerbot.Generative, partnerbot.Curated, guildID, since).
		Scan(&st.Questions, &st.Abstained, &st.Generative, &st.Curated, &st.PromptTokens, &st.CompletionTokens)
	if err != nil {
		return partnerbot.Stats{}, fmt.Errorf("counts: %w", err)
	}
	if st.Questions > 0 {
		st.AbstentionRate = float64(st.Abstained) / float64(st.Questions)
	}

	err = tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(f.vote > 0), 0), COALESCE(SUM(f.vote < 0), 0)
		FROM feedback f JOIN questions q ON q.id = f.question_id
		WHERE q.guild_id = ? AND q.at_ns >= ?`, guildID, since).Scan(&st.Up, &st.Down)
	if err != nil {
		return partnerbot.Stats{}, fmt.Errorf("votes: %w", err)
	}

	lat := make([]float64, 0, st.Questions)
	rows, err := tx.QueryContext(ctx, `SELECT latency_ms FROM questions WHERE guild_id = ? AND at_ns >= ?`, guildID, since)
	if err != nil {
		return partnerbot.Stats{}, fmt.Errorf("latencies: %w", err)
	}
	for rows.Next() {
		var ms float64
		if err := rows.Scan(&ms); err != nil {
			rows.Close()
			return partnerbot.Stats{}, fmt.Errorf("latencies: %w", err)
		}
		lat = append(lat, ms)
	}
	if err := rows.Err(); err != nil {
		return partnerbot.Stats{}, fmt.Errorf("latencies: %w", err)
	}
	rows.Close()
	slices.Sort(lat)
	st.P50MS = percentile(lat, 50)
	st.P95MS = percentile(lat, 95)

	rows, err = tx.QueryContext(ctx, `SELECT c.value ->> '$.doc_id' AS doc,
			MAX(COALESCE(c.value ->> '$.title', '')), COUNT(*) AS n
		FROM questions q, json_each(q.citations) c
		WHERE q.guild_id = ? AND q.at_ns >= ? AND COALESCE(doc, '') <> ''
		GROUP BY doc ORDER BY n DESC, doc LIMIT ?`, guildID, since, topSources)
	if err != nil {
		return partnerbot.Stats{}, fmt.Errorf("top sources: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sc partnerbot.SourceCount
		if err := rows.Scan(&sc.DocID, &sc.Title, &sc.Count); err != nil {
			return partnerbot.Stats{}, fmt.Errorf("top sources: %w", err)
		}
		st.TopSources = append(st.TopSources, sc)
	}
	if err := rows.Err(); err != nil {
		return partnerbot.Stats{}, fmt.Errorf("top sources: %w", err)
	}
	return st, nil
}

// percentile returns the nearest-rank p-th percentile of sorted: the
// smallest value with at least p% of the values at or below it.
// It works in integers so that, say, the 95th of 20 is exactly rank 19.
func percentile(sorted []float64, p int) float64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 * n)
	rank = max(1, min(rank, len(sorted)))
	return sorted[rank-1]
}
