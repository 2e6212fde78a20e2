package memory

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"hearth/backend/erase"
)

// scrub checkpoints and truncates the WAL after a forget that ran inside a
// larger transaction (a directive, an extraction); see erase.Checkpoint.
// Best effort: a busy reader only delays it to the next checkpoint.
func (s *Service) scrub(ctx context.Context) {
	_ = erase.Checkpoint(ctx, s.db)
}

// Forget deletes memory id of scope with its history and index entries.
func (s *Service) Forget(ctx context.Context, scope, id string) error {
	err := erase.Run(ctx, s.db, erase.Job{
		What:  "forget memory",
		Event: "memory.forget",
		FTS:   []string{erase.MemoriesFTS},
		Delete: func(tx *sql.Tx) (string, error) {
			n, err := forgetWhere(ctx, tx, `id = ? AND scope = ?`, id, scope)
			if err != nil {
				return "", err
			}
			if n == 0 {
				return "", ErrNotFound
			}
			return "scope=" + scope + " count=1", nil
		},
	})
	if err != nil {
		return err
	}
	s.wrote(ctx)
	return nil
}

// ForgetModule deletes every memory in moduleID's scope. Memories the
// module shared stay shared: the user shared them on purpose.
func (s *Service) ForgetModule(ctx context.Context, moduleID string) error {
	return s.forgetAll(ctx, "memory.forget_module", "scope="+moduleID, `scope = ?`, moduleID)
}

// ForgetAll deletes every memory of the open profile, shared ones included.
func (s *Service) ForgetAll(ctx context.Context) error {
	return s.forgetAll(ctx, "memory.forget_all", "", `1`)
}

func (s *Service) forgetAll(ctx context.Context, event, detail, where string, args ...any) error {
	err := erase.Run(ctx, s.db, erase.Job{
		What:  "forget memories",
		Event: event,
		FTS:   []string{erase.MemoriesFTS},
		Delete: func(tx *sql.Tx) (string, error) {
			n, err := forgetWhere(ctx, tx, where, args...)
			if err != nil {
				return "", err
			}
			if detail != "" {
				detail += " "
			}
			return detail + "count=" + strconv.FormatInt(n, 10), nil
		},
	})
	if err != nil {
		return err
	}
	s.wrote(ctx)
	return nil
}

// forgetWhere hard-deletes the matching memories. History rows go by the
// foreign-key cascade, index entries by the delete trigger. The caller has
// switched FTS5 secure-delete on for memories_fts in tx (erase.Run does;
// the directive and extraction paths call erase.SecureDelete).
func forgetWhere(ctx context.Context, tx *sql.Tx, where string, args ...any) (int64, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM memory_history WHERE memory_id IN
		(SELECT id FROM memories WHERE `+where+`)`, args...); err != nil {
		return 0, fmt.Errorf("forget memory history: %w", err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM memories WHERE `+where, args...)
	if err != nil {
		return 0, fmt.Errorf("forget memory: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
