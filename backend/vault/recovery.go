package vault

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"strings"
)

// Recovery keys are 8 groups of 5 characters from Crockford's base32
// alphabet (no I, L, O, U): 35 random characters (175 bits) and a
// 5-character checksum that catches typos before any key derivation, e.g.
// "7KQ2M-XW0ZD-...". Input is forgiving: case, spaces and dashes are
// ignored, and O, I, L are read as 0, 1, 1.
const (
	recoveryAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	recoveryRandom   = 35
	recoveryCheck    = 5
	recoveryGroup    = 5
)

// NewRecoveryKey returns a fresh recovery key in display form.
func NewRecoveryKey() string {
	var b [recoveryRandom]byte
	rand.Read(b[:])
	var s strings.Builder
	for _, x := range b {
		s.WriteByte(recoveryAlphabet[x&31]) // 256 is a multiple of 32: uniform
	}
	body := s.String()
	return group(body + recoveryChecksum(body))
}

// NormalizeRecoveryKey returns the canonical form of a typed recovery key
// (upper case, no separators), or an ErrRecoveryKeyFormat error.
func NormalizeRecoveryKey(typed string) (string, error) {
	var s strings.Builder
	for _, r := range strings.ToUpper(typed) {
		switch {
		case r == ' ' || r == '-' || r == '\t' || r == '\n' || r == '\r' || r == '_':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if r > 127 || strings.IndexByte(recoveryAlphabet, byte(r)) < 0 {
			return "", fmt.Errorf("%w: %q is not used in recovery keys", ErrRecoveryKeyFormat, r)
		}
		s.WriteRune(r)
	}
	k := s.String()
	if len(k) != recoveryRandom+recoveryCheck {
		return "", fmt.Errorf("%w: it has %d characters, a recovery key has %d", ErrRecoveryKeyFormat, len(k), recoveryRandom+recoveryCheck)
	}
	if recoveryChecksum(k[:recoveryRandom]) != k[recoveryRandom:] {
		return "", ErrRecoveryKeyFormat
	}
	return k, nil
}

func recoveryChecksum(body string) string {
	h := sha256.Sum256([]byte("hearth recovery key v1\x00" + body))
	v := uint32(h[0])<<24 | uint32(h[1])<<16 | uint32(h[2])<<8 | uint32(h[3])
	var out [recoveryCheck]byte
	for i := range out {
		out[i] = recoveryAlphabet[(v>>(27-5*i))&31] // top 25 bits
	}
	return string(out[:])
}

func group(s string) string {
	var parts []string
	for len(s) > recoveryGroup {
		parts = append(parts, s[:recoveryGroup])
		s = s[recoveryGroup:]
	}
	return strings.Join(append(parts, s), "-")
}
