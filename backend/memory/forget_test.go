package memory_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"hearth/backend/memory"
	"hearth/backend/store"
)

// onDisk reports whether needle occurs in the database file or its WAL.
func onDisk(t *testing.T, db *store.DB, needle string) bool {
	t.Helper()
	for _, p := range []string{db.Path(), db.Path() + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(needle)) {
			return true
		}
	}
	return false
}

func TestService_Forget(t *testing.T) {
	ctx := context.Background()
	// Plain (unencrypted) so the test can look for the text in the file.
	db := openDB(t, store.Options{Plain: true})
	s := memory.NewService(db, clock())
	const secret = "Quokkaberry"
	m := mustAdd(t, s, "general", "Favourite fruit is the "+secret)
	if _, err := s.Update(ctx, "general", m.ID, "Favourite fruit: "+secret+" jam", "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	if !onDisk(t, db, secret) {
		t.Fatal("control: text should be on disk before forgetting")
	}
	t.Run("ErrNotFound", func(t *testing.T) {
		if err := s.Forget(ctx, "tutor", m.ID); !errors.Is(err, memory.ErrNotFound) {
			t.Fatal(err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		if err := s.Forget(ctx, "general", m.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, "general", m.ID); !errors.Is(err, memory.ErrNotFound) {
			t.Fatal(err)
		}
		var n int
		db.QueryRowContext(ctx, `SELECT count(*) FROM memory_history WHERE memory_id = ?`, m.ID).Scan(&n)
		if n != 0 {
			t.Errorf("%d history rows left", n)
		}
		if onDisk(t, db, secret) {
			t.Error("forgotten text is still on disk")
		}
		var audit string
		db.QueryRowContext(ctx, `SELECT detail FROM audit_log WHERE event = 'memory.forget'`).Scan(&audit)
		if audit == "" || bytes.Contains([]byte(audit), []byte(secret)) {
			t.Errorf("audit detail %q", audit)
		}
	})
}
