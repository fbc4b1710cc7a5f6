package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/partnerbot/partnerbot"
)

// Postgres is partnerbot's state in PostgreSQL, shared by every replica
// that opens the same database: the same contract as DB (SQLite), so the
// adapters see no difference. It is safe for concurrent use.
type Postgres struct {
	pool *pgxpool.Pool
	// health is a pool of one connection of its own for Ping, so that a
	// readiness check is not queued behind a busy replica's queries.
	health *pgxpool.Pool
	now    func() time.Time
	clock  pgClock // the database's clock against ours, for the shared tables
	// schema is the schema the tables live in (the connection's
	// search_path), which also names the NOTIFY channels, so that two
	// deployments in one database do not hear each other.
	schema string
}

// pgMigrations are PostgreSQL's schema steps, as migrations are SQLite's:
// pgMigrations[i] takes version i to i+1. Append only.
var pgMigrations = []string{
	// 1: the question log.
	`CREATE TABLE questions (
		id                BIGSERIAL PRIMARY KEY,
		at_ns             BIGINT  NOT NULL,
		guild_id          TEXT    NOT NULL,
		channel_id        TEXT    NOT NULL,
		thread_id         TEXT    NOT NULL,
		user_hash         TEXT    NOT NULL,
		question          TEXT    NOT NULL,
		answer            TEXT    NOT NULL,
		citations         JSONB   NOT NULL DEFAULT '[]',
		abstained         BOOLEAN NOT NULL,
		mode              TEXT    NOT NULL,
		latency_ms        DOUBLE PRECISION NOT NULL,
		prompt_tokens     INTEGER NOT NULL,
		completion_tokens INTEGER NOT NULL
	);
	CREATE INDEX questions_guild_at ON questions (guild_id, at_ns);
	CREATE INDEX questions_thread ON questions (thread_id, at_ns, id) WHERE thread_id <> '';`,

	// 2: votes on answers, one per question and user.
	`CREATE TABLE feedback (
		question_id BIGINT   NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
		user_hash   TEXT     NOT NULL,
		vote        SMALLINT NOT NULL CHECK (vote IN (-1, 1)),
		at_ns       BIGINT   NOT NULL,
		PRIMARY KEY (question_id, user_hash)
	);`,

	// 3: per-guild settings.
	`CREATE TABLE allowed_channels (
		guild_id   TEXT NOT NULL,
		channel_id TEXT NOT NULL,
		PRIMARY KEY (guild_id, channel_id)
	);
	CREATE TABLE guild_settings (
		guild_id        TEXT PRIMARY KEY,
		rate_per_minute INTEGER CHECK (rate_per_minute BETWEEN 1 AND 1000)
	);`,

	// 4: state shared between replicas.
	`CREATE TABLE claims (
		key      TEXT   PRIMARY KEY,
		until_ns BIGINT NOT NULL
	);
	CREATE TABLE rate_buckets (
		key     TEXT   PRIMARY KEY,
		tokens  DOUBLE PRECISION NOT NULL,
		last_ns BIGINT NOT NULL
	);
	CREATE TABLE jobs (
		id          TEXT    PRIMARY KEY,
		owner       TEXT    NOT NULL,
		payload     BYTEA,
		lease_ns    BIGINT  NOT NULL,
		deadline_ns BIGINT  NOT NULL,
		created_ns  BIGINT  NOT NULL,
		done_ns     BIGINT,
		takeovers   INTEGER NOT NULL DEFAULT 0
	);
	CREATE INDEX jobs_open ON jobs (created_ns) WHERE done_ns IS NULL;
	CREATE TABLE leases (
		name     TEXT   PRIMARY KEY,
		holder   TEXT   NOT NULL,
		until_ns BIGINT NOT NULL
	);
	CREATE TABLE embeddings (
		model  TEXT  NOT NULL,
		hash   TEXT  NOT NULL,
		vector BYTEA NOT NULL,
		PRIMARY KEY (model, hash)
	);
	CREATE TABLE meta (
		key   TEXT PRIMARY KEY,
		value TEXT NOT NULL
	);`,

	// 5: the support loop: forums answered, hand-offs, the gap queue and
	// curated answers.
	`CREATE TABLE forums (
		guild_id   TEXT NOT NULL,
		channel_id TEXT NOT NULL,
		PRIMARY KEY (guild_id, channel_id)
	);
	CREATE TABLE forum_tags (
		channel_id TEXT PRIMARY KEY,
		guild_id   TEXT NOT NULL,
		tag_id     TEXT NOT NULL
	);
	ALTER TABLE guild_settings ADD COLUMN handoff_channel TEXT;
	CREATE TABLE quiet_threads (
		thread_id TEXT   PRIMARY KEY,
		since_ns  BIGINT NOT NULL
	);
	CREATE TABLE gaps (
		id           BIGSERIAL PRIMARY KEY,
		kind         TEXT   NOT NULL CHECK (kind IN ('declined', 'downvote', 'handoff')),
		question_id  BIGINT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
		user_hash    TEXT   NOT NULL,
		at_ns        BIGINT NOT NULL,
		dismissed_ns BIGINT,
		UNIQUE (kind, question_id, user_hash)
	);
	CREATE INDEX gaps_open ON gaps (at_ns) WHERE dismissed_ns IS NULL;
	CREATE TABLE curated (
		id          BIGSERIAL PRIMARY KEY,
		guild_id    TEXT   NOT NULL,
		question    TEXT   NOT NULL,
		answer      TEXT   NOT NULL,
		citations   JSONB  NOT NULL,
		author_hash TEXT   NOT NULL,
		at_ns       BIGINT NOT NULL,
		retired_ns  BIGINT
	);
	CREATE INDEX curated_live ON curated (guild_id, id) WHERE retired_ns IS NULL;`,

	// 6: when each cached embedding was last used.
	`ALTER TABLE embeddings ADD COLUMN used_ns BIGINT NOT NULL DEFAULT 0;
	UPDATE embeddings SET used_ns = (extract(epoch FROM now()) * 1000000000)::bigint;
	CREATE INDEX embeddings_used ON embeddings (used_ns);`,
}

// defaultMaxConns is the pool size unless the URL sets pool_max_conns.
const defaultMaxConns = 20

// migrateLock is the advisory lock that lets one replica at a time migrate.
const migrateLock = 7263540114

// Bounds on opening PostgreSQL, so that a server that takes the
// connection but never answers fails the start instead of hanging it: a
// connection attempt (unless the URL sets connect_timeout), and the whole
// open with its migration.
const (
	pgConnectTimeout = 10 * time.Second
	pgOpenTimeout    = 60 * time.Second
)

// OpenPostgres connects to the database at url (postgres://…) and brings
// its schema up to date; a schema newer than this build knows is refused
// with an error wrapping ErrSchemaNewer.
func OpenPostgres(ctx context.Context, url string, opts Options) (*Postgres, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message can quote the URL, password and all.
		return nil, errors.New("open postgres: PARTNERBOT_DATABASE_URL is not a valid postgres:// URL")
	}
	if !strings.Contains(url, "pool_max_conns") {
		// pgx's default (4 on small machines) makes the gateway lease and
		// the job leases queue behind answers' writes under load.
		cfg.MaxConns = defaultMaxConns
	}
	if !strings.Contains(url, "connect_timeout") {
		cfg.ConnConfig.ConnectTimeout = pgConnectTimeout
	}
	octx, cancel := context.WithTimeout(ctx, pgOpenTimeout)
	defer cancel()
	db, err := openPool(octx, cfg, opts)
	if err != nil && ctx.Err() == nil && octx.Err() != nil {
		return nil, fmt.Errorf("open postgres: no answer from %s:%d within %v", cfg.ConnConfig.Host, cfg.ConnConfig.Port, pgOpenTimeout)
	}
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return db, nil
}

// openPool connects and migrates.
func openPool(ctx context.Context, cfg *pgxpool.Config, opts Options) (*Postgres, error) {
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	db := &Postgres{pool: pool, now: opts.Now, clock: pgClock{start: time.Now()}}
	if db.now == nil {
		db.now = time.Now
	}
	if err := db.measureClock(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	db.clock.checked.Store(int64(time.Since(db.clock.start)))
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&db.schema); err != nil {
		pool.Close()
		return nil, err
	}
	if err := db.migrateTo(ctx, pgMigrations); err != nil {
		pool.Close()
		return nil, err
	}
	hcfg := cfg.Copy()
	hcfg.MaxConns, hcfg.MinConns = 1, 0
	if db.health, err = pgxpool.NewWithConfig(ctx, hcfg); err != nil { // connects on the first Ping
		pool.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the connections, waiting at most pgCloseTimeout for those
// in use.
func (db *Postgres) Close() error {
	done := make(chan struct{})
	go func() { // waits for every connection to come back
		defer close(done)
		db.health.Close()
		db.pool.Close()
	}()
	select {
	case <-done:
		return nil
	case <-time.After(pgCloseTimeout):
		return fmt.Errorf("close postgres: connections still in use after %v; left to the exit", pgCloseTimeout)
	}
}

// pgCloseTimeout bounds Close: a query stuck on a server that stopped
// answering must not hold the process past its shutdown.
const pgCloseTimeout = 5 * time.Second

// Ping checks that the database can be reached, on a connection of its
// own: a replica whose queries take every pooled connection still says
// whether the database answers.
func (db *Postgres) Ping(ctx context.Context) error {
	if err := db.health.Ping(ctx); err != nil {
		return fmt.Errorf("ping store: %w", err)
	}
	return nil
}

// migrateTo applies the steps the database lacks, all in one transaction
// under an advisory lock, so replicas starting together migrate once.
func (db *Postgres) migrateTo(ctx context.Context, steps []string) error {
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLock); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
			version    INTEGER PRIMARY KEY,
			applied_ns BIGINT  NOT NULL
		)`); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		var have int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&have); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if have > len(steps) {
			return fmt.Errorf("migrate: %w", newerError(have, len(steps)))
		}
		for v := have + 1; v <= len(steps); v++ {
			if _, err := tx.Exec(ctx, steps[v-1]); err != nil {
				return fmt.Errorf("migrate: step %d: %w", v, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version, applied_ns) VALUES ($1, $2)`, v, db.now().UnixNano()); err != nil {
				return fmt.Errorf("migrate: %w", err)
			}
		}
		return nil
	})
}

// stamp converts t, or now when t is zero, to stored nanoseconds.
func (db *Postgres) stamp(t time.Time) (int64, error) { return stampAt(t, db.now) }

// LogQuestion appends r to the question log and returns its ID.
func (db *Postgres) LogQuestion(ctx context.Context, r partnerbot.QuestionRecord) (int64, error) {
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
	var id int64
	err = db.pool.QueryRow(ctx, `INSERT INTO questions (
		at_ns, guild_id, channel_id, thread_id, user_hash, question, answer,
		citations, abstained, mode, latency_ms, prompt_tokens, completion_tokens
	) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		ns, r.GuildID, r.ChannelID, r.ThreadID, r.UserHash, r.Question, r.Answer,
		js, r.Abstained, r.Mode, r.LatencyMS, r.PromptTokens, r.CompletionTokens).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("log question: %w", err)
	}
	return id, nil
}

// pgQuestionCols are the columns scanPGQuestion reads; citations as text.
const pgQuestionCols = `q.id, q.at_ns, q.guild_id, q.channel_id, q.thread_id, q.user_hash,
	q.question, q.answer, q.citations::text, q.abstained, q.mode, q.latency_ms,
	q.prompt_tokens, q.completion_tokens`

// Question returns the logged question with the given ID, or an error
// wrapping partnerbot.ErrNotFound.
func (db *Postgres) Question(ctx context.Context, id int64) (partnerbot.QuestionRecord, error) {
	r, err := scanQuestion(db.pool.QueryRow(ctx, `SELECT `+pgQuestionCols+` FROM questions q WHERE q.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return partnerbot.QuestionRecord{}, fmt.Errorf("question %d: %w", id, partnerbot.ErrNotFound)
	}
	if err != nil {
		return partnerbot.QuestionRecord{}, fmt.Errorf("question %d: %w", id, err)
	}
	return r, nil
}

// ThreadHistory returns the last limit turns of a thread, oldest first.
func (db *Postgres) ThreadHistory(ctx context.Context, threadID string, limit int) ([]partnerbot.Turn, error) {
	if threadID == "" || limit < 1 {
		return nil, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT question, answer FROM (
		SELECT id, at_ns, question, answer FROM questions
		WHERE thread_id = $1 AND thread_id <> '' ORDER BY at_ns DESC, id DESC LIMIT $2
	) t ORDER BY at_ns, id`, threadID, limit)
	if err != nil {
		return nil, fmt.Errorf("thread history: %w", err)
	}
	turns, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (partnerbot.Turn, error) {
		var t partnerbot.Turn
		err := r.Scan(&t.Question, &t.Answer)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("thread history: %w", err)
	}
	if len(turns) == 0 {
		return nil, nil
	}
	return turns, nil
}

// SetThread files a logged question under a thread.
func (db *Postgres) SetThread(ctx context.Context, questionID int64, threadID string) error {
	if threadID == "" {
		return errors.New("set thread: empty thread id")
	}
	tag, err := db.pool.Exec(ctx, `UPDATE questions SET thread_id = $1 WHERE id = $2`, threadID, questionID)
	if err != nil {
		return fmt.Errorf("set thread: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("set thread: question %d: %w", questionID, partnerbot.ErrNotFound)
	}
	return nil
}

// RecordFeedback records userHash's vote (+1 or -1) on an answer.
func (db *Postgres) RecordFeedback(ctx context.Context, questionID int64, userHash string, vote int, at time.Time) error {
	if err := checkVote(vote, userHash); err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	ns, err := db.stamp(at)
	if err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	tag, err := db.pool.Exec(ctx, `INSERT INTO feedback (question_id, user_hash, vote, at_ns)
		SELECT id, $1, $2, $3 FROM questions WHERE id = $4
		ON CONFLICT (question_id, user_hash) DO UPDATE SET vote = excluded.vote, at_ns = excluded.at_ns`,
		userHash, vote, ns, questionID)
	if err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("record feedback: question %d: %w", questionID, partnerbot.ErrNotFound)
	}
	return nil
}

// RecentFeedback returns up to limit of a guild's answers that have votes,
// most recently voted on first (see DB.RecentFeedback).
func (db *Postgres) RecentFeedback(ctx context.Context, guildID string, only string, limit int) ([]partnerbot.FeedbackItem, error) {
	having, err := feedbackHaving(only)
	if err != nil {
		return nil, fmt.Errorf("recent feedback: %w", err)
	}
	if limit < 1 {
		return nil, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT `+pgQuestionCols+`,
			COUNT(*) FILTER (WHERE f.vote > 0) AS up, COUNT(*) FILTER (WHERE f.vote < 0) AS down, MAX(f.at_ns) AS last_ns
		FROM feedback f JOIN questions q ON q.id = f.question_id
		WHERE q.guild_id = $1
		GROUP BY q.id `+having+`
		ORDER BY last_ns DESC, q.id DESC
		LIMIT $2`, guildID, limit)
	if err != nil {
		return nil, fmt.Errorf("recent feedback: %w", err)
	}
	defer rows.Close()
	var items []partnerbot.FeedbackItem
	for rows.Next() {
		var (
			it       partnerbot.FeedbackItem
			up, down int64
			lastNS   int64
		)
		it.Question, err = scanQuestion(rows, &up, &down, &lastNS)
		if err != nil {
			return nil, fmt.Errorf("recent feedback: %w", err)
		}
		it.Up, it.Down, it.LastAt = int(up), int(down), fromNS(lastNS)
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("recent feedback: %w", err)
	}
	return items, nil
}

// AllowedChannels returns a guild's allowed channels, sorted.
func (db *Postgres) AllowedChannels(ctx context.Context, guildID string) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT channel_id FROM allowed_channels WHERE guild_id = $1 ORDER BY channel_id COLLATE "C"`, guildID)
	if err != nil {
		return nil, fmt.Errorf("allowed channels: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("allowed channels: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return ids, nil
}

// AllowChannel adds a channel to a guild's allowed channels.
func (db *Postgres) AllowChannel(ctx context.Context, guildID, channelID string) error {
	if guildID == "" || channelID == "" {
		return errors.New("allow channel: empty guild or channel id")
	}
	if _, err := db.pool.Exec(ctx, `INSERT INTO allowed_channels (guild_id, channel_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
		guildID, channelID); err != nil {
		return fmt.Errorf("allow channel: %w", err)
	}
	return nil
}

// DisallowChannel removes a channel and reports whether it was there.
func (db *Postgres) DisallowChannel(ctx context.Context, guildID, channelID string) (bool, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM allowed_channels WHERE guild_id = $1 AND channel_id = $2`, guildID, channelID)
	if err != nil {
		return false, fmt.Errorf("disallow channel: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}

// DisallowUnlessLast removes a channel unless it is the guild's only
// one (see DB.DisallowUnlessLast). The guild's rows are locked first, in
// one order, so a second removal at once waits and then sees the first's.
func (db *Postgres) DisallowUnlessLast(ctx context.Context, guildID, channelID string) (removed, last bool, err error) {
	err = pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT channel_id FROM allowed_channels WHERE guild_id = $1
			ORDER BY channel_id COLLATE "C" FOR UPDATE`, guildID)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		switch {
		case err != nil:
			return err
		case !slices.Contains(ids, channelID):
			return nil
		case len(ids) == 1:
			last = true
			return nil
		}
		_, err = tx.Exec(ctx, `DELETE FROM allowed_channels WHERE guild_id = $1 AND channel_id = $2`, guildID, channelID)
		removed = err == nil
		return err
	})
	if err != nil {
		return false, false, fmt.Errorf("disallow unless last: %w", err)
	}
	return removed, last, nil
}

// RatePerMinute returns a guild's rate limit; ok is false when none is set.
func (db *Postgres) RatePerMinute(ctx context.Context, guildID string) (n int, ok bool, err error) {
	var v *int
	err = db.pool.QueryRow(ctx, `SELECT rate_per_minute FROM guild_settings WHERE guild_id = $1`, guildID).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) || err == nil && v == nil {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("rate per minute: %w", err)
	}
	return *v, true, nil
}

// SetRatePerMinute sets a guild's rate limit.
func (db *Postgres) SetRatePerMinute(ctx context.Context, guildID string, n int) error {
	if err := checkRate(guildID, n); err != nil {
		return fmt.Errorf("set rate per minute: %w", err)
	}
	if _, err := db.pool.Exec(ctx, `INSERT INTO guild_settings (guild_id, rate_per_minute) VALUES ($1, $2)
		ON CONFLICT (guild_id) DO UPDATE SET rate_per_minute = excluded.rate_per_minute`, guildID, n); err != nil {
		return fmt.Errorf("set rate per minute: %w", err)
	}
	return nil
}

// Stats summarises guildID's questions asked at or after since, from one
// consistent snapshot.
func (db *Postgres) Stats(ctx context.Context, guildID string, since time.Time) (partnerbot.Stats, error) {
	var st partnerbot.Stats
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		from := bound(since)
		err := tx.QueryRow(ctx, `SELECT COUNT(*),
				COUNT(*) FILTER (WHERE abstained),
				COUNT(*) FILTER (WHERE mode = $1),
				COUNT(*) FILTER (WHERE mode = $2),
				COALESCE(SUM(prompt_tokens), 0),
				COALESCE(SUM(completion_tokens), 0)
			FROM questions WHERE guild_id = $3 AND at_ns >= $4`, partnerbot.Generative, partnerbot.Curated, guildID, from).
			Scan(&st.Questions, &st.Abstained, &st.Generative, &st.Curated, &st.PromptTokens, &st.CompletionTokens)
		if err != nil {
			return fmt.Errorf("counts: %w", err)
		}
		err = tx.QueryRow(ctx, `SELECT COUNT(*) FILTER (WHERE f.vote > 0), COUNT(*) FILTER (WHERE f.vote < 0)
			FROM feedback f JOIN questions q ON q.id = f.question_id
			WHERE q.guild_id = $1 AND q.at_ns >= $2`, guildID, from).Scan(&st.Up, &st.Down)
		if err != nil {
			return fmt.Errorf("votes: %w", err)
		}
		rows, err := tx.Query(ctx, `SELECT latency_ms FROM questions WHERE guild_id = $1 AND at_ns >= $2`, guildID, from)
		if err != nil {
			return fmt.Errorf("latencies: %w", err)
		}
		lat, err := pgx.CollectRows(rows, pgx.RowTo[float64])
		if err != nil {
			return fmt.Errorf("latencies: %w", err)
		}
		slices.Sort(lat)
		st.P50MS, st.P95MS = percentile(lat, 50), percentile(lat, 95)
		rows, err = tx.Query(ctx, `SELECT c ->> 'doc_id' AS doc, MAX(COALESCE(c ->> 'title', '')), COUNT(*) AS n
			FROM questions q, jsonb_array_elements(q.citations) c
			WHERE q.guild_id = $1 AND q.at_ns >= $2 AND COALESCE(c ->> 'doc_id', '') <> ''
			GROUP BY c ->> 'doc_id' ORDER BY n DESC, (c ->> 'doc_id') COLLATE "C" LIMIT $3`, guildID, from, topSources)
		if err != nil {
			return fmt.Errorf("top sources: %w", err)
		}
		st.TopSources, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (partnerbot.SourceCount, error) {
			var sc partnerbot.SourceCount
			err := r.Scan(&sc.DocID, &sc.Title, &sc.Count)
			return sc, err
		})
		if err != nil {
			return fmt.Errorf("top sources: %w", err)
		}
		if len(st.TopSources) == 0 {
			st.TopSources = nil
		}
		return nil
	})
	if err != nil {
		return partnerbot.Stats{}, fmt.Errorf("stats: %w", err)
	}
	if st.Questions > 0 {
		st.AbstentionRate = float64(st.Abstained) / float64(st.Questions)
	}
	return st, nil
}

// Claim records key until until and reports whether it is new.
func (db *Postgres) Claim(ctx context.Context, key string, now, until time.Time) (bool, error) {
	db.checkClock(ctx)
	tag, err := db.pool.Exec(ctx, `INSERT INTO claims (key, until_ns) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET until_ns = excluded.until_ns WHERE claims.until_ns <= $3`,
		key, db.shared(until), db.shared(now))
	if err != nil {
		return false, fmt.Errorf("claim: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}

// bucketTx runs fn on key's bucket, locked for the transaction.
func (db *Postgres) bucketTx(ctx context.Context, key string, fn func(partnerbot.Bucket) (partnerbot.Bucket, bool)) error {
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		var (
			b  partnerbot.Bucket
			ns int64
		)
		// One statement creates the row empty-handed (last_ns 0 means
		// new) or locks the one there, so that two replicas racing on a
		// key take turns, and Prune cannot delete it between a create
		// and a lock.
		if err := tx.QueryRow(ctx, `INSERT INTO rate_buckets (key, tokens, last_ns) VALUES ($1, 0, 0)
			ON CONFLICT (key) DO UPDATE SET key = excluded.key
			RETURNING tokens, last_ns`, key).Scan(&b.Tokens, &ns); err != nil {
			return err
		}
		if ns != 0 {
			b.Last = db.local(ns)
		} else {
			b.Tokens = 0
		}
		b, write := fn(b)
		if !write {
			return nil
		}
		_, err := tx.Exec(ctx, `UPDATE rate_buckets SET tokens = $2, last_ns = $3 WHERE key = $1`, key, b.Tokens, db.shared(b.Last))
		return err
	})
}

// TakeToken spends one of key's rate-limit tokens, atomically across
// replicas.
func (db *Postgres) TakeToken(ctx context.Context, key string, perMinute int, now time.Time) (ok bool, wait time.Duration, err error) {
	err = db.bucketTx(ctx, key, func(b partnerbot.Bucket) (partnerbot.Bucket, bool) {
		b, ok, wait = b.Take(now, perMinute)
		return b, true
	})
	if err != nil {
		return false, 0, fmt.Errorf("take token: %w", err)
	}
	return ok, wait, nil
}

// RefundToken gives key back a token.
func (db *Postgres) RefundToken(ctx context.Context, key string, perMinute int) error {
	err := db.bucketTx(ctx, key, func(b partnerbot.Bucket) (partnerbot.Bucket, bool) {
		if b.Last.IsZero() {
			return b, false
		}
		return b.Refund(perMinute), true
	})
	if err != nil {
		return fmt.Errorf("refund token: %w", err)
	}
	return nil
}

// AddJob records a job, held by j.Owner until leaseUntil.
func (db *Postgres) AddJob(ctx context.Context, j partnerbot.Job, leaseUntil time.Time) error {
	db.checkClock(ctx)
	now, err := db.stamp(time.Time{})
	if err != nil {
		return fmt.Errorf("add job: %w", err)
	}
	tag, err := db.pool.Exec(ctx, `INSERT INTO jobs (id, owner, payload, lease_ns, deadline_ns, created_ns)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
		j.ID, j.Owner, j.Payload, db.shared(leaseUntil), db.shared(j.Deadline), now)
	if err != nil {
		return fmt.Errorf("add job %s: %w", j.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("add job %s: %w", j.ID, ErrJobExists)
	}
	return nil
}

// RenewJobs is DB.RenewJobs for PostgreSQL.
func (db *Postgres) RenewJobs(ctx context.Context, owner string, ids []string, until time.Time) (lost []string, err error) {
	if len(ids) == 0 {
		return nil, nil
	}
	db.checkClock(ctx)
	rows, err := db.pool.Query(ctx, `UPDATE jobs SET lease_ns = $1 WHERE owner = $2 AND done_ns IS NULL AND id = ANY($3) RETURNING id`,
		db.shared(until), owner, ids)
	if err != nil {
		return nil, fmt.Errorf("renew jobs: %w", err)
	}
	held, err := scanIDs(rows)
	if err != nil {
		return nil, fmt.Errorf("renew jobs: %w", err)
	}
	return notHeld(ids, held), nil
}

// UpdateJob replaces the payload and deadline of a job its owner still
// holds (see DB.UpdateJob).
func (db *Postgres) UpdateJob(ctx context.Context, j partnerbot.Job, until time.Time) (bool, error) {
	db.checkClock(ctx)
	n, err := db.execCount(ctx, "update job", `UPDATE jobs SET payload = $1, deadline_ns = $2, lease_ns = $3
		WHERE id = $4 AND owner = $5 AND done_ns IS NULL`, j.Payload, db.shared(j.Deadline), db.shared(until), j.ID, j.Owner)
	return n == 1, err
}

// TakeJobs is DB.TakeJobs for PostgreSQL.
func (db *Postgres) TakeJobs(ctx context.Context, owner string, now, until time.Time, limit int) ([]partnerbot.Job, error) {
	jobs, err := db.takeJobs(ctx, owner, now, until, limit, false)
	if err != nil {
		return nil, fmt.Errorf("take jobs: %w", err)
	}
	return jobs, nil
}

// TakeExpiredJobs is DB.TakeExpiredJobs for PostgreSQL.
func (db *Postgres) TakeExpiredJobs(ctx context.Context, owner string, now, until time.Time, limit int) ([]partnerbot.Job, error) {
	jobs, err := db.takeJobs(ctx, owner, now, until, limit, true)
	if err != nil {
		return nil, fmt.Errorf("take expired jobs: %w", err)
	}
	return jobs, nil
}

// takeJobs is TakeJobs, or TakeExpiredJobs when expired, their deadlines
// on this replica's clock.
func (db *Postgres) takeJobs(ctx context.Context, owner string, now, until time.Time, limit int, expired bool) ([]partnerbot.Job, error) {
	if limit < 1 {
		return nil, nil
	}
	db.checkClock(ctx)
	rows, err := db.pool.Query(ctx, `UPDATE jobs SET owner = $1, lease_ns = $2, takeovers = takeovers + 1
		WHERE id IN (SELECT id FROM jobs WHERE done_ns IS NULL AND lease_ns <= $3 AND `+takeWhere(expired, "$3")+`
			LIMIT $4 FOR UPDATE SKIP LOCKED)
		RETURNING id, owner, payload, deadline_ns, takeovers`, owner, db.shared(until), db.shared(now), limit)
	if err != nil {
		return nil, err
	}
	jobs, err := scanJobRows(rows)
	for i := range jobs {
		jobs[i].Deadline = db.local(jobs[i].Deadline.UnixNano())
	}
	sortTaken(jobs, expired)
	return jobs, err
}

// FinishJob marks a job done and forgets its payload.
func (db *Postgres) FinishJob(ctx context.Context, id string, now time.Time) error {
	if _, err := db.pool.Exec(ctx, `UPDATE jobs SET done_ns = $1, payload = NULL WHERE id = $2 AND done_ns IS NULL`, db.shared(now), id); err != nil {
		return fmt.Errorf("finish job %s: %w", id, err)
	}
	return nil
}

// WaitingJobs counts the jobs not done whose deadline is ahead.
func (db *Postgres) WaitingJobs(ctx context.Context, now time.Time) (int, error) {
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE done_ns IS NULL AND deadline_ns > $1`, db.shared(now)).Scan(&n); err != nil {
		return 0, fmt.Errorf("waiting jobs: %w", err)
	}
	return n, nil
}

// TryLease gives holder the lease called name until until when it is free,
// ran out by now, or is holder's already, and returns its holder after.
func (db *Postgres) TryLease(ctx context.Context, name, holder string, now, until time.Time) (string, error) {
	db.checkClock(ctx)
	var got string
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO leases (name, holder, until_ns) VALUES ($1, $2, $3)
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_ns = excluded.until_ns
			WHERE leases.holder = excluded.holder OR leases.until_ns <= $4`,
			name, holder, db.shared(until), db.shared(now)); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT holder FROM leases WHERE name = $1`, name).Scan(&got)
	})
	if err != nil {
		return "", fmt.Errorf("lease %s: %w", name, err)
	}
	return got, nil
}

// ReleaseLease gives the lease up, if holder holds it.
func (db *Postgres) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM leases WHERE name = $1 AND holder = $2`, name, holder); err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	return nil
}

// TouchEmbeddings is DB.TouchEmbeddings for PostgreSQL.
func (db *Postgres) TouchEmbeddings(ctx context.Context, model string, hashes []string) error {
	if len(hashes) == 0 {
		return nil
	}
	now := db.now()
	_, err := db.pool.Exec(ctx, `UPDATE embeddings SET used_ns = $1 WHERE model = $2 AND used_ns < $3 AND hash = ANY($4)`,
		db.shared(now), model, db.shared(now.Add(-embeddingsTouch)), hashes)
	if err != nil {
		return fmt.Errorf("touch embeddings: %w", err)
	}
	return nil
}

// Embeddings is DB.Embeddings for PostgreSQL.
func (db *Postgres) Embeddings(ctx context.Context, model string, hashes []string) (map[string][]float32, error) {
	out := map[string][]float32{}
	if len(hashes) == 0 {
		return out, nil
	}
	if err := db.TouchEmbeddings(ctx, model, hashes); err != nil {
		return nil, fmt.Errorf("embeddings: %w", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT hash, vector FROM embeddings WHERE model = $1 AND hash = ANY($2)`, model, hashes)
	if err != nil {
		return nil, fmt.Errorf("embeddings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			h   string
			raw []byte
		)
		if err := rows.Scan(&h, &raw); err != nil {
			return nil, fmt.Errorf("embeddings: %w", err)
		}
		v, err := decodeVector(raw)
		if err != nil {
			return nil, fmt.Errorf("embeddings: %s: %w", h, err)
		}
		out[h] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("embeddings: %w", err)
	}
	return out, nil
}

// PutEmbeddings is DB.PutEmbeddings for PostgreSQL.
func (db *Postgres) PutEmbeddings(ctx context.Context, model string, vecs map[string][]float32) error {
	now := db.shared(db.now())
	b := &pgx.Batch{}
	for h, v := range vecs {
		b.Queue(`INSERT INTO embeddings (model, hash, vector, used_ns) VALUES ($1, $2, $3, $4)
			ON CONFLICT (model, hash) DO UPDATE SET used_ns = excluded.used_ns`, model, h, encodeVector(v), now)
	}
	if err := db.pool.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("put embeddings: %w", err)
	}
	return nil
}

// Prune is DB.Prune for PostgreSQL.
func (db *Postgres) Prune(ctx context.Context, now time.Time) (expired int, err error) {
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM claims WHERE until_ns <= $1`, db.shared(now)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM rate_buckets WHERE last_ns <= $1`, db.shared(now.Add(-partnerbot.IdleFull))); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM jobs WHERE done_ns <= $1`, db.shared(now.Add(-doneJobsKept))); err != nil {
			return err
		}
		// A row a replica of a build before used_ns wrote has 0: in use now.
		if _, err := tx.Exec(ctx, `UPDATE embeddings SET used_ns = $1 WHERE used_ns = 0`, db.shared(now)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM embeddings WHERE used_ns <= $1`, db.shared(now.Add(-embeddingsKept))); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE jobs SET done_ns = $1, payload = NULL WHERE done_ns IS NULL AND deadline_ns <= $2`, db.shared(now), db.shared(now.Add(-expiredKept)))
		expired = int(tag.RowsAffected())
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune: %w", err)
	}
	return expired, nil
}

// UserSalt returns the salt every replica hashes user IDs with: the first
// candidate offered, kept for good.
func (db *Postgres) UserSalt(ctx context.Context, candidate string) (string, error) {
	var got string
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES ('user_salt', $1) ON CONFLICT DO NOTHING`, candidate); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT value FROM meta WHERE key = 'user_salt'`).Scan(&got)
	})
	if err != nil {
		return "", fmt.Errorf("user salt: %w", err)
	}
	return got, nil
}

// channel is the NOTIFY channel for topic in this deployment's schema.
func (db *Postgres) channel(topic string) string {
	return pgx.Identifier{"partnerbot_" + db.schema + "_" + topic}.Sanitize()
}

// Notify tells every replica listening on topic, this one included.
func (db *Postgres) Notify(ctx context.Context, topic, payload string) error {
	if _, err := db.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, "partnerbot_"+db.schema+"_"+topic, payload); err != nil {
		return fmt.Errorf("notify %s: %w", topic, err)
	}
	return nil
}

// Listen calls fn with the payload of every notification on topic until
// ctx ends, holding a connection of its own; when the connection drops it
// reconnects after a second, and reports the drop through onErr.
func (db *Postgres) Listen(ctx context.Context, topic string, fn func(payload string), onErr func(error)) {
	for ctx.Err() == nil {
		err := db.listenOnce(ctx, topic, fn)
		if ctx.Err() != nil {
			return
		}
		onErr(fmt.Errorf("listen %s: %w", topic, err))
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (db *Postgres) listenOnce(ctx context.Context, topic string, fn func(string)) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+db.channel(topic)); err != nil {
		return err
	}
	defer func() {
		// A pooled connection must not keep listening.
		conn.Exec(context.WithoutCancel(ctx), "UNLISTEN *")
	}()
	for {
		n, err := conn.Conn().WaitForNotification(ctx)
		if err != nil {
			return err
		}
		fn(n.Payload)
	}
}

// checkMode, checkRecord, checkVote, checkRate and citationsJSON are the
// checks and encodings both engines share.

func checkMode(mode string) error {
	switch mode {
	case partnerbot.Extractive, partnerbot.Generative, partnerbot.Curated:
		return nil
	}
	return fmt.Errorf("mode %q is not %q, %q or %q", mode, partnerbot.Extractive, partnerbot.Generative, partnerbot.Curated)
}

// checkRecord checks what a logged question must be: a known mode and a
// latency that is a number of milliseconds (a NaN would upset Stats'
// percentiles; SQLite would refuse it as NULL).
func checkRecord(r partnerbot.QuestionRecord) error {
	if math.IsNaN(r.LatencyMS) || math.IsInf(r.LatencyMS, 0) || r.LatencyMS < 0 {
		return fmt.Errorf("latency %v ms is not a duration", r.LatencyMS)
	}
	return checkMode(r.Mode)
}

func checkVote(vote int, userHash string) error {
	if vote != 1 && vote != -1 {
		return fmt.Errorf("vote %d is not +1 or -1", vote)
	}
	if userHash == "" {
		return errors.New("empty user hash")
	}
	return nil
}

func checkRate(guildID string, n int) error {
	if n < partnerbot.MinRatePerMinute || n > partnerbot.MaxRatePerMinute {
		return fmt.Errorf("%d is outside %d..%d", n, partnerbot.MinRatePerMinute, partnerbot.MaxRatePerMinute)
	}
	if guildID == "" {
		return errors.New("empty guild id")
	}
	return nil
}

// feedbackHaving is PostgreSQL's HAVING clause for a feedback filter.
func feedbackHaving(only string) (string, error) {
	switch only {
	case partnerbot.FeedbackAll, "":
		return "", nil
	case partnerbot.FeedbackUp:
		return "HAVING COUNT(*) FILTER (WHERE f.vote > 0) > 0", nil
	case partnerbot.FeedbackDown:
		return "HAVING COUNT(*) FILTER (WHERE f.vote < 0) > 0", nil
	}
	return "", fmt.Errorf("filter %q is not %q, %q or %q", only, partnerbot.FeedbackAll, partnerbot.FeedbackUp, partnerbot.FeedbackDown)
}

func citationsJSON(cites []partnerbot.Citation) (string, error) {
	if cites == nil {
		cites = []partnerbot.Citation{}
	}
	js, err := json.Marshal(cites)
	if err != nil {
		return "", fmt.Errorf("citations: %w", err)
	}
	return string(js), nil
}
