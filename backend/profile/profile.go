// Package profile keeps the household's profiles: the registry
// (profiles.json, no secrets), each profile's folder, and the one profile
// that is open at a time.
//
// A [Manager] creates, lists, renames, re-protects, unlocks, locks and
// deletes profiles. Keys are handled by package vault and the OS keychain
// by package keychain; the open profile's database is a *store.DB.
//
// # Files
//
//	<dataDir>/profiles.json            registry (atomic writes; mirrored to profiles.json.bak)
//	<dataDir>/profiles/<id>/hearth.db  encrypted database (+ -wal, -shm)
//	<dataDir>/profiles/<id>/keyslots.json, lockout.json   see package vault
//
// # Open profile
//
// Exactly one profile is open at a time: unlocking another locks the
// current one first (its database is closed and its key zeroed). The open
// profile is server-side state; callers get it from [Manager.Current].
// The Manager opens and closes when told; when to close (a lock, the idle
// auto-lock, shutdown), and letting running work finish first, is decided
// by the one owner of the open profile, household.Household.
//
// # Errors
//
// Besides this package's sentinels, Manager methods return vault errors
// (vault.ErrWrongSecret, vault.ErrLockedOut, vault.ErrCorrupt, ...) and
// keychain.ErrUnavailable, all checked with errors.Is.
package profile

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"hearth/backend/store"
	"hearth/backend/vault"
)

// Profile is a registry entry. It holds no secrets.
type Profile struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Color      string     `json:"color"` // "#rrggbb"
	Emoji      string     `json:"emoji"`
	Protection vault.Mode `json:"protection"`
	CreatedAt  time.Time  `json:"createdAt"`
}

// Errors. Check with errors.Is.
var (
	ErrNotFound  = errors.New("no such profile")
	ErrNameTaken = errors.New("a profile with this name already exists")
	ErrInvalid   = errors.New("invalid profile details")
	// ErrRegistryCorrupt: profiles.json cannot be read. It is left as is;
	// see Manager.RestoreRegistryBackup.
	ErrRegistryCorrupt = errors.New("the profile list (profiles.json) is damaged")
	// ErrLocked: no profile is open.
	ErrLocked = errors.New("no profile is open")
	// ErrNotOpen: the operation needs this profile to be the open one.
	ErrNotOpen = errors.New("the profile must be unlocked first")
	// ErrBusy: another Hearth window or command kept the profile list
	// locked for longer than registryLockWait.
	ErrBusy = errors.New("another Hearth window or command is changing the profile list; try again in a moment")
)

// Lock reasons passed to Options.OnLock.
const (
	LockUser   = "user"   // Lock was called
	LockIdle   = "idle"   // auto-lock (household.Household's idle timer)
	LockSwitch = "switch" // another profile was unlocked
	LockDelete = "delete" // the open profile was deleted
)

// Options are the Manager's dependencies and settings. All are optional.
type Options struct {
	// KDF are the Argon2id parameters for new key slots
	// (zero = production: vault.PINKDFParams for PINs, else
	// vault.DefaultKDFParams; tests use vault.LowSecurityKDFParams).
	KDF vault.KDFParams
	// Lockout is the wrong-secret policy (vault.DefaultLockoutPolicy if zero).
	Lockout vault.LockoutPolicy
	// Seed fills a new profile's database (built-in modules). It is called
	// once, right after the database is created; an error undoes Create.
	Seed func(ctx context.Context, db *store.DB) error
	// Now is the clock (time.Now if nil).
	Now func() time.Time
	// Logger receives events without secrets (discarded if nil).
	Logger *slog.Logger
	// OnLock is called after the open profile is locked, with a Lock*
	// reason, outside the Manager's lock (it may call the Manager).
	OnLock func(reason string)
	// Store tunes store.Open for profile databases.
	Store store.Options
	// OnIntegrity, if set, makes every unlock start a background integrity
	// check of the profile's database (store.DB.CheckIntegrityLater) and
	// receives its result once, outside the Manager's lock, so the window
	// can tell the person in plain words. The command line leaves it nil:
	// its commands are short and closing waits for the check.
	OnIntegrity func(profileID string, res store.Integrity, err error)
	// RebuildLostSlots: when both key-slot files are lost and the keychain
	// item opened the profile, write new ones with a new recovery key
	// (Opened.NewRecoveryKey). Only for callers that show that key; others
	// open the profile with a warning saying how to do it.
	RebuildLostSlots bool
	// Verify, if set, checks a profile whose database just opened (its
	// family rules) before it becomes the open profile; an error closes
	// the database again and is returned by the unlock as is.
	Verify func(ctx context.Context, p Profile, db *store.DB) error
	// BeforeDelete, if set, may refuse to delete profile id (a guardian
	// who still supervises children). It runs before anything is locked
	// or removed, so it may call the Manager.
	BeforeDelete func(ctx context.Context, id string) error
}

// CreateRequest describes a new profile.
type CreateRequest struct {
	Name       string
	Color      string // "#rrggbb"; a default if empty
	Emoji      string // optional, at most 8 characters
	Protection vault.Mode
	// Secret is the PIN or passphrase (ignored for keychain protection).
	Secret string
	// Fill, if set, fills the new database (an import) before the profile
	// is listed: if it fails, or the process dies while it runs, no
	// profile appears. It must not keep db.
	Fill func(ctx context.Context, db *store.DB) error
}

// Opened is the open profile and its database. The DB is closed when the
// profile is locked; do not keep it beyond a request.
type Opened struct {
	Profile Profile
	DB      *store.DB
	// Recovered is true if the recovery key opened it.
	Recovered bool
	// KeychainRestoreSuggested is true after a recovery unlock of a
	// keychain or pin profile whose keychain item is missing: offer
	// Manager.RestoreKeychainItem.
	KeychainRestoreSuggested bool
	// NewRecoveryKey is set when the key slots were lost and written
	// again from the keychain item: the new recovery key, to show once.
	NewRecoveryKey string
	// Warnings are damage found while opening (a write-ahead log that did
	// not replay whole, kept aside), one sentence each, to tell the user.
	Warnings []string
}
