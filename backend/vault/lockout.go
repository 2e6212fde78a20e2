package vault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"hearth/backend/vault/atomicfile"
)

// LockoutFileName is the failed-attempt counter in a profile folder.
const LockoutFileName = "lockout.json"

// LockoutPolicy slows down PIN and passphrase guessing at the keyboard.
// After FreeAttempts consecutive failures each further attempt must wait
// BaseDelay, doubling per failure, up to MaxDelay; and every wrong attempt
// takes at least MinAttempt, however cheap its slot's KDF. The counter
// survives restarts and resets on success. Nothing is ever deleted.
//
// It is a speed bump, not a wall: the counter is a file in the profile
// folder, so someone who can edit that folder can reset it, and someone
// who can read the key slots or the keychain item guesses offline, where
// only Argon2id's cost (PINKDFParams) slows them. It fails safe: a
// counter that is damaged, deleted, replaced by a folder or cannot be
// written never blocks the right secret, and never lets wrong guesses
// through faster than MinAttempt each.
type LockoutPolicy struct {
	FreeAttempts int
	BaseDelay    time.Duration
	MaxDelay     time.Duration
	// MinAttempt is the least time a wrong attempt takes (zero: none).
	MinAttempt time.Duration
}

// DefaultLockoutPolicy: 5 free attempts, then 30s doubling up to 1h;
// at least a second per wrong attempt.
func DefaultLockoutPolicy() LockoutPolicy {
	return LockoutPolicy{FreeAttempts: 5, BaseDelay: 30 * time.Second, MaxDelay: time.Hour, MinAttempt: time.Second}
}

// delay is the wait imposed after n consecutive failures.
func (p LockoutPolicy) delay(n int) time.Duration {
	if n < p.FreeAttempts {
		return 0
	}
	d := p.BaseDelay
	for i := p.FreeAttempts; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	return min(d, p.MaxDelay)
}

type lockoutState struct {
	Failures    int       `json:"failures"`
	LastFailure time.Time `json:"lastFailure"`
}

func (v *Vault) lockoutPath() string { return filepath.Join(v.dir, LockoutFileName) }

// readLockout loads the counter. It never fails: a counter that cannot
// be read (damaged, a folder in its place, unreadable) counts as the free
// attempts used up but with no wait now, so the right secret still opens
// the profile and the next wrong one starts the delays. Such a counter is
// replaced, if it can be.
func (v *Vault) readLockout() lockoutState {
	b, err := os.ReadFile(v.lockoutPath())
	if errors.Is(err, fs.ErrNotExist) {
		return lockoutState{}
	}
	var st lockoutState
	if err == nil && json.Unmarshal(b, &st) == nil && st.Failures >= 0 {
		return st
	}
	st = lockoutState{Failures: v.lockout.FreeAttempts}
	if info, lerr := os.Lstat(v.lockoutPath()); lerr == nil && info.IsDir() {
		_ = os.RemoveAll(v.lockoutPath()) // only ever our own file's name
	}
	_ = v.writeLockout(st)
	return st
}

func (v *Vault) writeLockout(st lockoutState) error {
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode %s: %w", LockoutFileName, err)
	}
	if err := atomicfile.Write(v.lockoutPath(), b, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", LockoutFileName, err)
	}
	return nil
}

// remaining is how long st still blocks attempts.
func (v *Vault) remaining(st lockoutState) time.Duration {
	d := v.lockout.delay(st.Failures)
	if d == 0 {
		return 0
	}
	left := st.LastFailure.Add(d).Sub(v.now())
	return min(max(left, 0), d) // a clock set backwards never extends the wait
}

// checkLockout returns a *LockoutError if an attempt is not allowed now.
func (v *Vault) checkLockout() error {
	st := v.readLockout()
	if w := v.remaining(st); w > 0 {
		return &LockoutError{Failures: st.Failures, Wait: w}
	}
	return nil
}

// recordFailure counts a wrong secret and returns the *WrongSecretError
// to report. If the counter cannot be written the attempt is still
// reported as wrong (the caller has already spent MinAttempt on it).
func (v *Vault) recordFailure() error {
	st := v.readLockout()
	st.Failures++
	st.LastFailure = v.now()
	_ = v.writeLockout(st)
	return &WrongSecretError{Failures: st.Failures, Wait: v.remaining(st)}
}

// recordSuccess resets the counter and returns the failures it held. A
// counter that cannot be removed does not fail the unlock.
func (v *Vault) recordSuccess() int {
	st := v.readLockout()
	if st.Failures == 0 {
		return 0
	}
	if err := os.RemoveAll(v.lockoutPath()); err != nil {
		_ = v.writeLockout(lockoutState{})
	}
	return st.Failures
}

// attemptFloor makes a wrong attempt that began at start last at least
// the policy's MinAttempt, so no cheap slot, deleted counter or unwritable
// folder lets guesses through faster. It returns early if ctx ends.
func (v *Vault) attemptFloor(ctx context.Context, start time.Time) {
	left := v.lockout.MinAttempt - time.Since(start)
	if left <= 0 {
		return
	}
	t := time.NewTimer(left)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
