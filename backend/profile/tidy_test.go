package profile_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"hearth/backend/keychain/keychaintest"
	"hearth/backend/vault"
)

// TestTidy_LeftoversRemovedAtNextStart: what killed runs leave behind (a
// half-built profile folder, temporary files of atomic writes) is removed
// at the next start; a recent temporary file is left to its writer.
func TestTidy_LeftoversRemovedAtNextStart(t *testing.T) {
	e := newEnv(t, keychaintest.New())
	p, _ := e.create(t, "Ada", vault.ModeKeychain)
	half := filepath.Join(e.dir, "profiles", ".new-0123456789abcdef0123456789abcdef")
	os.MkdirAll(half, 0o700)
	os.WriteFile(filepath.Join(half, "hearth.db"), []byte("partial"), 0o600)
	oldTmp := filepath.Join(e.m.Dir(p.ID), ".keyslots.json.tmp-123")
	newTmp := filepath.Join(e.m.Dir(p.ID), ".keyslots.json.tmp-456")
	regTmp := filepath.Join(e.dir, ".profiles.json.tmp-789")
	for _, f := range []string{oldTmp, newTmp, regTmp} {
		os.WriteFile(f, []byte("{"), 0o600)
	}
	long := e.clock.Now().Add(-time.Hour)
	os.Chtimes(oldTmp, long, long)
	os.Chtimes(newTmp, e.clock.Now(), e.clock.Now())

	if _, err := e.manager(t).List(ctx); err != nil { // the next start
		t.Fatal(err)
	}
	for _, gone := range []string{half, oldTmp, regTmp} {
		if _, err := os.Stat(gone); !os.IsNotExist(err) {
			t.Errorf("%s left: %v", filepath.Base(gone), err)
		}
	}
	if _, err := os.Stat(newTmp); err != nil {
		t.Errorf("a recent temporary file was removed: %v", err)
	}
	e.unlock(t, p.ID, "")
}
