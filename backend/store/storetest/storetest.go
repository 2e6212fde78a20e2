// Package storetest is the one way tests open a profile database: a real
// encrypted SQLite file (store.Open over cryptovfs) in the test's temporary
// folder, under a random key, closed when the test ends. It lives in a
// non-test file so every package's tests share it (restic's
// repository.TestRepository does the same); only tests import it, so it
// never reaches the release binary.
package storetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth/backend/store"
)

// Config tunes Open; the zero value is a fresh database under a random key.
type Config struct {
	// Path is where the database goes (default: a temporary folder's
	// hearth.db); parent folders are created.
	Path string
	// Key is the 32-byte data key (default: random).
	Key []byte
	// Options are passed to store.Open.
	Options store.Options
}

// Open opens a fresh encrypted profile database for tb.
func Open(tb testing.TB) *store.DB {
	tb.Helper()
	return OpenWith(tb, Config{})
}

// OpenWith opens a profile database as cfg says and, unless a plaintext
// database was asked for (store.Options.Plain, for tests that read the file
// with other tools), checks that what reaches the disk is not a readable
// SQLite file: a test passing on a plaintext database proves nothing.
func OpenWith(tb testing.TB, cfg Config) *store.DB {
	tb.Helper()
	if cfg.Path == "" {
		cfg.Path = filepath.Join(tb.TempDir(), "hearth.db")
	}
	if cfg.Key == nil {
		cfg.Key = Key(tb)
	}
	if err := os.MkdirAll(filepath.Dir(cfg.Path), 0o700); err != nil {
		tb.Fatalf("storetest: %v", err)
	}
	db, err := store.Open(context.Background(), cfg.Path, cfg.Key, cfg.Options)
	if err != nil {
		tb.Fatalf("storetest: open %s: %v", cfg.Path, err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	head := make([]byte, 16)
	if f, err := os.Open(cfg.Path); err == nil {
		_, _ = f.Read(head)
		f.Close()
	}
	if !cfg.Options.Plain && bytes.HasPrefix(head, []byte("SQLite format 3")) {
		tb.Fatalf("storetest: %s is a plaintext SQLite file", cfg.Path)
	}
	return db
}

// Key returns a random 32-byte data key.
func Key(tb testing.TB) []byte {
	tb.Helper()
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		tb.Fatalf("storetest: key: %v", err)
	}
	return k
}

// Traces lists where canary still is in db: each of the FTS5 tables named
// whose index matches it, the decrypted pages as SQLite sees them
// (sqlite_dbpage, free pages included), and the database and WAL files as
// they lie on disk; all searched case-insensitively. Erasure tests assert
// it is empty after a delete.
func Traces(tb testing.TB, db *store.DB, canary string, fts ...string) []string {
	tb.Helper()
	var where []string
	for _, table := range fts {
		var n int
		q := `SELECT count(*) FROM ` + table + ` WHERE ` + table + ` MATCH ?`
		if err := db.QueryRowContext(context.Background(), q, `"`+canary+`"`).Scan(&n); err != nil {
			tb.Fatalf("storetest: search %s: %v", table, err)
		}
		if n > 0 {
			where = append(where, table)
		}
	}
	needle := []byte(strings.ToLower(canary))
	return append(where, scan(tb, db, func(b []byte) bool { return bytes.Contains(bytes.ToLower(b), needle) })...)
}

// BlobTraces lists where the bytes of blob (a vector, say) still are: the
// decrypted pages and the database and WAL files.
func BlobTraces(tb testing.TB, db *store.DB, blob []byte) []string {
	tb.Helper()
	return scan(tb, db, func(b []byte) bool { return bytes.Contains(b, blob) })
}

func scan(tb testing.TB, db *store.DB, found func([]byte) bool) []string {
	tb.Helper()
	var where []string
	rows, err := db.QueryContext(context.Background(), `SELECT data FROM sqlite_dbpage`)
	if err != nil {
		tb.Fatalf("storetest: read pages: %v", err)
	}
	pages := 0
	for rows.Next() {
		var page []byte
		if err := rows.Scan(&page); err != nil {
			tb.Fatalf("storetest: read pages: %v", err)
		}
		if found(page) {
			pages++
		}
	}
	if err := rows.Close(); err != nil {
		tb.Fatalf("storetest: read pages: %v", err)
	}
	if pages > 0 {
		where = append(where, "database pages")
	}
	for _, f := range []string{db.Path(), db.Path() + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			tb.Fatalf("storetest: %v", err)
		}
		if found(b) {
			where = append(where, filepath.Base(f))
		}
	}
	return where
}
