package family

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"filippo.io/age"

	"hearth/backend/vault"
	"hearth/backend/vault/atomicfile"
)

// Files in a child's profile folder.
const (
	// PolicyFileName holds the signed policy, sealed (see policyFile).
	PolicyFileName = "family-policy.json"
	// GuardianFileName holds the guardian's key slot: the child's data key
	// encrypted to the guardian's age X25519 recipient, for PIN reset. It
	// names the guardian's profile id (not secret) so deleting a guardian
	// can find its children without unlocking them.
	GuardianFileName = "family-guardian.json"
)

// guardianFile is family-guardian.json.
type guardianFile struct {
	Version      int    `json:"version"`
	GuardianID   string `json:"guardianId"`
	GuardianName string `json:"guardianName"`
	Recipient    string `json:"recipient"` // the guardian's age recipient (public)
	Slot         []byte `json:"slot"`      // age-encrypted data key
}

func writePolicyFile(dir string, sealed []byte) error {
	if err := atomicfile.Write(filepath.Join(dir, PolicyFileName), sealed, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", PolicyFileName, err)
	}
	return nil
}

// writeGuardianSlot encrypts key to the guardian's recipient.
func writeGuardianSlot(dir, guardianID, guardianName string, r *age.X25519Recipient, key []byte) error {
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		return fmt.Errorf("guardian slot: %w", err)
	}
	if _, err := w.Write(key); err != nil {
		return fmt.Errorf("guardian slot: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("guardian slot: %w", err)
	}
	b, err := json.MarshalIndent(guardianFile{Version: 1, GuardianID: guardianID, GuardianName: guardianName,
		Recipient: r.String(), Slot: buf.Bytes()}, "", "  ")
	if err != nil {
		return fmt.Errorf("guardian slot: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(dir, GuardianFileName), b, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", GuardianFileName, err)
	}
	return nil
}

func readGuardianFile(dir string) (guardianFile, error) {
	b, err := os.ReadFile(filepath.Join(dir, GuardianFileName))
	if err != nil {
		return guardianFile{}, err
	}
	var f guardianFile
	if err := json.Unmarshal(b, &f); err != nil || f.Version != 1 {
		return guardianFile{}, fmt.Errorf("%s is damaged", GuardianFileName)
	}
	return f, nil
}

// openGuardianSlot decrypts the child's data key with the guardian's
// identity. The caller zeroes it.
func openGuardianSlot(dir string, id *age.X25519Identity) ([]byte, error) {
	f, err := readGuardianFile(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("the guardian's key slot (%s) is missing", GuardianFileName)
	}
	if err != nil {
		return nil, err
	}
	r, err := age.Decrypt(bytes.NewReader(f.Slot), id)
	if err != nil {
		return nil, fmt.Errorf("the guardian's key slot does not open with this guardian's key: %w", err)
	}
	key, err := io.ReadAll(io.LimitReader(r, vault.KeySize+1))
	if err != nil || len(key) != vault.KeySize {
		vault.Zero(key)
		return nil, fmt.Errorf("the guardian's key slot is damaged")
	}
	return key, nil
}

// GuardianOf returns the guardian profile id named by the child folder dir,
// or "" if it is not supervised (or the file is unreadable).
func GuardianOf(dir string) string {
	f, err := readGuardianFile(dir)
	if err != nil {
		return ""
	}
	return f.GuardianID
}

func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
