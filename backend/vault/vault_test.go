package vault_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"hearth/backend/keychain"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/vault"
)

// clock is a settable clock for lock-out tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func newVault(t *testing.T, dir, id string, kc keychain.Keychain, c *clock) *vault.Vault {
	t.Helper()
	opts := vault.Options{KDF: vault.LowSecurityKDFParams()}
	if c != nil {
		opts.Now = c.Now
	}
	return vault.New(dir, id, kc, opts)
}

var secrets = map[vault.Mode]string{vault.ModeKeychain: "", vault.ModePIN: "471147", vault.ModePassphrase: "correct horse battery"}

// assertNoPlainKey fails if key appears (raw, hex or base64) in data.
func assertNoPlainKey(t *testing.T, what string, data, key []byte) {
	t.Helper()
	for _, enc := range [][]byte{key, []byte(hex.EncodeToString(key)), []byte(base64.StdEncoding.EncodeToString(key)), []byte(base64.RawStdEncoding.EncodeToString(key))} {
		if bytes.Contains(data, enc) {
			t.Fatalf("%s contains the data key in plaintext", what)
		}
	}
}

func TestVault_Modes(t *testing.T) {
	ctx := context.Background()
	for _, mode := range []vault.Mode{vault.ModeKeychain, vault.ModePIN, vault.ModePassphrase} {
		t.Run(string(mode), func(t *testing.T) {
			kc := keychaintest.New()
			dir := t.TempDir()
			v := newVault(t, dir, "p1", kc, nil)
			key, rk, err := v.Create(ctx, mode, secrets[mode])
			if err != nil {
				t.Fatal(err)
			}
			slots, err := os.ReadFile(filepath.Join(dir, vault.SlotsFileName))
			if err != nil {
				t.Fatal(err)
			}
			assertNoPlainKey(t, "keyslots.json", slots, key)
			if fi, _ := os.Stat(filepath.Join(dir, vault.SlotsFileName)); fi.Mode().Perm() != 0o600 {
				t.Fatalf("keyslots.json mode %v", fi.Mode().Perm())
			}
			item, err := kc.MemGet(keychain.Account("p1"))
			switch mode {
			case vault.ModeKeychain:
				if err != nil {
					t.Fatalf("keychain item: %v", err)
				}
			case vault.ModePIN:
				if err != nil {
					t.Fatalf("keychain item: %v", err)
				}
				assertNoPlainKey(t, "pin keychain item", []byte(item), key)
			case vault.ModePassphrase:
				if !errors.Is(err, keychain.ErrNotFound) {
					t.Fatalf("passphrase mode wrote a keychain item: %v", err)
				}
			}
			if m, err := v.Mode(ctx); err != nil || m != mode {
				t.Fatalf("mode = %v, %v", m, err)
			}

			got, info, err := v.Unlock(ctx, secrets[mode])
			if err != nil || !bytes.Equal(got, key) || info.Mode != mode || info.Recovery {
				t.Fatalf("unlock: %v %+v", err, info)
			}
			got, info, err = v.UnlockWithRecovery(ctx, rk)
			if err != nil || !bytes.Equal(got, key) || !info.Recovery {
				t.Fatalf("recovery unlock: %v %+v", err, info)
			}
			if mode.NeedsSecret() {
				if _, _, err := v.Unlock(ctx, ""); !errors.Is(err, vault.ErrSecretRequired) {
					t.Fatalf("empty secret: %v", err)
				}
				if _, _, err := v.Unlock(ctx, secrets[mode]+"x"); !errors.Is(err, vault.ErrWrongSecret) || errors.Is(err, vault.ErrCorrupt) {
					t.Fatalf("wrong secret: %v", err)
				}
			}
			if _, _, err := v.UnlockWithRecovery(ctx, vault.NewRecoveryKey()); !errors.Is(err, vault.ErrWrongSecret) {
				t.Fatalf("other recovery key: %v", err)
			}

			st, err := v.KeychainStatus(ctx)
			want := vault.KeychainOK
			if mode == vault.ModePassphrase {
				want = vault.KeychainNotUsed
			}
			if err != nil || st.State != want || st.Mode != mode {
				t.Fatalf("status = %+v, %v", st, err)
			}

			r, err := v.Destroy(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if mode.UsesKeychain() != (r.KeychainItem == keychain.Account("p1")) {
				t.Fatalf("removed %+v", r)
			}
			if a := kc.Accounts(); len(a) != 0 {
				t.Fatalf("keychain items left: %v", a)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 0 {
				t.Fatalf("files left: %v", ents)
			}
			if _, _, err := v.UnlockWithRecovery(ctx, rk); !errors.Is(err, vault.ErrCorrupt) {
				t.Fatalf("unlock after destroy: %v", err)
			}
		})
	}
}

func TestVault_Create(t *testing.T) {
	ctx := context.Background()
	t.Run("ErrUnavailable", func(t *testing.T) {
		kc := keychaintest.New()
		kc.Unavailable("no Secret Service on the session bus")
		dir := t.TempDir()
		for _, mode := range []vault.Mode{vault.ModeKeychain, vault.ModePIN} {
			_, _, err := newVault(t, dir, "p1", kc, nil).Create(ctx, mode, secrets[mode])
			if !errors.Is(err, keychain.ErrUnavailable) {
				t.Fatalf("%s: %v", mode, err)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 0 {
				t.Fatalf("%s: files written: %v", mode, ents)
			}
		}
		// Passphrase mode needs no keychain.
		if _, _, err := newVault(t, dir, "p1", kc, nil).Create(ctx, vault.ModePassphrase, secrets[vault.ModePassphrase]); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrWeakSecret", func(t *testing.T) {
		v := newVault(t, t.TempDir(), "p1", keychaintest.New(), nil)
		if _, _, err := v.Create(ctx, vault.ModePIN, "12"); !errors.Is(err, vault.ErrWeakSecret) {
			t.Fatal(err)
		}
		if _, _, err := v.Create(ctx, vault.ModePassphrase, "short"); !errors.Is(err, vault.ErrWeakSecret) {
			t.Fatal(err)
		}
	})
	t.Run("ErrExists", func(t *testing.T) {
		v := newVault(t, t.TempDir(), "p1", keychaintest.New(), nil)
		if _, _, err := v.Create(ctx, vault.ModeKeychain, ""); err != nil {
			t.Fatal(err)
		}
		if _, _, err := v.Create(ctx, vault.ModeKeychain, ""); !errors.Is(err, vault.ErrExists) {
			t.Fatal(err)
		}
	})
	t.Run("ErrBadMode", func(t *testing.T) {
		if _, err := vault.ParseMode("plaintext"); !errors.Is(err, vault.ErrBadMode) {
			t.Fatal(err)
		}
	})
}

// TestVault_Household: two profiles on one OS login share one keychain.
// Holding the keychain and B's key does not open A (pin mode).
func TestVault_Household(t *testing.T) {
	ctx := context.Background()
	kc := keychaintest.New()
	root := t.TempDir()
	a := newVault(t, filepath.Join(root, "a"), "a", kc, nil)
	b := newVault(t, filepath.Join(root, "b"), "b", kc, nil)
	keyA, _, err := a.Create(ctx, vault.ModePIN, "246824")
	if err != nil {
		t.Fatal(err)
	}
	keyB, _, err := b.Create(ctx, vault.ModeKeychain, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, _, err := b.Unlock(ctx, ""); err != nil || !bytes.Equal(got, keyB) {
		t.Fatalf("B opens from the keychain: %v", err)
	}
	if _, _, err := a.Unlock(ctx, ""); !errors.Is(err, vault.ErrSecretRequired) {
		t.Fatalf("A without PIN: %v", err)
	}
	if _, _, err := a.Unlock(ctx, string(keyB)); !errors.Is(err, vault.ErrWrongSecret) {
		t.Fatalf("A with B's key as PIN: %v", err)
	}
	// Copying A's keychain item under B's account gives B a PIN slot bound
	// to A: it does not open B with A's PIN, nor yield A's key.
	itemA, _ := kc.MemGet(keychain.Account("a"))
	kc.MemSet(keychain.Account("b"), itemA)
	if got, _, err := b.Unlock(ctx, "246824"); err == nil || bytes.Equal(got, keyA) {
		t.Fatalf("A's item under B's account opened: %v", err)
	}
	assertNoPlainKey(t, "A's keychain item", []byte(itemA), keyA)
	if got, _, err := a.Unlock(ctx, "246824"); err != nil || !bytes.Equal(got, keyA) {
		t.Fatalf("A with its PIN: %v", err)
	}
}

func TestVault_WrongPIN(t *testing.T) {
	ctx := context.Background()
	kc := keychaintest.New()
	dir := t.TempDir()
	c := &clock{t: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	v := newVault(t, dir, "p1", kc, c)
	key, _, err := v.Create(ctx, vault.ModePIN, "123456")
	if err != nil {
		t.Fatal(err)
	}
	pol := vault.DefaultLockoutPolicy()
	for i := 1; i <= pol.FreeAttempts; i++ {
		_, _, err := v.Unlock(ctx, "0000")
		var we *vault.WrongSecretError
		if !errors.As(err, &we) || we.Failures != i {
			t.Fatalf("attempt %d: %v", i, err)
		}
		if wantWait := i == pol.FreeAttempts; (we.Wait > 0) != wantWait {
			t.Fatalf("attempt %d: wait %v", i, we.Wait)
		}
	}
	// Locked: even the right PIN is refused, also after a restart.
	var le *vault.LockoutError
	if _, _, err := v.Unlock(ctx, "123456"); !errors.As(err, &le) || le.Wait != pol.BaseDelay {
		t.Fatalf("locked: %v", err)
	}
	v2 := newVault(t, dir, "p1", kc, c) // new process, same files
	if _, _, err := v2.Unlock(ctx, "123456"); !errors.Is(err, vault.ErrLockedOut) {
		t.Fatalf("locked after restart: %v", err)
	}
	c.Add(pol.BaseDelay / 2)
	if _, _, err := v2.Unlock(ctx, "123456"); !errors.As(err, &le) || le.Wait != pol.BaseDelay/2 {
		t.Fatalf("half-way: %v", err)
	}
	c.Add(pol.BaseDelay / 2)
	// The delay doubles with each further failure.
	var we *vault.WrongSecretError
	if _, _, err := v2.Unlock(ctx, "0000"); !errors.As(err, &we) || we.Wait != 2*pol.BaseDelay {
		t.Fatalf("6th failure: %v", err)
	}
	c.Add(2 * pol.BaseDelay)
	if _, _, err := v2.Unlock(ctx, "0000"); !errors.As(err, &we) || we.Wait != 4*pol.BaseDelay {
		t.Fatalf("7th failure: %v", err)
	}
	c.Add(4 * pol.BaseDelay)
	got, info, err := v2.Unlock(ctx, "123456")
	if err != nil || !bytes.Equal(got, key) || info.FailedAttempts != pol.FreeAttempts+2 {
		t.Fatalf("unlock after waiting: %v %+v", err, info)
	}
	// Reset: the next wrong PIN starts from one again.
	if _, _, err := v2.Unlock(ctx, "0000"); !errors.As(err, &we) || we.Failures != 1 || we.Wait != 0 {
		t.Fatalf("after reset: %v", err)
	}
	t.Run("Cap", func(t *testing.T) {
		p := vault.LockoutPolicy{FreeAttempts: 1, BaseDelay: time.Minute, MaxDelay: 3 * time.Minute}
		v := vault.New(t.TempDir(), "p2", kc, vault.Options{KDF: vault.LowSecurityKDFParams(), Lockout: p, Now: c.Now})
		if _, _, err := v.Create(ctx, vault.ModePassphrase, "a long passphrase"); err != nil {
			t.Fatal(err)
		}
		var waits []time.Duration
		for range 4 {
			_, _, err := v.Unlock(ctx, "wrong passphrase")
			if !errors.As(err, &we) {
				t.Fatal(err)
			}
			waits = append(waits, we.Wait)
			c.Add(we.Wait)
		}
		want := []time.Duration{time.Minute, 2 * time.Minute, 3 * time.Minute, 3 * time.Minute}
		for i := range want {
			if waits[i] != want[i] {
				t.Fatalf("waits %v, want %v", waits, want)
			}
		}
	})
	t.Run("DamagedCounter", func(t *testing.T) {
		if err := os.WriteFile(filepath.Join(dir, vault.LockoutFileName), []byte("{garbage"), 0o600); err != nil {
			t.Fatal(err)
		}
		// A damaged counter never blocks the right PIN (lockout_test.go
		// has the other ways a counter can break) ...
		if got, _, err := v2.Unlock(ctx, "123456"); err != nil || !bytes.Equal(got, key) {
			t.Fatalf("damaged counter blocked the right PIN: %v", err)
		}
		// ... but damaging it does not buy free attempts: the next wrong
		// PIN waits at once.
		if err := os.WriteFile(filepath.Join(dir, vault.LockoutFileName), []byte("{garbage"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, _, err := v2.Unlock(ctx, "0000"); !errors.As(err, &we) || we.Wait == 0 {
			t.Fatalf("wrong PIN after damage: %v", err)
		}
	})
}

// BenchmarkUnlock_DefaultKDF measures an unlock with the app's Argon2id
// parameters (the delay a user sees after typing a PIN).
func BenchmarkUnlock_DefaultKDF(b *testing.B) {
	ctx := context.Background()
	v := vault.New(b.TempDir(), "p1", keychaintest.New(), vault.Options{})
	if _, _, err := v.Create(ctx, vault.ModePassphrase, "correct horse battery"); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := v.Unlock(ctx, "correct horse battery"); err != nil {
			b.Fatal(err)
		}
	}
}
