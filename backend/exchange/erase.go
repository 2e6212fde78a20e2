package exchange

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"hearth/backend/apperr"
	"hearth/backend/erase"
	"hearth/backend/store"
)

// ErrNotFound is returned when the session or memory to delete is not in
// the given module or scope.
var ErrNotFound = errors.New("not found")

// DeleteSession deletes one session of moduleID with its messages, then
// scrubs. A session of another module is ErrNotFound.
func DeleteSession(ctx context.Context, db *store.DB, moduleID, sessionID string) error {
	return eraseRows(ctx, db, "session", "module="+moduleID, func(tx *sql.Tx) (Stats, error) {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE id = ? AND module_id = ?`,
			sessionID, moduleID).Scan(&n); err != nil {
			return Stats{}, err
		}
		if n == 0 {
			return Stats{}, errf(ErrNotFound, nil, "That conversation does not exist in this module.")
		}
		var st Stats
		if err := execCount(ctx, tx, &st.Messages, `DELETE FROM messages WHERE session_id = ?`, sessionID); err != nil {
			return Stats{}, err
		}
		return st, execCount(ctx, tx, &st.Sessions, `DELETE FROM sessions WHERE id = ?`, sessionID)
	})
}

// DeleteMemory deletes one memory of scope (a module id or "shared") with
// its history, then scrubs. A memory of another scope is ErrNotFound.
func DeleteMemory(ctx context.Context, db *store.DB, scope, memoryID string) error {
	return eraseRows(ctx, db, "memory", "scope="+scope, func(tx *sql.Tx) (Stats, error) {
		var st Stats
		if err := execCount(ctx, tx, &st.Memories, `DELETE FROM memories WHERE id = ? AND scope = ?`, memoryID, scope); err != nil {
			return Stats{}, err
		}
		if st.Memories == 0 {
			return Stats{}, errf(ErrNotFound, nil, "That memory does not exist here.")
		}
		return st, nil
	})
}

// DeleteModuleMemories deletes every memory whose scope is moduleID (not
// the shared ones it made: the user shared those on purpose).
func DeleteModuleMemories(ctx context.Context, db *store.DB, moduleID string) (Stats, error) {
	var st Stats
	err := eraseRows(ctx, db, "module-memories", "module="+moduleID, func(tx *sql.Tx) (Stats, error) {
		return st, execCount(ctx, tx, &st.Memories, `DELETE FROM memories WHERE scope = ?`, moduleID)
	})
	return st, err
}

// DeleteModuleData deletes a module's sessions, messages, memories and
// documents, and the module itself if it is a custom one (built-in modules
// stay, empty). Memories and documents it shared stay shared.
func DeleteModuleData(ctx context.Context, db *store.DB, moduleID string) (Stats, error) {
	var st Stats
	err := eraseRows(ctx, db, "module-data", "module="+moduleID, func(tx *sql.Tx) (Stats, error) {
		var builtin bool
		err := tx.QueryRowContext(ctx, `SELECT builtin FROM modules WHERE id = ?`, moduleID).Scan(&builtin)
		if errors.Is(err, sql.ErrNoRows) {
			return Stats{}, errf(ErrModuleNotFound, nil, "There is no module %q in this profile.", moduleID)
		}
		if err != nil {
			return Stats{}, err
		}
		for _, q := range []struct {
			n   *int
			sql string
		}{
			{&st.Messages, `DELETE FROM messages WHERE module_id = ?1
				OR session_id IN (SELECT id FROM sessions WHERE module_id = ?1)`},
			{&st.Sessions, `DELETE FROM sessions WHERE module_id = ?1`},
			{&st.Memories, `DELETE FROM memories WHERE scope = ?1`},
			{&st.Documents, `DELETE FROM documents WHERE scope = ?1`},
			{&st.Modules, `DELETE FROM modules WHERE id = ?1 AND builtin = 0`},
		} {
			if err := execCount(ctx, tx, q.n, q.sql, moduleID); err != nil {
				return Stats{}, err
			}
		}
		return st, nil
	})
	return st, err
}

func execCount(ctx context.Context, tx *sql.Tx, n *int, q string, args ...any) error {
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return err
	}
	c, err := res.RowsAffected()
	*n = int(c)
	return err
}

// eraseRows runs del through the erasure service (secure-delete on both FTS
// indexes, audit, commit, WAL checkpoint) and also optimizes the FTS
// indexes before the commit.
func eraseRows(ctx context.Context, db *store.DB, kind, scope string, del func(*sql.Tx) (Stats, error)) error {
	return erase.Run(ctx, db, erase.Job{
		What:  "delete " + kind,
		Event: "erase",
		FTS:   []string{erase.MessagesFTS, erase.MemoriesFTS, erase.ChunksFTS},
		Delete: func(tx *sql.Tx) (string, error) {
			st, err := del(tx)
			if err != nil {
				var e *apperr.Error
				if errors.As(err, &e) {
					return "", err
				}
				return "", fmt.Errorf("delete %s: %w", kind, err)
			}
			if err := optimizeFTS(ctx, tx); err != nil {
				return "", fmt.Errorf("delete %s: %w", kind, err)
			}
			return fmt.Sprintf("kind=%s %s sessions=%d messages=%d memories=%d documents=%d", kind, scope, st.Sessions, st.Messages, st.Memories, st.Documents), nil
		},
	})
}

func optimizeFTS(ctx context.Context, x interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}) error {
	// 'optimize' merges every segment into one, so entries of deleted rows
	// (and the pages that held them, zeroed by secure_delete) are gone.
	for _, q := range []string{
		`INSERT INTO messages_fts(messages_fts) VALUES ('optimize')`,
		`INSERT INTO memories_fts(memories_fts) VALUES ('optimize')`,
		`INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')`,
	} {
		if _, err := x.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("optimize fts: %w", err)
		}
	}
	return nil
}

// Scrub removes traces of deleted rows that services deleting through
// their own SQL may leave: it optimizes both FTS indexes and checkpoints
// and truncates the WAL. Call it after bulk deletes.
func Scrub(ctx context.Context, db *store.DB) error {
	if err := optimizeFTS(ctx, db); err != nil {
		return err
	}
	return erase.Checkpoint(ctx, db)
}
