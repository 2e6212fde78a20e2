package profile_test

import (
	"errors"
	"slices"
	"testing"

	"hearth/backend/keychain"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/vault"
)

// TestManager_RealKeychain runs the lifecycle and household tests against
// the real Secret Service (scripts/with-keyring.sh): items appear on
// create and disappear on delete.
func TestManager_RealKeychain(t *testing.T) {
	kc := keychaintest.Real(t)
	accounts := func() []string { return keychaintest.RealAccounts(t, keychain.Service) }
	for _, mode := range []vault.Mode{vault.ModeKeychain, vault.ModePIN, vault.ModePassphrase} {
		t.Run(string(mode), func(t *testing.T) {
			// lifecycle checks this profile's item appears and goes; the
			// whole list is not compared, as other packages' tests may use
			// the keyring at the same time.
			lifecycle(t, newEnv(t, kc), mode, accounts)
		})
	}
	t.Run("Household", func(t *testing.T) {
		e := newEnv(t, kc)
		a, _ := e.create(t, "Ada", vault.ModePIN)
		b, _ := e.create(t, "Bob", vault.ModeKeychain)
		e.unlock(t, b.ID, "")
		if _, err := e.m.Unlock(ctx, a.ID, ""); !errors.Is(err, vault.ErrSecretRequired) {
			t.Fatalf("A without PIN: %v", err)
		}
		if _, err := e.m.Unlock(ctx, a.ID, string(keychainKey(t, kc, b.ID))); !errors.Is(err, vault.ErrWrongSecret) {
			t.Fatalf("A with B's key: %v", err)
		}
		e.unlock(t, a.ID, "471147")
		for _, p := range []string{a.ID, b.ID} {
			if _, err := e.m.Delete(ctx, p); err != nil {
				t.Fatal(err)
			}
			if slices.Contains(accounts(), keychain.Account(p)) {
				t.Fatal("item left behind")
			}
		}
	})
}
