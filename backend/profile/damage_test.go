package profile_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"hearth/backend/keychain/keychaintest"
	"hearth/backend/profile"
	"hearth/backend/store"
	"hearth/backend/vault"
)

// TestManager_MissingDatabaseRefused: a profile whose hearth.db was deleted
// or truncated to zero bytes is never given a fresh empty database: unlock
// fails with store.ErrMissing and the folder is left as it was.
func TestManager_MissingDatabaseRefused(t *testing.T) {
	for name, damage := range map[string]func(path string){
		"Deleted": func(p string) { os.Remove(p); os.Remove(p + "-wal"); os.Remove(p + "-shm") },
		"Emptied": func(p string) { os.Truncate(p, 0) },
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, keychaintest.New())
			p, rk := e.create(t, "Ada", vault.ModeKeychain)
			note(t, e.unlock(t, p.ID, ""), "kept")
			e.m.Lock(ctx)
			path := filepath.Join(e.m.Dir(p.ID), profile.DBFileName)
			damage(path)
			before := filesUnder(t, e.m.Dir(p.ID))
			if _, err := e.m.Unlock(ctx, p.ID, ""); !errors.Is(err, store.ErrMissing) {
				t.Fatalf("unlock: %v", err)
			}
			if _, err := e.m.UnlockWithRecovery(ctx, p.ID, rk); !errors.Is(err, store.ErrMissing) {
				t.Fatalf("recovery unlock: %v", err)
			}
			fi, err := os.Stat(path)
			if name == "Deleted" && !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("a database was created: %v", err)
			}
			if name == "Emptied" && (err != nil || fi.Size() != 0) {
				t.Fatalf("the empty file was written: %v", err)
			}
			if after := filesUnder(t, e.m.Dir(p.ID)); len(after) != len(before) {
				t.Fatalf("files changed: %v -> %v", before, after)
			}
		})
	}
}

// TestManager_OneKeySlotFileLost: deleting or truncating keyslots.json
// does not lock anyone out, in any protection mode.
func TestManager_OneKeySlotFileLost(t *testing.T) {
	for _, mode := range []vault.Mode{vault.ModeKeychain, vault.ModePIN, vault.ModePassphrase} {
		for _, file := range []string{vault.SlotsFileName, vault.SlotsCopyName} {
			t.Run(string(mode)+"/"+file, func(t *testing.T) {
				e := newEnv(t, keychaintest.New())
				p, rk := e.create(t, "Ada", mode)
				note(t, e.unlock(t, p.ID, secrets[mode]), "kept")
				e.m.Lock(ctx)
				os.Remove(filepath.Join(e.m.Dir(p.ID), file))
				if readNote(t, e.unlock(t, p.ID, secrets[mode])) != "kept" {
					t.Fatal("data lost")
				}
				e.m.Lock(ctx)
				b, _ := os.ReadFile(filepath.Join(e.m.Dir(p.ID), file))
				os.WriteFile(filepath.Join(e.m.Dir(p.ID), file), b[:len(b)/2], 0o600)
				o, err := e.m.UnlockWithRecovery(ctx, p.ID, rk)
				if err != nil || readNote(t, o) != "kept" {
					t.Fatalf("recovery with a truncated %s: %v", file, err)
				}
			})
		}
	}
}
