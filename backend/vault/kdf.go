package vault

import (
	"fmt"

	"golang.org/x/crypto/argon2"
)

// KDFParams are Argon2id cost parameters.
type KDFParams struct {
	Time      uint32 `json:"t"` // passes
	MemoryKiB uint32 `json:"m"` // memory in KiB
	Threads   uint8  `json:"p"` // lanes
}

// DefaultKDFParams follow RFC 9106's second recommendation (64 MiB, 3
// passes), with 4 lanes: a few hundred milliseconds on a laptop.
func DefaultKDFParams() KDFParams { return KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 4} }

// LowSecurityKDFParams are the cheapest valid parameters. Tests only: a
// slot made with them falls to a guessing attack almost at once.
func LowSecurityKDFParams() KDFParams { return KDFParams{Time: 1, MemoryKiB: 8, Threads: 1} }

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
