// Package applog writes Hearth's log: log/slog text records to a size-rotated
// file in the data dir. Callers log events and ids only — never message
// text, memory text, keys, PINs, passphrases or API keys — and the handler
// drops attributes whose names suggest a secret as a second line of defence.
package applog

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Defaults for the rotating file.
const (
	DefaultMaxBytes = 2 << 20 // rotate at 2 MiB
	DefaultKeep     = 3       // hearth.log.1 … hearth.log.3
)

// File is an io.Writer that rotates by size. Safe for concurrent use.
type File struct {
	mu       sync.Mutex
	path     string
	maxBytes int64
	keep     int
	f        *os.File
	size     int64
}

// OpenFile opens (appending) path, creating it 0600.
func OpenFile(path string, maxBytes int64, keep int) (*File, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if keep <= 0 {
		keep = DefaultKeep
	}
	r := &File{path: path, maxBytes: maxBytes, keep: keep}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *File) open() error {
	if err := os.MkdirAll(filepath.Dir(r.path), 0o700); err != nil {
		return fmt.Errorf("create log folder: %w", err)
	}
	f, err := os.OpenFile(r.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("stat log: %w", err)
	}
	r.f, r.size = f, st.Size()
	return nil
}

// Write appends p, rotating first if p would overflow the file.
func (r *File) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return 0, os.ErrClosed
	}
	if r.size > 0 && r.size+int64(len(p)) > r.maxBytes {
		if err := r.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := r.f.Write(p)
	r.size += int64(n)
	return n, err
}

func (r *File) rotate() error {
	if err := r.f.Close(); err != nil {
		return fmt.Errorf("close log: %w", err)
	}
	for i := r.keep - 1; i >= 1; i-- {
		_ = os.Rename(fmt.Sprintf("%s.%d", r.path, i), fmt.Sprintf("%s.%d", r.path, i+1))
	}
	if err := os.Rename(r.path, r.path+".1"); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("rotate log: %w", err)
	}
	return r.open()
}

// Close closes the file.
func (r *File) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}

// secretish names attributes that must never reach the log.
var secretish = []string{"key", "pin", "passphrase", "password", "secret", "token", "text", "content", "prompt"}

// New returns a logger writing text records to w, redacting secret-looking
// attributes (the value is replaced, the attribute name kept for debugging).
func New(w *File, level slog.Level) *slog.Logger {
	h := slog.NewTextHandler(w, &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			name := strings.ToLower(a.Key)
			if name == slog.MessageKey || name == slog.TimeKey || name == slog.LevelKey {
				return a
			}
			for _, s := range secretish {
				if strings.Contains(name, s) && !strings.HasSuffix(name, "_id") && !strings.HasSuffix(name, "count") && !strings.HasSuffix(name, "tokens") {
					return slog.String(a.Key, "[redacted]")
				}
			}
			return a
		},
	})
	return slog.New(h)
}

// Discard is a logger that writes nothing (tests, CLI without a data dir).
func Discard() *slog.Logger { return slog.New(discard{}) }

type discard struct{}

func (discard) Enabled(context.Context, slog.Level) bool  { return false }
func (discard) Handle(context.Context, slog.Record) error { return nil }
func (d discard) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discard) WithGroup(string) slog.Handler           { return d }
