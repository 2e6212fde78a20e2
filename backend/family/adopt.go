package family

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"path/filepath"

	"hearth/backend/profile"
	"hearth/backend/store"
	"hearth/backend/vault"
)

// Adopt makes g the guardian of an existing profile, child (id or name).
// It needs that person's own secret, never silently: their PIN or
// passphrase, or, for a profile that opens from the keychain without one,
// their recovery key. Wrong secrets count toward the profile's lock-out.
// The profile's database then pins g's keys and policy p, its folder gets
// the policy file and the guardian key slot, as for CreateChild.
func (s *Service) Adopt(ctx context.Context, g Guardian, child, secret string, p Policy) (profile.Profile, error) {
	if err := p.Validate(); err != nil {
		return profile.Profile{}, err
	}
	c, err := s.profiles.Find(ctx, child)
	if err != nil {
		return profile.Profile{}, err
	}
	if c.ID == g.Profile.ID {
		return profile.Profile{}, invalid("A profile cannot supervise itself.")
	}
	dir := s.profiles.Dir(c.ID)
	v := vault.New(dir, c.ID, s.kc, vault.Options{KDF: s.kdf, Now: s.now})
	var key []byte
	if c.Protection.NeedsSecret() {
		key, _, err = v.Unlock(ctx, secret)
	} else {
		key, _, err = v.UnlockWithRecovery(ctx, secret)
	}
	if err != nil {
		return profile.Profile{}, fmt.Errorf("take over supervision: %w", err)
	}
	defer vault.Zero(key)
	now := s.now()
	keys, err := ensureKeys(ctx, g.DB, now)
	if err != nil {
		return profile.Profile{}, err
	}
	sup := supervision{ID: store.NewID(), GuardianID: g.Profile.ID, GuardianName: g.Profile.Name,
		SignPub: keys.signPub(), AgeRecipient: keys.id.Recipient().String(), PolicyKey: make([]byte, 32), SeenSeq: 1}
	rand.Read(sup.PolicyKey)
	if sup.Envelope, err = sign(keys.sign, Statement{SupervisionID: sup.ID, Seq: 1, GuardianID: g.Profile.ID,
		GuardianName: g.Profile.Name, IssuedAt: now.UnixMilli(), Policy: p}); err != nil {
		return profile.Profile{}, err
	}
	sealed, err := seal(sup.PolicyKey, sup.ID, sup.Envelope)
	if err != nil {
		return profile.Profile{}, err
	}
	db, err := store.Open(ctx, filepath.Join(dir, profile.DBFileName), key, store.Options{MustExist: true})
	if err != nil {
		return profile.Profile{}, fmt.Errorf("take over supervision: open %s's database: %w", c.Name, err)
	}
	defer db.Close()
	if _, ok, err := readSupervision(ctx, db); err != nil || ok {
		if err == nil {
			err = invalid(c.Name + "'s profile is already supervised; its guardian must release it first.")
		}
		return profile.Profile{}, err
	}
	// Files first: a supervision row without its policy file would lock
	// the profile; files without the row are ignored at unlock.
	if err := writePolicyFile(dir, sealed); err != nil {
		return profile.Profile{}, err
	}
	if err := writeGuardianSlot(dir, g.Profile.ID, g.Profile.Name, keys.id.Recipient(), key); err != nil {
		return profile.Profile{}, err
	}
	if err := insertSupervision(ctx, db, sup, now); err != nil {
		return profile.Profile{}, err
	}
	if err := store.Audit(ctx, db, "family_adopted", "guardian="+g.Profile.ID); err != nil {
		return profile.Profile{}, err
	}
	pol, _ := json.Marshal(p)
	if _, err := g.DB.ExecContext(ctx, `INSERT INTO family_children (child_id, name, supervision_id, policy_key, seq, policy,
		created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)`, c.ID, c.Name, sup.ID, sup.PolicyKey, string(pol),
		now.UnixMilli(), now.UnixMilli()); err != nil {
		return profile.Profile{}, fmt.Errorf("record child: %w", err)
	}
	return c, store.Audit(ctx, g.DB, "family_child_adopted", "child="+c.ID)
}
