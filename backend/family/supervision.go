package family

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"hearth/backend/store"
)

// supervision is a child profile's family_supervision row: the guardian's
// pinned public keys and the last policy verified.
type supervision struct {
	ID           string
	GuardianID   string
	GuardianName string
	SignPub      ed25519.PublicKey
	AgeRecipient string
	PolicyKey    []byte
	SeenSeq      int64
	Envelope     []byte
}

func readSupervision(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (supervision, bool, error) {
	var s supervision
	var pub []byte
	err := q.QueryRowContext(ctx, `SELECT supervision_id, guardian_id, guardian_name, sign_pub, age_recipient,
		policy_key, seen_seq, envelope FROM family_supervision WHERE id = 1`).Scan(&s.ID, &s.GuardianID, &s.GuardianName,
		&pub, &s.AgeRecipient, &s.PolicyKey, &s.SeenSeq, &s.Envelope)
	if errors.Is(err, sql.ErrNoRows) {
		return supervision{}, false, nil
	}
	if err != nil {
		return supervision{}, false, fmt.Errorf("read family supervision: %w", err)
	}
	s.SignPub = ed25519.PublicKey(pub)
	return s, true, nil
}

func insertSupervision(ctx context.Context, db *store.DB, s supervision, now time.Time) error {
	_, err := db.ExecContext(ctx, `INSERT INTO family_supervision (id, supervision_id, guardian_id, guardian_name,
		sign_pub, age_recipient, policy_key, seen_seq, envelope, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.GuardianID, s.GuardianName, []byte(s.SignPub), s.AgeRecipient, s.PolicyKey, s.SeenSeq, s.Envelope, now.UnixMilli())
	if err != nil {
		return fmt.Errorf("store family supervision: %w", err)
	}
	return nil
}

// Rules are the verified family rules of an open child profile.
type Rules struct {
	GuardianID   string
	GuardianName string
	Seq          int64
	Policy       Policy
}

// brokenMessage tells the child why the profile does not open and what to do.
func brokenMessage(guardian, what string) string {
	return fmt.Sprintf("This profile's family rules, set by %s, %s, so it does not open. "+
		"It opens again when %s unlocks Hearth and saves the rules again (Settings, Family; or hearth family policy set).",
		guardian, what, guardian)
}

// Check verifies the family rules of the profile whose database is db,
// which was just opened. An unsupervised profile returns nil rules. A
// supervised one needs its policy file (in db's folder) to decrypt with
// the supervision's policy key, to carry a signature by the pinned
// guardian key over this supervision, and to be no older than the last
// policy seen; otherwise the error is an *Error matching ErrPolicyBroken.
// A valid release ends supervision (the row and both family files go).
// Inside quiet hours (by now, the child's local time) the error matches
// ErrQuietHours. A newer valid policy is recorded as seen.
func Check(ctx context.Context, db *store.DB, now time.Time) (*Rules, error) {
	sup, ok, err := readSupervision(ctx, db)
	if err != nil || !ok {
		return nil, err
	}
	dir := filepath.Dir(db.Path())
	b, err := os.ReadFile(filepath.Join(dir, PolicyFileName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, refuse(ErrPolicyBroken, brokenMessage(sup.GuardianName, "are missing (the file "+PolicyFileName+" is gone)"))
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", PolicyFileName, err)
	}
	env, err := unseal(sup.PolicyKey, sup.ID, b)
	if err != nil {
		return nil, refuse(ErrPolicyBroken, brokenMessage(sup.GuardianName, "were changed outside Hearth"))
	}
	st, err := verify(sup.SignPub, env)
	if err != nil || st.SupervisionID != sup.ID {
		return nil, refuse(ErrPolicyBroken, brokenMessage(sup.GuardianName, "are not signed by "+sup.GuardianName))
	}
	if st.Seq < sup.SeenSeq {
		return nil, refuse(ErrPolicyBroken, brokenMessage(sup.GuardianName, "were replaced by an older copy"))
	}
	if st.Released {
		return nil, endSupervision(ctx, db, dir)
	}
	if st.Seq > sup.SeenSeq {
		if _, err := db.ExecContext(ctx, `UPDATE family_supervision SET seen_seq = ?, envelope = ?, guardian_name = ? WHERE id = 1`,
			st.Seq, env, st.GuardianName); err != nil {
			return nil, fmt.Errorf("record family rules: %w", err)
		}
	}
	r := &Rules{GuardianID: sup.GuardianID, GuardianName: st.GuardianName, Seq: st.Seq, Policy: st.Policy}
	if in, until := st.Policy.InQuiet(now); in {
		return nil, refuse(ErrQuietHours, fmt.Sprintf("Quiet hours (%s), set by %s: Hearth opens again at %s.", st.Policy.Quiet, r.GuardianName, until))
	}
	return r, nil
}

// endSupervision makes a released child an ordinary profile.
func endSupervision(ctx context.Context, db *store.DB, dir string) error {
	for _, q := range []string{`DELETE FROM family_supervision`, `DELETE FROM family_usage`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("end family supervision: %w", err)
		}
	}
	if err := store.Audit(ctx, db, "family_released", ""); err != nil {
		return err
	}
	for _, name := range []string{PolicyFileName, GuardianFileName} {
		if err := removeIfExists(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("end family supervision: %w", err)
		}
	}
	return nil
}

// RulesOf returns the rules last verified in db (by Check at unlock), or
// nil if the profile is not supervised. The stored copy is verified again
// against the pinned key.
func RulesOf(ctx context.Context, db *store.DB) (*Rules, error) {
	sup, ok, err := readSupervision(ctx, db)
	if err != nil || !ok {
		return nil, err
	}
	st, err := verify(sup.SignPub, sup.Envelope)
	if err != nil || st.SupervisionID != sup.ID {
		return nil, refuse(ErrPolicyBroken, brokenMessage(sup.GuardianName, "are not signed by "+sup.GuardianName))
	}
	return &Rules{GuardianID: sup.GuardianID, GuardianName: st.GuardianName, Seq: st.Seq, Policy: st.Policy}, nil
}
