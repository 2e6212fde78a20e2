package vault

import (
	"context"
	"fmt"
)

// Key rotation moves a profile to a new data key: the caller re-encrypts
// the database under the new key in a second folder, and the vault writes
// that folder's key slots (StageRotation); the caller then puts the folder
// in place in one step and calls FinishRotation. Until then the keychain
// item holds both keys' items, each tagged with its key check, and Unlock
// takes the one keyslots.json names, so an interruption at any point
// leaves a profile that opens.

// CheckNewSecret reports ErrWeakSecret if secret is too short for mode
// (so a caller can refuse before doing any work).
func CheckNewSecret(mode Mode, secret string) error { return checkSecret(mode, secret) }

// StageRotation writes, in staged (a vault over another folder, for the
// same profile id), key slots for newKey: v's protection mode with
// newSecret (the new PIN or passphrase; "" in keychain mode) and a new
// recovery key, which it returns for showing once. In modes that use the
// keychain it adds newKey's item to the keychain item, next to oldKey's.
// oldKey must be v's current key.
func (v *Vault) StageRotation(ctx context.Context, staged *Vault, oldKey, newKey []byte, newSecret string) (string, error) {
	f, err := v.readSlots()
	if err != nil {
		return "", err
	}
	if !checkKey(oldKey, f.KeyCheck) {
		return "", fmt.Errorf("rotate key: %w: the old key does not belong to this profile", ErrCorrupt)
	}
	if err := checkSecret(f.Mode, newSecret); err != nil {
		return "", err
	}
	recoveryKey := NewRecoveryKey()
	canon, err := NormalizeRecoveryKey(recoveryKey)
	if err != nil {
		return "", fmt.Errorf("recovery key: %w", err)
	}
	nf := &slotFile{Version: slotFileVersion, Profile: v.id, Mode: f.Mode, KeyCheck: keyCheck(newKey)}
	rs, err := sealSlot(KindRecovery, v.id, []byte(canon), newKey, staged.kdf, staged.now())
	if err != nil {
		return "", fmt.Errorf("wrap new key with recovery key: %w", err)
	}
	nf.Slots = append(nf.Slots, rs)
	if f.Mode == ModePassphrase {
		ps, err := sealSlot(KindPassphrase, v.id, secretBytes(newSecret), newKey, staged.kdf, staged.now())
		if err != nil {
			return "", fmt.Errorf("wrap new key with passphrase: %w", err)
		}
		nf.Slots = append(nf.Slots, ps)
	}
	if f.Mode.UsesKeychain() {
		cur, err := v.getItem(ctx)
		if err != nil {
			return "", err
		}
		cur = cur.forCheck(f.KeyCheck)
		next, err := v.newItem(f.Mode, newKey, newSecret)
		if err != nil {
			return "", err
		}
		next.Check = keyCheck(newKey)
		both := *cur
		both.Check, both.Next = f.KeyCheck, &next
		if err := v.storeItem(ctx, both); err != nil {
			return "", err
		}
	}
	if err := staged.writeSlots(nf); err != nil {
		return "", err
	}
	return recoveryKey, nil
}

// FinishRotation, once the folder whose key slots StageRotation wrote is
// in place as v's folder, leaves only that key's item in the keychain.
// In passphrase mode there is nothing to do.
func (v *Vault) FinishRotation(ctx context.Context) error {
	f, err := v.readSlots()
	if err != nil {
		return err
	}
	if !f.Mode.UsesKeychain() {
		return nil
	}
	item, err := v.getItem(ctx)
	if err != nil {
		return err
	}
	one := *item.forCheck(f.KeyCheck)
	one.Check, one.Next = nil, nil
	return v.storeItem(ctx, one)
}
