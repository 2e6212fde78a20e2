package store

import (
	"context"
	"log/slog"
	"sync"
)

// A bulk write (an import) leaves tens of MiB in the WAL. Copying them into
// the database file is SQLite's checkpoint, which the committing connection
// would otherwise run inside its commit (~0.4 s for 100k messages, most of
// it re-reading, re-encrypting and syncing pages). The data is already
// committed and durable in the WAL at that point, so the writer can skip
// the checkpoint (PRAGMA wal_autocheckpoint=0 on its connection) and ask
// for it here instead. A PASSIVE checkpoint blocks neither readers nor
// writers, so the app is usable while it runs.

// background tracks goroutines that must finish before the pool closes.
type background struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// start runs fn on a goroutine unless stop has been called.
func (b *background) start(fn func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		fn()
	}()
}

// stop refuses new work and waits for running work.
func (b *background) stop() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.wg.Wait()
}

// CheckpointLater runs a PASSIVE WAL checkpoint on a background goroutine.
// Close waits for it. A failure is only logged: the WAL still holds every
// committed page, and SQLite checkpoints again on a later commit or when
// the last connection closes.
func (db *DB) CheckpointLater() {
	db.bg.start(func() {
		if _, err := db.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
			slog.Warn("background checkpoint failed", "err", err)
		}
	})
}
