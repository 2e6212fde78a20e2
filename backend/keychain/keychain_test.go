package keychain_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"hearth/backend/keychain"
	"hearth/backend/keychain/keychaintest"
)

func TestOS_Real(t *testing.T) {
	kc := keychaintest.Real(t)
	ctx := context.Background()
	account := keychain.Account("test-" + t.Name() + "-" + time.Now().Format("150405.000000000"))
	t.Cleanup(func() { _ = kc.Delete(ctx, account) })

	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := kc.Get(ctx, account); !errors.Is(err, keychain.ErrNotFound) {
			t.Fatalf("get missing: %v", err)
		}
		if err := kc.Delete(ctx, account); !errors.Is(err, keychain.ErrNotFound) {
			t.Fatalf("delete missing: %v", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		if err := kc.Set(ctx, account, "one"); err != nil {
			t.Fatal(err)
		}
		if err := kc.Set(ctx, account, "two"); err != nil { // replaces, no duplicate
			t.Fatal(err)
		}
		got, err := kc.Get(ctx, account)
		if err != nil || got != "two" {
			t.Fatalf("get = %q, %v", got, err)
		}
		if n := count(keychaintest.RealAccounts(t, keychain.Service), account); n != 1 {
			t.Fatalf("%d items for %s, want 1", n, account)
		}
		if err := kc.Delete(ctx, account); err != nil {
			t.Fatal(err)
		}
		if n := count(keychaintest.RealAccounts(t, keychain.Service), account); n != 0 {
			t.Fatalf("%d items for %s after delete, want 0", n, account)
		}
	})
	t.Run("Probe", func(t *testing.T) {
		// Probe itself checks that its item is gone afterwards. (Other
		// packages' tests may use the same keyring concurrently, so the
		// whole item list is not compared here.)
		if err := keychain.Probe(ctx, kc); err != nil {
			t.Fatal(err)
		}
	})
}

func count(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// TestOS_NoBus runs a child test process whose D-Bus address points at
// nothing: the keychain must report ErrUnavailable with a reason, quickly
// and without hanging. A child is needed because godbus caches the session
// bus connection per process.
func TestOS_NoBus(t *testing.T) {
	if os.Getenv("HEARTH_KEYCHAIN_CHILD") == "1" {
		kc := keychain.NewOS(keychain.Service, 10*time.Second)
		err := keychain.Probe(context.Background(), kc)
		var ue *keychain.UnavailableError
		if !errors.Is(err, keychain.ErrUnavailable) || !errors.As(err, &ue) {
			t.Fatalf("probe: %v, want ErrUnavailable", err)
		}
		if !strings.Contains(ue.Reason, "D-Bus") || ue.Err == nil {
			t.Fatalf("reason %q, cause %v", ue.Reason, ue.Err)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestOS_NoBus$", "-test.v")
	cmd.Env = append(os.Environ(), "HEARTH_KEYCHAIN_CHILD=1",
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+t.TempDir()+"/no-bus")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestOS_NoBus") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

func TestWithTimeout(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		f := keychaintest.New()
		kc := keychain.WithTimeout(f, time.Minute)
		if err := kc.Set(ctx, "a", "s"); err != nil {
			t.Fatal(err)
		}
		if got, err := kc.Get(ctx, "a"); err != nil || got != "s" {
			t.Fatalf("get = %q, %v", got, err)
		}
		if err := kc.Delete(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		if _, err := kc.Get(ctx, "a"); !errors.Is(err, keychain.ErrNotFound) {
			t.Fatalf("get after delete: %v", err)
		}
	})
	t.Run("Hang", func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		f := keychaintest.New()
		f.GetFunc = func(context.Context, string) (string, error) { <-release; return "late", nil }
		f.SetFunc = func(context.Context, string, string) error { <-release; return nil }
		kc := keychain.WithTimeout(f, time.Millisecond)
		if _, err := kc.Get(ctx, "a"); !errors.Is(err, keychain.ErrUnavailable) || !strings.Contains(err.Error(), "did not answer") {
			t.Fatalf("hung get: %v", err)
		}
		if err := kc.Set(ctx, "a", "s"); !errors.Is(err, keychain.ErrUnavailable) {
			t.Fatalf("hung set: %v", err)
		}
	})
	t.Run("Canceled", func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		f := keychaintest.New()
		f.GetFunc = func(context.Context, string) (string, error) { <-release; return "", nil }
		kc := keychain.WithTimeout(f, time.Hour)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := kc.Get(cctx, "a"); !errors.Is(err, context.Canceled) || errors.Is(err, keychain.ErrUnavailable) {
			t.Fatalf("canceled get: %v", err)
		}
	})
}

func TestProbe(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		f := keychaintest.New()
		if err := keychain.Probe(ctx, f); err != nil {
			t.Fatal(err)
		}
		if a := f.Accounts(); len(a) != 0 {
			t.Fatalf("left behind: %v", a)
		}
	})
	t.Run("ErrUnavailable", func(t *testing.T) {
		f := keychaintest.New()
		f.Unavailable("no Secret Service on the session bus")
		err := keychain.Probe(ctx, f)
		if !errors.Is(err, keychain.ErrUnavailable) || !strings.Contains(err.Error(), "no Secret Service") {
			t.Fatalf("probe: %v", err)
		}
	})
	t.Run("Mangled", func(t *testing.T) {
		f := keychaintest.New()
		f.GetFunc = func(context.Context, string) (string, error) { return "other", nil }
		err := keychain.Probe(ctx, f)
		if err == nil || errors.Is(err, keychain.ErrUnavailable) {
			t.Fatalf("probe: %v", err)
		}
		if a := f.Accounts(); len(a) != 0 {
			t.Fatalf("left behind: %v", a)
		}
	})
}
