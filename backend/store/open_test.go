package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hearth/backend/store"
)

// TestOpen_MustExist: a profile database that vanished or was truncated to
// zero bytes is refused, and nothing is created in its place.
func TestOpen_MustExist(t *testing.T) {
	ctx := context.Background()
	key := testKey(3)
	t.Run("ErrMissing", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "hearth.db")
		_, err := store.Open(ctx, path, key, store.Options{MustExist: true})
		if !errors.Is(err, store.ErrMissing) {
			t.Fatalf("missing file: %v", err)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("a database was created: %v", err)
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "hearth.db")
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := store.Open(ctx, path, key, store.Options{MustExist: true})
		if !errors.Is(err, store.ErrMissing) {
			t.Fatalf("empty file: %v", err)
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
			t.Fatalf("the empty file was changed: %v %v", fi, err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "hearth.db")
		db, err := store.Open(ctx, path, key, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		db, err = store.Open(ctx, path, key, store.Options{MustExist: true})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
	})
}

// TestOpen_CurrentSchemaTakesNoWriteLock: while another connection holds
// the write lock (a long import), opening the database to read neither
// waits for it nor fails with "database is locked".
func TestOpen_CurrentSchemaTakesNoWriteLock(t *testing.T) {
	ctx := context.Background()
	key := testKey(4)
	path := filepath.Join(t.TempDir(), "hearth.db")
	writer, err := store.Open(ctx, path, key, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	if err := seed(ctx, writer); err != nil {
		t.Fatal(err)
	}
	tx, err := writer.BeginTx(ctx, nil) // _txlock=immediate: holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE sessions SET updated_at = updated_at + 1`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	reader, err := store.Open(ctx, path, key, store.Options{MustExist: true})
	if err != nil {
		t.Fatalf("open while another connection writes: %v (after %s)", err, time.Since(start))
	}
	defer reader.Close()
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("open waited %s for the writer", d)
	}
	var n int
	if err := reader.QueryRowContext(ctx, `SELECT count(*) FROM sessions`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("read while another connection writes: %d %v", n, err)
	}
}
