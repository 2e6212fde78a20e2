package chat

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"hearth/backend/erase"
	"hearth/backend/store"
)

const msgCols = `id, session_id, module_id, role, content, status, error, model,
	prompt_tokens, completion_tokens, used_memories, held_back, created_at, used_passages`

func scanMessage(r interface{ Scan(...any) error }) (Message, error) {
	var m Message
	var used, passages string
	err := r.Scan(&m.ID, &m.SessionID, &m.ModuleID, &m.Role, &m.Content, &m.Status, &m.Error, &m.Model,
		&m.PromptTokens, &m.CompletionTokens, &used, &m.HeldBack, &m.CreatedAt, &passages)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(used), &m.UsedMemories); err != nil {
		return m, fmt.Errorf("decode used memories: %w", err)
	}
	if err := json.Unmarshal([]byte(passages), &m.UsedPassages); err != nil {
		return m, fmt.Errorf("decode used passages: %w", err)
	}
	if m.UsedMemories == nil {
		m.UsedMemories = []string{}
	}
	if m.UsedPassages == nil {
		m.UsedPassages = []string{}
	}
	return m, nil
}

func checkMessage(m *Message) error {
	switch m.Role {
	case "system", "user", "assistant":
	default:
		return fmt.Errorf("%w: unknown role %q", ErrInvalid, m.Role)
	}
	if m.Status == "" {
		m.Status = StatusComplete
	}
	switch m.Status {
	case StatusComplete, StatusInterrupted, StatusError:
	default:
		return fmt.Errorf("%w: unknown status %q", ErrInvalid, m.Status)
	}
	if m.PromptTokens < 0 || m.CompletionTokens < 0 || m.HeldBack < 0 {
		return fmt.Errorf("%w: negative count", ErrInvalid)
	}
	if m.UsedMemories == nil {
		m.UsedMemories = []string{}
	}
	if m.UsedPassages == nil {
		m.UsedPassages = []string{}
	}
	return nil
}

// AddMessage stores m in its session, which must belong to moduleID. It
// assigns ID and CreatedAt and marks the session as just active.
func (s *Store) AddMessage(ctx context.Context, moduleID string, m Message) (Message, error) {
	if m.ModuleID != "" && m.ModuleID != moduleID {
		return Message{}, ErrNotFound
	}
	if err := checkMessage(&m); err != nil {
		return Message{}, err
	}
	used, err := json.Marshal(m.UsedMemories)
	if err != nil {
		return Message{}, fmt.Errorf("encode used memories: %w", err)
	}
	passages, err := json.Marshal(m.UsedPassages)
	if err != nil {
		return Message{}, fmt.Errorf("encode used passages: %w", err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Message{}, fmt.Errorf("add message: %w", err)
	}
	defer tx.Rollback()
	m.ID, m.ModuleID, m.CreatedAt = store.NewID(), moduleID, s.now().UnixMilli()
	res, err := tx.ExecContext(ctx, `UPDATE sessions SET updated_at = ? WHERE id = ? AND module_id = ?`,
		m.CreatedAt, m.SessionID, moduleID)
	if err != nil {
		return Message{}, fmt.Errorf("add message: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Message{}, ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO messages(`+msgCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.SessionID, moduleID, m.Role, m.Content, m.Status, m.Error, m.Model,
		m.PromptTokens, m.CompletionTokens, string(used), m.HeldBack, m.CreatedAt, string(passages)); err != nil {
		return Message{}, fmt.Errorf("add message: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Message{}, fmt.Errorf("add message: %w", err)
	}
	return m, nil
}

// UpdateMessage saves a stored message's content, status, error, model,
// token counts, used memories and held-back count (e.g. when a streamed
// reply finishes). Role, session and creation time do not change.
func (s *Store) UpdateMessage(ctx context.Context, moduleID string, m Message) error {
	if m.Role == "" {
		m.Role = "assistant" // role is not updated; only validated when given
	}
	if err := checkMessage(&m); err != nil {
		return err
	}
	used, err := json.Marshal(m.UsedMemories)
	if err != nil {
		return fmt.Errorf("encode used memories: %w", err)
	}
	passages, err := json.Marshal(m.UsedPassages)
	if err != nil {
		return fmt.Errorf("encode used passages: %w", err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("update message: %w", err)
	}
	defer tx.Rollback()
	if err := erase.SecureDelete(ctx, tx, erase.MessagesFTS); err != nil { // the old content leaves the index
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE messages SET content = ?, status = ?, error = ?, model = ?,
		prompt_tokens = ?, completion_tokens = ?, used_memories = ?, held_back = ?, used_passages = ?
		WHERE id = ? AND module_id = ?`,
		m.Content, m.Status, m.Error, m.Model, m.PromptTokens, m.CompletionTokens, string(used), m.HeldBack, string(passages),
		m.ID, moduleID)
	if err != nil {
		return fmt.Errorf("update message: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("update message: %w", err)
	}
	return nil
}

// GetMessage returns one message of moduleID.
func (s *Store) GetMessage(ctx context.Context, moduleID, messageID string) (Message, error) {
	m, err := scanMessage(s.db.QueryRowContext(ctx, `SELECT `+msgCols+` FROM messages
		WHERE id = ? AND module_id = ?`, messageID, moduleID))
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, ErrNotFound
	}
	if err != nil {
		return Message{}, fmt.Errorf("get message: %w", err)
	}
	return m, nil
}

// DeleteMessage removes one message of moduleID and its search index entry
// through the erasure service: audited, WAL checkpointed.
func (s *Store) DeleteMessage(ctx context.Context, moduleID, messageID string) error {
	return erase.Run(ctx, s.db, erase.Job{
		What:  "delete message",
		Event: "message.delete",
		FTS:   []string{erase.MessagesFTS},
		Delete: func(tx *sql.Tx) (string, error) {
			res, err := tx.ExecContext(ctx, `DELETE FROM messages WHERE id = ? AND module_id = ?`, messageID, moduleID)
			if err != nil {
				return "", fmt.Errorf("delete message: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return "", ErrNotFound
			}
			return "module=" + moduleID + " messages=1", nil
		},
	})
}

// Messages returns a session's messages oldest first; lastN > 0 keeps only
// the newest lastN. A session outside moduleID is ErrNotFound.
func (s *Store) Messages(ctx context.Context, moduleID, sessionID string, lastN int) ([]Message, error) {
	if _, err := s.GetSession(ctx, moduleID, sessionID); err != nil {
		return nil, err
	}
	if lastN <= 0 {
		lastN = -1 // SQLite: no limit
	}
	// "+module_id" keeps the planner off messages_module: walking the
	// module's messages newest first until lastN of this session turn up
	// took ~46 ms for an older session at 100k messages; the session index
	// finds them directly. The module check still applies to every row.
	rows, err := s.stmts.Query(ctx, `SELECT `+msgCols+` FROM messages
		WHERE session_id = ? AND +module_id = ? ORDER BY seq DESC LIMIT ?`, sessionID, moduleID, lastN)
	if err != nil {
		return nil, fmt.Errorf("list messages: %w", err)
	}
	defer rows.Close()
	out := []Message{}
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("list messages: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list messages: %w", err)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}
