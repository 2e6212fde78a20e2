package chat

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"hearth/backend/erase"
	"hearth/backend/store"
)

func cleanTitle(title string) (string, error) {
	title = strings.Join(strings.Fields(title), " ")
	if utf8.RuneCountInString(title) > MaxTitleLen {
		return "", fmt.Errorf("%w: title is too long", ErrInvalid)
	}
	return title, nil
}

// CreateSession starts a stored session in moduleID. The module must exist.
func (s *Store) CreateSession(ctx context.Context, moduleID, title string) (Session, error) {
	title, err := cleanTitle(title)
	if err != nil {
		return Session{}, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Session{}, fmt.Errorf("create session: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM modules WHERE id = ?`, moduleID).Scan(&n); err != nil {
		return Session{}, fmt.Errorf("create session: %w", err)
	}
	if n == 0 {
		return Session{}, fmt.Errorf("%w: unknown module", ErrInvalid)
	}
	now := s.now().UnixMilli()
	sess := Session{ID: store.NewID(), ModuleID: moduleID, Title: title, CreatedAt: now, UpdatedAt: now}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions(id, module_id, title, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?)`, sess.ID, moduleID, title, now, now); err != nil {
		return Session{}, fmt.Errorf("create session: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Session{}, fmt.Errorf("create session: %w", err)
	}
	return sess, nil
}

// ListSessions returns a page of moduleID's sessions, most recently active first.
func (s *Store) ListSessions(ctx context.Context, moduleID string, limit, offset int) ([]Session, error) {
	limit, offset = page(limit, offset)
	rows, err := s.stmts.Query(ctx, `SELECT id, module_id, title, created_at, updated_at FROM sessions
		WHERE module_id = ? ORDER BY updated_at DESC, rowid DESC LIMIT ? OFFSET ?`, moduleID, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	out := []Session{}
	for rows.Next() {
		var x Session
		if err := rows.Scan(&x.ID, &x.ModuleID, &x.Title, &x.CreatedAt, &x.UpdatedAt); err != nil {
			return nil, fmt.Errorf("list sessions: %w", err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	return out, nil
}

// GetSession returns one session of moduleID.
func (s *Store) GetSession(ctx context.Context, moduleID, sessionID string) (Session, error) {
	var x Session
	err := s.stmts.QueryRow(ctx, `SELECT id, module_id, title, created_at, updated_at FROM sessions
		WHERE id = ? AND module_id = ?`, sessionID, moduleID).
		Scan(&x.ID, &x.ModuleID, &x.Title, &x.CreatedAt, &x.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNotFound
	}
	if err != nil {
		return Session{}, fmt.Errorf("get session: %w", err)
	}
	return x, nil
}

// RenameSession sets a session's title (blank is allowed: the UI then shows
// a placeholder).
func (s *Store) RenameSession(ctx context.Context, moduleID, sessionID, title string) error {
	title, err := cleanTitle(title)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE sessions SET title = ? WHERE id = ? AND module_id = ?`,
		title, sessionID, moduleID)
	if err != nil {
		return fmt.Errorf("rename session: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// TitleUntitled gives a session the automatic title only if it still has
// none, so a rename the user made while the title was being written wins.
// It returns the title the session has afterwards.
func (s *Store) TitleUntitled(ctx context.Context, moduleID, sessionID, title string) (string, error) {
	title, err := cleanTitle(title)
	if err != nil {
		return "", err
	}
	var got string
	err = s.db.QueryRowContext(ctx, `UPDATE sessions SET title = CASE WHEN title = '' THEN ? ELSE title END
		WHERE id = ? AND module_id = ? RETURNING title`, title, sessionID, moduleID).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("title session: %w", err)
	}
	return got, nil
}

// DeleteSession removes a session and its messages (and their search index
// entries) through the erasure service: audited, WAL checkpointed.
func (s *Store) DeleteSession(ctx context.Context, moduleID, sessionID string) error {
	return erase.Run(ctx, s.db, erase.Job{
		What:  "delete session",
		Event: "session.delete",
		FTS:   []string{erase.MessagesFTS},
		Delete: func(tx *sql.Tx) (string, error) {
			// The FK cascade would delete the messages too; deleting them first,
			// naming the module, keeps "every query names its module" true here
			// ("+module_id": find the rows by session, not by walking the module).
			msgs, err := tx.ExecContext(ctx, `DELETE FROM messages WHERE session_id = ? AND +module_id = ?`, sessionID, moduleID)
			if err != nil {
				return "", fmt.Errorf("delete session messages: %w", err)
			}
			res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = ? AND module_id = ?`, sessionID, moduleID)
			if err != nil {
				return "", fmt.Errorf("delete session: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return "", ErrNotFound
			}
			n, _ := msgs.RowsAffected()
			return fmt.Sprintf("module=%s messages=%d", moduleID, n), nil
		},
	})
}
