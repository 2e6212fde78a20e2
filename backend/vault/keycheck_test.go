package vault_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"hearth/backend/keychain"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/vault"
)

// twin is a second profile with the same id and secrets in another folder:
// its slots and keychain item are intact and open with the same secrets,
// but they hold a different data key.
type twin struct {
	dir string
	kc  *keychaintest.Fake
	v   *vault.Vault
	key []byte
	rk  string
}

func newTwin(t *testing.T, mode vault.Mode) twin {
	t.Helper()
	tw := twin{dir: t.TempDir(), kc: keychaintest.New()}
	tw.v = newVault(t, tw.dir, "p1", tw.kc, nil)
	var err error
	if tw.key, tw.rk, err = tw.v.Create(context.Background(), mode, secrets[mode]); err != nil {
		t.Fatal(err)
	}
	return tw
}

// swapSlot replaces dst's slot of kind in keyslots.json with src's,
// leaving dst's key check (the fingerprint of dst's data key) in place.
func swapSlot(t *testing.T, dst, src twin, kind string) {
	t.Helper()
	read := func(dir string) map[string]json.RawMessage {
		b, err := os.ReadFile(filepath.Join(dir, vault.SlotsFileName))
		if err != nil {
			t.Fatal(err)
		}
		var f map[string]json.RawMessage
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatal(err)
		}
		return f
	}
	slots := func(f map[string]json.RawMessage) []map[string]json.RawMessage {
		var s []map[string]json.RawMessage
		if err := json.Unmarshal(f["slots"], &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	df, sf := read(dst.dir), read(src.dir)
	ds, ss := slots(df), slots(sf)
	var from map[string]json.RawMessage
	for _, s := range ss {
		if string(s["kind"]) == `"`+kind+`"` {
			from = s
		}
	}
	swapped := false
	for i, s := range ds {
		if string(s["kind"]) == `"`+kind+`"` && from != nil {
			ds[i], swapped = from, true
		}
	}
	if !swapped {
		t.Fatalf("no %s slot to swap", kind)
	}
	var err error
	if df["slots"], err = json.Marshal(ds); err != nil {
		t.Fatal(err)
	}
	// Without the file checksum (as written before it existed), so that
	// the key check, not the checksum, is what must refuse the slot; in
	// both copies, so that neither can stand in for the other.
	delete(df, "sum")
	b, err := json.MarshalIndent(df, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{vault.SlotsFileName, vault.SlotsCopyName} {
		if err := os.WriteFile(filepath.Join(dst.dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestVault_KeyCheckRefusesForeignKey: a slot or keychain item that opens
// with the right secret but yields a key other than the one keyslots.json
// fingerprints is refused by the vault itself (ErrCorrupt, no key
// returned, not counted as a wrong secret). Above the vault the database's
// own header check would also refuse such a key, which is exactly why this
// is tested here, where nothing else hides a vault that skips the check.
func TestVault_KeyCheckRefusesForeignKey(t *testing.T) {
	ctx := context.Background()
	refused := func(t *testing.T, what string, key []byte, err error, other twin) {
		t.Helper()
		if err == nil || key != nil {
			t.Fatalf("%s: returned a key (foreign=%v), err %v", what, bytes.Equal(key, other.key), err)
		}
		if !errors.Is(err, vault.ErrCorrupt) || errors.Is(err, vault.ErrWrongSecret) {
			t.Fatalf("%s: err %v, want ErrCorrupt", what, err)
		}
	}
	t.Run("PassphraseSlot", func(t *testing.T) {
		a, b := newTwin(t, vault.ModePassphrase), newTwin(t, vault.ModePassphrase)
		path := filepath.Join(a.dir, vault.SlotsFileName)
		good, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		swapSlot(t, a, b, string(vault.KindPassphrase))
		key, _, err := a.v.Unlock(ctx, secrets[vault.ModePassphrase])
		refused(t, "unlock", key, err, b)
		// Not a wrong secret: with the file restored the passphrase opens
		// a's key and no failed attempt was counted.
		if err := os.WriteFile(path, good, 0o600); err != nil {
			t.Fatal(err)
		}
		got, info, err := a.v.Unlock(ctx, secrets[vault.ModePassphrase])
		if err != nil || !bytes.Equal(got, a.key) || info.FailedAttempts != 0 {
			t.Fatalf("unlock after restore: failures %d, %v", info.FailedAttempts, err)
		}
	})
	t.Run("RecoverySlot", func(t *testing.T) {
		a, b := newTwin(t, vault.ModePassphrase), newTwin(t, vault.ModePassphrase)
		swapSlot(t, a, b, string(vault.KindRecovery))
		key, _, err := a.v.UnlockWithRecovery(ctx, b.rk)
		refused(t, "recovery", key, err, b)
		// The passphrase slot, untouched, still opens a's own key.
		if got, _, err := a.v.Unlock(ctx, secrets[vault.ModePassphrase]); err != nil || !bytes.Equal(got, a.key) {
			t.Fatalf("own passphrase slot: %v", err)
		}
	})
	for _, mode := range []vault.Mode{vault.ModePIN, vault.ModeKeychain} {
		t.Run(string(mode)+"Item", func(t *testing.T) {
			a, b := newTwin(t, mode), newTwin(t, mode)
			item, err := b.kc.MemGet(keychain.Account("p1"))
			if err != nil {
				t.Fatal(err)
			}
			a.kc.MemSet(keychain.Account("p1"), item)
			key, _, err := a.v.Unlock(ctx, secrets[mode])
			refused(t, "unlock", key, err, b)
			if mode == vault.ModeKeychain {
				if st, err := a.v.KeychainStatus(ctx); err != nil || st.State != vault.KeychainDamaged {
					t.Fatalf("status %+v, %v", st, err)
				}
			}
			// The item is intact: it opens where it belongs.
			if got, _, err := b.v.Unlock(ctx, secrets[mode]); err != nil || !bytes.Equal(got, b.key) {
				t.Fatalf("control: the twin's own item: %v", err)
			}
		})
	}
	t.Run("ForeignKeyIn", func(t *testing.T) {
		// Operations handed a key check it before writing anything.
		a, b := newTwin(t, vault.ModePIN), newTwin(t, vault.ModePIN)
		before, _ := os.ReadFile(filepath.Join(a.dir, vault.SlotsFileName))
		itemBefore, _ := a.kc.MemGet(keychain.Account("p1"))
		if err := a.v.ChangeProtection(ctx, b.key, vault.ModePassphrase, "another passphrase"); !errors.Is(err, vault.ErrCorrupt) {
			t.Fatalf("change protection with a foreign key: %v", err)
		}
		if err := a.v.RestoreKeychainItem(ctx, b.key, "999999"); !errors.Is(err, vault.ErrCorrupt) {
			t.Fatalf("restore keychain item with a foreign key: %v", err)
		}
		after, _ := os.ReadFile(filepath.Join(a.dir, vault.SlotsFileName))
		itemAfter, _ := a.kc.MemGet(keychain.Account("p1"))
		if !bytes.Equal(before, after) || itemBefore != itemAfter {
			t.Fatal("a refused operation changed keyslots.json or the keychain item")
		}
		if got, _, err := a.v.Unlock(ctx, secrets[vault.ModePIN]); err != nil || !bytes.Equal(got, a.key) {
			t.Fatalf("unlock after refusals: %v", err)
		}
	})
}
