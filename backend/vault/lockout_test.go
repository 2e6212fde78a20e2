package vault_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"hearth/backend/keychain/keychaintest"
	"hearth/backend/vault"
)

// The lock-out counter is a file anyone on the OS login can change. Each
// way of breaking it must leave the right PIN working and must not let
// wrong guesses through faster than the policy's MinAttempt.
func TestLockout_FailsSafe(t *testing.T) {
	ctx := context.Background()
	const pin = "271828"
	pol := vault.LockoutPolicy{FreeAttempts: 3, BaseDelay: time.Minute, MaxDelay: time.Hour, MinAttempt: 150 * time.Millisecond}
	breakages := []struct {
		name  string
		apply func(t *testing.T, path string)
	}{
		{"Deleted", func(t *testing.T, path string) { os.Remove(path) }},
		{"Damaged", func(t *testing.T, path string) { os.WriteFile(path, []byte("\x00{not json"), 0o600) }},
		{"NegativeCount", func(t *testing.T, path string) { os.WriteFile(path, []byte(`{"failures":-9}`), 0o600) }},
		// A non-empty folder where the file should be: it can be neither
		// read nor replaced by a rename, until it is removed.
		{"FolderInItsPlace", func(t *testing.T, path string) {
			os.Remove(path)
			if err := os.MkdirAll(filepath.Join(path, "inside"), 0o700); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(path, "inside", "x"), []byte("x"), 0o600)
		}},
	}
	for _, b := range breakages {
		t.Run(b.name, func(t *testing.T) {
			dir := t.TempDir()
			v := vault.New(dir, "p1", keychaintest.New(), vault.Options{KDF: vault.LowSecurityKDFParams(), Lockout: pol})
			key, _, err := v.Create(ctx, vault.ModePIN, pin)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, vault.LockoutFileName)
			b.apply(t, path)
			// The right PIN opens.
			if got, _, err := v.Unlock(ctx, pin); err != nil || !bytes.Equal(got, key) {
				t.Fatalf("right PIN refused with a broken counter: %v", err)
			}
			// Wrong guesses, breaking the counter before each one, take at
			// least MinAttempt each (a low-cost slot would answer in µs).
			const n = 4
			start := time.Now()
			for i := 0; i < n; i++ {
				b.apply(t, path)
				_, _, err := v.Unlock(ctx, "000000")
				var we *vault.WrongSecretError
				var le *vault.LockoutError
				if !errors.As(err, &we) && !errors.As(err, &le) {
					t.Fatalf("wrong guess %d: %v", i, err)
				}
			}
			if took := time.Since(start); took < n*pol.MinAttempt {
				t.Fatalf("%d wrong guesses took %v, want at least %v", n, took, n*pol.MinAttempt)
			}
			// And the right PIN still opens once the counter is broken again.
			b.apply(t, path)
			if got, _, err := v.Unlock(ctx, pin); err != nil || !bytes.Equal(got, key) {
				t.Fatalf("right PIN refused after guesses: %v", err)
			}
		})
	}
}

// TestPINRules: a new PIN has at least 6 characters; letters are allowed.
func TestPINRules(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		pin string
		ok  bool
	}{{"4711", false}, {"12345", false}, {"123456", true}, {"hearth7", true}} {
		v := vault.New(t.TempDir(), "p1", keychaintest.New(), vault.Options{KDF: vault.LowSecurityKDFParams()})
		_, _, err := v.Create(ctx, vault.ModePIN, c.pin)
		if (err == nil) != c.ok || (err != nil && !errors.Is(err, vault.ErrWeakSecret)) {
			t.Errorf("PIN %q: %v (want ok=%v)", c.pin, err, c.ok)
		}
	}
}

// A slot sealed with cheap parameters (by an older build or a test
// switch) is re-sealed with today's the next time its secret opens it.
func TestUnlock_UpgradesCheapSlots(t *testing.T) {
	ctx := context.Background()
	today := vault.KDFParams{Time: 2, MemoryKiB: 4096, Threads: 1} // stands in for the production cost
	for _, mode := range []vault.Mode{vault.ModePIN, vault.ModePassphrase} {
		t.Run(string(mode), func(t *testing.T) {
			dir, kc := t.TempDir(), keychaintest.New()
			secret := map[vault.Mode]string{vault.ModePIN: "314159", vault.ModePassphrase: "correct horse battery"}[mode]
			cheap := vault.New(dir, "p1", kc, vault.Options{KDF: vault.LowSecurityKDFParams()})
			key, _, err := cheap.Create(ctx, mode, secret)
			if err != nil {
				t.Fatal(err)
			}
			v := vault.New(dir, "p1", kc, vault.Options{KDF: today})
			if got, _, err := v.Unlock(ctx, secret); err != nil || !bytes.Equal(got, key) {
				t.Fatalf("unlock: %v", err)
			}
			var stored string
			if mode == vault.ModePIN {
				if stored, err = kc.Get(ctx, v.Account()); err != nil {
					t.Fatal(err)
				}
			} else {
				b, err := os.ReadFile(filepath.Join(dir, vault.SlotsFileName))
				if err != nil {
					t.Fatal(err)
				}
				stored = string(b)
			}
			if !strings.Contains(strings.Join(strings.Fields(stored), ""), `"m":`+strconv.Itoa(int(today.MemoryKiB))) {
				t.Fatalf("%s slot not re-sealed with %+v: %s", mode, today, stored)
			}
			if got, _, err := v.Unlock(ctx, secret); err != nil || !bytes.Equal(got, key) {
				t.Fatalf("unlock after upgrade: %v", err)
			}
		})
	}
}
