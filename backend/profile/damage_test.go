package profile_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hearth/backend/keychain"
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

// TestManager_IntegrityCheckAfterUnlock: with OnIntegrity set, an unlock
// checks the database in the background and reports damage once.
func TestManager_IntegrityCheckAfterUnlock(t *testing.T) {
	e := newEnv(t, keychaintest.New())
	p, _ := e.create(t, "Ada", vault.ModeKeychain)
	o := e.unlock(t, p.ID, "")
	for _, q := range []string{
		`INSERT INTO modules(id, name, created_at, updated_at) VALUES ('m', 'M', 1, 1)`,
		`INSERT INTO sessions(id, module_id, created_at, updated_at) VALUES ('s', 'm', 1, 1)`,
		`INSERT INTO messages(id, session_id, module_id, role, content, created_at) VALUES ('x', 's', 'm', 'user', 'tomatoes need sun', 1)`,
		`INSERT INTO messages_fts(messages_fts, rowid, content) SELECT 'delete', seq, content FROM messages WHERE id = 'x'`,
	} {
		if _, err := o.DB.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	e.m.Lock(ctx)
	got := make(chan store.Integrity, 4)
	m := profile.NewManager(e.dir, e.kc, profile.Options{KDF: vault.LowSecurityKDFParams(),
		OnIntegrity: func(id string, res store.Integrity, err error) {
			if err != nil || id != p.ID {
				t.Errorf("check: %s %v", id, err)
			}
			got <- res
		}})
	if _, err := m.Unlock(ctx, p.ID, ""); err != nil {
		t.Fatal(err)
	}
	select {
	case res := <-got:
		if res.OK() {
			t.Fatal("damage not reported")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no report")
	}
	if err := m.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Fatal("reported more than once")
	}
}

// TestManager_BothKeySlotFilesLost: with both key-slot files gone, a
// keychain or PIN profile still opens from its keychain item (the
// database checks the key), new key slots are written with a new recovery
// key, and the old recovery key no longer works. A keychain item of
// another profile is refused and nothing is written.
func TestManager_BothKeySlotFilesLost(t *testing.T) {
	for _, mode := range []vault.Mode{vault.ModeKeychain, vault.ModePIN} {
		t.Run(string(mode), func(t *testing.T) {
			kc := keychaintest.New()
			e := newEnv(t, kc)
			p, oldRK := e.create(t, "Ada", mode)
			note(t, e.unlock(t, p.ID, secrets[mode]), "kept")
			e.m.Lock(ctx)
			dir := e.m.Dir(p.ID)
			os.Remove(filepath.Join(dir, vault.SlotsFileName))
			os.WriteFile(filepath.Join(dir, vault.SlotsCopyName), []byte("{"), 0o600)
			// A caller that cannot show a new recovery key (the window)
			// opens it and is told what to do; nothing is written.
			o, err := e.m.Unlock(ctx, p.ID, secrets[mode])
			if err != nil || readNote(t, o) != "kept" || o.NewRecoveryKey != "" || len(o.Warnings) == 0 {
				t.Fatalf("open without rebuilding: %v %q %v", err, o.NewRecoveryKey, o.Warnings)
			}
			if fileExists(filepath.Join(dir, vault.SlotsFileName)) {
				t.Fatal("key slots written for a caller that cannot show the recovery key")
			}
			e.m.Lock(ctx)
			e.m = profile.NewManager(e.dir, kc, profile.Options{KDF: vault.LowSecurityKDFParams(), RebuildLostSlots: true})
			if mode == vault.ModePIN {
				if _, err := e.m.Unlock(ctx, p.ID, "999999"); !errors.Is(err, vault.ErrWrongSecret) {
					t.Fatalf("wrong PIN: %v", err)
				}
			}
			o, err = e.m.Unlock(ctx, p.ID, secrets[mode])
			if err != nil {
				t.Fatalf("unlock with both key-slot files lost: %v", err)
			}
			if readNote(t, o) != "kept" || o.NewRecoveryKey == "" || len(o.Warnings) == 0 {
				t.Fatalf("opened: recovery %q warnings %v", o.NewRecoveryKey, o.Warnings)
			}
			e.m.Lock(ctx)
			if _, err := e.m.UnlockWithRecovery(ctx, p.ID, oldRK); err == nil {
				t.Fatal("the old recovery key still works")
			}
			if o, err := e.m.UnlockWithRecovery(ctx, p.ID, o.NewRecoveryKey); err != nil || readNote(t, o) != "kept" {
				t.Fatalf("new recovery key: %v", err)
			}
			e.m.Lock(ctx)
			if kept, _ := filepath.Glob(filepath.Join(dir, "*.damaged-*")); len(kept) != 1 {
				t.Fatalf("damaged copy not kept aside: %v", kept)
			}
		})
	}
	t.Run("ForeignKeychainItem", func(t *testing.T) {
		kc := keychaintest.New()
		e := newEnv(t, kc)
		a, _ := e.create(t, "Ada", vault.ModeKeychain)
		b, _ := e.create(t, "Bob", vault.ModeKeychain)
		item, _ := kc.Get(ctx, keychain.Account(b.ID))
		kc.Set(ctx, keychain.Account(a.ID), item)
		os.Remove(filepath.Join(e.m.Dir(a.ID), vault.SlotsFileName))
		os.Remove(filepath.Join(e.m.Dir(a.ID), vault.SlotsCopyName))
		if _, err := e.m.Unlock(ctx, a.ID, ""); !errors.Is(err, vault.ErrCorrupt) {
			t.Fatalf("unlock with another profile's key: %v", err)
		}
		if vault.HasSlots(e.m.Dir(a.ID)) {
			t.Fatal("key slots written for a key that does not open the database")
		}
	})
	t.Run("Passphrase", func(t *testing.T) {
		e := newEnv(t, keychaintest.New())
		p, _ := e.create(t, "Ada", vault.ModePassphrase)
		os.Remove(filepath.Join(e.m.Dir(p.ID), vault.SlotsFileName))
		os.Remove(filepath.Join(e.m.Dir(p.ID), vault.SlotsCopyName))
		if _, err := e.m.Unlock(ctx, p.ID, secrets[vault.ModePassphrase]); !errors.Is(err, vault.ErrSlotsLost) {
			t.Fatalf("passphrase profile without key slots: %v", err)
		}
	})
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
