package vault

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	"time"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/text/unicode/norm"
)

// Kind says which secret wraps a slot.
type Kind string

// Slot kinds.
const (
	KindPIN        Kind = "pin"
	KindPassphrase Kind = "passphrase"
	KindRecovery   Kind = "recovery"
)

const (
	saltSize  = 16
	checkSize = 16
	sumSize   = 16
)

// slot is one wrapped copy of the data key.
//
// Construction: m = Argon2id(secret, salt, params); kek = HKDF-SHA256(m,
// "kek"); check = HKDF-SHA256(m, "check")[:16]; wrapped =
// XChaCha20-Poly1305(kek, random 24-byte nonce, key, aad(profile, kind)).
// XChaCha's 192-bit nonce makes random nonces safe. The check value lets a
// wrong secret be told from a damaged slot; it gives a guesser nothing the
// AEAD tag would not. The AAD binds the slot to its profile and kind, so a
// slot copied from another profile does not open. Sum is an unkeyed
// checksum that catches accidental damage before any of this.
type slot struct {
	Kind    Kind      `json:"kind"`
	Alg     string    `json:"alg"`
	KDF     KDFParams `json:"kdf"`
	Salt    []byte    `json:"salt"`
	Nonce   []byte    `json:"nonce"`
	Wrapped []byte    `json:"wrapped"`
	Check   []byte    `json:"check"`
	Created time.Time `json:"created"`
	Sum     []byte    `json:"sum"`
}

const algArgon2idXChaCha = "argon2id+xchacha20poly1305"

// sealSlot wraps key with secret.
func sealSlot(kind Kind, profileID string, secret []byte, key []byte, p KDFParams, now time.Time) (slot, error) {
	if err := p.validate(); err != nil {
		return slot{}, err
	}
	s := slot{Kind: kind, Alg: algArgon2idXChaCha, KDF: p, Salt: make([]byte, saltSize),
		Nonce: make([]byte, chacha20poly1305.NonceSizeX), Created: now.UTC()}
	rand.Read(s.Salt)
	rand.Read(s.Nonce)
	kek, check := s.derive(secret)
	defer Zero(kek)
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return slot{}, fmt.Errorf("new aead: %w", err)
	}
	s.Check = check
	s.Wrapped = aead.Seal(nil, s.Nonce, key, aad(profileID, kind))
	s.Sum = s.sum()
	return s, nil
}

// open unwraps the key: ErrCorrupt if the slot is damaged, ErrWrongSecret
// (a plain sentinel; callers add the failure count) if secret is wrong.
func (s *slot) open(profileID string, secret []byte) ([]byte, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	kek, check := s.derive(secret)
	defer Zero(kek)
	if subtle.ConstantTimeCompare(check, s.Check) != 1 {
		return nil, ErrWrongSecret
	}
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return nil, fmt.Errorf("new aead: %w", err)
	}
	key, err := aead.Open(nil, s.Nonce, s.Wrapped, aad(profileID, s.Kind))
	if err != nil {
		// The secret is right (check matched) yet the tag fails: the
		// wrapped bytes or the binding (profile id) were altered.
		return nil, fmt.Errorf("%w: %s slot does not decrypt", ErrCorrupt, s.Kind)
	}
	return key, nil
}

func (s *slot) validate() error {
	bad := func(what string) error { return fmt.Errorf("%w: %s slot: %s", ErrCorrupt, s.Kind, what) }
	switch s.Kind {
	case KindPIN, KindPassphrase, KindRecovery:
	default:
		return fmt.Errorf("%w: unknown slot kind %q", ErrCorrupt, s.Kind)
	}
	if s.Alg != algArgon2idXChaCha {
		return bad("unknown algorithm " + s.Alg)
	}
	if err := s.KDF.validate(); err != nil {
		return bad(err.Error())
	}
	if len(s.Salt) != saltSize || len(s.Nonce) != chacha20poly1305.NonceSizeX ||
		len(s.Wrapped) != KeySize+chacha20poly1305.Overhead || len(s.Check) != checkSize {
		return bad("field lengths")
	}
	if subtle.ConstantTimeCompare(s.sum(), s.Sum) != 1 {
		return bad("checksum mismatch")
	}
	return nil
}

// derive returns the key-encryption key and the check value.
func (s *slot) derive(secret []byte) (kek, check []byte) {
	m := s.KDF.derive(secret, s.Salt)
	defer Zero(m)
	kek, err1 := hkdf.Key(sha256.New, m, nil, "hearth keyslot kek v1", chacha20poly1305.KeySize)
	check, err2 := hkdf.Key(sha256.New, m, nil, "hearth keyslot check v1", checkSize)
	if err1 != nil || err2 != nil {
		panic("hkdf: invalid constant lengths")
	}
	return kek, check
}

// sum is SHA-256 over every field but Created and Sum, length-prefixed.
func (s *slot) sum() []byte {
	h := sha256.New()
	put := func(b []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	put([]byte("hearth keyslot v1"))
	put([]byte(s.Kind))
	put([]byte(s.Alg))
	var p [9]byte
	binary.BigEndian.PutUint32(p[0:], s.KDF.Time)
	binary.BigEndian.PutUint32(p[4:], s.KDF.MemoryKiB)
	p[8] = s.KDF.Threads
	put(p[:])
	put(s.Salt)
	put(s.Nonce)
	put(s.Wrapped)
	put(s.Check)
	return h.Sum(nil)[:sumSize]
}

func aad(profileID string, kind Kind) []byte {
	return []byte("hearth keyslot v1\x00" + profileID + "\x00" + string(kind))
}

// secretBytes normalises a PIN or passphrase to NFC, so the same text typed
// on another system (composed vs decomposed accents) gives the same bytes.
func secretBytes(s string) []byte { return []byte(norm.NFC.String(s)) }

// checkSecret enforces the minimum length of a new PIN or passphrase.
func checkSecret(m Mode, secret string) error {
	n := len([]rune(norm.NFC.String(secret)))
	switch {
	case m == ModePIN && n < MinPINLength:
		return fmt.Errorf("%w: a PIN needs at least %d characters", ErrWeakSecret, MinPINLength)
	case m == ModePassphrase && n < MinPassphraseLength:
		return fmt.Errorf("%w: a passphrase needs at least %d characters", ErrWeakSecret, MinPassphraseLength)
	}
	return nil
}
