// Package vault generates profile data keys and keeps them wrapped: in the
// OS keychain, in a key-slot file, or both, depending on the profile's
// protection [Mode].
//
// # Threat model
//
// A data key is 32 random bytes that encrypt one profile's database. It is
// never written to disk unwrapped. Each wrapped copy ("slot") is
// XChaCha20-Poly1305 under a key-encryption key derived with Argon2id from
// a secret (PIN, passphrase or recovery key) and a per-slot random salt;
// the slot's Argon2id parameters are stored with it.
//
//   - [ModeKeychain]: the keychain item holds the data key. Anyone who can
//     read this OS login's keychain can open the profile.
//   - [ModePIN]: the keychain item holds the data key wrapped by the PIN.
//     Reading the keychain alone is not enough, which separates household
//     members who share one OS login. A short PIN only resists offline
//     guessing as far as Argon2id's cost allows; the persisted lock-out
//     ([LockoutPolicy]) slows guessing through the app.
//   - [ModePassphrase]: no keychain; the passphrase slot lives in
//     keyslots.json. For machines without a Secret Service.
//
// Every profile also has a recovery slot in keyslots.json, wrapped by a
// recovery key (175 random bits, see [NewRecoveryKey]) shown once at
// creation. It opens the profile when the keychain item is lost.
//
// # Files
//
// In the profile folder: keyslots.json (versioned; never the key itself)
// and its second copy keyslots.copy.json, each with a checksum, written
// one after the other; and lockout.json (failed-attempt counter). All are
// replaced atomically. A missing or damaged copy is rewritten from the
// intact one and reported ([Options.OnRepair]).
// keyslots.json records a key-check value of the data key, and every slot
// a checksum and a check value of its key-encryption key, so a wrong
// secret ([ErrWrongSecret]) is told apart from a damaged file
// ([ErrCorrupt]). When both copies are damaged they are reported, never
// rewritten.
//
// Keys are []byte so callers can [Zero] them on lock; Go may still hold
// copies it made (strings, JSON buffers), which cannot be cleared.
package vault

import (
	"errors"
	"fmt"
	"time"

	"hearth/backend/keychain"
)

// Mode is how a profile's data key is protected.
type Mode string

// Protection modes.
const (
	ModeKeychain   Mode = "keychain"
	ModePIN        Mode = "pin"
	ModePassphrase Mode = "passphrase"
)

// ParseMode returns the Mode named s, or an ErrBadMode error.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case ModeKeychain, ModePIN, ModePassphrase:
		return m, nil
	}
	return "", fmt.Errorf("%w: %q (want keychain, pin or passphrase)", ErrBadMode, s)
}

// UsesKeychain reports whether the mode keeps an item in the keychain.
func (m Mode) UsesKeychain() bool { return m == ModeKeychain || m == ModePIN }

// NeedsSecret reports whether unlocking asks for a PIN or passphrase.
func (m Mode) NeedsSecret() bool { return m == ModePIN || m == ModePassphrase }

// Errors. Check with errors.Is.
var (
	// ErrWrongSecret: the PIN, passphrase or recovery key does not open the
	// slot. Errors matching it are *WrongSecretError values.
	ErrWrongSecret = errors.New("wrong PIN, passphrase or recovery key")
	// ErrLockedOut: too many wrong attempts; errors matching it are
	// *LockoutError values carrying the remaining wait.
	ErrLockedOut = errors.New("too many wrong attempts")
	// ErrCorrupt: a key-slot file or keychain item is damaged or does not
	// belong to this profile. Nothing was changed.
	ErrCorrupt = errors.New("key data is damaged")
	// ErrUnsupported: the key-slot file was written by a newer Hearth.
	ErrUnsupported = errors.New("key-slot file version not supported")
	// ErrSecretRequired: the mode needs a PIN or passphrase and none was given.
	ErrSecretRequired = errors.New("a PIN or passphrase is required")
	// ErrWeakSecret: the new PIN or passphrase is too short.
	ErrWeakSecret = errors.New("PIN or passphrase too short")
	// ErrBadMode: not a protection mode, or not valid for the operation.
	ErrBadMode = errors.New("invalid protection mode")
	// ErrRecoveryKeyFormat: the text is not a recovery key (typo, wrong
	// length, letters that never occur in one).
	ErrRecoveryKeyFormat = errors.New("not a valid recovery key; check it for typos")
	// ErrKeychainItemMissing: the mode uses the keychain but its item is
	// gone (new machine, reset keyring). The recovery key still opens the
	// profile. It also matches keychain.ErrNotFound.
	ErrKeychainItemMissing = errors.New("the keychain no longer holds this profile's key; use the recovery key")
	// ErrExists: Create found key slots already present.
	ErrExists = errors.New("key slots already exist")
)

// Minimum secret lengths, in characters.
const (
	MinPINLength        = 6
	MinPassphraseLength = 8
)

// WrongSecretError is a failed attempt. Failures counts consecutive
// failures so far; Wait is how long until the next attempt is allowed
// (zero if it is allowed now).
type WrongSecretError struct {
	Failures int
	Wait     time.Duration
}

func (e *WrongSecretError) Error() string {
	if e.Wait > 0 {
		return fmt.Sprintf("%v (%d failed attempts; try again in %s)", ErrWrongSecret, e.Failures, e.Wait.Round(time.Second))
	}
	return ErrWrongSecret.Error()
}

// Is makes errors.Is(err, ErrWrongSecret) true.
func (e *WrongSecretError) Is(target error) bool { return target == ErrWrongSecret }

// LockoutError refuses an attempt until Wait has passed.
type LockoutError struct {
	Failures int
	Wait     time.Duration
}

func (e *LockoutError) Error() string {
	return fmt.Sprintf("%v (%d); try again in %s", ErrLockedOut, e.Failures, e.Wait.Round(time.Second))
}

// Is makes errors.Is(err, ErrLockedOut) true.
func (e *LockoutError) Is(target error) bool { return target == ErrLockedOut }

// Options tune a Vault. The zero value is what the app uses.
type Options struct {
	// KDF are the Argon2id parameters for every new slot. Zero means the
	// production parameters: PINKDFParams for the PIN slot,
	// DefaultKDFParams for the others. Tests use LowSecurityKDFParams.
	// Existing slots keep theirs until their secret is entered again.
	KDF KDFParams
	// Lockout is the wrong-secret policy (DefaultLockoutPolicy if zero).
	Lockout LockoutPolicy
	// Now is the clock (time.Now if nil).
	Now func() time.Time
	// OnRepair is told, in one sentence without secrets, when one copy of
	// the key-slot file was missing or damaged and was rewritten from the
	// other (or could not be). Optional.
	OnRepair func(msg string)
}

// Vault holds the wrapped data key of one profile: its key-slot file in
// dir and its keychain item keychain.Account(profileID). A Vault keeps no
// key in memory; methods that return a key leave zeroing it to the caller.
// Calls on one profile must not run concurrently (the profile manager
// serialises them).
type Vault struct {
	dir     string
	id      string
	kc      keychain.Keychain
	kdf     KDFParams // passphrase and recovery slots
	pinKDF  KDFParams // the PIN slot
	lockout LockoutPolicy
	now     func() time.Time

	onRepair func(msg string)
}

// New returns the vault of profile id whose files live in dir. kc may be
// nil if the caller only uses passphrase mode.
func New(dir, profileID string, kc keychain.Keychain, opts Options) *Vault {
	v := &Vault{dir: dir, id: profileID, kc: kc, kdf: opts.KDF, lockout: opts.Lockout, now: opts.Now, onRepair: opts.OnRepair}
	v.pinKDF = v.kdf
	if v.kdf == (KDFParams{}) {
		v.kdf, v.pinKDF = DefaultKDFParams(), PINKDFParams()
	}
	if v.lockout == (LockoutPolicy{}) {
		v.lockout = DefaultLockoutPolicy()
	}
	if v.now == nil {
		v.now = time.Now
	}
	return v
}

// Account is the keychain account of this profile's item.
func (v *Vault) Account() string { return keychain.Account(v.id) }
