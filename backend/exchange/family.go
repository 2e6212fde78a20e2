package exchange

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"hearth/backend/internal/safezip"
)

// entryFamily carries a supervised (family mode) profile's supervision:
// the guardian's pinned public keys, the policy key and the signed policy
// last verified. It is present only in whole-profile exports of a
// supervised profile, and read back only into a fresh profile, which then
// opens under the same rules (package family verifies them at unlock).
// Older readers ignore it, like any entry outside sessions/.
const entryFamily = "family.json"

// FamilyRecord is family.json: the family_supervision row.
type FamilyRecord struct {
	SupervisionID string `json:"supervisionId"`
	GuardianID    string `json:"guardianId"`
	GuardianName  string `json:"guardianName"`
	SignPub       []byte `json:"signPub"`
	AgeRecipient  string `json:"ageRecipient"`
	PolicyKey     []byte `json:"policyKey"`
	SeenSeq       int64  `json:"seenSeq"`
	Envelope      []byte `json:"envelope"`
	CreatedAt     int64  `json:"createdAt"`
}

// writeFamily adds family.json to a whole-profile export of a supervised profile.
func (e *exporter) writeFamily() error {
	if e.opts.ModuleID != "" {
		return nil
	}
	var f FamilyRecord
	err := e.tx.QueryRowContext(e.ctx, `SELECT supervision_id, guardian_id, guardian_name, sign_pub, age_recipient,
		policy_key, seen_seq, envelope, created_at FROM family_supervision WHERE id = 1`).Scan(&f.SupervisionID,
		&f.GuardianID, &f.GuardianName, &f.SignPub, &f.AgeRecipient, &f.PolicyKey, &f.SeenSeq, &f.Envelope, &f.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("export: family supervision: %w", err)
	}
	return e.writeJSON(entryFamily, &f)
}

// importFamily copies family.json, if the archive has one, into a fresh
// profile's family_supervision table.
func importFamily(ctx context.Context, zr *safezip.Reader, tx *sql.Tx) error {
	if !zr.Has(entryFamily) {
		return nil
	}
	var f FamilyRecord
	if err := readSmallJSON(zr, entryFamily, 1<<20, &f); err != nil {
		return err
	}
	if f.SupervisionID == "" || len(f.SignPub) != 32 || len(f.PolicyKey) != 32 || len(f.Envelope) == 0 || f.AgeRecipient == "" {
		return invalid(nil, entryFamily, "the family supervision record is incomplete")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO family_supervision (id, supervision_id, guardian_id, guardian_name,
		sign_pub, age_recipient, policy_key, seen_seq, envelope, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.SupervisionID, f.GuardianID, f.GuardianName, f.SignPub, f.AgeRecipient, f.PolicyKey, f.SeenSeq, f.Envelope, f.CreatedAt); err != nil {
		return fmt.Errorf("import: family supervision: %w", err)
	}
	return nil
}
