package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hearth/backend/store"
)

// A commit made with the automatic checkpoint off stays in the WAL until
// CheckpointLater copies it into the database file; Close waits for that,
// and CheckpointLater after Close does nothing.
func TestCheckpointLater(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hearth.db")
	db, err := store.Open(ctx, path, testKey(3), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint = 0`); err != nil {
		t.Fatal(err)
	}
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	text := strings.Repeat("checkpoint me ", 300)
	for i := range 400 {
		if _, err := conn.ExecContext(ctx, `INSERT INTO messages(id, session_id, module_id, role, content, created_at) VALUES (?, ?, ?, 'user', ?, ?)`,
			store.NewID(), sessionID, moduleID, text, i); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close()
	if got := size(); got != before {
		t.Fatalf("database file grew from %d to %d bytes before any checkpoint", before, got)
	}
	db.CheckpointLater()
	// Liveness only: the checkpoint runs in the background; give it ample time.
	deadline := time.Now().Add(30 * time.Second)
	for size() < before+1<<20 {
		if time.Now().After(deadline) {
			t.Fatalf("database file still %d bytes: no checkpoint ran", size())
		}
		time.Sleep(10 * time.Millisecond)
	}
	db.CheckpointLater()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db.CheckpointLater() // after Close: must not start anything
}
