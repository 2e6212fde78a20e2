package llm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"hearth/backend/names"
	"hearth/backend/settings"
	"hearth/backend/store"
)

// Repository errors.
var (
	ErrNotFound    = errors.New("endpoint not found")
	ErrNameTaken   = errors.New("an endpoint with this name already exists")
	ErrNameMissing = errors.New("endpoint name is required")
	ErrBadURL      = errors.New("endpoint URL must be http(s)://host[:port][/path] without credentials")
)

// EndpointInput is what Add takes. APIKey may be empty (local servers).
type EndpointInput struct {
	Name         string
	BaseURL      string
	DefaultModel string
	APIKey       string
}

// Endpoints is the repository over the endpoints table of one open profile.
// Get, GetByName and List never load the key; only Resolve does, for the
// client.
type Endpoints struct {
	db  *store.DB
	now func() time.Time
}

// NewEndpoints returns the repository; now defaults to time.Now.
func NewEndpoints(db *store.DB, now func() time.Time) *Endpoints {
	if now == nil {
		now = time.Now
	}
	return &Endpoints{db: db, now: now}
}

// NormalizeURL validates and tidies a base URL (trims spaces and trailing
// slashes). Credentials in the URL are refused: they belong in the key.
func NormalizeURL(raw string) (string, error) {
	raw = strings.TrimRight(strings.TrimSpace(raw), "/")
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" {
		return "", ErrBadURL
	}
	return raw, nil
}

// Add stores a new endpoint. The first endpoint becomes the default.
func (r *Endpoints) Add(ctx context.Context, in EndpointInput) (Endpoint, error) {
	name := names.Normalize(in.Name)
	if name == "" {
		return Endpoint{}, ErrNameMissing
	}
	base, err := NormalizeURL(in.BaseURL)
	if err != nil {
		return Endpoint{}, err
	}
	e := Endpoint{ID: store.NewID(), Name: name, BaseURL: base, DefaultModel: strings.TrimSpace(in.DefaultModel),
		HasAPIKey: in.APIKey != "", Local: IsLocalURL(base), CreatedAt: r.now().UnixMilli()}
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return Endpoint{}, fmt.Errorf("add endpoint: %w", err)
	}
	defer tx.Rollback()
	if err := checkName(ctx, tx, name, ""); err != nil {
		return Endpoint{}, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO endpoints(id, name, base_url, default_model, api_key, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, e.ID, e.Name, e.BaseURL, e.DefaultModel, in.APIKey, e.CreatedAt); err != nil {
		return Endpoint{}, fmt.Errorf("add endpoint: %w", err)
	}
	if err := settings.New(tx).SetIfUnset(ctx, settings.DefaultEndpoint, e.ID); err != nil {
		return Endpoint{}, fmt.Errorf("add endpoint: set default: %w", err)
	}
	if err := store.Audit(ctx, tx, "endpoint.add", e.ID); err != nil {
		return Endpoint{}, err
	}
	if err := tx.Commit(); err != nil {
		return Endpoint{}, fmt.Errorf("add endpoint: %w", err)
	}
	return e, nil
}

// List returns all endpoints by name, without keys.
func (r *Endpoints) List(ctx context.Context) ([]Endpoint, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT id, name, base_url, default_model, api_key != '', created_at
		FROM endpoints ORDER BY name COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("list endpoints: %w", err)
	}
	defer rows.Close()
	out := []Endpoint{}
	for rows.Next() {
		e, err := scanEndpoint(rows)
		if err != nil {
			return nil, fmt.Errorf("list endpoints: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Get returns one endpoint without its key.
func (r *Endpoints) Get(ctx context.Context, id string) (Endpoint, error) {
	return r.getWhere(ctx, "id = ?", id)
}

// GetByName returns one endpoint (case-insensitive name) without its key.
func (r *Endpoints) GetByName(ctx context.Context, name string) (Endpoint, error) {
	return r.getWhere(ctx, "name = ? COLLATE NOCASE", strings.TrimSpace(name))
}

func (r *Endpoints) getWhere(ctx context.Context, where string, arg string) (Endpoint, error) {
	row := r.db.QueryRowContext(ctx, `SELECT id, name, base_url, default_model, api_key != '', created_at
		FROM endpoints WHERE `+where, arg)
	e, err := scanEndpoint(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Endpoint{}, ErrNotFound
	}
	if err != nil {
		return Endpoint{}, fmt.Errorf("get endpoint: %w", err)
	}
	return e, nil
}

// Resolve returns the endpoint with its key, for the client. An empty id
// means the default endpoint; ErrNoEndpoint when there is none. Like the
// client's, its errors are worded by [Describe] (a chat turn stores the
// sentence), and still match the sentinels with errors.Is.
func (r *Endpoints) Resolve(ctx context.Context, id string) (Endpoint, error) {
	ep, err := r.resolve(ctx, id)
	return ep, worded(err)
}

func (r *Endpoints) resolve(ctx context.Context, id string) (Endpoint, error) {
	if id == "" {
		d, err := r.Default(ctx)
		if err != nil {
			return Endpoint{}, err
		}
		id = d.ID
	}
	var key string
	row := r.db.QueryRowContext(ctx, `SELECT id, name, base_url, default_model, api_key != '', created_at, api_key
		FROM endpoints WHERE id = ?`, id)
	var e Endpoint
	var has bool
	err := row.Scan(&e.ID, &e.Name, &e.BaseURL, &e.DefaultModel, &has, &e.CreatedAt, &key)
	if errors.Is(err, sql.ErrNoRows) {
		return Endpoint{}, ErrNotFound
	}
	if err != nil {
		return Endpoint{}, fmt.Errorf("resolve endpoint: %w", err)
	}
	e.Local = IsLocalURL(e.BaseURL)
	return e.WithAPIKey(key), nil
}

// Update changes name, base URL and default model (never the key).
func (r *Endpoints) Update(ctx context.Context, e Endpoint) (Endpoint, error) {
	name := names.Normalize(e.Name)
	if name == "" {
		return Endpoint{}, ErrNameMissing
	}
	base, err := NormalizeURL(e.BaseURL)
	if err != nil {
		return Endpoint{}, err
	}
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return Endpoint{}, fmt.Errorf("update endpoint: %w", err)
	}
	defer tx.Rollback()
	if err := checkName(ctx, tx, name, e.ID); err != nil {
		return Endpoint{}, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE endpoints SET name = ?, base_url = ?, default_model = ? WHERE id = ?`,
		name, base, strings.TrimSpace(e.DefaultModel), e.ID)
	if err != nil {
		return Endpoint{}, fmt.Errorf("update endpoint: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Endpoint{}, ErrNotFound
	}
	if err := tx.Commit(); err != nil {
		return Endpoint{}, fmt.Errorf("update endpoint: %w", err)
	}
	return r.Get(ctx, e.ID)
}

// SetAPIKey replaces the key; an empty key clears it.
func (r *Endpoints) SetAPIKey(ctx context.Context, id, key string) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("set api key: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE endpoints SET api_key = ? WHERE id = ?`, key, id)
	if err != nil {
		return fmt.Errorf("set api key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	event := "endpoint.key_set"
	if key == "" {
		event = "endpoint.key_cleared"
	}
	if err := store.Audit(ctx, tx, event, id); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("set api key: %w", err)
	}
	return nil
}

// Remove deletes an endpoint (and its key). Modules using it fall back to
// the default (the schema sets their endpoint_id to NULL).
func (r *Endpoints) Remove(ctx context.Context, id string) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("remove endpoint: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM endpoints WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("remove endpoint: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if err := settings.New(tx).ClearIf(ctx, settings.DefaultEndpoint, id); err != nil {
		return fmt.Errorf("remove endpoint: clear default: %w", err)
	}
	// Embeddings served here fall back to the default endpoint, as modules do.
	if err := settings.New(tx).ClearIf(ctx, settings.EmbedEndpoint, id); err != nil {
		return fmt.Errorf("remove endpoint: clear embedding endpoint: %w", err)
	}
	if err := store.Audit(ctx, tx, "endpoint.remove", id); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("remove endpoint: %w", err)
	}
	return nil
}

// Default returns the default endpoint (without key): the one named in
// settings, else the oldest. ErrNoEndpoint when there are none.
func (r *Endpoints) Default(ctx context.Context) (Endpoint, error) {
	id, _, err := settings.New(r.db).Get(ctx, settings.DefaultEndpoint)
	if err != nil {
		return Endpoint{}, fmt.Errorf("default endpoint: %w", err)
	}
	if id != "" {
		e, err := r.Get(ctx, id)
		if err == nil || !errors.Is(err, ErrNotFound) {
			return e, err
		}
	}
	row := r.db.QueryRowContext(ctx, `SELECT id, name, base_url, default_model, api_key != '', created_at
		FROM endpoints ORDER BY created_at, id LIMIT 1`)
	e, err := scanEndpoint(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Endpoint{}, ErrNoEndpoint
	}
	if err != nil {
		return Endpoint{}, fmt.Errorf("default endpoint: %w", err)
	}
	return e, nil
}

// SetDefault makes id the default endpoint.
func (r *Endpoints) SetDefault(ctx context.Context, id string) error {
	if _, err := r.Get(ctx, id); err != nil {
		return err
	}
	if err := settings.New(r.db).Set(ctx, settings.DefaultEndpoint, id); err != nil {
		return fmt.Errorf("set default endpoint: %w", err)
	}
	return nil
}

// checkName refuses a name that looks like another endpoint's (equal
// ignoring case, invisible characters and look-alike letters).
func checkName(ctx context.Context, tx *sql.Tx, name, exceptID string) error {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM endpoints WHERE id != ?`, exceptID)
	if err != nil {
		return fmt.Errorf("check endpoint name: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var other string
		if err := rows.Scan(&other); err != nil {
			return fmt.Errorf("check endpoint name: %w", err)
		}
		if names.Confusable(other, name) {
			return ErrNameTaken
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check endpoint name: %w", err)
	}
	return nil
}

type scanner interface{ Scan(dest ...any) error }

func scanEndpoint(s scanner) (Endpoint, error) {
	var e Endpoint
	err := s.Scan(&e.ID, &e.Name, &e.BaseURL, &e.DefaultModel, &e.HasAPIKey, &e.CreatedAt)
	e.Local = IsLocalURL(e.BaseURL)
	return e, err
}
