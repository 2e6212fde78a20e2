package vault_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"hearth/backend/keychain/keychaintest"
	"hearth/backend/vault"
)

// TestVault_SlotCopies: losing or damaging either copy of the key-slot
// file leaves every way in working (PIN, passphrase, keychain, recovery);
// the bad copy is rewritten from the good one and the repair is reported.
func TestVault_SlotCopies(t *testing.T) {
	ctx := context.Background()
	damage := map[string]func(path string){
		"Deleted":   func(p string) { os.Remove(p) },
		"Emptied":   func(p string) { os.WriteFile(p, nil, 0o600) },
		"Truncated": func(p string) { b, _ := os.ReadFile(p); os.WriteFile(p, b[:len(b)-1], 0o600) },
		"ModeFlipped": func(p string) { // still valid JSON: only the file checksum notices
			b, _ := os.ReadFile(p)
			for from, to := range map[string]string{"pin": "keychain", "passphrase": "pin", "keychain": "pin"} {
				if bytes.Contains(b, []byte(`"mode": "`+from+`"`)) {
					b = bytes.Replace(b, []byte(`"mode": "`+from+`"`), []byte(`"mode": "`+to+`"`), 1)
					break
				}
			}
			os.WriteFile(p, b, 0o600)
		},
	}
	for _, mode := range []vault.Mode{vault.ModeKeychain, vault.ModePIN, vault.ModePassphrase} {
		for _, which := range []string{vault.SlotsFileName, vault.SlotsCopyName} {
			for name, fn := range damage {
				t.Run(string(mode)+"/"+which+"/"+name, func(t *testing.T) {
					dir := t.TempDir()
					kc := keychaintest.New()
					key, rk, err := newVault(t, dir, "p1", kc, nil).Create(ctx, mode, secrets[mode])
					if err != nil {
						t.Fatal(err)
					}
					good, err := os.ReadFile(filepath.Join(dir, vault.SlotsCopyName))
					if err != nil {
						t.Fatalf("no second copy written: %v", err)
					}
					fn(filepath.Join(dir, which))
					var mu sync.Mutex
					var reports []string
					v := vault.New(dir, "p1", kc, vault.Options{KDF: vault.LowSecurityKDFParams(), OnRepair: func(msg string) {
						mu.Lock()
						reports = append(reports, msg)
						mu.Unlock()
					}})
					got, _, err := v.Unlock(ctx, secrets[mode])
					if err != nil || !bytes.Equal(got, key) {
						t.Fatalf("unlock with one copy damaged: %v", err)
					}
					if len(reports) != 1 || !strings.Contains(reports[0], which) {
						t.Fatalf("repair not reported: %q", reports)
					}
					for _, n := range []string{vault.SlotsFileName, vault.SlotsCopyName} {
						if b, _ := os.ReadFile(filepath.Join(dir, n)); !bytes.Equal(b, good) {
							t.Fatalf("%s not repaired", n)
						}
					}
					// Both copies again: the recovery key works and nothing more is reported.
					if got, _, err := v.UnlockWithRecovery(ctx, rk); err != nil || !bytes.Equal(got, key) {
						t.Fatalf("recovery after repair: %v", err)
					}
					if len(reports) != 1 {
						t.Fatalf("reported again: %q", reports)
					}
				})
			}
		}
	}
	t.Run("BothLost", func(t *testing.T) {
		dir := t.TempDir()
		v := newVault(t, dir, "p1", keychaintest.New(), nil)
		if _, _, err := v.Create(ctx, vault.ModePassphrase, secrets[vault.ModePassphrase]); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(dir, vault.SlotsFileName))
		os.WriteFile(filepath.Join(dir, vault.SlotsCopyName), []byte("{"), 0o600)
		_, _, err := v.Unlock(ctx, secrets[vault.ModePassphrase])
		if !errors.Is(err, vault.ErrCorrupt) || !strings.Contains(err.Error(), vault.SlotsCopyName) {
			t.Fatalf("both copies lost: %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, vault.SlotsFileName)); !errors.Is(err, os.ErrNotExist) {
			t.Fatal("something was written although no copy is intact")
		}
	})
	t.Run("InterruptedWrite", func(t *testing.T) {
		// A crash between the two writes of a change: the main file is
		// newer and wins; the copy is brought up to date.
		dir := t.TempDir()
		kc := keychaintest.New()
		v := newVault(t, dir, "p1", kc, nil)
		key, _, err := v.Create(ctx, vault.ModePassphrase, secrets[vault.ModePassphrase])
		if err != nil {
			t.Fatal(err)
		}
		old, _ := os.ReadFile(filepath.Join(dir, vault.SlotsCopyName))
		if err := v.ChangeProtection(ctx, key, vault.ModePassphrase, "a new passphrase"); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, vault.SlotsCopyName), old, 0o600)
		if _, _, err := v.Unlock(ctx, "a new passphrase"); err != nil {
			t.Fatal(err)
		}
		main, _ := os.ReadFile(filepath.Join(dir, vault.SlotsFileName))
		if now, _ := os.ReadFile(filepath.Join(dir, vault.SlotsCopyName)); !bytes.Equal(now, main) {
			t.Fatal("the older copy was not brought up to date")
		}
	})
}

// TestVault_NewPassphraseWithoutKeychain: changing the passphrase of a
// passphrase profile on a machine without a keychain succeeds and says
// so; it used to report "keychain unavailable" after changing it.
func TestVault_NewPassphraseWithoutKeychain(t *testing.T) {
	ctx := context.Background()
	kc := keychaintest.New()
	kc.Unavailable("no Secret Service on the session bus")
	v := newVault(t, t.TempDir(), "p1", kc, nil)
	key, _, err := v.Create(ctx, vault.ModePassphrase, secrets[vault.ModePassphrase])
	if err != nil {
		t.Fatal(err)
	}
	if err := v.ChangeProtection(ctx, key, vault.ModePassphrase, "a brand new passphrase"); err != nil {
		t.Fatalf("change passphrase without a keychain: %v", err)
	}
	if got, _, err := v.Unlock(ctx, "a brand new passphrase"); err != nil || !bytes.Equal(got, key) {
		t.Fatalf("unlock with the new passphrase: %v", err)
	}
}
