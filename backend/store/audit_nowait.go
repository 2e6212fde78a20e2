package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// auditRetry is how often AuditNoWait tries again while another
// connection holds the write lock; auditTry is how long each try waits.
const (
	auditRetry = 250 * time.Millisecond
	auditTry   = 50 * time.Millisecond
)

// AuditNoWait appends a security event like Audit, but never makes the
// caller wait behind another connection's long write (an import in
// another process): it tries once for a moment and, if the write lock is
// taken, keeps trying on a background goroutine until it succeeds or the
// database is closed (then the event is lost and onLost is told, if set).
func (db *DB) AuditNoWait(ctx context.Context, event, detail string, onLost func(error)) error {
	at := time.Now().UnixMilli()
	err := db.auditBrief(ctx, event, detail, at)
	if err == nil || !isBusy(err) {
		return err
	}
	db.bg.start(func() {
		for {
			select {
			case <-db.bgCtx.Done():
				if onLost != nil {
					onLost(fmt.Errorf("audit %s: database closed while another connection was writing", event))
				}
				return
			case <-time.After(auditRetry):
			}
			err := db.auditBrief(db.bgCtx, event, detail, at)
			if err == nil {
				return
			}
			if !isBusy(err) {
				if onLost != nil {
					onLost(err)
				}
				return
			}
		}
	})
	return nil
}

// auditBrief writes the event on one connection whose busy timeout is
// auditTry, then restores the pool's timeout on it.
func (db *DB) auditBrief(ctx context.Context, event, detail string, at int64) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("audit %s: %w", event, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, auditTry.Milliseconds())); err != nil {
		return fmt.Errorf("audit %s: %w", event, err)
	}
	defer conn.ExecContext(context.Background(), `PRAGMA busy_timeout = 5000`)
	return auditAt(ctx, conn, event, detail, at)
}

func auditAt(ctx context.Context, conn *sql.Conn, event, detail string, at int64) error {
	if _, err := conn.ExecContext(ctx, `INSERT INTO audit_log(at, event, detail) VALUES (?, ?, ?)`, at, event, detail); err != nil {
		return fmt.Errorf("audit %s: %w", event, err)
	}
	return nil
}

// isBusy reports whether err is SQLite's "database is locked" (another
// connection holds the write lock).
func isBusy(err error) bool {
	s := err.Error()
	return strings.Contains(s, "SQLITE_BUSY") || strings.Contains(s, "database is locked")
}
