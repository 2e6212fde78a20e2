package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// ErrDamaged is returned (wrapped) by CheckIntegrity when the database's
// pages or its full-text indexes do not check out.
var ErrDamaged = errors.New("the database is damaged")

// ftsTables are the full-text indexes CheckIntegrity verifies.
var ftsTables = []string{"messages_fts", "memories_fts"}

// Integrity is what CheckIntegrity found: Problems is empty when the
// database checks out. Each problem is one line naming the part (the
// page structure or a search index), never row contents.
type Integrity struct {
	Problems []string
}

// OK reports whether nothing was found.
func (i Integrity) OK() bool { return len(i.Problems) == 0 }

// Err is nil when the database checks out, else an error wrapping
// ErrDamaged that lists the problems.
func (i Integrity) Err() error {
	if i.OK() {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrDamaged, strings.Join(i.Problems, "; "))
}

// CheckIntegrity runs SQLite's PRAGMA quick_check (page structure, record
// formats, NOT NULL and UNIQUE constraints; it skips the index-content
// cross-check of integrity_check, which is what makes it fast) and FTS5's
// integrity-check of every search index. An error is returned only when a
// check could not run at all (a busy database, a closed pool); damage the
// checks find is in the result.
//
// The FTS5 checks run first, on the same connection: the FTS5
// 'integrity-check' command re-reads the index's structure when another
// connection has written since, so the pragma after it sees the current
// index (see the store tests' checkIntegrity).
func (db *DB) CheckIntegrity(ctx context.Context) (Integrity, error) {
	res, err := db.checkIntegrity(ctx)
	if err == nil {
		db.integrity.Lock()
		db.integrity.last, db.integrity.at = res, time.Now()
		db.integrity.Unlock()
	}
	return res, err
}

// LastIntegrity returns the result of the last CheckIntegrity on this
// open database and when it finished; ok is false if none has run.
func (db *DB) LastIntegrity() (res Integrity, at time.Time, ok bool) {
	db.integrity.Lock()
	defer db.integrity.Unlock()
	return db.integrity.last, db.integrity.at, !db.integrity.at.IsZero()
}

// CheckIntegrityLater runs CheckIntegrity on a background goroutine and
// passes the result to done. Close cancels a check still running (done
// then gets the cancellation error) and waits for it.
func (db *DB) CheckIntegrityLater(done func(Integrity, error)) {
	db.bg.start(func() { done(db.CheckIntegrity(db.bgCtx)) })
}

// integrityMemo is the last CheckIntegrity result of an open DB.
type integrityMemo struct {
	sync.Mutex
	last Integrity
	at   time.Time
}

func (db *DB) checkIntegrity(ctx context.Context) (Integrity, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return Integrity{}, fmt.Errorf("integrity check: %w", err)
	}
	defer conn.Close()
	var res Integrity
	for _, t := range ftsTables {
		if db.readOnly {
			break // the FTS5 check is a write; the page check below still runs
		}
		// rank 1: also compare the index with the rows of its content
		// table, which catches damaged message text the page check cannot
		// see (XTS leaves a damaged block well-formed but wrong).
		if _, err := conn.ExecContext(ctx, `INSERT INTO `+t+`(`+t+`, rank) VALUES ('integrity-check', 1)`); err != nil {
			if isCorrupt(err) {
				res.Problems = append(res.Problems, fmt.Sprintf("search index %s: %v", t, err))
				continue
			}
			return Integrity{}, fmt.Errorf("integrity check %s: %w", t, err)
		}
	}
	rows, err := conn.QueryContext(ctx, `PRAGMA quick_check(20)`)
	if err != nil {
		if isCorrupt(err) {
			res.Problems = append(res.Problems, fmt.Sprintf("pages: %v", err))
			return res, nil
		}
		return Integrity{}, fmt.Errorf("quick_check: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return Integrity{}, fmt.Errorf("quick_check: %w", err)
		}
		if s != "ok" {
			res.Problems = append(res.Problems, "pages: "+s)
		}
	}
	if err := rows.Err(); err != nil {
		if isCorrupt(err) {
			res.Problems = append(res.Problems, fmt.Sprintf("pages: %v", err))
			return res, nil
		}
		return Integrity{}, fmt.Errorf("quick_check: %w", err)
	}
	return res, nil
}

// isCorrupt reports whether err is SQLite saying the file is damaged
// (SQLITE_CORRUPT, SQLITE_NOTADB) rather than busy or closed.
func isCorrupt(err error) bool {
	s := err.Error()
	return strings.Contains(s, "SQLITE_CORRUPT") || strings.Contains(s, "malformed") ||
		strings.Contains(s, "corrupt") || strings.Contains(s, "SQLITE_NOTADB") || strings.Contains(s, "not a database")
}
