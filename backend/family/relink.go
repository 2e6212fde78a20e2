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

// relink finds a profile that g supervises but does not list (a child's
// export imported as a new profile: its guardian key slot names g, its
// database pins g's key) and lists it again, from what the child's
// database holds. Without this, g could neither change nor release it,
// and could not be deleted.
func (s *Service) relink(ctx context.Context, g Guardian, p profile.Profile) (childRow, error) {
	dir := s.profiles.Dir(p.ID)
	if GuardianOf(dir) != g.Profile.ID {
		return childRow{}, notChild(p.Name)
	}
	keys, ok, err := loadKeys(ctx, g.DB)
	if err != nil || !ok {
		if err == nil {
			err = notChild(p.Name)
		}
		return childRow{}, err
	}
	key, err := openGuardianSlot(dir, keys.id)
	if err != nil {
		return childRow{}, fmt.Errorf("list %s again: %w", p.Name, err)
	}
	defer vault.Zero(key)
	db, err := store.Open(ctx, filepath.Join(dir, profile.DBFileName), key, store.Options{MustExist: true})
	if err != nil {
		return childRow{}, fmt.Errorf("list %s again: %w", p.Name, err)
	}
	defer db.Close()
	sup, ok, err := readSupervision(ctx, db)
	if err != nil || !ok {
		if err == nil {
			err = notChild(p.Name)
		}
		return childRow{}, err
	}
	st, err := verify(keys.signPub(), sup.Envelope)
	if err != nil || st.SupervisionID != sup.ID {
		return childRow{}, notChild(p.Name) // pinned to someone else's key
	}
	// A copy gets a supervision of its own (the original keeps its id, and
	// each profile's policy file is written for that profile alone).
	r := childRow{Child: Child{ID: p.ID, Name: p.Name, Seq: max(st.Seq, sup.SeenSeq) + 1, Policy: st.Policy},
		SupervisionID: store.NewID(), PolicyKey: make([]byte, 32)}
	rand.Read(r.PolicyKey)
	env, err := sign(keys.sign, Statement{SupervisionID: r.SupervisionID, Seq: r.Seq, GuardianID: g.Profile.ID,
		GuardianName: g.Profile.Name, IssuedAt: s.now().UnixMilli(), Policy: r.Policy})
	if err != nil {
		return childRow{}, err
	}
	sealed, err := seal(r.PolicyKey, r.SupervisionID, env)
	if err != nil {
		return childRow{}, err
	}
	if _, err := db.ExecContext(ctx, `UPDATE family_supervision SET supervision_id = ?, policy_key = ?, seen_seq = ?, envelope = ?
		WHERE id = 1`, r.SupervisionID, r.PolicyKey, r.Seq, env); err != nil {
		return childRow{}, fmt.Errorf("list %s again: %w", p.Name, err)
	}
	if err := writePolicyFile(dir, sealed); err != nil {
		return childRow{}, err
	}
	pol, _ := json.Marshal(r.Policy)
	now := s.now().UnixMilli()
	if _, err := g.DB.ExecContext(ctx, `INSERT INTO family_children (child_id, name, supervision_id, policy_key, seq, policy,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.Name, r.SupervisionID, r.PolicyKey, r.Seq, string(pol), now, now); err != nil {
		return childRow{}, fmt.Errorf("list %s again: %w", p.Name, err)
	}
	return r, nil
}

// relinkAll lists again every profile g supervises but does not list.
func (s *Service) relinkAll(ctx context.Context, g Guardian, listed []childRow) []childRow {
	all, err := s.profiles.List(ctx)
	if err != nil {
		return listed
	}
	known := map[string]bool{}
	for _, r := range listed {
		known[r.ID] = true
	}
	for _, p := range all {
		if known[p.ID] || p.ID == g.Profile.ID || GuardianOf(s.profiles.Dir(p.ID)) != g.Profile.ID {
			continue
		}
		if r, err := s.relink(ctx, g, p); err == nil {
			listed = append(listed, r)
		}
	}
	return listed
}
