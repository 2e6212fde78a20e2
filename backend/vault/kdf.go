package vault

import (
	"fmt"
	"math"
	"time"

	"golang.org/x/crypto/argon2"
)

// KDFParams are Argon2id cost parameters.
type KDFParams struct {
	Time      uint32 `json:"t"` // passes
	MemoryKiB uint32 `json:"m"` // memory in KiB
	Threads   uint8  `json:"p"` // lanes
}

// DefaultKDFParams follow RFC 9106's second recommendation (64 MiB, 3
// passes), with 4 lanes: about 0.2 s of CPU time. They protect passphrase
// slots (at least 8 characters) and the recovery slot (175 random bits,
// which no KDF cost could make weaker or stronger in practice).
func DefaultKDFParams() KDFParams { return KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 4} }

// PINKDFParams protect the PIN slot. A PIN is short, and anyone on the
// same OS login can read the wrapped key from the unlocked keychain and
// guess offline, where only this cost slows them down; so one guess
// costs about a second of CPU time (PINGuessCost): 256 MiB, 4 passes, 4
// lanes. On a machine with 4 or more cores the unlock itself takes a
// quarter of that.
func PINKDFParams() KDFParams { return KDFParams{Time: 4, MemoryKiB: 256 * 1024, Threads: 4} }

// PINGuessCost is the CPU time of one PIN guess with PINKDFParams, as
// BenchmarkPINGuess measured it on the reference machine (2 cores, the
// one BENCHMARKS.md describes): a guesser with N such cores tries about
// N guesses in this time. Attackers with faster hardware go faster; the
// figure is an order of magnitude, not a guarantee.
const PINGuessCost = 1100 * time.Millisecond

// LowSecurityKDFParams are the cheapest valid parameters. Tests only: a
// slot made with them falls to a guessing attack almost at once. Only
// test code and binaries built with the hearthtest tag pass them in.
func LowSecurityKDFParams() KDFParams { return KDFParams{Time: 1, MemoryKiB: 8, Threads: 1} }

// weaker reports whether p costs less than q (fewer passes × memory).
func (p KDFParams) weaker(q KDFParams) bool {
	return uint64(p.Time)*uint64(p.MemoryKiB) < uint64(q.Time)*uint64(q.MemoryKiB)
}

// maxMemoryKiB bounds what a key-slot file may ask for (4 GiB), so a
// crafted file cannot make the app allocate without limit.
const maxMemoryKiB = 4 << 20

func (p KDFParams) validate() error {
	if p.Time < 1 || p.Time > 64 || p.Threads < 1 || p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > maxMemoryKiB {
		return fmt.Errorf("argon2id parameters out of range: t=%d m=%d p=%d", p.Time, p.MemoryKiB, p.Threads)
	}
	return nil
}

// derive runs Argon2id; the result is the slot's master secret.
func (p KDFParams) derive(secret, salt []byte) []byte {
	return argon2.IDKey(secret, salt, p.Time, p.MemoryKiB, p.Threads, 32)
}

// OfflineCost estimates what guessing a secret costs someone who has
// copied its wrapped key. It assumes the guesser knows the secret's
// length and which kinds of characters it uses, and tries them all; a
// secret a person chose (a birthday, 123456) falls much sooner.
type OfflineCost struct {
	Length   int     // characters
	Alphabet int     // characters per position: 10 digits, 36, 62 or 95
	Space    float64 // Alphabet^Length
	// CoreSeconds is the average CPU time to find it (half the space) at
	// perGuess per guess, on one core.
	CoreSeconds float64
}

// EstimateOfflineCost returns the OfflineCost of secret at perGuess CPU
// time per guess (PINGuessCost for a PIN slot).
func EstimateOfflineCost(secret string, perGuess time.Duration) OfflineCost {
	var digits, lower, upper, other bool
	n := 0
	for _, r := range secret {
		n++
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		default: // punctuation, spaces, any other script
			other = true
		}
	}
	alphabet := 0
	if digits {
		alphabet += 10
	}
	if lower {
		alphabet += 26
	}
	if upper {
		alphabet += 26
	}
	if other {
		alphabet = 95
	}
	c := OfflineCost{Length: n, Alphabet: alphabet}
	if n == 0 {
		return c
	}
	c.Space = math.Pow(float64(alphabet), float64(n))
	c.CoreSeconds = c.Space / 2 * perGuess.Seconds()
	return c
}

// Describe says CoreSeconds in words: "about 6 days", "about 3 years".
func (c OfflineCost) Describe() string {
	s := c.CoreSeconds
	const (
		minute = 60.0
		hour   = 60 * minute
		day    = 24 * hour
		year   = 365.25 * day
	)
	switch {
	case s < minute:
		return "less than a minute"
	case s < hour:
		return plural(s/minute, "minute")
	case s < day:
		return plural(s/hour, "hour")
	case s < year:
		return plural(s/day, "day")
	case s < 1e6*year:
		return plural(s/year, "year")
	}
	return "more than a million years"
}

func plural(v float64, unit string) string {
	n := int64(math.Round(v))
	if n <= 1 {
		return "about 1 " + unit
	}
	return fmt.Sprintf("about %d %ss", n, unit)
}
