package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// maxIntegrityProblems caps how many problems IntegrityCheck reports.
const maxIntegrityProblems = 20

// IntegrityCheck runs SQLite's PRAGMA integrity_check over the whole file
// (b-tree structure, free list, indexes against their tables, CHECK and NOT
// NULL constraints) and PRAGMA foreign_key_check. It returns nil when both
// find nothing wrong, and otherwise an error listing the first problems.
// It reads every page, so it takes time in proportion to the file's size.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	var problems []string
	rows, err := db.sql.QueryContext(ctx, fmt.Sprintf("PRAGMA integrity_check(%d)", maxIntegrityProblems))
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return fmt.Errorf("integrity check: %w", err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}

	// foreign_key_check yields one row per violation: table, rowid (NULL
	// for a WITHOUT ROWID table), parent table, constraint index.
	rows, err = db.sql.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("integrity check: foreign keys: %w", err)
	}
	for rows.Next() {
		var (
			table, parent string
			rowid         *int64
			fk            int
		)
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			rows.Close()
			return fmt.Errorf("integrity check: foreign keys: %w", err)
		}
		if len(problems) < maxIntegrityProblems {
			row := "a row"
			if rowid != nil {
				row = fmt.Sprintf("row %d", *rowid)
			}
			problems = append(problems, fmt.Sprintf("%s of %s refers to a missing %s row", row, table, parent))
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("integrity check: foreign keys: %w", err)
	}

	if len(problems) > 0 {
		return fmt.Errorf("integrity check: %s", strings.Join(problems, "; "))
	}
	return nil
}
