package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"hearth/backend/cryptovfs"
)

// CopyUnderKey writes a compacted copy of db to path (which must not
// exist), encrypted under key instead of db's key: SQLite's VACUUM INTO
// through the encrypting VFS, so every page of the copy is written by the
// VFS with the new key and no plaintext reaches the disk. Key rotation
// uses it; the copy is a complete database (schema, rows, indexes, FTS).
func CopyUnderKey(ctx context.Context, db *DB, path string, key []byte) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("copy database: %w", err)
	}
	if _, err := os.Lstat(abs); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("copy database: %s already exists", filepath.Base(abs))
	}
	release, err := cryptovfs.Register(abs, key)
	if err != nil {
		return fmt.Errorf("copy database: %w", err)
	}
	defer release()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, abs); err != nil {
		os.Remove(abs)
		return fmt.Errorf("copy database under a new key: %w", err)
	}
	return nil
}
