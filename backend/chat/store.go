package chat

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"hearth/backend/store"
)

// ErrInvalid is returned (wrapped with the reason) for input that fails validation.
var ErrInvalid = errors.New("invalid input")

// Limits on stored fields.
const (
	MaxTitleLen     = 200 // runes
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// Store keeps sessions and messages of the open profile. Every query names
// the module id, so an id from another module is ErrNotFound.
type Store struct {
	db    *store.DB
	now   func() time.Time
	stmts *store.Stmts
}

// NewStore returns a Store over db; now is the clock (time.Now in the app).
func NewStore(db *store.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now, stmts: store.NewStmts(db.DB)}
}

func page(limit, offset int) (int, int) {
	if limit <= 0 {
		limit = DefaultPageSize
	}
	if limit > MaxPageSize {
		limit = MaxPageSize
	}
	if offset < 0 {
		offset = 0
	}
	return limit, offset
}

// secureDelete makes FTS5 drop a deleted row's tokens from the index at
// once instead of tombstoning them, so deleted text does not linger in
// older index segments. The setting is persistent; writing it is cheap.
func secureDelete(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO messages_fts(messages_fts, rank) VALUES ('secure-delete', 1)`); err != nil {
		return fmt.Errorf("fts secure-delete: %w", err)
	}
	return nil
}

// ftsQuery turns user text into a safe FTS5 query: every term becomes a
// quoted string (inner quotes doubled), so operators, columns and stray
// punctuation are plain text, never syntax. Terms are ANDed. Terms with no
// letter or digit are dropped (the tokenizer would ignore them anyway). It
// returns "" when nothing searchable is left.
func ftsQuery(text string) string {
	// Control characters (NUL above all) would cut the quoted string short.
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, text)
	var terms []string
	for _, f := range strings.Fields(text) {
		if !strings.ContainsFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		terms = append(terms, `"`+strings.ReplaceAll(f, `"`, `""`)+`"`)
		if len(terms) == 16 { // bound the work one query can ask for
			break
		}
	}
	return strings.Join(terms, " ")
}
