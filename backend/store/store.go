// Package store opens a profile's SQLite database and keeps its schema.
//
// A profile database is one file written through the encrypting VFS of
// package cryptovfs; the data key never travels in the DSN. Open applies
// the embedded, numbered, append-only migrations, each in its own
// transaction, and records them in schema_migrations.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrWrongKey is returned when the file exists but does not decrypt with the
// given key (or is not a SQLite database at all).
var ErrWrongKey = errors.New("the database could not be decrypted with this key")

// DB is an open profile database.
type DB struct {
	*sql.DB
	path string
}

// Path is the database file's path.
func (db *DB) Path() string { return db.path }

// Options tune Open. The zero value is what the app uses.
type Options struct {
	// Plain opens without encryption; only benchmarks and scan-controls use it.
	Plain bool
	// SyncFull selects synchronous=FULL instead of NORMAL.
	SyncFull bool
	// MaxOpenConns bounds the pool (default 4).
	MaxOpenConns int
}

// Open opens (creating if needed) the database at path with the 32-byte key
// and brings its schema up to date.
func Open(ctx context.Context, path string, key []byte, opts Options) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create database folder: %w", err)
	}
	sync := "NORMAL"
	if opts.SyncFull {
		sync = "FULL"
	}
	params := []string{
		"_pragma=busy_timeout(5000)",
		"_pragma=foreign_keys(1)",
		"_pragma=secure_delete(1)",
		"_pragma=temp_store(2)",
		"_pragma=mmap_size(0)",
		"_pragma=journal_mode(WAL)",
		"_pragma=synchronous(" + sync + ")",
		"_txlock=immediate",
	}
	dsn := "file:" + path + "?" + strings.Join(params, "&")
	sqldb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	n := opts.MaxOpenConns
	if n <= 0 {
		n = 4
	}
	sqldb.SetMaxOpenConns(n)
	sqldb.SetMaxIdleConns(n)
	db := &DB{DB: sqldb, path: path}
	if err := db.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, classify(err)
	}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, classify(err)
	}
	return db, nil
}

func classify(err error) error {
	s := err.Error()
	if strings.Contains(s, "file is not a database") || strings.Contains(s, "SQLITE_NOTADB") {
		return fmt.Errorf("%w: %v", ErrWrongKey, err)
	}
	return err
}

func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := filepath.Base(name)
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: bad number: %w", base, err)
		}
		if err := db.applyMigration(ctx, v, name); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, version int, name string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := migrationFS.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)`, version, time.Now().UnixMilli()); err != nil {
		return err
	}
	return tx.Commit()
}

// SchemaVersion is the highest migration applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// NewID returns a random, opaque 128-bit id as 32 hex characters.
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error()) // never happens on supported OSes
	}
	return hex.EncodeToString(b[:])
}

// Audit appends a security event (never message or memory text).
func Audit(ctx context.Context, x interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, event, detail string) error {
	_, err := x.ExecContext(ctx, `INSERT INTO audit_log(at, event, detail) VALUES (?, ?, ?)`, time.Now().UnixMilli(), event, detail)
	if err != nil {
		return fmt.Errorf("audit %s: %w", event, err)
	}
	return nil
}
