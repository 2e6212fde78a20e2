// Package api is what the window calls: thin facades bound to Wails that
// validate input, call a service of the open profile and map results to
// DTOs. No method takes a profile id to read data (the open profile is
// server-side state) and no DTO carries a secret.
//
// A returned error reaches JavaScript as a string: one clear sentence,
// prefixed with a bracketed code where the UI must react ("[wrong-secret] …").
package api

import (
	"context"
	"log/slog"

	"hearth/backend/applog"
)

// Dialogs are native file dialogs (provided by app.go through Wails).
type Dialogs interface {
	SaveFile(title, defaultName string) (string, error)
	OpenFile(title string) (string, error)
}

// Config is what the facades need from the edge.
type Config struct {
	DataDir string
	Version string
	Logger  *slog.Logger
	Emit    func(name string, data any)
	Dialogs Dialogs
}

// Backend owns the facades bound to the window.
type Backend struct {
	cfg    Config
	System *System
}

// New builds the facades.
func New(cfg Config) (*Backend, error) {
	if cfg.Logger == nil {
		cfg.Logger = applog.Discard()
	}
	if cfg.Emit == nil {
		cfg.Emit = func(string, any) {}
	}
	b := &Backend{cfg: cfg}
	b.System = &System{version: cfg.Version, dataDir: cfg.DataDir, log: cfg.Logger}
	return b, nil
}

// Bindings lists the structs whose exported methods the window may call.
func (b *Backend) Bindings() []any {
	return []any{b.System}
}

// Shutdown locks the open profile (closing its database) as the window closes.
func (b *Backend) Shutdown(ctx context.Context) {}
