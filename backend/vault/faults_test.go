package vault_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hearth/backend/keychain"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/vault"
)

func TestVault_CorruptSlots(t *testing.T) {
	ctx := context.Background()
	damage := map[string]func([]byte) []byte{
		"Truncated": func(b []byte) []byte { return b[:len(b)/2] },
		"Empty":     func([]byte) []byte { return nil },
		"FlippedWrapped": func(b []byte) []byte {
			var f map[string]any
			json.Unmarshal(b, &f)
			for _, x := range f["slots"].([]any) {
				s := x.(map[string]any)
				w := []byte(s["wrapped"].(string))
				if w[3] == 'A' { // still base64, different bytes
					w[3] = 'B'
				} else {
					w[3] = 'A'
				}
				s["wrapped"] = string(w)
			}
			out, _ := json.Marshal(f)
			return out
		},
		"OtherProfile": func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"profile": "p1"`), []byte(`"profile": "p2"`), 1)
		},
		"NewerVersion": func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"version": 1`), []byte(`"version": 9`), 1)
		},
	}
	for name, fn := range damage {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			v := newVault(t, dir, "p1", keychaintest.New(), nil)
			key, rk, err := v.Create(ctx, vault.ModePassphrase, "correct horse battery")
			if err != nil {
				t.Fatal(err)
			}
			// Both copies damaged (one damaged copy is repaired, see
			// TestVault_SlotCopies).
			path := filepath.Join(dir, vault.SlotsFileName)
			good, _ := os.ReadFile(path)
			bad := fn(bytes.Clone(good))
			if bytes.Equal(bad, good) {
				t.Fatal("damage did nothing")
			}
			os.WriteFile(path, bad, 0o600)
			copyPath := filepath.Join(dir, vault.SlotsCopyName)
			os.WriteFile(copyPath, bad, 0o600)

			want := vault.ErrCorrupt
			if name == "NewerVersion" {
				want = vault.ErrUnsupported
			}
			_, _, err = v.Unlock(ctx, "correct horse battery")
			if !errors.Is(err, want) || errors.Is(err, vault.ErrWrongSecret) {
				t.Fatalf("unlock: %v, want %v", err, want)
			}
			if _, _, err := v.UnlockWithRecovery(ctx, rk); !errors.Is(err, want) {
				t.Fatalf("recovery: %v", err)
			}
			if err := v.ChangeProtection(ctx, key, vault.ModePassphrase, "another passphrase"); !errors.Is(err, want) {
				t.Fatalf("change: %v", err)
			}
			// Nothing rewritten; restoring the file restores access.
			if now, _ := os.ReadFile(path); !bytes.Equal(now, bad) {
				t.Fatal("damaged file was rewritten")
			}
			if now, _ := os.ReadFile(copyPath); !bytes.Equal(now, bad) {
				t.Fatal("damaged copy was rewritten")
			}
			os.WriteFile(path, good, 0o600)
			os.WriteFile(copyPath, good, 0o600)
			if got, _, err := v.Unlock(ctx, "correct horse battery"); err != nil || !bytes.Equal(got, key) {
				t.Fatalf("unlock after repair: %v", err)
			}
		})
	}
	t.Run("Missing", func(t *testing.T) {
		v := newVault(t, t.TempDir(), "p1", keychaintest.New(), nil)
		if _, _, err := v.Unlock(ctx, "x"); !errors.Is(err, vault.ErrCorrupt) {
			t.Fatal(err)
		}
	})
}

func TestVault_KeychainFaults(t *testing.T) {
	ctx := context.Background()
	for _, mode := range []vault.Mode{vault.ModeKeychain, vault.ModePIN} {
		t.Run(string(mode)+"/ItemDeleted", func(t *testing.T) {
			kc := keychaintest.New()
			v := newVault(t, t.TempDir(), "p1", kc, nil)
			key, rk, err := v.Create(ctx, mode, secrets[mode])
			if err != nil {
				t.Fatal(err)
			}
			kc.MemDelete(keychain.Account("p1")) // behind the app's back
			_, _, err = v.Unlock(ctx, secrets[mode])
			if !errors.Is(err, vault.ErrKeychainItemMissing) || !errors.Is(err, keychain.ErrNotFound) {
				t.Fatalf("unlock: %v", err)
			}
			if st, _ := v.KeychainStatus(ctx); st.State != vault.KeychainMissing {
				t.Fatalf("status %+v", st)
			}
			got, _, err := v.UnlockWithRecovery(ctx, rk)
			if err != nil || !bytes.Equal(got, key) {
				t.Fatalf("recovery: %v", err)
			}
			if err := v.RestoreKeychainItem(ctx, got, "999999"); err != nil {
				t.Fatal(err)
			}
			pin := ""
			if mode == vault.ModePIN {
				pin = "999999" // restore set a new PIN
			}
			if got, _, err := v.Unlock(ctx, pin); err != nil || !bytes.Equal(got, key) {
				t.Fatalf("unlock after restore: %v", err)
			}
		})
		t.Run(string(mode)+"/Unavailable", func(t *testing.T) {
			kc := keychaintest.New()
			dir := t.TempDir()
			v := newVault(t, dir, "p1", kc, nil)
			key, rk, err := v.Create(ctx, mode, secrets[mode])
			if err != nil {
				t.Fatal(err)
			}
			kc.Unavailable("no Secret Service on the session bus")
			if _, _, err := v.Unlock(ctx, secrets[mode]); !errors.Is(err, keychain.ErrUnavailable) {
				t.Fatalf("unlock: %v", err)
			}
			if st, _ := v.KeychainStatus(ctx); st.State != vault.KeychainUnavailable || st.Reason == "" {
				t.Fatalf("status %+v", st)
			}
			// The recovery key does not need the keychain.
			if got, _, err := v.UnlockWithRecovery(ctx, rk); err != nil || !bytes.Equal(got, key) {
				t.Fatalf("recovery: %v", err)
			}
			// Destroy refuses rather than orphan the keychain item.
			if _, err := v.Destroy(ctx); !errors.Is(err, keychain.ErrUnavailable) {
				t.Fatalf("destroy: %v", err)
			}
			if _, err := os.Stat(filepath.Join(dir, vault.SlotsFileName)); err != nil {
				t.Fatalf("destroy removed files although it failed: %v", err)
			}
			kc.Heal()
			if _, err := v.Destroy(ctx); err != nil || len(kc.Accounts()) != 0 {
				t.Fatalf("destroy: %v %v", err, kc.Accounts())
			}
		})
		t.Run(string(mode)+"/Hang", func(t *testing.T) {
			f := keychaintest.New()
			dir := t.TempDir()
			key, _, err := newVault(t, dir, "p1", f, nil).Create(ctx, mode, secrets[mode])
			if err != nil {
				t.Fatal(err)
			}
			release := make(chan struct{})
			defer close(release)
			hung := &keychaintest.Fake{GetFunc: func(context.Context, string) (string, error) { <-release; return "", nil }}
			v := newVault(t, dir, "p1", keychain.WithTimeout(hung, time.Nanosecond), nil)
			if _, _, err := v.Unlock(ctx, secrets[mode]); !errors.Is(err, keychain.ErrUnavailable) {
				t.Fatalf("hung unlock: %v", err)
			}
			if got, _, err := newVault(t, dir, "p1", f, nil).Unlock(ctx, secrets[mode]); err != nil || !bytes.Equal(got, key) {
				t.Fatalf("unlock after the keychain recovered: %v", err)
			}
		})
		t.Run(string(mode)+"/DamagedItem", func(t *testing.T) {
			kc := keychaintest.New()
			v := newVault(t, t.TempDir(), "p1", kc, nil)
			if _, _, err := v.Create(ctx, mode, secrets[mode]); err != nil {
				t.Fatal(err)
			}
			kc.MemSet(keychain.Account("p1"), `{"v":1,"mode":"keychain","key":"AAAA"}`)
			if _, _, err := v.Unlock(ctx, secrets[mode]); !errors.Is(err, vault.ErrCorrupt) {
				t.Fatalf("unlock: %v", err)
			}
			if st, _ := v.KeychainStatus(ctx); st.State != vault.KeychainDamaged {
				t.Fatalf("status %+v", st)
			}
		})
	}
}

func TestVault_ChangeProtection(t *testing.T) {
	ctx := context.Background()
	kc := keychaintest.New()
	dir := t.TempDir()
	v := newVault(t, dir, "p1", kc, nil)
	key, rk, err := v.Create(ctx, vault.ModeKeychain, "")
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		mode   vault.Mode
		secret string
	}{
		{vault.ModePIN, "135713"},
		{vault.ModePIN, "864286"}, // change PIN
		{vault.ModePassphrase, "a fine passphrase"},
		{vault.ModePassphrase, "another passphrase"},
		{vault.ModeKeychain, ""},
	}
	prev := ""
	for _, s := range steps {
		if err := v.ChangeProtection(ctx, key, s.mode, s.secret); err != nil {
			t.Fatalf("%s: %v", s.mode, err)
		}
		if m, _ := v.Mode(ctx); m != s.mode {
			t.Fatalf("mode %s, want %s", m, s.mode)
		}
		_, err := kc.MemGet(keychain.Account("p1"))
		if s.mode.UsesKeychain() != (err == nil) {
			t.Fatalf("%s: keychain item present=%v", s.mode, err == nil)
		}
		got, _, err := v.Unlock(ctx, s.secret)
		if err != nil || !bytes.Equal(got, key) {
			t.Fatalf("%s: unlock: %v", s.mode, err)
		}
		if prev != "" && s.mode.NeedsSecret() {
			if _, _, err := v.Unlock(ctx, prev); !errors.Is(err, vault.ErrWrongSecret) {
				t.Fatalf("%s: old secret still works: %v", s.mode, err)
			}
		}
		prev = s.secret
		if got, _, err := v.UnlockWithRecovery(ctx, rk); err != nil || !bytes.Equal(got, key) {
			t.Fatalf("%s: recovery: %v", s.mode, err)
		}
	}
	t.Run("ErrCorrupt", func(t *testing.T) {
		if err := v.ChangeProtection(ctx, vault.NewKey(), vault.ModePIN, "123456"); !errors.Is(err, vault.ErrCorrupt) {
			t.Fatalf("foreign key accepted: %v", err)
		}
	})
	t.Run("ErrUnavailable", func(t *testing.T) {
		kc.Unavailable("the keyring is locked")
		defer kc.Heal()
		if err := v.ChangeProtection(ctx, key, vault.ModePIN, "123456"); !errors.Is(err, keychain.ErrUnavailable) {
			t.Fatal(err)
		}
		if m, _ := v.Mode(ctx); m != vault.ModeKeychain {
			t.Fatalf("mode changed to %s although the keychain failed", m)
		}
	})
}
