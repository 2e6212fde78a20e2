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

// setAutomerge sets messages_fts's automerge and returns the value it had.
func (d *dbSink) setAutomerge(n int) (old int, err error) {
	var v string
	switch err := d.tx.QueryRowContext(d.ctx, `SELECT v FROM messages_fts_config WHERE k = 'automerge'`).Scan(&v); {
	case errors.Is(err, sql.ErrNoRows):
		old = ftsDefaultAutomerge
	case err != nil:
		return 0, fmt.Errorf("import: index settings: %w", err)
	default:
		if old, err = strconv.Atoi(v); err != nil {
			old = ftsDefaultAutomerge
		}
	}
	if _, err := d.tx.ExecContext(d.ctx, `INSERT INTO messages_fts(messages_fts, rank) VALUES ('automerge', ?)`, n); err != nil {
		return 0, fmt.Errorf("import: index settings: %w", err)
	}
	return old, nil
}
