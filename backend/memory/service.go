package memory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"hearth/backend/erase"
	"hearth/backend/semantic"
	"hearth/backend/store"
)

// Service reads and writes the memories of the open profile.
type Service struct {
	db    *store.DB
	now   func() time.Time
	stmts *store.Stmts
	index *semantic.Index // memory vectors, for retrieval by meaning
	// writes counts committed writes; see compact.go.
	writes atomic.Int64
}

// NewService returns a Service over db; now is the clock (time.Now in the app).
func NewService(db *store.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now, stmts: store.NewStmts(db.DB), index: semantic.New(db)}
}

// Index is the vector index Retrieve searches (shared with the background
// embedding worker, so both use one in-memory copy).
func (s *Service) Index() *semantic.Index { return s.index }

const memCols = `id, scope, origin_module, text, kind, sensitivity, source_session, source_message, created_at, updated_at`

type scanner interface{ Scan(...any) error }

func scanMemory(r scanner) (Memory, error) {
	var m Memory
	err := r.Scan(&m.ID, &m.Scope, &m.OriginModule, &m.Text, &m.Kind, &m.Sensitivity,
		&m.SourceSession, &m.SourceMessage, &m.CreatedAt, &m.UpdatedAt)
	return m, err
}

type queryer interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

func collect(rows *sql.Rows, err error) ([]Memory, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Memory{}
	for rows.Next() {
		m, err := scanMemory(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// getIn returns memory id if it is in scope, else ErrNotFound.
func getIn(ctx context.Context, q queryer, scope, id string) (Memory, error) {
	m, err := scanMemory(q.QueryRowContext(ctx, `SELECT `+memCols+` FROM memories WHERE id = ? AND scope = ?`, id, scope))
	if errors.Is(err, sql.ErrNoRows) {
		return Memory{}, ErrNotFound
	}
	if err != nil {
		return Memory{}, fmt.Errorf("get memory: %w", err)
	}
	return m, nil
}

func cleanText(text string) (string, error) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\x00", ""))
	switch {
	case text == "":
		return "", fmt.Errorf("%w: text is empty", ErrInvalid)
	case utf8.RuneCountInString(text) > MaxTextLen:
		return "", fmt.Errorf("%w: text is too long", ErrInvalid)
	}
	return text, nil
}

func checkKind(k string) error {
	switch k {
	case KindFact, KindPreference, KindInstruction:
		return nil
	}
	return fmt.Errorf("%w: unknown kind %q", ErrInvalid, k)
}

func checkSensitivity(s string) error {
	switch s {
	case Normal, Private, Sensitive:
		return nil
	}
	return fmt.Errorf("%w: unknown sensitivity %q", ErrInvalid, s)
}

// checkModule makes sure a module scope names an existing module, so no
// memory is written where no module can ever read it.
func checkModule(ctx context.Context, q queryer, moduleID string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM modules WHERE id = ?`, moduleID).Scan(&n); err != nil {
		return fmt.Errorf("check module: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("%w: unknown module %q", ErrInvalid, moduleID)
	}
	return nil
}

// Add stores a new memory in scope (a module id or SharedScope). For a
// module scope the origin is that module; for SharedScope it is
// m.OriginModule (may be empty for a memory added as shared by hand).
func (s *Service) Add(ctx context.Context, scope string, m Memory) (Memory, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Memory{}, fmt.Errorf("add memory: %w", err)
	}
	defer tx.Rollback()
	m, err = s.add(ctx, tx, scope, m)
	if err != nil {
		return Memory{}, err
	}
	if err := tx.Commit(); err != nil {
		return Memory{}, fmt.Errorf("add memory: %w", err)
	}
	s.wrote(ctx)
	return m, nil
}

func (s *Service) add(ctx context.Context, tx *sql.Tx, scope string, m Memory) (Memory, error) {
	var err error
	if m.Text, err = cleanText(m.Text); err != nil {
		return Memory{}, err
	}
	if m.Kind == "" {
		m.Kind = KindFact
	}
	if m.Sensitivity == "" {
		m.Sensitivity = Normal
	}
	if err := checkKind(m.Kind); err != nil {
		return Memory{}, err
	}
	if err := checkSensitivity(m.Sensitivity); err != nil {
		return Memory{}, err
	}
	if scope == "" {
		return Memory{}, fmt.Errorf("%w: scope is empty", ErrInvalid)
	}
	if scope != SharedScope {
		m.OriginModule = scope
	}
	for _, mod := range []string{scope, m.OriginModule} {
		if mod != SharedScope && mod != "" {
			if err := checkModule(ctx, tx, mod); err != nil {
				return Memory{}, err
			}
		}
	}
	now := s.now().UnixMilli()
	m.ID, m.Scope, m.CreatedAt, m.UpdatedAt = store.NewID(), scope, now, now
	if _, err := tx.ExecContext(ctx, `INSERT INTO memories(`+memCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.Scope, m.OriginModule, m.Text, m.Kind, m.Sensitivity, m.SourceSession, m.SourceMessage, now, now); err != nil {
		return Memory{}, fmt.Errorf("add memory: %w", err)
	}
	if err := history(ctx, tx, m.ID, "add", "", m.Text, "", scope, now); err != nil {
		return Memory{}, err
	}
	return m, nil
}

func history(ctx context.Context, tx *sql.Tx, id, action, oldText, newText, oldScope, newScope string, at int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO memory_history(memory_id, action, old_text, new_text, old_scope, new_scope, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, action, oldText, newText, oldScope, newScope, at); err != nil {
		return fmt.Errorf("record memory history: %w", err)
	}
	return nil
}

// Get returns memory id if it is in scope.
func (s *Service) Get(ctx context.Context, scope, id string) (Memory, error) {
	return getIn(ctx, s.db, scope, id)
}

// Update changes a memory's text, kind and sensitivity; an empty argument
// keeps the current value. Text changes are recorded in the history (kind
// and sensitivity are not, so Undo restores text only).
func (s *Service) Update(ctx context.Context, scope, id, text, kind, sensitivity string) (Memory, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Memory{}, fmt.Errorf("update memory: %w", err)
	}
	defer tx.Rollback()
	m, err := s.update(ctx, tx, scope, id, text, kind, sensitivity)
	if err != nil {
		return Memory{}, err
	}
	if err := tx.Commit(); err != nil {
		return Memory{}, fmt.Errorf("update memory: %w", err)
	}
	s.wrote(ctx)
	return m, nil
}

func (s *Service) update(ctx context.Context, tx *sql.Tx, scope, id, text, kind, sensitivity string) (Memory, error) {
	m, err := getIn(ctx, tx, scope, id)
	if err != nil {
		return Memory{}, err
	}
	old := m.Text
	if text != "" {
		if m.Text, err = cleanText(text); err != nil {
			return Memory{}, err
		}
	}
	if kind != "" {
		if err := checkKind(kind); err != nil {
			return Memory{}, err
		}
		m.Kind = kind
	}
	if sensitivity != "" {
		if err := checkSensitivity(sensitivity); err != nil {
			return Memory{}, err
		}
		m.Sensitivity = sensitivity
	}
	if err := erase.SecureDelete(ctx, tx, erase.MemoriesFTS); err != nil { // the old text leaves the index
		return Memory{}, err
	}
	m.UpdatedAt = s.now().UnixMilli()
	if _, err := tx.ExecContext(ctx, `UPDATE memories SET text = ?, kind = ?, sensitivity = ?, updated_at = ?
		WHERE id = ? AND scope = ?`, m.Text, m.Kind, m.Sensitivity, m.UpdatedAt, id, scope); err != nil {
		return Memory{}, fmt.Errorf("update memory: %w", err)
	}
	if m.Text != old {
		if err := history(ctx, tx, id, "update", old, m.Text, scope, scope, m.UpdatedAt); err != nil {
			return Memory{}, err
		}
	}
	return m, nil
}

// List returns a page of scope's memories, most recently changed first.
func (s *Service) List(ctx context.Context, scope string, limit, offset int) ([]Memory, error) {
	if limit <= 0 {
		limit = 50
	}
	if offset < 0 {
		offset = 0
	}
	out, err := collect(s.db.QueryContext(ctx, `SELECT `+memCols+` FROM memories WHERE scope = ?
		ORDER BY updated_at DESC, seq DESC LIMIT ? OFFSET ?`, scope, limit, offset))
	if err != nil {
		return nil, fmt.Errorf("list memories: %w", err)
	}
	return out, nil
}

// Counts returns how many memories each scope of the open profile holds.
func (s *Service) Counts(ctx context.Context) (map[string]int, error) {
	rows, err := s.stmts.Query(ctx, `SELECT scope, count(*) FROM memories GROUP BY scope`)
	if err != nil {
		return nil, fmt.Errorf("count memories: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var scope string
		var n int
		if err := rows.Scan(&scope, &n); err != nil {
			return nil, fmt.Errorf("count memories: %w", err)
		}
		out[scope] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count memories: %w", err)
	}
	return out, nil
}
