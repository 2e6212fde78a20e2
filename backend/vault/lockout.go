package vault

import (
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

// LockoutPolicy slows down PIN and passphrase guessing. After
// FreeAttempts consecutive failures each further attempt must wait
// BaseDelay, doubling per failure, up to MaxDelay. The counter survives
// restarts and resets on success. Nothing is ever deleted. (It is a speed
// bump against someone at the keyboard; someone who can edit the profile
// folder can reset it, and is bounded by Argon2id's cost instead.)
type LockoutPolicy struct {
	FreeAttempts int
	BaseDelay    time.Duration
	MaxDelay     time.Duration
}

// DefaultLockoutPolicy: 5 free attempts, then 30s doubling up to 1h.
func DefaultLockoutPolicy() LockoutPolicy {
	return LockoutPolicy{FreeAttempts: 5, BaseDelay: 30 * time.Second, MaxDelay: time.Hour}
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

// readLockout loads the counter. A damaged counter counts as reaching the
// free attempts just now (a short wait, never a permanent lock-out) and is
// rewritten, so it cannot be used to skip the delay by corrupting it.
func (v *Vault) readLockout() (lockoutState, error) {
	b, err := os.ReadFile(v.lockoutPath())
	if errors.Is(err, fs.ErrNotExist) {
		return lockoutState{}, nil
	}
	if err != nil {
		return lockoutState{}, fmt.Errorf("read %s: %w", LockoutFileName, err)
	}
	var st lockoutState
	if err := json.Unmarshal(b, &st); err != nil || st.Failures < 0 {
		st = lockoutState{Failures: v.lockout.FreeAttempts, LastFailure: v.now()}
		return st, v.writeLockout(st)
	}
	return st, nil
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
	st, err := v.readLockout()
	if err != nil {
		return err
	}
	if w := v.remaining(st); w > 0 {
		return &LockoutError{Failures: st.Failures, Wait: w}
	}
	return nil
}

// recordFailure counts a wrong secret and returns the *WrongSecretError
// to report.
func (v *Vault) recordFailure() error {
	st, err := v.readLockout()
	if err != nil {
		return err
	}
	st.Failures++
	st.LastFailure = v.now()
	if err := v.writeLockout(st); err != nil {
		return err
	}
	return &WrongSecretError{Failures: st.Failures, Wait: v.remaining(st)}
}

// recordSuccess resets the counter and returns the failures it held.
func (v *Vault) recordSuccess() (int, error) {
	st, err := v.readLockout()
	if err != nil || st.Failures == 0 {
		return 0, err
	}
	if err := os.Remove(v.lockoutPath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return st.Failures, fmt.Errorf("reset %s: %w", LockoutFileName, err)
	}
	return st.Failures, nil
}
