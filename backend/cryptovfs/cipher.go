package cryptovfs

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// SectorSize is the unit of encryption: every file is a sequence of
// 512-byte sectors, each an independent XTS data unit tweaked by its index.
// 512 keeps the read-modify-write of unaligned journal and WAL writes cheap;
// 4096-byte sectors measured much worse in the prototype.
const SectorSize = 512

// KeySize is the size of a profile's data key.
const KeySize = 32

// xtsKeySize is two AES-256 keys: one for the data, one for the tweak.
const xtsKeySize = 64

// hkdfInfo binds the derived key to this use, so the same data key can be
// used for other purposes (key slots, exports) without key reuse.
const hkdfInfo = "hearth sqlite aes-256-xts v1"

// sectorCipher encrypts and decrypts whole sectors in place. It is safe for
// concurrent use: it only holds AES block ciphers; the per-call scratch
// belongs to the caller (one per file handle).
type sectorCipher struct {
	c *xtsCipher
}

// deriveXTSKey turns a 32-byte data key into a 64-byte AES-256-XTS key.
// The data key is uniformly random, so HKDF without a salt is sound.
func deriveXTSKey(dataKey []byte) ([]byte, error) {
	if len(dataKey) != KeySize {
		return nil, fmt.Errorf("data key is %d bytes, want %d", len(dataKey), KeySize)
	}
	k, err := hkdf.Key(sha256.New, dataKey, nil, hkdfInfo, xtsKeySize)
	if err != nil {
		return nil, fmt.Errorf("derive xts key: %w", err)
	}
	return k, nil
}

func newSectorCipher(xtsKey []byte) (*sectorCipher, error) {
	c, err := newXTSCipher(xtsKey)
	if err != nil {
		return nil, fmt.Errorf("new xts cipher: %w", err)
	}
	return &sectorCipher{c: c}, nil
}

// randomCipher is the cipher of a temporary file: a fresh key nobody keeps.
func randomCipher() (*sectorCipher, error) {
	k := make([]byte, xtsKeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("random key: %w", err)
	}
	defer clear(k)
	return newSectorCipher(k)
}

// encrypt encrypts b (whole sectors) in place; first is the index of b's
// first sector in the file.
func (s *sectorCipher) encrypt(b []byte, first uint64, tw *tweakScratch) {
	for i := 0; i < len(b); i += SectorSize {
		s.c.encryptSector(b[i:i+SectorSize], first+uint64(i/SectorSize), tw)
	}
}

// decrypt decrypts b (whole sectors) in place, leaving all-zero sectors
// alone: they are the zero fill of a short read or a hole, never ciphertext.
func (s *sectorCipher) decrypt(b []byte, first uint64, tw *tweakScratch) {
	for i := 0; i < len(b); i += SectorSize {
		sec := b[i : i+SectorSize]
		if isZero(sec) {
			continue
		}
		s.c.decryptSector(sec, first+uint64(i/SectorSize), tw)
	}
}

// decryptPrefix decrypts the first 16-byte block of sector n into dst.
// XTS encrypts each 16-byte block of a sector independently (the tweak only
// depends on the sector and block index), so block 0 can be checked alone;
// it also never changes while SQLite rewrites the rest of the sector, which
// makes the header check immune to torn reads.
func (s *sectorCipher) decryptPrefix(dst, src []byte, n uint64, tw *tweakScratch) {
	s.c.decryptFirstBlock(dst, src, n, tw)
}

// isZero reports whether b (a multiple of 8 bytes) is all zero bytes. For
// ciphertext it stops at the first word.
func isZero(b []byte) bool {
	for i := 0; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:]) != 0 {
			return false
		}
	}
	return true
}
