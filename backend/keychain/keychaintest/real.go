package keychaintest

import (
	"context"
	"os"
	"sort"
	"testing"
	"time"

	ss "github.com/zalando/go-keyring/secret_service"

	"hearth/backend/keychain"
)

// Real returns the OS keychain (service keychain.Service) for a test that
// needs the real Secret Service. Without HEARTH_KEYRING_REAL=1 (set by
// scripts/with-keyring.sh) the test is skipped, unless
// HEARTH_REQUIRE_KEYCHAIN=1 (set by make test), which makes it fail. If the
// environment promises a keychain that does not work, the test fails.
func Real(tb testing.TB) keychain.Keychain {
	tb.Helper()
	if os.Getenv("HEARTH_KEYRING_REAL") != "1" {
		if os.Getenv("HEARTH_REQUIRE_KEYCHAIN") == "1" {
			tb.Fatal("HEARTH_REQUIRE_KEYCHAIN=1 but no real keychain: run under scripts/with-keyring.sh")
		}
		tb.Skip("needs the real keychain: run under scripts/with-keyring.sh")
	}
	kc := keychain.NewOS(keychain.Service, 10*time.Second)
	if err := keychain.Probe(context.Background(), kc); err != nil {
		tb.Fatalf("real keychain promised but not working: %v", err)
	}
	return kc
}

// RealAccounts lists the accounts of every item of service in the Secret
// Service's login collection (Linux only), so tests can check that no item
// is left behind. It fails the test if the Secret Service cannot be read.
func RealAccounts(tb testing.TB, service string) []string {
	tb.Helper()
	svc, err := ss.NewSecretService()
	if err != nil {
		tb.Fatalf("secret service: %v", err)
	}
	coll := svc.GetLoginCollection()
	paths, err := svc.SearchItems(coll, map[string]string{"service": service})
	if err != nil {
		tb.Fatalf("search items: %v", err)
	}
	var out []string
	for _, p := range paths {
		v, err := svc.Object("org.freedesktop.secrets", p).GetProperty("org.freedesktop.Secret.Item.Attributes")
		if err != nil {
			tb.Fatalf("item attributes: %v", err)
		}
		attrs, ok := v.Value().(map[string]string)
		if !ok {
			tb.Fatalf("item attributes: unexpected type %T", v.Value())
		}
		out = append(out, attrs["username"])
	}
	sort.Strings(out)
	return out
}
