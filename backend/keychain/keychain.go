// Package keychain stores small secrets in the operating system's keychain
// (Secret Service on Linux, Keychain on macOS, Credential Manager on
// Windows) behind a three-method interface.
//
// # Errors
//
// Every implementation maps its failures onto two sentinels, checked with
// errors.Is: [ErrNotFound] when no item exists for the account, and
// [ErrUnavailable] when the keychain cannot be used at all (no D-Bus, no
// Secret Service, a locked keyring, a call that did not answer in time).
// An [ErrUnavailable] error is an [*UnavailableError] whose Reason is one
// sentence a user can act on; the underlying cause is kept for the log.
//
// # Timeouts
//
// A keychain call can block forever (a hung D-Bus, an unlock prompt nobody
// answers). [NewOS] runs each call on its own goroutine and gives up after
// its timeout, so the app never hangs on the keychain; see [NewOS].
//
// # Naming
//
// Hearth stores one item per profile: service [Service], account
// [Account](profileID).
package keychain

import (
	"context"
	"errors"
	"fmt"
)

// Service is the keychain service name under which Hearth stores its items.
const Service = "Hearth"

// Account is the keychain account for a profile's item.
func Account(profileID string) string { return "profile/" + profileID }

// ErrNotFound is returned when the keychain has no item for the account.
var ErrNotFound = errors.New("keychain item not found")

// ErrUnavailable is returned when the keychain cannot be used. Errors that
// match it are *UnavailableError values carrying the reason and cause.
var ErrUnavailable = errors.New("keychain unavailable")

// Keychain reads and writes secrets of one service, keyed by account.
// Implementations must be safe for concurrent use.
type Keychain interface {
	// Get returns the secret stored for account, or ErrNotFound.
	Get(ctx context.Context, account string) (string, error)
	// Set creates or replaces the secret stored for account.
	Set(ctx context.Context, account, secret string) error
	// Delete removes the item for account, or returns ErrNotFound.
	Delete(ctx context.Context, account string) error
}

// UnavailableError says why the keychain cannot be used.
// errors.Is(err, ErrUnavailable) reports true for it.
type UnavailableError struct {
	// Reason is one sentence for the user, e.g. "no Secret Service on the
	// session bus".
	Reason string
	// Err is the underlying cause (may be nil).
	Err error
}

func (e *UnavailableError) Error() string {
	if e.Err == nil {
		return "keychain unavailable: " + e.Reason
	}
	return fmt.Sprintf("keychain unavailable: %s: %v", e.Reason, e.Err)
}

// Is makes errors.Is(err, ErrUnavailable) true.
func (e *UnavailableError) Is(target error) bool { return target == ErrUnavailable }

// Unwrap returns the cause.
func (e *UnavailableError) Unwrap() error { return e.Err }

// Unavailable returns an *UnavailableError with the given reason and cause.
func Unavailable(reason string, cause error) error {
	return &UnavailableError{Reason: reason, Err: cause}
}
