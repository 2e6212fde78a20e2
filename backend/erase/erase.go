// Package erase is the one way Hearth deletes what a user wrote: sessions,
// messages, memories and modules. Every delete path (the chat store, the
// memory service's forget, the module service, the exchange helpers) runs
// its SQL through [Run], which
//
//   - switches FTS5 secure-delete on for the search indexes the delete
//     touches, so a deleted row's tokens leave the index at once instead of
//     lingering as a tombstoned copy in an older segment;
//   - writes one audit entry in the same transaction (counts and ids only,
//     never text);
//   - checkpoints the WAL with TRUNCATE after the commit, so old page images
//     holding the deleted text do not stay in the -wal file.
//
// With the database's PRAGMA secure_delete on (store.Open sets it), freed
// pages are zeroed, so after Run the text is in neither the database file,
// the WAL nor the index.
package erase

import (
	"context"
	"database/sql"
	"fmt"

	"hearth/backend/store"
)

// The FTS5 tables whose rows a delete can remove.
const (
	MessagesFTS = "messages_fts"
	MemoriesFTS = "memories_fts"
	ChunksFTS   = "chunks_fts" // document passages (package docs)
)

// Execer is a *sql.Tx, *sql.DB or *store.DB.
type Execer interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}

// SecureDelete makes FTS5 table drop a deleted or replaced row's tokens
// from the index at once instead of tombstoning them. The setting is
// persistent; writing it again is cheap. Updates that replace indexed text
// call it too, before the UPDATE.
func SecureDelete(ctx context.Context, x Execer, table string) error {
	if table != MessagesFTS && table != MemoriesFTS && table != ChunksFTS {
		return fmt.Errorf("fts secure-delete: unknown table %q", table)
	}
	if _, err := x.ExecContext(ctx, `INSERT INTO `+table+`(`+table+`, rank) VALUES ('secure-delete', 1)`); err != nil {
		return fmt.Errorf("fts secure-delete: %w", err)
	}
	return nil
}

// Job is one delete.
type Job struct {
	// What names the delete in wrapped errors ("delete session").
	What string
	// Event is the audit event ("session.delete").
	Event string
	// FTS lists the indexes whose rows Delete removes (MessagesFTS,
	// MemoriesFTS).
	FTS []string
	// Delete runs the delete's SQL and returns the audit detail: ids and
	// counts, never text. An empty detail says nothing was deleted (a
	// "forget …" that matched nothing): Run then commits without an audit
	// entry or a checkpoint. Its errors are returned unwrapped, so sentinels
	// such as a package's ErrNotFound reach the caller as they are.
	Delete func(tx *sql.Tx) (detail string, err error)
}

// Run runs j in one transaction with secure-delete on for j.FTS, audits
// it, commits, and checkpoints the WAL (best effort: a busy reader only
// delays the truncation to the next checkpoint, and the delete has already
// committed).
func Run(ctx context.Context, db *store.DB, j Job) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", j.What, err)
	}
	defer tx.Rollback()
	for _, t := range j.FTS {
		if err := SecureDelete(ctx, tx, t); err != nil {
			return fmt.Errorf("%s: %w", j.What, err)
		}
	}
	detail, err := j.Delete(tx)
	if err != nil {
		return err
	}
	if detail != "" {
		if err := store.Audit(ctx, tx, j.Event, detail); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", j.What, err)
	}
	if detail != "" {
		_ = Checkpoint(ctx, db)
	}
	return nil
}

// Checkpoint copies the WAL into the database and truncates it, so old
// page images holding deleted text do not linger in the -wal file. A busy
// checkpoint (a reader in the middle of a transaction) is not an error:
// the next one finishes the job.
func Checkpoint(ctx context.Context, db *store.DB) error {
	var busy, logFrames, done int
	if err := db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}
