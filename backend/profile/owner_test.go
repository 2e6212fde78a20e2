package profile_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"hearth/backend/keychain/keychaintest"
	"hearth/backend/profile"
	"hearth/backend/vault"
)

// TestManager_DeleteWhileOpenElsewhere: a profile open in another window
// or command (another Manager; flock locks are per open file, so this
// holds across processes too) is not deleted from under it; once that one
// locks it, the delete goes through.
func TestManager_DeleteWhileOpenElsewhere(t *testing.T) {
	e := newEnv(t, keychaintest.New())
	p, _ := e.create(t, "Ada", vault.ModePassphrase)
	other := e.manager(t) // the window
	o, err := other.Unlock(ctx, p.ID, secrets[vault.ModePassphrase])
	if err != nil {
		t.Fatal(err)
	}
	note(t, o, "being written")
	before := filesUnder(t, e.m.Dir(p.ID))
	_, err = e.m.Delete(ctx, p.ID) // the command line
	if !errors.Is(err, profile.ErrInUse) {
		t.Fatalf("delete while open elsewhere: %v", err)
	}
	t.Logf("refused: %v", err)
	if after := filesUnder(t, e.m.Dir(p.ID)); len(after) != len(before) {
		t.Fatalf("files removed although the delete was refused: %v -> %v", before, after)
	}
	if list, _ := e.m.List(ctx); len(list) != 1 {
		t.Fatal("registry entry removed")
	}
	note(t, o, "still writable")
	if err := other.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.Delete(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(e.m.Dir(p.ID)); !os.IsNotExist(err) {
		t.Fatalf("folder left: %v", err)
	}
	// An open that finds the profile gone says so, and creates nothing.
	if _, err := other.Unlock(ctx, p.ID, secrets[vault.ModePassphrase]); err == nil {
		t.Fatal("a deleted profile opened")
	}
	if _, err := os.Stat(e.m.Dir(p.ID)); !os.IsNotExist(err) {
		t.Fatalf("an open recreated the folder: %v", err)
	}
}

// TestManager_DeleteSymlinkedFolder: a profile folder that is a symbolic
// link is refused whole: nothing is removed through the link.
func TestManager_DeleteSymlinkedFolder(t *testing.T) {
	e := newEnv(t, keychaintest.New())
	p, _ := e.create(t, "Ada", vault.ModePassphrase)
	target := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.Rename(e.m.Dir(p.ID), target); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, e.m.Dir(p.ID)); err != nil {
		t.Fatal(err)
	}
	before := filesUnder(t, target)
	if _, err := e.m.Delete(ctx, p.ID); !errors.Is(err, profile.ErrSymlink) {
		t.Fatalf("delete through a link: %v", err)
	}
	if after := filesUnder(t, target); len(after) != len(before) {
		t.Fatalf("files removed through the link: %v -> %v", before, after)
	}
	if _, err := os.Stat(filepath.Join(target, vault.SlotsFileName)); err != nil {
		t.Fatal("key slots removed through the link")
	}
}
