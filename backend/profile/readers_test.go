package profile_test

import (
	"testing"
	"time"

	"hearth/backend/keychain/keychaintest"
	"hearth/backend/vault"
)

// TestManager_UnlockDoesNotWaitForAWriter: while another process holds the
// profile's write lock (a long import), opening the profile to read does
// not wait for it: the unlock's audit entry is not worth a 5 s stall.
func TestManager_UnlockDoesNotWaitForAWriter(t *testing.T) {
	e := newEnv(t, keychaintest.New())
	p, _ := e.create(t, "Ada", vault.ModeKeychain)
	writer := e.manager(t)
	o, err := writer.Unlock(ctx, p.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Lock(ctx)
	tx, err := o.DB.BeginTx(ctx, nil) // immediate: holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES ('importing', 'yes')`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r, err := e.m.Unlock(ctx, p.ID, "")
	if err != nil {
		t.Fatalf("unlock while another process writes: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("unlock waited %s for the writer", d)
	}
	var n int
	if err := r.DB.QueryRowContext(ctx, `SELECT count(*) FROM settings`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	// Once the writer is done, the reader's unlock is in the audit log.
	tx.Rollback()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if err := r.DB.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE event = 'unlock'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d unlock entries in the audit log, want 2", n)
		}
	}
}
