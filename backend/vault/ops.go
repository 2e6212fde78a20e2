package vault

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// UnlockInfo describes a successful unlock.
type UnlockInfo struct {
	// Mode is the protection the key was found under.
	Mode Mode
	// Recovery is true if the recovery key was used.
	Recovery bool
	// FailedAttempts is the number of wrong secrets entered since the last
	// successful unlock (for the audit log; the counter is now reset).
	FailedAttempts int
	// SlotsLost is true if both key-slot files were lost and the key came
	// from the keychain item alone (UnlockWithoutSlots): it is unchecked
	// until the database opens with it.
	SlotsLost bool
}

// Create makes a new data key for the profile, protects it with mode
// (secret is the PIN or passphrase; ignored for ModeKeychain) and writes a
// recovery slot. It returns the key (the caller zeroes it) and the recovery
// key to show once. If mode uses the keychain and the keychain cannot be
// used, the error matches keychain.ErrUnavailable and nothing is written;
// a key is never stored in plaintext as a fallback.
func (v *Vault) Create(ctx context.Context, mode Mode, secret string) (key []byte, recoveryKey string, err error) {
	if _, err := ParseMode(string(mode)); err != nil {
		return nil, "", err
	}
	if err := checkSecret(mode, secret); err != nil {
		return nil, "", err
	}
	if HasSlots(v.dir) {
		return nil, "", fmt.Errorf("create key slots: %w", ErrExists)
	}
	key = NewKey()
	defer func() {
		if err != nil {
			Zero(key)
			key = nil
		}
	}()
	recoveryKey = NewRecoveryKey()
	canon, err := NormalizeRecoveryKey(recoveryKey)
	if err != nil {
		return nil, "", fmt.Errorf("recovery key: %w", err) // cannot happen: we just made it
	}
	f := &slotFile{Version: slotFileVersion, Profile: v.id, Mode: mode, KeyCheck: keyCheck(key)}
	rs, err := sealSlot(KindRecovery, v.id, []byte(canon), key, v.kdf, v.now())
	if err != nil {
		return nil, "", fmt.Errorf("wrap key with recovery key: %w", err)
	}
	f.Slots = append(f.Slots, rs)
	if mode == ModePassphrase {
		ps, err := sealSlot(KindPassphrase, v.id, secretBytes(secret), key, v.kdf, v.now())
		if err != nil {
			return nil, "", fmt.Errorf("wrap key with passphrase: %w", err)
		}
		f.Slots = append(f.Slots, ps)
	}
	if mode.UsesKeychain() {
		if err := v.putItem(ctx, mode, key, secret); err != nil {
			return nil, "", err
		}
	}
	if err := v.writeSlots(f); err != nil {
		if mode.UsesKeychain() {
			_, _ = v.deleteItem(ctx)
		}
		return nil, "", err
	}
	return key, recoveryKey, nil
}

// Mode reads the profile's current protection from keyslots.json.
func (v *Vault) Mode(ctx context.Context) (Mode, error) {
	f, err := v.readSlots()
	if err != nil {
		return "", err
	}
	return f.Mode, nil
}

// Unlock returns the data key. secret is the PIN or passphrase (ignored
// in keychain mode). Errors: ErrSecretRequired, *WrongSecretError
// (ErrWrongSecret), *LockoutError (ErrLockedOut), ErrKeychainItemMissing,
// keychain.ErrUnavailable, ErrCorrupt.
func (v *Vault) Unlock(ctx context.Context, secret string) ([]byte, UnlockInfo, error) {
	f, err := v.readSlots()
	if err != nil {
		return nil, UnlockInfo{}, err
	}
	var s *slot
	info := UnlockInfo{Mode: f.Mode}
	if f.Mode == ModePassphrase {
		s = f.find(KindPassphrase)
	} else {
		whole, err := v.getItem(ctx)
		if err != nil {
			return nil, UnlockInfo{}, err
		}
		// The item says what it holds (see keychainItem); during a key
		// rotation it holds two, and keyslots.json says which is in use.
		item := whole.forCheck(f.KeyCheck)
		info.Mode = item.Mode
		if item.Mode == ModeKeychain {
			key := item.Key
			if !checkKey(key, f.KeyCheck) {
				Zero(key)
				return nil, UnlockInfo{}, fmt.Errorf("%w: the keychain item holds a different key", ErrCorrupt)
			}
			return key, info, nil
		}
		s = item.Slot
	}
	key, err := v.openSlot(ctx, s, secretBytes(secret), f.KeyCheck, secret == "")
	if err != nil {
		return nil, UnlockInfo{}, err
	}
	info.FailedAttempts = v.recordSuccess()
	v.upgradeSlot(ctx, f, s, key, secret)
	return key, info, nil
}

// openSlot applies the lock-out around s.open and checks the key.
func (v *Vault) openSlot(ctx context.Context, s *slot, secret, wantCheck []byte, empty bool) ([]byte, error) {
	if empty {
		return nil, ErrSecretRequired
	}
	if err := v.checkLockout(); err != nil {
		return nil, err
	}
	start := time.Now()
	key, err := s.open(v.id, secret)
	if errors.Is(err, ErrWrongSecret) {
		v.attemptFloor(ctx, start)
		return nil, v.recordFailure()
	}
	if err != nil {
		return nil, err
	}
	if !checkKey(key, wantCheck) {
		Zero(key)
		return nil, fmt.Errorf("%w: %s slot holds a different key", ErrCorrupt, s.Kind)
	}
	return key, nil
}

// UnlockWithRecovery returns the data key using the recovery key, which
// works in every mode and without the keychain. A mistyped key is
// ErrRecoveryKeyFormat; a well-formed wrong key is ErrWrongSecret. The
// lock-out does not apply (175 random bits cannot be guessed) but a
// success resets it and reports its count.
func (v *Vault) UnlockWithRecovery(ctx context.Context, recoveryKey string) ([]byte, UnlockInfo, error) {
	canon, err := NormalizeRecoveryKey(recoveryKey)
	if err != nil {
		return nil, UnlockInfo{}, err
	}
	f, err := v.readSlots()
	if err != nil {
		return nil, UnlockInfo{}, err
	}
	key, err := f.find(KindRecovery).open(v.id, []byte(canon))
	if errors.Is(err, ErrWrongSecret) {
		return nil, UnlockInfo{}, &WrongSecretError{}
	}
	if err != nil {
		return nil, UnlockInfo{}, err
	}
	if !checkKey(key, f.KeyCheck) {
		Zero(key)
		return nil, UnlockInfo{}, fmt.Errorf("%w: recovery slot holds a different key", ErrCorrupt)
	}
	info := UnlockInfo{Mode: f.Mode, Recovery: true, FailedAttempts: v.recordSuccess()}
	v.upgradeSlot(ctx, f, f.find(KindRecovery), key, canon)
	return key, info, nil
}

// ChangeProtection re-wraps key (obtained from Unlock) under mode with
// newSecret; the database is not touched. The same mode with a new secret
// changes the PIN or passphrase. The recovery slot is kept. The keychain
// is written before keyslots.json, and an old keychain item is removed
// only after keyslots.json says passphrase, so an interruption never
// leaves the profile without a way in. If removing the old item fails the
// error says so and the change is otherwise done; calling again retries.
func (v *Vault) ChangeProtection(ctx context.Context, key []byte, mode Mode, newSecret string) error {
	if _, err := ParseMode(string(mode)); err != nil {
		return err
	}
	if err := checkSecret(mode, newSecret); err != nil {
		return err
	}
	f, err := v.readSlots()
	if err != nil {
		return err
	}
	if !checkKey(key, f.KeyCheck) {
		return fmt.Errorf("change protection: %w: key does not belong to this profile", ErrCorrupt)
	}
	nf := *f
	nf.Mode = mode
	nf.Slots = f.without(KindPassphrase)
	for i := range nf.Slots { // never carry a damaged slot into the new file
		if err := nf.Slots[i].validate(); err != nil {
			return err
		}
	}
	if mode == ModePassphrase {
		ps, err := sealSlot(KindPassphrase, v.id, secretBytes(newSecret), key, v.kdf, v.now())
		if err != nil {
			return fmt.Errorf("wrap key with passphrase: %w", err)
		}
		nf.Slots = append(nf.Slots, ps)
	} else if err := v.putItem(ctx, mode, key, newSecret); err != nil {
		return err
	}
	if err := v.writeSlots(&nf); err != nil {
		return err
	}
	if mode == ModePassphrase && f.Mode.UsesKeychain() {
		// Only a keychain or pin profile has an item to remove; a new
		// passphrase for a passphrase profile never touches the keychain.
		if _, err := v.deleteItem(ctx); err != nil {
			return fmt.Errorf("protection changed, but the old keychain item is still there: %w", err)
		}
	}
	return nil
}

// RestoreKeychainItem writes the keychain item again (after a recovery
// unlock found it missing) from key. In pin mode pin becomes the PIN,
// which also serves as a PIN reset. In passphrase mode it is ErrBadMode.
func (v *Vault) RestoreKeychainItem(ctx context.Context, key []byte, pin string) error {
	f, err := v.readSlots()
	if err != nil {
		return err
	}
	if !f.Mode.UsesKeychain() {
		return fmt.Errorf("%w: passphrase protection does not use the keychain", ErrBadMode)
	}
	if !checkKey(key, f.KeyCheck) {
		return fmt.Errorf("restore keychain item: %w: key does not belong to this profile", ErrCorrupt)
	}
	if err := checkSecret(f.Mode, pin); err != nil {
		return err
	}
	return v.putItem(ctx, f.Mode, key, pin)
}

// KeychainState summarises the profile's keychain item.
type KeychainState string

// Keychain states.
const (
	KeychainOK          KeychainState = "ok"          // item present and well-formed
	KeychainNotUsed     KeychainState = "not-used"    // passphrase mode
	KeychainMissing     KeychainState = "missing"     // mode uses the keychain, item gone
	KeychainUnavailable KeychainState = "unavailable" // keychain cannot be used now
	KeychainDamaged     KeychainState = "damaged"     // item present but unusable
)

// KeychainStatus is the keychain state of one profile. Reason is a
// sentence for the user when State is not OK or NotUsed.
type KeychainStatus struct {
	Mode   Mode
	State  KeychainState
	Reason string
}

// KeychainStatus checks the profile's keychain item without unlocking it.
// In keychain mode the key is checked against keyslots.json too.
func (v *Vault) KeychainStatus(ctx context.Context) (KeychainStatus, error) {
	f, err := v.readSlots()
	if err != nil {
		return KeychainStatus{}, err
	}
	st := KeychainStatus{Mode: f.Mode}
	if !f.Mode.UsesKeychain() {
		st.State = KeychainNotUsed
		return st, nil
	}
	item, err := v.getItem(ctx)
	switch {
	case err == nil:
		st.State = KeychainOK
		if item.Mode == ModeKeychain && !checkKey(item.Key, f.KeyCheck) {
			st.State, st.Reason = KeychainDamaged, "the keychain item holds a different key"
		} else if item.Mode == ModePIN {
			if err := item.Slot.validate(); err != nil {
				st.State, st.Reason = KeychainDamaged, err.Error()
			}
		}
		if item.Mode == ModeKeychain {
			Zero(item.Key)
		}
	case errors.Is(err, ErrKeychainItemMissing):
		st.State, st.Reason = KeychainMissing, ErrKeychainItemMissing.Error()
	case errors.Is(err, ErrCorrupt):
		st.State, st.Reason = KeychainDamaged, err.Error()
	default:
		st.State, st.Reason = KeychainUnavailable, err.Error()
	}
	return st, nil
}

// Removed lists what Destroy removed.
type Removed struct {
	KeychainItem string   // account name, "" if there was none
	Files        []string // paths
}

// Destroy crypto-shreds the profile's key: it removes the keychain item
// first, then both copies of keyslots.json and lockout.json. If the keychain cannot be
// reached while the profile uses it, Destroy stops before removing
// anything (so the item is not orphaned) and the error matches
// keychain.ErrUnavailable. It is safe to call again after a partial run.
// A damaged keyslots.json does not stop it.
func (v *Vault) Destroy(ctx context.Context) (Removed, error) {
	var r Removed
	mode := ModeKeychain // unknown (damaged or missing file): assume the item may exist
	if f, err := v.readSlots(); err == nil {
		mode = f.Mode
	}
	gone, err := v.deleteItem(ctx)
	if err != nil && mode.UsesKeychain() {
		return r, err
	}
	if gone {
		r.KeychainItem = v.Account()
	}
	for _, p := range []string{v.slotsPath(), v.slotsCopyPath(), v.lockoutPath()} {
		err := os.Remove(p)
		if err == nil {
			r.Files = append(r.Files, p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return r, fmt.Errorf("remove %s: %w", p, err)
		}
	}
	return r, nil
}
