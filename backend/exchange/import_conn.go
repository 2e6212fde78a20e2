package exchange

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strconv"

	"hearth/backend/store"
)

// importCacheKiB is the page cache the import connection gets while it
// imports (the pool's connections have 8 MiB). A 100k-message import
// dirties ~60 MiB of pages in its one transaction; with the small cache
// SQLite spills dirty pages to the WAL mid-transaction and reads (and
// decrypts) them back, which cost about a third of the import's time.
// The cache is only as large as the pages actually touched, and returns
// to the pool's size when the import ends.
const importCacheKiB = 128 << 10

// importConn takes one connection from the pool for the import, enlarges
// its page cache and turns off its automatic checkpoint: the import's
// commit would otherwise copy the whole import from the WAL into the
// database file before returning; the caller asks the store to do that in
// the background instead (store.DB.CheckpointLater). release restores both
// settings; if that fails the connection is discarded rather than returned
// to the pool changed.
func importConn(ctx context.Context, db *store.DB) (conn *sql.Conn, release func(), err error) {
	conn, err = db.Conn(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("import: connection: %w", err)
	}
	var old int
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&old); err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("import: cache size: %w", err)
	}
	var oldCkpt int
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&oldCkpt); err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("import: checkpoint setting: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = `+strconv.Itoa(-importCacheKiB)+`; PRAGMA wal_autocheckpoint = 0`); err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("import: connection settings: %w", err)
	}
	release = func() {
		// Restoring must happen even when ctx was cancelled mid-import.
		q := `PRAGMA cache_size = ` + strconv.Itoa(old) + `; PRAGMA wal_autocheckpoint = ` + strconv.Itoa(oldCkpt)
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), q); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}
	return conn, release, nil
}
