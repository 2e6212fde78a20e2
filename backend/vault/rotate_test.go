package vault_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth/backend/keychain/keychaintest"
	"hearth/backend/vault"
)

// Between StageRotation and FinishRotation the profile opens whichever
// folder is in place: the keychain item holds both keys.
func TestRotation_OpensInEveryState(t *testing.T) {
	ctx := context.Background()
	for _, mode := range []vault.Mode{vault.ModeKeychain, vault.ModePIN, vault.ModePassphrase} {
		t.Run(string(mode), func(t *testing.T) {
			kc := keychaintest.New()
			live, next := t.TempDir(), t.TempDir()
			opts := vault.Options{KDF: vault.LowSecurityKDFParams()}
			v := vault.New(live, "p1", kc, opts)
			oldSecret := map[vault.Mode]string{vault.ModePIN: "271828", vault.ModePassphrase: "correct horse battery"}[mode]
			newSecret := map[vault.Mode]string{vault.ModePIN: "314159", vault.ModePassphrase: "another long passphrase"}[mode]
			oldKey, _, err := v.Create(ctx, mode, oldSecret)
			if err != nil {
				t.Fatal(err)
			}
			newKey := vault.NewKey()
			rk, err := v.StageRotation(ctx, vault.New(next, "p1", kc, opts), oldKey, newKey, newSecret)
			if err != nil {
				t.Fatal(err)
			}
			// Before the switch: the old folder, the old secret, the old key.
			if got, _, err := v.Unlock(ctx, oldSecret); err != nil || !bytes.Equal(got, oldKey) {
				t.Fatalf("before the switch: %v", err)
			}
			// After the switch (the new key slots in place), before Finish.
			for _, name := range []string{vault.SlotsFileName, vault.SlotsCopyName} {
				b, err := os.ReadFile(filepath.Join(next, name))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(live, name), b, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if got, _, err := v.Unlock(ctx, newSecret); err != nil || !bytes.Equal(got, newKey) {
				t.Fatalf("after the switch: %v", err)
			}
			if err := v.FinishRotation(ctx); err != nil {
				t.Fatal(err)
			}
			if got, _, err := v.Unlock(ctx, newSecret); err != nil || !bytes.Equal(got, newKey) {
				t.Fatalf("after finishing: %v", err)
			}
			if item, _ := kc.Get(ctx, v.Account()); strings.Contains(item, `"next"`) {
				t.Fatalf("the keychain item still holds the old key: %s", item)
			}
			if got, _, err := v.UnlockWithRecovery(ctx, rk); err != nil || !bytes.Equal(got, newKey) {
				t.Fatalf("new recovery key: %v", err)
			}
		})
	}
}
