package vault

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
)

// KeySize is the length of a data key in bytes.
const KeySize = 32

// NewKey returns a fresh random data key.
func NewKey() []byte {
	k := make([]byte, KeySize)
	rand.Read(k) // never fails (crypto/rand panics instead on a broken OS)
	return k
}

// Zero overwrites b with zeros. Call it on a data key when done with it.
func Zero(b []byte) { clear(b) }

// keyCheck is a 16-byte fingerprint of a data key, stored in keyslots.json
// so an unwrapped key can be checked before use. It reveals nothing useful:
// HKDF output, and the key has 256 bits.
func keyCheck(key []byte) []byte {
	c, err := hkdf.Key(sha256.New, key, nil, "hearth data key check v1", 16)
	if err != nil {
		panic(fmt.Sprintf("hkdf: %v", err)) // only on invalid lengths, which are constant here
	}
	return c
}

// checkKey compares key's fingerprint with want in constant time.
func checkKey(key, want []byte) bool {
	return len(key) == KeySize && subtle.ConstantTimeCompare(keyCheck(key), want) == 1
}
