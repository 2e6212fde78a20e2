package cryptovfs

import (
	"bytes"
	"crypto/aes"
	"crypto/rand"
	mrand "math/rand/v2"
	"testing"

	"golang.org/x/crypto/xts"
)

// TestXTSCipher_MatchesXCrypto checks the sector cipher byte for byte
// against golang.org/x/crypto/xts, the reference the on-disk format was
// first written with, over random keys, sectors and sector indexes
// (including ones whose tweak multiplication carries).
func TestXTSCipher_MatchesXCrypto(t *testing.T) {
	r := mrand.New(mrand.NewPCG(1, 2))
	var tw tweakScratch
	for i := range 200 {
		key := make([]byte, xtsKeySize)
		rand.Read(key)
		ref, err := xts.NewCipher(aes.NewCipher, key)
		if err != nil {
			t.Fatal(err)
		}
		c, err := newXTSCipher(key)
		if err != nil {
			t.Fatal(err)
		}
		n := r.Uint64()
		switch i % 4 {
		case 0:
			n = uint64(i)
		case 1:
			n = r.Uint64N(1 << 24)
		}
		plain := make([]byte, SectorSize)
		rand.Read(plain)
		want := make([]byte, SectorSize)
		ref.Encrypt(want, plain, n)

		got := bytes.Clone(plain)
		c.encryptSector(got, n, &tw)
		if !bytes.Equal(got, want) {
			t.Fatalf("key %d sector %d: ciphertext differs from x/crypto/xts", i, n)
		}
		c.decryptSector(got, n, &tw)
		if !bytes.Equal(got, plain) {
			t.Fatalf("key %d sector %d: decrypt does not invert encrypt", i, n)
		}
		refPlain := make([]byte, SectorSize)
		ref.Decrypt(refPlain, want, n)
		if !bytes.Equal(refPlain, plain) {
			t.Fatal("reference round trip failed")
		}
		var first [16]byte
		c.decryptFirstBlock(first[:], want, n, &tw)
		if !bytes.Equal(first[:], plain[:16]) {
			t.Fatalf("key %d sector %d: first block differs", i, n)
		}
	}
}

// TestSectorCipher_Decrypt checks multi-sector calls: each sector gets its
// own index, and all-zero sectors (holes, short-read fill) stay zero.
func TestSectorCipher_Decrypt(t *testing.T) {
	key := make([]byte, xtsKeySize)
	rand.Read(key)
	s, err := newSectorCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := xts.NewCipher(aes.NewCipher, key)
	var tw tweakScratch
	plain := make([]byte, 8*SectorSize)
	rand.Read(plain)
	b := bytes.Clone(plain)
	s.encrypt(b, 40, &tw)
	for i := range 8 {
		want := make([]byte, SectorSize)
		ref.Encrypt(want, plain[i*SectorSize:(i+1)*SectorSize], uint64(40+i))
		if !bytes.Equal(b[i*SectorSize:(i+1)*SectorSize], want) {
			t.Fatalf("sector %d: wrong tweak", i)
		}
	}
	clear(b[3*SectorSize : 4*SectorSize])
	s.decrypt(b, 40, &tw)
	clear(plain[3*SectorSize : 4*SectorSize])
	if !bytes.Equal(b, plain) {
		t.Fatal("decrypt differs")
	}
}

func BenchmarkSector(b *testing.B) {
	key := make([]byte, xtsKeySize)
	rand.Read(key)
	sec := make([]byte, SectorSize)
	b.Run("xcrypto", func(b *testing.B) {
		c, _ := xts.NewCipher(aes.NewCipher, key)
		b.SetBytes(SectorSize)
		for i := range b.N {
			c.Encrypt(sec, sec, uint64(i))
		}
	})
	b.Run("hearth", func(b *testing.B) {
		c, _ := newXTSCipher(key)
		var tw tweakScratch
		b.SetBytes(SectorSize)
		b.ReportAllocs()
		for i := range b.N {
			c.encryptSector(sec, uint64(i), &tw)
		}
	})
	b.Run("hearth-decrypt", func(b *testing.B) {
		c, _ := newXTSCipher(key)
		var tw tweakScratch
		b.SetBytes(SectorSize)
		b.ReportAllocs()
		for i := range b.N {
			c.decryptSector(sec, uint64(i), &tw)
		}
	})
}
