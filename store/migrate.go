package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// migrations are the schema's steps, in order: migrations[i] takes the
// schema from version i to version i+1. Append only; never edit a step
// that has shipped.
var migrations = []string{
	// 1: the question log.
	`CREATE TABLE questions (
		id                INTEGER PRIMARY KEY AUTOINCREMENT,
		at_ns             INTEGER NOT NULL,
		guild_id          TEXT    NOT NULL,
		channel_id        TEXT    NOT NULL,
		thread_id         TEXT    NOT NULL,
		user_hash         TEXT    NOT NULL,
		question          TEXT    NOT NULL,
		answer            TEXT    NOT NULL,
		citations         TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(citations)),
		abstained         INTEGER NOT NULL CHECK (abstained IN (0, 1)),
		mode              TEXT    NOT NULL,
		latency_ms        REAL    NOT NULL,
		prompt_tokens     INTEGER NOT NULL,
		completion_tokens INTEGER NOT NULL
	);
	CREATE INDEX questions_guild_at ON questions (guild_id, at_ns);
	CREATE INDEX questions_thread ON questions (thread_id, at_ns, id) WHERE thread_id <> '';`,

	// 2: votes on answers, one per question and user.
	`CREATE TABLE feedback (
		question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
		user_hash   TEXT    NOT NULL,
		vote        INTEGER NOT NULL CHECK (vote IN (-1, 1)),
		at_ns       INTEGER NOT NULL,
		PRIMARY KEY (question_id, user_hash)
	) WITHOUT ROWID;`,

	// 3: per-guild settings.
	`CREATE TABLE allowed_channels (
		guild_id   TEXT NOT NULL,
		channel_id TEXT NOT NULL,
		PRIMARY KEY (guild_id, channel_id)
	) WITHOUT ROWID;
	CREATE TABLE guild_settings (
		guild_id        TEXT PRIMARY KEY,
		rate_per_minute INTEGER CHECK (rate_per_minute BETWEEN 1 AND 1000)
	) WITHOUT ROWID;`,

	// 4: state shared between replicas: handled interactions and messages,
	// rate-limit buckets, questions in flight, leases, embeddings, and
	// values set once for all (the salt of user pseudonyms).
	`CREATE TABLE claims (
		key      TEXT    PRIMARY KEY,
		until_ns INTEGER NOT NULL
	) WITHOUT ROWID;
	CREATE TABLE rate_buckets (
		key     TEXT    PRIMARY KEY,
		tokens  REAL    NOT NULL,
		last_ns INTEGER NOT NULL
	) WITHOUT ROWID;
	CREATE TABLE jobs (
		id          TEXT    PRIMARY KEY,
		owner       TEXT    NOT NULL,
		payload     BLOB,
		lease_ns    INTEGER NOT NULL,
		deadline_ns INTEGER NOT NULL,
		created_ns  INTEGER NOT NULL,
		done_ns     INTEGER,
		takeovers   INTEGER NOT NULL DEFAULT 0
	) WITHOUT ROWID;
	CREATE INDEX jobs_open ON jobs (created_ns) WHERE done_ns IS NULL;
	CREATE TABLE leases (
		name     TEXT    PRIMARY KEY,
		holder   TEXT    NOT NULL,
		until_ns INTEGER NOT NULL
	) WITHOUT ROWID;
	CREATE TABLE embeddings (
		model  TEXT NOT NULL,
		hash   TEXT NOT NULL,
		vector BLOB NOT NULL,
		PRIMARY KEY (model, hash)
	) WITHOUT ROWID;
	CREATE TABLE meta (
		key   TEXT PRIMARY KEY,
		value TEXT NOT NULL
	) WITHOUT ROWID;`,

	// 5: the support loop: forums answered, hand-offs, the gap queue and
	// curated answers.
	`CREATE TABLE forums (
		guild_id   TEXT NOT NULL,
		channel_id TEXT NOT NULL,
		PRIMARY KEY (guild_id, channel_id)
	) WITHOUT ROWID;
	CREATE TABLE forum_tags (
		channel_id TEXT PRIMARY KEY,
		guild_id   TEXT NOT NULL,
		tag_id     TEXT NOT NULL
	) WITHOUT ROWID;
	ALTER TABLE guild_settings ADD COLUMN handoff_channel TEXT;
	CREATE TABLE quiet_threads (
		thread_id TEXT    PRIMARY KEY,
		since_ns  INTEGER NOT NULL
	) WITHOUT ROWID;
	CREATE TABLE gaps (
		id           INTEGER PRIMARY KEY AUTOINCREMENT,
		kind         TEXT    NOT NULL CHECK (kind IN ('declined', 'downvote', 'handoff')),
		question_id  INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
		user_hash    TEXT    NOT NULL,
		at_ns        INTEGER NOT NULL,
		dismissed_ns INTEGER,
		UNIQUE (kind, question_id, user_hash)
	);
	CREATE INDEX gaps_open ON gaps (at_ns) WHERE dismissed_ns IS NULL;
	CREATE TABLE curated (
		id          INTEGER PRIMARY KEY AUTOINCREMENT,
		guild_id    TEXT    NOT NULL,
		question    TEXT    NOT NULL,
		answer      TEXT    NOT NULL,
		citations   TEXT    NOT NULL CHECK (json_valid(citations)),
		author_hash TEXT    NOT NULL,
		at_ns       INTEGER NOT NULL,
		retired_ns  INTEGER
	);
	CREATE INDEX curated_live ON curated (guild_id, id) WHERE retired_ns IS NULL;`,

	// 6: when each cached embedding was last used, so Prune can forget
	// those no replica has used for embeddingsKept; those cached before
	// count as used now.
	`ALTER TABLE embeddings ADD COLUMN used_ns INTEGER NOT NULL DEFAULT 0;
	UPDATE embeddings SET used_ns = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 1000000;
	CREATE INDEX embeddings_used ON embeddings (used_ns);`,
}

// migrate applies the steps the database has not had, each in its own
// transaction with its schema_version row, and refuses a database whose
// schema is newer than this build knows.
func (db *DB) migrate(ctx context.Context) error {
	return db.migrateTo(ctx, migrations)
}

func (db *DB) migrateTo(ctx context.Context, steps []string) error {
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
			version    INTEGER PRIMARY KEY,
			applied_ns INTEGER NOT NULL
		)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	have, err := db.version(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if have > len(steps) {
		return fmt.Errorf("migrate: %w", newerError(have, len(steps)))
	}
	for i, step := range steps {
		want := i + 1
		err := db.writeTx(ctx, func(tx *sql.Tx) error {
			// Read the version inside the write transaction, so two
			// processes opening the same file cannot both apply a step.
			have, err := schemaVersion(ctx, tx)
			if err != nil {
				return err
			}
			if have > len(steps) {
				return newerError(have, len(steps))
			}
			if have >= want {
				return nil
			}
			if have != want-1 {
				return fmt.Errorf("schema version %d, cannot apply step %d", have, want)
			}
			if _, err := tx.ExecContext(ctx, step); err != nil {
				return fmt.Errorf("step %d: %w", want, err)
			}
			ns, err := db.stamp(db.now())
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO schema_version (version, applied_ns) VALUES (?, ?)`, want, ns)
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	return nil
}

// ErrSchemaNewer reports a database whose schema a newer partnerbot wrote:
// this build refuses to start on it rather than misread it.
var ErrSchemaNewer = errors.New("database schema is newer than this build")

func newerError(have, known int) error {
	return fmt.Errorf("%w: version %d, this build knows up to version %d; upgrade partnerbot", ErrSchemaNewer, have, known)
}

func schemaVersion(ctx context.Context, tx *sql.Tx) (int, error) {
	var v int
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&v)
	return v, err
}

// version reports the database's schema version.
func (db *DB) version(ctx context.Context) (int, error) {
	var v int
	err := db.sql.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&v)
	return v, err
}
