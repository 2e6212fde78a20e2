// Package store opens a profile's SQLite database and keeps its schema.
//
// A profile database is one file written through the encrypting VFS of
// package cryptovfs (unless Options.Plain); the data key never travels in
// the DSN: Open registers it with the VFS and DB.Close forgets it again. Open applies
// the embedded, numbered, append-only migrations, each in its own
// transaction, and records them in schema_migrations.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"hearth/backend/cryptovfs"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrWrongKey is returned when the file exists but does not decrypt with the
// given key (or is not a SQLite database at all).
var ErrWrongKey = errors.New("the database could not be decrypted with this key")

// DB is an open profile database.
type DB struct {
	*sql.DB
	path      string
	release   func() // forgets the key in the VFS registry; nil when Plain
	closeOnce sync.Once
	closeErr  error
	bg        background
	walDamage WALDamage
	readOnly  bool
	integrity integrityMemo
	stopBG    context.CancelFunc // cancels background work's queries on Close
	bgCtx     context.Context
}

// ReadOnly reports whether the database was opened read-only because its
// folder or file refuses writes: reads and exports work, writes fail.
func (db *DB) ReadOnly() bool { return db.readOnly }

// WALDamage reports a damaged write-ahead log found when the database was
// opened (the zero value if there was none); see checkWAL.
func (db *DB) WALDamage() WALDamage { return db.walDamage }

// Path is the database file's path.
func (db *DB) Path() string { return db.path }

// Close closes every connection and then removes the key from the VFS
// registry. It is safe to call more than once.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		db.stopBG()
		db.bg.stop()
		db.closeErr = db.DB.Close()
		if db.release != nil {
			db.release()
		}
	})
	return db.closeErr
}

// Options tune Open. The zero value is what the app uses.
type Options struct {
	// Plain opens without encryption; only benchmarks and scan-controls use it.
	Plain bool
	// SyncFull selects synchronous=FULL instead of NORMAL.
	SyncFull bool
	// MaxOpenConns bounds the pool (default 4).
	MaxOpenConns int
	// JournalMode overrides WAL (for example "DELETE"); tests use it to
	// exercise the rollback journal through the same code path.
	JournalMode string
	// MustExist opens only a database that is already there: a missing or
	// zero-length file is ErrMissing and nothing is created. Profiles whose
	// key slots exist are opened this way, so a file lost to a sync tool or
	// a failed copy is reported, never answered with a fresh empty database.
	MustExist bool
}

// ErrMissing is returned by Open with Options.MustExist when the database
// file is missing or empty.
var ErrMissing = errors.New("the database file is missing or empty")

// Open opens (creating if needed) the database at path with the 32-byte key
// and brings its schema up to date. A key that does not decrypt an existing
// file fails with an error wrapping ErrWrongKey, and leaves the file, its
// journal and its WAL untouched.
func Open(ctx context.Context, path string, key []byte, opts Options) (*DB, error) {
	path, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if opts.MustExist {
		if err := checkExists(path); err != nil {
			return nil, err
		}
	} else if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create database folder: %w", err)
	}
	// A database that already exists in a folder that refuses writes (a
	// read-only copy or mount) is opened read-only, so it can still be
	// read and exported; nothing, not even the WAL check's copy, is written.
	ro := opts.MustExist && readOnly(path)
	var dmg WALDamage
	if !ro {
		if dmg, err = checkWAL(path, key, opts.Plain, time.Now()); err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
	}
	var release func()
	if !opts.Plain {
		// The key goes into the VFS's Go-side registry, never into the DSN.
		if release, err = cryptovfs.Register(path, key); err != nil {
			if errors.Is(err, cryptovfs.ErrKeyConflict) {
				return nil, fmt.Errorf("open database: %w: %v", ErrWrongKey, err)
			}
			return nil, fmt.Errorf("open database: %w", err)
		}
	}
	journal := "WAL"
	switch opts.JournalMode {
	case "":
	case "WAL", "DELETE", "TRUNCATE", "PERSIST":
		journal = opts.JournalMode
	default:
		return nil, fmt.Errorf("open database: unsupported journal mode %q", opts.JournalMode)
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
		// Up to 32 MiB of page cache per connection (SQLite's default is
		// 2 MiB): a page found in the cache is not read and decrypted again,
		// which is what keeps encrypted reads near plain speed (BENCHMARKS.md).
		// It fills only as pages are read.
		"_pragma=cache_size(-32768)",
		"_pragma=synchronous(" + sync + ")",
	}
	switch {
	case ro:
		params = append(params, "_txlock=deferred", "mode=ro")
		if _, err := os.Stat(path + "-shm"); err != nil {
			// No WAL index to read and none can be made: read the file as
			// it is (a cleanly closed database has everything in it).
			params = append(params, "immutable=1")
		}
	default:
		params = append(params, "_pragma=journal_mode("+journal+")", "_txlock=immediate")
	}
	if !opts.Plain {
		params = append(params, "vfs="+cryptovfs.Name)
	}
	if opts.MustExist && !ro {
		params = append(params, "mode=rw") // SQLite itself never creates it either
	}
	dsn := "file:" + uriPath.Replace(path) + "?" + strings.Join(params, "&")
	sqldb, err := sql.Open("sqlite", dsn)
	if err != nil {
		if release != nil {
			release()
		}
		return nil, fmt.Errorf("open database: %w", err)
	}
	n := opts.MaxOpenConns
	if n <= 0 {
		n = 4
	}
	sqldb.SetMaxOpenConns(n)
	sqldb.SetMaxIdleConns(n)
	db := &DB{DB: sqldb, path: path, release: release, walDamage: dmg, readOnly: ro}
	db.bgCtx, db.stopBG = context.WithCancel(context.Background())
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, classify(err)
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, classify(err)
	}
	return db, nil
}

// checkExists is the MustExist test: the file is there and not empty.
func checkExists(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("open database: %w: %s is missing", ErrMissing, filepath.Base(path))
	}
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("open database: %s is not a regular file", filepath.Base(path))
	}
	if fi.Size() == 0 {
		return fmt.Errorf("open database: %w: %s is empty (0 bytes)", ErrMissing, filepath.Base(path))
	}
	return nil
}

// uriPath escapes the characters that end or encode the path part of a
// SQLite file: URI.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// classify turns SQLITE_NOTADB, which the VFS returns when the first sector
// does not decrypt to a SQLite header, into ErrWrongKey.
func classify(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_NOTADB {
		return fmt.Errorf("open database: %w (%v)", ErrWrongKey, err)
	}
	s := err.Error()
	if strings.Contains(s, "file is not a database") || strings.Contains(s, "SQLITE_NOTADB") {
		return fmt.Errorf("open database: %w (%v)", ErrWrongKey, err)
	}
	return fmt.Errorf("open database: %w", err)
}

// migrate applies the migrations this database lacks. It first looks
// with plain reads: a database whose schema is current is opened without
// taking the write lock, so a reader never waits behind another process's
// long write (an import) just to learn there is nothing to do.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	applied, err := db.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	var todo []string
	for _, name := range names {
		v, err := migrationNumber(name)
		if err != nil {
			return err
		}
		if !applied[v] {
			todo = append(todo, name)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	if db.readOnly {
		return errors.New("the database needs upgrading, but its folder is read-only; open a writable copy with this Hearth first")
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, name := range todo {
		v, _ := migrationNumber(name)
		if err := db.applyMigration(ctx, v, name); err != nil {
			return fmt.Errorf("migration %s: %w", filepath.Base(name), err)
		}
	}
	return nil
}

func migrationNumber(name string) (int, error) {
	base := filepath.Base(name)
	v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
	if err != nil {
		return 0, fmt.Errorf("migration %s: bad number: %w", base, err)
	}
	return v, nil
}

// appliedMigrations reads schema_migrations without writing; a database
// without the table has none applied.
func (db *DB) appliedMigrations(ctx context.Context) (map[int]bool, error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n); err != nil {
		return nil, fmt.Errorf("read schema: %w", err)
	}
	applied := map[int]bool{}
	if n == 0 {
		return applied, nil
	}
	rows, err := db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("read schema_migrations: %w", err)
		}
		applied[v] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	return applied, nil
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
