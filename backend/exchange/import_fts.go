package exchange

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
)

// importAutomerge is FTS5's automerge setting for messages_fts while an
// import runs. FTS5 writes one index segment per batch statement and, at
// its default of 4, merges every 4 segments of a level into the next,
// rewriting the imported text's postings once per level: about a third
// of a 100k-message import's insert time. At 16 it merges less; the index
// then ends with about 10 segments instead of 8 (a search over them took
// ~10% longer in a one-off comparison), and later writes merge further at
// the profile's usual setting, which is restored in the same transaction.
const importAutomerge = 16

// ftsDefaultAutomerge is FTS5's automerge when the profile never set one.
const ftsDefaultAutomerge = 4

// automerge returns messages_fts's automerge setting.
func (d *dbSink) automerge() (int, error) {
	var v string
	switch err := d.tx.QueryRowContext(d.ctx, `SELECT v FROM messages_fts_config WHERE k = 'automerge'`).Scan(&v); {
	case errors.Is(err, sql.ErrNoRows):
		return ftsDefaultAutomerge, nil
	case err != nil:
		return 0, fmt.Errorf("import: index settings: %w", err)
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return ftsDefaultAutomerge, nil
	}
	return n, nil
}

// setAutomerge sets messages_fts's automerge setting.
func (d *dbSink) setAutomerge(n int) error {
	if _, err := d.tx.ExecContext(d.ctx, `INSERT INTO messages_fts(messages_fts, rank) VALUES ('automerge', ?)`, n); err != nil {
		return fmt.Errorf("import: index settings: %w", err)
	}
	return nil
}
