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

// After a key rotation the data is all there under the new secret and the
// new recovery key, and a backup of the old key slots (with the old
// secret, or the old recovery key) no longer opens the database.
func TestManager_RotateKey(t *testing.T) {
	newSecrets := map[vault.Mode]string{vault.ModeKeychain: "", vault.ModePIN: "862486", vault.ModePassphrase: "a brand new passphrase"}
	for _, mode := range []vault.Mode{vault.ModeKeychain, vault.ModePIN, vault.ModePassphrase} {
		t.Run(string(mode), func(t *testing.T) {
			kc := keychaintest.New()
			e := newEnv(t, kc)
			p, oldRecovery := e.create(t, "Ann", mode)
			note(t, e.unlock(t, p.ID, secrets[mode]), "written before")
			dir := e.m.Dir(p.ID)

			// The backup someone kept: both key-slot files and the keychain item.
			backup := map[string][]byte{}
			for _, name := range []string{vault.SlotsFileName, vault.SlotsCopyName} {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				backup[name] = b
			}
			oldItem, _ := kc.Get(ctx, "profile/"+p.ID)

			// Rotating locks the open profile.
			_, newRecovery, err := e.m.RotateKey(ctx, p.ID, secrets[mode], newSecrets[mode])
			if err != nil {
				t.Fatal(err)
			}
			if newRecovery == "" || newRecovery == oldRecovery {
				t.Fatalf("recovery key %q, old %q", newRecovery, oldRecovery)
			}
			if _, err := e.m.Current(); err == nil {
				t.Fatal("the profile stayed open through the rotation")
			}
			if _, err := os.Stat(filepath.Join(e.dir, "profiles", ".rekey-"+p.ID)); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("the old folder is still there: %v", err)
			}

			o := e.unlock(t, p.ID, newSecrets[mode])
			if got := readNote(t, o); got != "written before" {
				t.Fatalf("note after rotation: %q", got)
			}
			note(t, o, "written after")
			if err := e.m.Lock(ctx); err != nil {
				t.Fatal(err)
			}
			if mode != vault.ModeKeychain {
				if _, err := e.m.Unlock(ctx, p.ID, secrets[mode]); err == nil {
					t.Fatal("the old secret still opens the profile")
				}
			}
			if _, err := e.m.UnlockWithRecovery(ctx, p.ID, oldRecovery); err == nil {
				t.Fatal("the old recovery key still opens the profile")
			}
			o, err = e.m.UnlockWithRecovery(ctx, p.ID, newRecovery)
			if err != nil {
				t.Fatalf("new recovery key: %v", err)
			}
			if got := readNote(t, o); got != "written after" {
				t.Fatalf("note via the new recovery key: %q", got)
			}
			e.m.Lock(ctx)

			// Put the old key slots (and keychain item) back: the data
			// written after the rotation must stay unreadable.
			for name, b := range backup {
				if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if oldItem != "" {
				kc.Set(ctx, "profile/"+p.ID, oldItem)
			}
			m2 := e.manager(t)
			defer m2.Lock(ctx)
			if o, err := m2.Unlock(ctx, p.ID, secrets[mode]); err == nil {
				t.Fatalf("old key slots opened the rotated database (note %q)", readNote(t, o))
			} else {
				t.Logf("old key slots: %v", err)
			}
			if o, err := m2.UnlockWithRecovery(ctx, p.ID, oldRecovery); err == nil {
				t.Fatalf("the old recovery key opened the rotated database (note %q)", readNote(t, o))
			}
		})
	}
}

// A PIN that is too short is refused before anything is rewritten.
func TestManager_RotateKey_ErrWeakSecret(t *testing.T) {
	e := newEnv(t, keychaintest.New())
	p, _ := e.create(t, "Ann", vault.ModePIN)
	note(t, e.unlock(t, p.ID, secrets[vault.ModePIN]), "kept")
	if _, _, err := e.m.RotateKey(ctx, p.ID, secrets[vault.ModePIN], "1234"); !errors.Is(err, vault.ErrWeakSecret) {
		t.Fatalf("short PIN: %v", err)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "profiles", ".rekey-"+p.ID)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused rotation left its folder: %v", err)
	}
	if got := readNote(t, e.unlock(t, p.ID, secrets[vault.ModePIN])); got != "kept" {
		t.Fatalf("note: %q", got)
	}
	for _, r := range e.lockReasons() {
		if r == profile.LockRotate {
			t.Fatalf("a refused rotation closed the profile: %v", e.lockReasons())
		}
	}
}

// Deleting a profile also removes the folder an interrupted rotation left.
func TestManager_Delete_RemovesRotationLeftover(t *testing.T) {
	e := newEnv(t, keychaintest.New())
	p, _ := e.create(t, "Ann", vault.ModePassphrase)
	left := filepath.Join(e.dir, "profiles", ".rekey-"+p.ID)
	if err := os.MkdirAll(left, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(left, vault.SlotsFileName), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.Delete(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(left); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the rotation folder survived the delete: %v", err)
	}
}
