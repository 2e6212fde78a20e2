package memory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"hearth/backend/erase"
)

// Share moves a memory of moduleID into the shared scope, where every
// module whose policy reads shared memory sees it.
func (s *Service) Share(ctx context.Context, moduleID, id string) (Memory, error) {
	if moduleID == SharedScope {
		return Memory{}, ErrNotFound
	}
	return s.move(ctx, moduleID, id, func(Memory) (string, error) { return SharedScope, nil }, "share")
}

// Unshare moves a shared memory back to the module it came from.
func (s *Service) Unshare(ctx context.Context, id string) (Memory, error) {
	return s.move(ctx, SharedScope, id, func(m Memory) (string, error) {
		if m.OriginModule == "" {
			return "", fmt.Errorf("%w: the memory has no module to return to", ErrInvalid)
		}
		return m.OriginModule, nil
	}, "unshare")
}

func (s *Service) move(ctx context.Context, from, id string, to func(Memory) (string, error), action string) (Memory, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Memory{}, fmt.Errorf("%s memory: %w", action, err)
	}
	defer tx.Rollback()
	m, err := getIn(ctx, tx, from, id)
	if err != nil {
		return Memory{}, err
	}
	dest, err := to(m)
	if err != nil {
		return Memory{}, err
	}
	if dest != SharedScope {
		if err := checkModule(ctx, tx, dest); err != nil {
			return Memory{}, err
		}
	}
	m.Scope, m.UpdatedAt = dest, s.now().UnixMilli()
	if _, err := tx.ExecContext(ctx, `UPDATE memories SET scope = ?, updated_at = ? WHERE id = ? AND scope = ?`,
		dest, m.UpdatedAt, id, from); err != nil {
		return Memory{}, fmt.Errorf("%s memory: %w", action, err)
	}
	if err := history(ctx, tx, id, action, m.Text, m.Text, from, dest, m.UpdatedAt); err != nil {
		return Memory{}, err
	}
	if err := tx.Commit(); err != nil {
		return Memory{}, fmt.Errorf("%s memory: %w", action, err)
	}
	return m, nil
}

// History returns every recorded change of a memory in scope, oldest first.
func (s *Service) History(ctx context.Context, scope, id string) ([]Change, error) {
	if _, err := getIn(ctx, s.db, scope, id); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT h.seq, h.memory_id, h.action, h.old_text, h.new_text, h.old_scope, h.new_scope, h.at
		FROM memory_history h JOIN memories m ON m.id = h.memory_id
		WHERE h.memory_id = ? AND m.scope = ? ORDER BY h.seq`, id, scope)
	if err != nil {
		return nil, fmt.Errorf("memory history: %w", err)
	}
	defer rows.Close()
	out := []Change{}
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.Seq, &c.MemoryID, &c.Action, &c.OldText, &c.NewText, &c.OldScope, &c.NewScope, &c.At); err != nil {
			return nil, fmt.Errorf("memory history: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("memory history: %w", err)
	}
	return out, nil
}

// Undo reverts the latest update, share or unshare of a memory in scope and
// removes that entry from the history, so repeated Undo walks further
// back. The add itself is not undone (that is Forget): ErrNothingToUndo.
func (s *Service) Undo(ctx context.Context, scope, id string) (Memory, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Memory{}, fmt.Errorf("undo memory change: %w", err)
	}
	defer tx.Rollback()
	m, err := getIn(ctx, tx, scope, id)
	if err != nil {
		return Memory{}, err
	}
	var c Change
	err = tx.QueryRowContext(ctx, `SELECT seq, action, old_text, old_scope FROM memory_history
		WHERE memory_id = ? ORDER BY seq DESC LIMIT 1`, id).Scan(&c.Seq, &c.Action, &c.OldText, &c.OldScope)
	if errors.Is(err, sql.ErrNoRows) || err == nil && c.Action == "add" {
		return Memory{}, ErrNothingToUndo
	}
	if err != nil {
		return Memory{}, fmt.Errorf("undo memory change: %w", err)
	}
	m.UpdatedAt = s.now().UnixMilli()
	switch c.Action {
	case "update":
		if err := erase.SecureDelete(ctx, tx, erase.MemoriesFTS); err != nil {
			return Memory{}, err
		}
		m.Text = c.OldText
	case "share", "unshare":
		if c.OldScope != SharedScope {
			if err := checkModule(ctx, tx, c.OldScope); err != nil {
				return Memory{}, err
			}
		}
		m.Scope = c.OldScope
	default:
		return Memory{}, fmt.Errorf("undo memory change: unknown action %q", c.Action)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE memories SET text = ?, scope = ?, updated_at = ? WHERE id = ? AND scope = ?`,
		m.Text, m.Scope, m.UpdatedAt, id, scope); err != nil {
		return Memory{}, fmt.Errorf("undo memory change: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM memory_history WHERE seq = ?`, c.Seq); err != nil {
		return Memory{}, fmt.Errorf("undo memory change: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Memory{}, fmt.Errorf("undo memory change: %w", err)
	}
	s.wrote(ctx)
	return m, nil
}
