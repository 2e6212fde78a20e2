package vault_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"hearth/backend/keychain"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/vault"
)

// TestVault_RealKeychain runs each mode against the real Secret Service
// (scripts/with-keyring.sh): the item appears on create and goes on destroy.
func TestVault_RealKeychain(t *testing.T) {
	kc := keychaintest.Real(t)
	ctx := context.Background()
	for _, mode := range []vault.Mode{vault.ModeKeychain, vault.ModePIN, vault.ModePassphrase} {
		t.Run(string(mode), func(t *testing.T) {
			id := "vaulttest-" + string(mode) + "-" + vault.NewRecoveryKey()[:5]
			account := keychain.Account(id)
			v := newVault(t, t.TempDir(), id, kc, nil)
			t.Cleanup(func() { _, _ = v.Destroy(ctx) })
			key, _, err := v.Create(ctx, mode, secrets[mode])
			if err != nil {
				t.Fatal(err)
			}
			has := slices.Contains(keychaintest.RealAccounts(t, keychain.Service), account)
			if has != mode.UsesKeychain() {
				t.Fatalf("item present=%v in %s mode", has, mode)
			}
			got, _, err := v.Unlock(ctx, secrets[mode])
			if err != nil || !bytes.Equal(got, key) {
				t.Fatalf("unlock: %v", err)
			}
			if _, err := v.Destroy(ctx); err != nil {
				t.Fatal(err)
			}
			if slices.Contains(keychaintest.RealAccounts(t, keychain.Service), account) {
				t.Fatal("item left after destroy")
			}
		})
	}
}
