//go:build unix

package vault_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"hearth/backend/keychain/keychaintest"
	"hearth/backend/vault"
)

// cpuTime is this process's user + system CPU time so far.
func cpuTime() time.Duration {
	var r syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r); err != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

// BenchmarkPINGuess measures one offline-style guess against a PIN slot
// with the production parameters: a wrong PIN, with no lock-out and no
// per-attempt floor, so only Argon2id is timed. cpu-s/op is what a
// guesser pays per guess per core (vault.PINGuessCost); ns/op is the
// wall time of one unlock on this machine.
func BenchmarkPINGuess(b *testing.B) {
	ctx := context.Background()
	pol := vault.LockoutPolicy{FreeAttempts: 1 << 30, BaseDelay: time.Second, MaxDelay: time.Second}
	v := vault.New(b.TempDir(), "p1", keychaintest.New(), vault.Options{Lockout: pol})
	if _, _, err := v.Create(ctx, vault.ModePIN, "271828"); err != nil {
		b.Fatal(err)
	}
	start := cpuTime()
	for b.Loop() {
		if _, _, err := v.Unlock(ctx, "000000"); err == nil {
			b.Fatal("a wrong PIN opened the slot")
		}
	}
	b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkUnlock_PIN is the unlock a user waits for after typing the
// right PIN.
func BenchmarkUnlock_PIN(b *testing.B) {
	ctx := context.Background()
	v := vault.New(b.TempDir(), "p1", keychaintest.New(), vault.Options{})
	if _, _, err := v.Create(ctx, vault.ModePIN, "271828"); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := v.Unlock(ctx, "271828"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestEstimateOfflineCost(t *testing.T) {
	for _, c := range []struct {
		pin      string
		alphabet int
		want     string
	}{
		{"4711", 10, "about 2 hours"},  // 5,000 guesses × 1.1 s
		{"271828", 10, "about 6 days"}, // 500,000 × 1.1 s
		{"27182818", 10, "about 2 years"},
		{"hearth7", 36, "about 1366 years"},
		{"Hearth7!", 95, "more than a million years"},
	} {
		got := vault.EstimateOfflineCost(c.pin, vault.PINGuessCost)
		if got.Alphabet != c.alphabet || got.Describe() != c.want {
			t.Errorf("%q: alphabet %d, %q; want %d, %q", c.pin, got.Alphabet, got.Describe(), c.alphabet, c.want)
		}
	}
}
