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

// Handover hands g's supervision of child to another guardian profile,
// next (id or name), whose own secret (PIN or passphrase; recovery key for
// a profile that opens without one) nextSecret is: supervision never moves
// silently. The child keeps its rules. The child's database (opened with
// g's guardian key slot) pins next's keys instead of g's, its policy file
// is signed by next, the guardian key slot is wrapped to next, and the
// child moves from g's list to next's.
func (s *Service) Handover(ctx context.Context, g Guardian, child, next, nextSecret string) error {
	r, err := s.child(ctx, g, child)
	if err != nil {
		return err
	}
	np, err := s.profiles.Find(ctx, next)
	if err != nil {
		return err
	}
	if np.ID == g.Profile.ID || np.ID == r.ID {
		return invalid("Choose another guardian: not this profile and not the child.")
	}
	old, ok, err := loadKeys(ctx, g.DB)
	if err != nil || !ok {
		if err == nil {
			err = notChild(r.Name)
		}
		return err
	}
	// The next guardian's database, opened with their own secret.
	ndir := s.profiles.Dir(np.ID)
	nv := vault.New(ndir, np.ID, s.kc, vault.Options{KDF: s.kdf, Now: s.now})
	var nkey []byte
	if np.Protection.NeedsSecret() {
		nkey, _, err = nv.Unlock(ctx, nextSecret)
	} else {
		nkey, _, err = nv.UnlockWithRecovery(ctx, nextSecret)
	}
	if err != nil {
		return fmt.Errorf("hand over supervision: %w", err)
	}
	ndb, err := store.Open(ctx, filepath.Join(ndir, profile.DBFileName), nkey, store.Options{MustExist: true})
	vault.Zero(nkey)
	if err != nil {
		return fmt.Errorf("hand over supervision: open %s's database: %w", np.Name, err)
	}
	defer ndb.Close()
	now := s.now()
	nk, err := ensureKeys(ctx, ndb, now)
	if err != nil {
		return err
	}
	// The child's database, opened with the current guardian's key slot.
	cdir := s.profiles.Dir(r.ID)
	ckey, err := openGuardianSlot(cdir, old.id)
	if err != nil {
		return fmt.Errorf("hand over supervision: %w", err)
	}
	defer vault.Zero(ckey)
	cdb, err := store.Open(ctx, filepath.Join(cdir, profile.DBFileName), ckey, store.Options{MustExist: true})
	if err != nil {
		return fmt.Errorf("hand over supervision: open %s's database: %w", r.Name, err)
	}
	defer cdb.Close()
	sup, ok, err := readSupervision(ctx, cdb)
	if err != nil || !ok {
		if err == nil {
			err = notChild(r.Name)
		}
		return err
	}
	seq := max(sup.SeenSeq, r.Seq) + 1
	nsup := supervision{ID: store.NewID(), GuardianID: np.ID, GuardianName: np.Name, SignPub: nk.signPub(),
		AgeRecipient: nk.id.Recipient().String(), PolicyKey: make([]byte, 32), SeenSeq: seq}
	rand.Read(nsup.PolicyKey)
	if nsup.Envelope, err = sign(nk.sign, Statement{SupervisionID: nsup.ID, Seq: seq, GuardianID: np.ID,
		GuardianName: np.Name, IssuedAt: now.UnixMilli(), Policy: r.Policy}); err != nil {
		return err
	}
	sealed, err := seal(nsup.PolicyKey, nsup.ID, nsup.Envelope)
	if err != nil {
		return err
	}
	// The new slot and row first; the policy file last, so that until it
	// is written the old file still matches the old row (and after, the
	// new file matches the new row).
	if err := writeGuardianSlot(cdir, np.ID, np.Name, nk.id.Recipient(), ckey); err != nil {
		return err
	}
	if _, err := cdb.ExecContext(ctx, `DELETE FROM family_supervision`); err != nil {
		return fmt.Errorf("hand over supervision: %w", err)
	}
	if err := insertSupervision(ctx, cdb, nsup, now); err != nil {
		return err
	}
	if err := writePolicyFile(cdir, sealed); err != nil {
		return err
	}
	pol, _ := json.Marshal(r.Policy)
	if _, err := ndb.ExecContext(ctx, `INSERT INTO family_children (child_id, name, supervision_id, policy_key, seq, policy,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.Name, nsup.ID, nsup.PolicyKey, seq, string(pol),
		now.UnixMilli(), now.UnixMilli()); err != nil {
		return fmt.Errorf("hand over supervision: %w", err)
	}
	if _, err := g.DB.ExecContext(ctx, `DELETE FROM family_children WHERE child_id = ?`, r.ID); err != nil {
		return fmt.Errorf("hand over supervision: %w", err)
	}
	for _, a := range []struct {
		db          *store.DB
		event, what string
	}{{cdb, "family_handover", "guardian=" + np.ID}, {ndb, "family_child_received", "child=" + r.ID}, {g.DB, "family_child_handed_over", "child=" + r.ID}} {
		if err := store.Audit(ctx, a.db, a.event, a.what); err != nil {
			return err
		}
	}
	return nil
}
