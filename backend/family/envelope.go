package family

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// statementVersion is the current signed statement format.
const statementVersion = 1

// Statement is what a guardian signs: the policy of one supervision, its
// sequence number (each change is one higher, so an older copy is noticed)
// and, on release, that supervision ends.
type Statement struct {
	Version       int    `json:"version"`
	SupervisionID string `json:"supervision"`
	Seq           int64  `json:"seq"`
	GuardianID    string `json:"guardianId"`
	GuardianName  string `json:"guardianName"`
	Released      bool   `json:"released"`
	IssuedAt      int64  `json:"issuedAt"` // unix ms
	Policy        Policy `json:"policy"`
}

// Envelope is a statement's exact bytes and the ed25519 signature over
// them (with a domain prefix, so no other Hearth signature can be
// replayed as a policy).
type Envelope struct {
	Statement json.RawMessage `json:"statement"`
	Sig       []byte          `json:"sig"`
}

const signDomain = "hearth family policy v1\x00"

// sign returns the envelope of st signed by priv.
func sign(priv ed25519.PrivateKey, st Statement) ([]byte, error) {
	st.Version = statementVersion
	body, err := json.Marshal(st)
	if err != nil {
		return nil, fmt.Errorf("encode policy: %w", err)
	}
	env := Envelope{Statement: body, Sig: ed25519.Sign(priv, append([]byte(signDomain), body...))}
	return json.Marshal(env)
}

// verify checks env against the pinned key and returns its statement.
func verify(pub ed25519.PublicKey, env []byte) (Statement, error) {
	var e Envelope
	if err := json.Unmarshal(env, &e); err != nil {
		return Statement{}, fmt.Errorf("envelope: %w", err)
	}
	if len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, append([]byte(signDomain), e.Statement...), e.Sig) {
		return Statement{}, fmt.Errorf("signature does not match the guardian's key")
	}
	var st Statement
	d := json.NewDecoder(bytes.NewReader(e.Statement))
	d.DisallowUnknownFields()
	if err := d.Decode(&st); err != nil {
		return Statement{}, fmt.Errorf("statement: %w", err)
	}
	if st.Version != statementVersion {
		return Statement{}, fmt.Errorf("statement version %d", st.Version)
	}
	if err := st.Policy.Validate(); err != nil {
		return Statement{}, err
	}
	return st, nil
}

// policyFile is the on-disk form of a child's policy: the signed envelope
// sealed with the supervision's policy key (XChaCha20-Poly1305, random
// 24-byte nonce, the supervision id as associated data). Sealing keeps the
// rules unreadable to anyone browsing the folder; the signature inside is
// what makes an edit noticed.
type policyFile struct {
	Version int    `json:"version"`
	Nonce   []byte `json:"nonce"`
	Sealed  []byte `json:"sealed"`
}

func policyAAD(supervisionID string) []byte {
	return []byte("hearth family policy file v1\x00" + supervisionID)
}

func seal(key []byte, supervisionID string, env []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("policy key: %w", err)
	}
	f := policyFile{Version: 1, Nonce: make([]byte, chacha20poly1305.NonceSizeX)}
	rand.Read(f.Nonce)
	f.Sealed = aead.Seal(nil, f.Nonce, env, policyAAD(supervisionID))
	return json.MarshalIndent(f, "", "  ")
}

func unseal(key []byte, supervisionID string, b []byte) ([]byte, error) {
	var f policyFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("not a policy file: %w", err)
	}
	if f.Version != 1 || len(f.Nonce) != chacha20poly1305.NonceSizeX {
		return nil, fmt.Errorf("policy file version or nonce")
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("policy key: %w", err)
	}
	env, err := aead.Open(nil, f.Nonce, f.Sealed, policyAAD(supervisionID))
	if err != nil {
		return nil, fmt.Errorf("policy file does not decrypt")
	}
	return env, nil
}
