package cryptovfs

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"fmt"
)

// xtsCipher is AES-XTS as IEEE 1619 defines it, specialised to Hearth's
// 512-byte data units: the same bytes as golang.org/x/crypto/xts (the tests
// check it against that package), about three times faster.
//
// x/crypto/xts XORs byte by byte, multiplies the tweak byte by byte and
// takes its scratch tweak from a sync.Pool on every call. Here the tweak is
// two uint64 words kept in registers, the XORs are word-wide, and the only
// scratch (the 16 bytes the tweak is encrypted in) is the caller's, so a
// sector costs 33 AES block calls and no allocation. The block cipher is
// still crypto/aes (AES-NI where the CPU has it); nothing about the
// primitive is home-made, only the mode's bookkeeping.
//
// Sectors are a whole number of 16-byte blocks, so ciphertext stealing is
// never needed.
type xtsCipher struct {
	k1 cipher.Block // encrypts the data
	k2 cipher.Block // encrypts the tweak
}

// tweakScratch is where a sector's tweak is encrypted. Callers own one per
// file handle: an array on the stack would escape through the cipher.Block
// interface and cost an allocation per call.
type tweakScratch [aes.BlockSize]byte

func newXTSCipher(key []byte) (*xtsCipher, error) {
	if len(key) != xtsKeySize {
		return nil, fmt.Errorf("xts key is %d bytes, want %d", len(key), xtsKeySize)
	}
	k1, err := aes.NewCipher(key[:xtsKeySize/2])
	if err != nil {
		return nil, fmt.Errorf("new aes cipher: %w", err)
	}
	k2, err := aes.NewCipher(key[xtsKeySize/2:])
	if err != nil {
		return nil, fmt.Errorf("new aes cipher: %w", err)
	}
	return &xtsCipher{k1: k1, k2: k2}, nil
}

// tweak returns T = AES-Enc(k2, n as a 16-byte little-endian number), the
// tweak of the sector's first block, as two little-endian words.
func (c *xtsCipher) tweak(n uint64, tw *tweakScratch) (lo, hi uint64) {
	binary.LittleEndian.PutUint64(tw[:8], n)
	binary.LittleEndian.PutUint64(tw[8:], 0)
	c.k2.Encrypt(tw[:], tw[:])
	return binary.LittleEndian.Uint64(tw[:8]), binary.LittleEndian.Uint64(tw[8:])
}

// mul2 multiplies the tweak by x in GF(2^128) with IEEE 1619's little-endian
// bit order and reduction polynomial x^128 + x^7 + x^2 + x + 1.
func mul2(lo, hi uint64) (uint64, uint64) {
	carry := hi >> 63
	hi = hi<<1 | lo>>63
	lo = lo<<1 ^ (0x87 & -carry)
	return lo, hi
}

// xorBlock XORs the tweak into one 16-byte block in place.
func xorBlock(b []byte, lo, hi uint64) {
	_ = b[15]
	binary.LittleEndian.PutUint64(b[:8], binary.LittleEndian.Uint64(b[:8])^lo)
	binary.LittleEndian.PutUint64(b[8:16], binary.LittleEndian.Uint64(b[8:16])^hi)
}

// encryptSector encrypts one 512-byte sector in place with sector index n.
func (c *xtsCipher) encryptSector(sec []byte, n uint64, tw *tweakScratch) {
	_ = sec[SectorSize-1]
	lo, hi := c.tweak(n, tw)
	for i := 0; i < SectorSize; i += aes.BlockSize {
		b := sec[i : i+aes.BlockSize : i+aes.BlockSize]
		xorBlock(b, lo, hi)
		c.k1.Encrypt(b, b)
		xorBlock(b, lo, hi)
		lo, hi = mul2(lo, hi)
	}
}

// decryptSector decrypts one 512-byte sector in place with sector index n.
func (c *xtsCipher) decryptSector(sec []byte, n uint64, tw *tweakScratch) {
	_ = sec[SectorSize-1]
	lo, hi := c.tweak(n, tw)
	for i := 0; i < SectorSize; i += aes.BlockSize {
		b := sec[i : i+aes.BlockSize : i+aes.BlockSize]
		xorBlock(b, lo, hi)
		c.k1.Decrypt(b, b)
		xorBlock(b, lo, hi)
		lo, hi = mul2(lo, hi)
	}
}

// decryptFirstBlock decrypts only the first 16-byte block of sector n from
// src into dst. XTS blocks are independent given the tweak, so this equals
// the first block of the decrypted sector.
func (c *xtsCipher) decryptFirstBlock(dst, src []byte, n uint64, tw *tweakScratch) {
	lo, hi := c.tweak(n, tw)
	copy(dst[:aes.BlockSize], src[:aes.BlockSize])
	b := dst[:aes.BlockSize:aes.BlockSize]
	xorBlock(b, lo, hi)
	c.k1.Decrypt(b, b)
	xorBlock(b, lo, hi)
}
