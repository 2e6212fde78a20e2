package memory

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"hearth/backend/store"
)

// secureDelete makes FTS5 remove a deleted or replaced text's tokens from
// the index at once instead of tombstoning them, so forgotten text does not
// linger in older index segments. The setting is persistent; setting it
// again is cheap.
func secureDelete(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO memories_fts(memories_fts, rank) VALUES ('secure-delete', 1)`); err != nil {
		return fmt.Errorf("fts secure-delete: %w", err)
	}
	return nil
}

// scrub moves the WAL into the database and truncates it: with
// secure_delete on, the deleted rows' pages are already zeroed, but older
// WAL frames could still hold the forgotten text. Best effort: a busy
// reader only delays it to the next checkpoint, and the file is encrypted.
func (s *Service) scrub(ctx context.Context) {
	_, _ = s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
}

// Forget deletes memory id of scope with its history and index entries.
func (s *Service) Forget(ctx context.Context, scope, id string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("forget memory: %w", err)
	}
	defer tx.Rollback()
	n, err := forgetWhere(ctx, tx, `id = ? AND scope = ?`, id, scope)
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	if err := store.Audit(ctx, tx, "memory.forget", "scope="+scope+" count=1"); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("forget memory: %w", err)
	}
	s.wrote(ctx)
	s.scrub(ctx)
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
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("forget memories: %w", err)
	}
	defer tx.Rollback()
	n, err := forgetWhere(ctx, tx, where, args...)
	if err != nil {
		return err
	}
	if detail != "" {
		detail += " "
	}
	if err := store.Audit(ctx, tx, event, detail+"count="+strconv.FormatInt(n, 10)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("forget memories: %w", err)
	}
	s.wrote(ctx)
	s.scrub(ctx)
	return nil
}

// forgetWhere hard-deletes the matching memories. History rows go by the
// foreign-key cascade, index entries by the delete trigger.
func forgetWhere(ctx context.Context, tx *sql.Tx, where string, args ...any) (int64, error) {
	if err := secureDelete(ctx, tx); err != nil {
		return 0, err
	}
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
