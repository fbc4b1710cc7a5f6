package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/partnerbot/partnerbot"
)

// This file holds the state replicas share, in SQLite: with one process
// per data directory it is shared by that process alone, but it keeps the
// same contract as PostgreSQL, so the adapters see no difference.

// doneJobsKept is how long a finished job's row is kept before Prune
// deletes it.
const doneJobsKept = time.Hour

// expiredKept is how long past its deadline an unfinished job waits for a
// replica to take it (TakeExpiredJobs), tell its asker and finish it,
// before Prune gives it up unannounced: replicas take such jobs every few
// seconds, so only one no replica tends (none running, or the one holding
// it stalled) gets that far.
const expiredKept = 10 * time.Minute

// Claim records key until until and reports whether it is new; a key whose
// time has passed by now may be claimed again.
func (db *DB) Claim(ctx context.Context, key string, now, until time.Time) (bool, error) {
	var n int64
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO claims (key, until_ns) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET until_ns = excluded.until_ns WHERE claims.until_ns <= ?`,
			key, bound(until), bound(now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claim: %w", err)
	}
	return n > 0, nil
}

// TakeToken spends one of key's rate-limit tokens (see partnerbot.Bucket).
func (db *DB) TakeToken(ctx context.Context, key string, perMinute int, now time.Time) (ok bool, wait time.Duration, err error) {
	err = db.writeTx(ctx, func(tx *sql.Tx) error {
		b, err := readBucket(ctx, tx, key)
		if err != nil {
			return err
		}
		b, ok, wait = b.Take(now, perMinute)
		return writeBucket(ctx, tx, key, b)
	})
	if err != nil {
		return false, 0, fmt.Errorf("take token: %w", err)
	}
	return ok, wait, nil
}

// RefundToken gives key back a token.
func (db *DB) RefundToken(ctx context.Context, key string, perMinute int) error {
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		b, err := readBucket(ctx, tx, key)
		if err != nil || b.Last.IsZero() {
			return err
		}
		return writeBucket(ctx, tx, key, b.Refund(perMinute))
	})
	if err != nil {
		return fmt.Errorf("refund token: %w", err)
	}
	return nil
}

func readBucket(ctx context.Context, tx *sql.Tx, key string) (partnerbot.Bucket, error) {
	var (
		b  partnerbot.Bucket
		ns int64
	)
	err := tx.QueryRowContext(ctx, `SELECT tokens, last_ns FROM rate_buckets WHERE key = ?`, key).Scan(&b.Tokens, &ns)
	if errors.Is(err, sql.ErrNoRows) {
		return partnerbot.Bucket{}, nil
	}
	b.Last = time.Unix(0, ns)
	return b, err
}

func writeBucket(ctx context.Context, tx *sql.Tx, key string, b partnerbot.Bucket) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO rate_buckets (key, tokens, last_ns) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, last_ns = excluded.last_ns`,
		key, b.Tokens, bound(b.Last))
	return err
}

// AddJob records a job, held by j.Owner until leaseUntil.
func (db *DB) AddJob(ctx context.Context, j partnerbot.Job, leaseUntil time.Time) error {
	now, err := db.stamp(time.Time{})
	if err != nil {
		return fmt.Errorf("add job: %w", err)
	}
	var n int64
	err = db.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO jobs (id, owner, payload, lease_ns, deadline_ns, created_ns)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
			j.ID, j.Owner, j.Payload, bound(leaseUntil), bound(j.Deadline), now)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("add job %s: %w", j.ID, err)
	}
	if n == 0 {
		return fmt.Errorf("add job %s: %w", j.ID, ErrJobExists)
	}
	return nil
}

// ErrJobExists reports a job recorded twice (partnerbot.ErrJobExists).
var ErrJobExists = partnerbot.ErrJobExists

// RenewJobs extends owner's hold on the jobs ids that are not done, and
// returns those of ids it no longer holds: done, or taken over by another
// replica after its lease ran out.
func (db *DB) RenewJobs(ctx context.Context, owner string, ids []string, until time.Time) (lost []string, err error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(ids) // one parameter, however many: SQLite takes at most 32,766
	if err != nil {
		return nil, fmt.Errorf("renew jobs: %w", err)
	}
	var held []string
	err = db.writeTx(ctx, func(tx *sql.Tx) error {
		held = held[:0]
		rows, err := tx.QueryContext(ctx, `UPDATE jobs SET lease_ns = ?
			WHERE owner = ? AND done_ns IS NULL AND id IN (SELECT value FROM json_each(?)) RETURNING id`,
			bound(until), owner, string(list))
		if err != nil {
			return err
		}
		held, err = scanIDs(sqlRows{rows})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("renew jobs: %w", err)
	}
	return notHeld(ids, held), nil
}

// UpdateJob replaces the payload and deadline of job j.ID, which j.Owner
// still holds, not done, and extends its lease to until. It reports false
// when j.Owner no longer holds it: done, or taken over by another replica.
func (db *DB) UpdateJob(ctx context.Context, j partnerbot.Job, until time.Time) (bool, error) {
	n, err := db.execCount(ctx, "update job", `UPDATE jobs SET payload = ?, deadline_ns = ?, lease_ns = ?
		WHERE id = ? AND owner = ? AND done_ns IS NULL`, j.Payload, bound(j.Deadline), bound(until), j.ID, j.Owner)
	return n == 1, err
}

// notHeld is ids less held.
func notHeld(ids, held []string) []string {
	var lost []string
	for _, id := range ids {
		if !slices.Contains(held, id) {
			lost = append(lost, id)
		}
	}
	return lost
}

// TakeJobs hands owner up to limit jobs that are not done, whose lease ran
// out by now and whose deadline is ahead, oldest first, held until until.
func (db *DB) TakeJobs(ctx context.Context, owner string, now, until time.Time, limit int) ([]partnerbot.Job, error) {
	jobs, err := db.takeJobs(ctx, owner, now, until, limit, false)
	if err != nil {
		return nil, fmt.Errorf("take jobs: %w", err)
	}
	return jobs, nil
}

// TakeExpiredJobs hands owner, held until until, up to limit jobs that are
// not done, whose lease ran out by now and whose deadline passed: the
// longest overdue first, each once, whichever replicas ask at the same
// time. The owner tells their askers they went unanswered and finishes
// them; if it dies first, another takes them once the lease runs out.
func (db *DB) TakeExpiredJobs(ctx context.Context, owner string, now, until time.Time, limit int) ([]partnerbot.Job, error) {
	jobs, err := db.takeJobs(ctx, owner, now, until, limit, true)
	if err != nil {
		return nil, fmt.Errorf("take expired jobs: %w", err)
	}
	return jobs, nil
}

// takeJobs is TakeJobs, or TakeExpiredJobs when expired.
func (db *DB) takeJobs(ctx context.Context, owner string, now, until time.Time, limit int, expired bool) ([]partnerbot.Job, error) {
	if limit < 1 {
		return nil, nil
	}
	var jobs []partnerbot.Job
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE jobs SET owner = ?, lease_ns = ?, takeovers = takeovers + 1
			WHERE id IN (SELECT id FROM jobs WHERE done_ns IS NULL AND lease_ns <= ? AND `+takeWhere(expired, "?")+`
				LIMIT ?)
			RETURNING id, owner, payload, deadline_ns, takeovers`,
			owner, bound(until), bound(now), bound(now), limit)
		if err != nil {
			return err
		}
		jobs, err = scanJobs(rows)
		return err
	})
	sortTaken(jobs, expired)
	return jobs, err
}

// takeWhere is the condition on the deadline, and the order, of the jobs
// TakeJobs (or, when expired, TakeExpiredJobs) hands out, with now as
// the placeholder p.
func takeWhere(expired bool, p string) string {
	if expired {
		return "deadline_ns <= " + p + " ORDER BY deadline_ns"
	}
	return "deadline_ns > " + p + " ORDER BY created_ns"
}

// sortTaken puts the jobs TakeExpiredJobs hands out (when expired) in
// their deadlines' order, which RETURNING does not keep; TakeJobs's stay
// as the store returned them.
func sortTaken(jobs []partnerbot.Job, expired bool) {
	if expired {
		slices.SortFunc(jobs, func(a, b partnerbot.Job) int { return a.Deadline.Compare(b.Deadline) })
	}
}

// jobRows is what scanJobs and scanIDs read: *sql.Rows, or pgx's rows.
type jobRows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// sqlRows adapts *sql.Rows, whose Close returns an error, to jobRows.
type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

func scanJobs(rows *sql.Rows) ([]partnerbot.Job, error) { return scanJobRows(sqlRows{rows}) }

// scanJobRows reads id, owner, payload, deadline_ns, takeovers rows.
func scanJobRows(rows jobRows) ([]partnerbot.Job, error) {
	defer rows.Close()
	var jobs []partnerbot.Job
	for rows.Next() {
		var (
			j  partnerbot.Job
			ns int64
		)
		if err := rows.Scan(&j.ID, &j.Owner, &j.Payload, &ns, &j.Takeovers); err != nil {
			return nil, err
		}
		j.Deadline = fromNS(ns)
		jobs = append(jobs, j)
	}
	return jobs, rows.Err()
}

// scanIDs reads rows of one text column.
func scanIDs(rows jobRows) ([]string, error) {
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// FinishJob marks a job done and forgets its payload.
func (db *DB) FinishJob(ctx context.Context, id string, now time.Time) error {
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE jobs SET done_ns = ?, payload = NULL WHERE id = ? AND done_ns IS NULL`, bound(now), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("finish job %s: %w", id, err)
	}
	return nil
}

// WaitingJobs counts the jobs not done whose deadline is ahead.
func (db *DB) WaitingJobs(ctx context.Context, now time.Time) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE done_ns IS NULL AND deadline_ns > ?`, bound(now)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("waiting jobs: %w", err)
	}
	return n, nil
}

// TryLease gives holder the lease called name until until when it is free,
// ran out by now, or is holder's already, and returns its holder after.
func (db *DB) TryLease(ctx context.Context, name, holder string, now, until time.Time) (string, error) {
	var got string
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO leases (name, holder, until_ns) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_ns = excluded.until_ns
			WHERE leases.holder = excluded.holder OR leases.until_ns <= ?`,
			name, holder, bound(until), bound(now))
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT holder FROM leases WHERE name = ?`, name).Scan(&got)
	})
	if err != nil {
		return "", fmt.Errorf("lease %s: %w", name, err)
	}
	return got, nil
}

// ReleaseLease gives the lease up, if holder holds it.
func (db *DB) ReleaseLease(ctx context.Context, name, holder string) error {
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM leases WHERE name = ? AND holder = ?`, name, holder)
		return err
	})
	if err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	return nil
}

// embeddingsKept is how long a cached embedding that no replica reads,
// writes or touches is kept before Prune deletes it. Every replica touches
// its corpus's vectors when it indexes and each day after (see
// TouchEmbeddings), so only those of articles no longer served, or of a
// model no longer used, go.
const embeddingsKept = 30 * 24 * time.Hour

// embeddingsTouch is how old an embedding's last use may be before a read
// records it again, so that indexing does not rewrite every vector.
const embeddingsTouch = 24 * time.Hour

// touchChunk bounds the hashes TouchEmbeddings marks in one write, so that
// marking a large corpus never holds SQLite's one writer long: the writes
// of questions being answered take turns with it.
const touchChunk = 1000

// TouchEmbeddings records that the vectors stored for model under the
// given content hashes are in use, which keeps them from Prune. Only those
// whose use was recorded over embeddingsTouch ago are written.
func (db *DB) TouchEmbeddings(ctx context.Context, model string, hashes []string) error {
	now := db.now()
	for chunk := range slices.Chunk(hashes, touchChunk) {
		list, err := json.Marshal(chunk) // one parameter, however many
		if err != nil {
			return fmt.Errorf("touch embeddings: %w", err)
		}
		err = db.exec(ctx, "touch embeddings", `UPDATE embeddings SET used_ns = ?
			WHERE model = ? AND used_ns < ? AND hash IN (SELECT value FROM json_each(?))`,
			bound(now), model, bound(now.Add(-embeddingsTouch)), string(list))
		if err != nil {
			return err
		}
	}
	return nil
}

// Embeddings returns the vectors stored for model under the given content
// hashes; hashes not stored are missing from the map. It records their use
// (see TouchEmbeddings).
func (db *DB) Embeddings(ctx context.Context, model string, hashes []string) (map[string][]float32, error) {
	out := map[string][]float32{}
	if err := db.TouchEmbeddings(ctx, model, hashes); err != nil {
		return nil, fmt.Errorf("embeddings: %w", err)
	}
	for _, h := range hashes {
		var raw []byte
		err := db.sql.QueryRowContext(ctx, `SELECT vector FROM embeddings WHERE model = ? AND hash = ?`, model, h).Scan(&raw)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("embeddings: %w", err)
		}
		v, err := decodeVector(raw)
		if err != nil {
			return nil, fmt.Errorf("embeddings: %s: %w", h, err)
		}
		out[h] = v
	}
	return out, nil
}

// PutEmbeddings stores vectors for model by content hash; a hash stored
// already keeps its vector, and its use is recorded.
func (db *DB) PutEmbeddings(ctx context.Context, model string, vecs map[string][]float32) error {
	now := bound(db.now())
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		for h, v := range vecs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO embeddings (model, hash, vector, used_ns) VALUES (?, ?, ?, ?)
				ON CONFLICT (model, hash) DO UPDATE SET used_ns = excluded.used_ns`, model, h, encodeVector(v), now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("put embeddings: %w", err)
	}
	return nil
}

// UserSalt returns the salt user IDs are hashed with: the first candidate
// offered, kept for good.
func (db *DB) UserSalt(ctx context.Context, candidate string) (string, error) {
	var got string
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('user_salt', ?) ON CONFLICT DO NOTHING`, candidate); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'user_salt'`).Scan(&got)
	})
	if err != nil {
		return "", fmt.Errorf("user salt: %w", err)
	}
	return got, nil
}

// Prune forgets claims whose time has passed and buckets that are full
// again, gives up the jobs whose deadline passed expiredKept ago and that
// are still not finished, returning how many (their askers were never
// answered, nor told), deletes finished jobs after an hour, and forgets
// the embeddings not used for embeddingsKept.
func (db *DB) Prune(ctx context.Context, now time.Time) (expired int, err error) {
	err = db.writeTx(ctx, func(tx *sql.Tx) error {
		for _, q := range []struct {
			sql string
			arg int64
		}{
			{`DELETE FROM claims WHERE until_ns <= ?`, bound(now)},
			{`DELETE FROM rate_buckets WHERE last_ns <= ?`, bound(now.Add(-partnerbot.IdleFull))},
			{`DELETE FROM jobs WHERE done_ns <= ?`, bound(now.Add(-doneJobsKept))},
			// A row a replica of a build before used_ns wrote has 0: in use now.
			{`UPDATE embeddings SET used_ns = ? WHERE used_ns = 0`, bound(now)},
			{`DELETE FROM embeddings WHERE used_ns <= ?`, bound(now.Add(-embeddingsKept))},
		} {
			if _, err := tx.ExecContext(ctx, q.sql, q.arg); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET done_ns = ?, payload = NULL WHERE done_ns IS NULL AND deadline_ns <= ?`, bound(now), bound(now.Add(-expiredKept)))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		expired = int(n)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune: %w", err)
	}
	return expired, nil
}

// encodeVector is v as little-endian float32s.
func encodeVector(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return b
}

// decodeVector reverses encodeVector.
func decodeVector(b []byte) ([]float32, error) {
	if len(b)%4 != 0 {
		return nil, fmt.Errorf("vector of %d bytes is not float32s", len(b))
	}
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v, nil
}
