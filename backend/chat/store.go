package chat

import (
	"errors"
	"time"

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
