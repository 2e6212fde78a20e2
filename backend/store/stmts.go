package store

import (
	"context"
	"database/sql"
	"sync"
)

// Stmts keeps prepared statements for the hot read paths: parsing SQL
// (and FTS5's own setup) costs more than running these small queries.
// database/sql prepares each statement once per pooled connection.
// Services that share a database share nothing else: each keeps its own.
type Stmts struct {
	mu sync.Mutex
	db *sql.DB
	m  map[string]*sql.Stmt
}

// NewStmts returns an empty cache over db.
func NewStmts(db *sql.DB) *Stmts { return &Stmts{db: db} }

func (c *Stmts) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st, nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = st
	return st, nil
}

// Query runs a cached statement.
func (c *Stmts) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := c.get(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRow mirrors sql.DB.QueryRowContext; a prepare error surfaces from Scan
// as a failed query would.
func (c *Stmts) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := c.get(ctx, query)
	if err != nil {
		return c.db.QueryRowContext(ctx, query, args...) // reports the same error
	}
	return st.QueryRowContext(ctx, args...)
}
