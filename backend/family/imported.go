package family

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"filippo.io/age"

	"hearth/backend/store"
	"hearth/backend/vault"
)

// Carried is the supervision an import brought into a new profile.
type Carried struct {
	guardianID, guardianName string
	recipient                *age.X25519Recipient
}

// Carry is called on a new profile's database right after an export was
// imported into it (in profile.CreateRequest.Fill). If the export carried
// supervision, it writes the policy file next to the database from the
// signed policy the export carried, and returns what Rehome needs; nil if
// the profile is not supervised.
func Carry(ctx context.Context, db *store.DB) (*Carried, error) {
	sup, ok, err := readSupervision(ctx, db)
	if err != nil || !ok {
		return nil, err
	}
	r, err := age.ParseX25519Recipient(sup.AgeRecipient)
	if err != nil {
		return nil, fmt.Errorf("imported supervision: guardian recipient: %w", err)
	}
	sealed, err := seal(sup.PolicyKey, sup.ID, sup.Envelope)
	if err != nil {
		return nil, err
	}
	if err := writePolicyFile(filepath.Dir(db.Path()), sealed); err != nil {
		return nil, err
	}
	return &Carried{guardianID: sup.GuardianID, guardianName: sup.GuardianName, recipient: r}, nil
}

// Rewrap writes the guardian key slot of profile id again after its data
// key changed (a key rotation), with the recovery key the rotation
// returned, so the guardian can still reset its PIN. A profile nobody
// supervises is left alone.
func (s *Service) Rewrap(ctx context.Context, id, recovery string) error {
	dir := s.profiles.Dir(id)
	f, err := readGuardianFile(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	r, err := age.ParseX25519Recipient(f.Recipient)
	if err != nil {
		return fmt.Errorf("guardian key slot: recipient: %w", err)
	}
	return s.Rehome(ctx, id, recovery, &Carried{guardianID: f.GuardianID, guardianName: f.GuardianName, recipient: r})
}

// Rehome writes the guardian key slot of the imported profile id (its data
// key is new), using the recovery key its creation returned, so the
// guardian can still reset its PIN. c nil does nothing.
func (s *Service) Rehome(ctx context.Context, id, recovery string, c *Carried) error {
	if c == nil {
		return nil
	}
	dir := s.profiles.Dir(id)
	key, _, err := vault.New(dir, id, s.kc, vault.Options{KDF: s.kdf, Now: s.now}).UnlockWithRecovery(ctx, recovery)
	if err != nil {
		return fmt.Errorf("guardian key slot: %w", err)
	}
	defer vault.Zero(key)
	return writeGuardianSlot(dir, c.guardianID, c.guardianName, c.recipient, key)
}
