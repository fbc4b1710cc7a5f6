package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// AllowedChannels returns the channels the bot answers in for a guild,
// sorted.
func (db *DB) AllowedChannels(ctx context.Context, guildID string) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx,
		`SELECT channel_id FROM allowed_channels WHERE guild_id = ? ORDER BY channel_id`, guildID)
	if err != nil {
		return nil, fmt.Errorf("allowed channels: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("allowed channels: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("allowed channels: %w", err)
	}
	return ids, nil
}

// AllowChannel adds a channel to a guild's allowed channels; allowing it
// again changes nothing.
func (db *DB) AllowChannel(ctx context.Context, guildID, channelID string) error {
	if guildID == "" || channelID == "" {
		return errors.New("allow channel: empty guild or channel id")
	}
	if err := db.lockWrite(ctx); err != nil {
		return fmt.Errorf("allow channel: %w", err)
	}
	defer db.unlockWrite()
	_, err := db.sql.ExecContext(ctx,
		`INSERT INTO allowed_channels (guild_id, channel_id) VALUES (?, ?) ON CONFLICT DO NOTHING`,
		guildID, channelID)
	if err != nil {
		return fmt.Errorf("allow channel: %w", err)
	}
	return nil
}

// DisallowChannel removes a channel from a guild's allowed channels and
// reports whether it was there.
func (db *DB) DisallowChannel(ctx context.Context, guildID, channelID string) (bool, error) {
	if err := db.lockWrite(ctx); err != nil {
		return false, fmt.Errorf("disallow channel: %w", err)
	}
	defer db.unlockWrite()
	res, err := db.sql.ExecContext(ctx,
		`DELETE FROM allowed_channels WHERE guild_id = ? AND channel_id = ?`, guildID, channelID)
	if err != nil {
		return false, fmt.Errorf("disallow channel: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("disallow channel: %w", err)
	}
	return n > 0, nil
}

// DisallowUnlessLast removes a channel from a guild's allowed channels
// unless it is the only one there. It is one statement, so that two
// removals at once, on different replicas, cannot both see the other's
// channel still listed and leave the list empty (which means everywhere).
// removed reports that the channel was taken off; last that it was kept
// as the only one.
func (db *DB) DisallowUnlessLast(ctx context.Context, guildID, channelID string) (removed, last bool, err error) {
	if err := db.lockWrite(ctx); err != nil {
		return false, false, fmt.Errorf("disallow unless last: %w", err)
	}
	defer db.unlockWrite()
	res, err := db.sql.ExecContext(ctx, `DELETE FROM allowed_channels WHERE guild_id = ? AND channel_id = ?
		AND EXISTS (SELECT 1 FROM allowed_channels WHERE guild_id = ? AND channel_id <> ?)`,
		guildID, channelID, guildID, channelID)
	if err != nil {
		return false, false, fmt.Errorf("disallow unless last: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, false, fmt.Errorf("disallow unless last: %w", err)
	}
	if n > 0 {
		return true, false, nil
	}
	if err := db.sql.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM allowed_channels WHERE guild_id = ? AND channel_id = ?)`,
		guildID, channelID).Scan(&last); err != nil {
		return false, false, fmt.Errorf("disallow unless last: %w", err)
	}
	return false, last, nil
}

// RatePerMinute returns a guild's rate limit; ok is false when none is set
// and the configured default applies.
func (db *DB) RatePerMinute(ctx context.Context, guildID string) (n int, ok bool, err error) {
	var v sql.NullInt64
	err = db.sql.QueryRowContext(ctx,
		`SELECT rate_per_minute FROM guild_settings WHERE guild_id = ?`, guildID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("rate per minute: %w", err)
	}
	if !v.Valid {
		return 0, false, nil
	}
	return int(v.Int64), true, nil
}

// SetRatePerMinute sets a guild's rate limit, which must be between
// partnerbot.MinRatePerMinute and partnerbot.MaxRatePerMinute.
func (db *DB) SetRatePerMinute(ctx context.Context, guildID string, n int) error {
	if err := checkRate(guildID, n); err != nil {
		return fmt.Errorf("set rate per minute: %w", err)
	}
	if err := db.lockWrite(ctx); err != nil {
		return fmt.Errorf("set rate per minute: %w", err)
	}
	defer db.unlockWrite()
	_, err := db.sql.ExecContext(ctx, `INSERT INTO guild_settings (guild_id, rate_per_minute) VALUES (?, ?)
		ON CONFLICT (guild_id) DO UPDATE SET rate_per_minute = excluded.rate_per_minute`, guildID, n)
	if err != nil {
		return fmt.Errorf("set rate per minute: %w", err)
	}
	return nil
}
