package vault

import "time"

// LockoutStatus reports the failed attempts since the last success and how
// long the next attempt must still wait, so the UI can count down.
func (v *Vault) LockoutStatus() (failures int, wait time.Duration, err error) {
	st := v.readLockout()
	return st.Failures, v.remaining(st), nil
}
