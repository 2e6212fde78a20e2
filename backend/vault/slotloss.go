package vault

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"
)

// ErrSlotsLost: both copies of the key-slot file are missing or damaged.
// Errors matching it also match ErrCorrupt. A keychain or PIN profile can
// still be opened from its keychain item (UnlockWithoutSlots); a
// passphrase profile needs a copy of either file from a backup.
var ErrSlotsLost = errors.New("both copies of the key-slot file are missing or damaged")

// UnlockWithoutSlots returns the data key of a keychain or PIN profile
// whose key-slot files are both lost, from its keychain item alone (in PIN
// mode with the PIN, under the usual lock-out). Without the files the key
// cannot be checked here: the caller must check it by opening the
// database with it, and only then call RebuildSlots.
func (v *Vault) UnlockWithoutSlots(ctx context.Context, secret string) ([]byte, Mode, error) {
	item, err := v.getItem(ctx)
	if err != nil {
		return nil, "", err
	}
	if item.Mode == ModeKeychain {
		return item.Key, ModeKeychain, nil
	}
	if secret == "" {
		return nil, "", ErrSecretRequired
	}
	if err := v.checkLockout(); err != nil {
		return nil, "", err
	}
	start := time.Now()
	key, err := item.Slot.open(v.id, secretBytes(secret))
	if errors.Is(err, ErrWrongSecret) {
		v.attemptFloor(ctx, start)
		return nil, "", v.recordFailure()
	}
	if err != nil {
		return nil, "", err
	}
	v.recordSuccess()
	return key, ModePIN, nil
}

// RebuildSlots writes new key-slot files (both copies) for key, which the
// caller has checked against the database, protected by mode (keychain or
// pin; the keychain item is kept as it is) with a new recovery slot. It
// returns the new recovery key, to be shown once: the old one was in the
// lost files. Whatever is left of the old files is kept aside as
// <name>.damaged-<unix time>.
func (v *Vault) RebuildSlots(key []byte, mode Mode) (string, error) {
	if !mode.UsesKeychain() {
		return "", fmt.Errorf("%w: only keychain and PIN profiles can be opened without key slots", ErrBadMode)
	}
	if _, err := v.readSlots(); err == nil {
		return "", fmt.Errorf("rebuild key slots: %w", ErrExists)
	}
	stamp := strconv.FormatInt(v.now().Unix(), 10)
	for _, p := range []string{v.slotsPath(), v.slotsCopyPath()} {
		if _, err := os.Lstat(p); err == nil {
			if err := os.Rename(p, p+".damaged-"+stamp); err != nil {
				return "", fmt.Errorf("keep damaged key slots: %w", err)
			}
		}
	}
	recoveryKey := NewRecoveryKey()
	canon, err := NormalizeRecoveryKey(recoveryKey)
	if err != nil {
		return "", fmt.Errorf("recovery key: %w", err)
	}
	rs, err := sealSlot(KindRecovery, v.id, []byte(canon), key, v.kdf, v.now())
	if err != nil {
		return "", fmt.Errorf("wrap key with recovery key: %w", err)
	}
	f := &slotFile{Version: slotFileVersion, Profile: v.id, Mode: mode, KeyCheck: keyCheck(key), Slots: []slot{rs}}
	if err := v.writeSlots(f); err != nil {
		return "", err
	}
	return recoveryKey, nil
}
