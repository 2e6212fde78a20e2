// Package settings is the one owner of a profile's settings table: small
// named values such as the auto-lock time and the default AI endpoint.
// Nothing else reads or writes the table; callers use a Settings over the
// profile's database, or over a transaction when a setting changes together
// with other rows.
package settings

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
)

// Keys of the settings Hearth keeps.
const (
	// AutoLockMinutes is the idle time before the profile locks (0 = never).
	AutoLockMinutes = "autolock_minutes"
	// DefaultEndpoint is the id of the default AI endpoint.
	DefaultEndpoint = "llm.default_endpoint"
	// EmbedModel is the profile's embedding model ("" = retrieval by
	// meaning is off); EmbedEndpoint the id of the endpoint that serves it
	// ("" = the default endpoint). See package semantic.
	EmbedModel    = "embed.model"
	EmbedEndpoint = "embed.endpoint"
)

// Querier is a profile database or one of its transactions.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Settings reads and writes the settings table through q.
type Settings struct{ q Querier }

// New returns the settings stored in q (a *store.DB or a *sql.Tx).
func New(q Querier) Settings { return Settings{q: q} }

// Get returns key's value; ok is false when it is not set.
func (s Settings) Get(ctx context.Context, key string) (value string, ok bool, err error) {
	err = s.q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read setting %s: %w", key, err)
	}
	return value, true, nil
}

// Set stores value under key, replacing what was there.
func (s Settings) Set(ctx context.Context, key, value string) error {
	if _, err := s.q.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
		return fmt.Errorf("write setting %s: %w", key, err)
	}
	return nil
}

// SetIfUnset stores value under key only when key has no value yet.
func (s Settings) SetIfUnset(ctx context.Context, key, value string) error {
	if _, err := s.q.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
		ON CONFLICT(key) DO NOTHING`, key, value); err != nil {
		return fmt.Errorf("write setting %s: %w", key, err)
	}
	return nil
}

// ClearIf removes key when it still holds value (e.g. the default endpoint
// when that endpoint is removed).
func (s Settings) ClearIf(ctx context.Context, key, value string) error {
	if _, err := s.q.ExecContext(ctx, `DELETE FROM settings WHERE key = ? AND value = ?`, key, value); err != nil {
		return fmt.Errorf("clear setting %s: %w", key, err)
	}
	return nil
}

// Int returns key's value as an integer, or def when it is not set or is
// not a number.
func (s Settings) Int(ctx context.Context, key string, def int) (int, error) {
	v, ok, err := s.Get(ctx, key)
	if err != nil || !ok {
		return def, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return def, nil
	}
	return n, nil
}

// SetInt stores an integer under key.
func (s Settings) SetInt(ctx context.Context, key string, v int) error {
	return s.Set(ctx, key, strconv.Itoa(v))
}
