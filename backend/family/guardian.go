package family

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"hearth/backend/keychain"
	"hearth/backend/profile"
	"hearth/backend/store"
	"hearth/backend/vault"
)

// Profiles is what family needs of the household's profile list: it reads
// profiles and their folders, creates a child's profile and removes one it
// has just created when the rest of the set-up fails. It is an interface so
// that family cannot lock, open or close a database: that is the household's alone.
type Profiles interface {
	List(ctx context.Context) ([]profile.Profile, error)
	Find(ctx context.Context, nameOrID string) (profile.Profile, error)
	Dir(id string) string
	Create(ctx context.Context, req profile.CreateRequest) (profile.Profile, string, error)
	Delete(ctx context.Context, id string) (profile.Report, error)
}

// Service runs a guardian's family operations. The guardian's profile must
// be the open one: its database (and so its keys) is passed to each call.
type Service struct {
	profiles Profiles
	kc       keychain.Keychain
	kdf      vault.KDFParams
	now      func() time.Time
}

// NewService returns the family service over the household's profiles.
// kc and kdf must be those the profile manager uses (kdf zero = production).
func NewService(profiles Profiles, kc keychain.Keychain, kdf vault.KDFParams, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{profiles: profiles, kc: kc, kdf: kdf, now: now}
}

// Guardian is the open guardian profile and its database.
type Guardian struct {
	Profile profile.Profile
	DB      *store.DB
}

// Child is one supervised profile as its guardian sees it.
type Child struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Seq     int64  `json:"seq"`
	Policy  Policy `json:"policy"`
	Missing bool   `json:"missing"` // the profile is no longer on this computer
}

// ChildRequest creates a child profile.
type ChildRequest struct {
	Name       string
	Color      string
	Protection vault.Mode
	Secret     string // the child's PIN or passphrase
	Policy     Policy
}

// CreateChild creates a child profile supervised by g: an ordinary
// profile whose database pins g's public keys and holds the signed policy,
// whose folder holds the sealed policy file, and a guardian key slot
// (family-guardian.json) wrapping its data key to g's age recipient so g
// can reset its PIN. It returns the child and its recovery key (show once).
func (s *Service) CreateChild(ctx context.Context, g Guardian, req ChildRequest) (profile.Profile, string, error) {
	if err := req.Policy.Validate(); err != nil {
		return profile.Profile{}, "", err
	}
	now := s.now()
	keys, err := ensureKeys(ctx, g.DB, now)
	if err != nil {
		return profile.Profile{}, "", err
	}
	sup := supervision{ID: store.NewID(), GuardianID: g.Profile.ID, GuardianName: g.Profile.Name,
		SignPub: keys.signPub(), AgeRecipient: keys.id.Recipient().String(), PolicyKey: make([]byte, 32), SeenSeq: 1}
	rand.Read(sup.PolicyKey)
	st := Statement{SupervisionID: sup.ID, Seq: 1, GuardianID: g.Profile.ID, GuardianName: g.Profile.Name,
		IssuedAt: now.UnixMilli(), Policy: req.Policy}
	if sup.Envelope, err = sign(keys.sign, st); err != nil {
		return profile.Profile{}, "", err
	}
	sealed, err := seal(sup.PolicyKey, sup.ID, sup.Envelope)
	if err != nil {
		return profile.Profile{}, "", err
	}
	create := profile.CreateRequest{Name: req.Name, Color: req.Color, Protection: req.Protection, Secret: req.Secret,
		Fill: func(ctx context.Context, db *store.DB) error {
			if err := insertSupervision(ctx, db, sup, now); err != nil {
				return err
			}
			// The new profile's folder is put in place with its policy.
			return writePolicyFile(filepath.Dir(db.Path()), sealed)
		}}
	child, recovery, err := s.profiles.Create(ctx, create)
	if err != nil {
		return profile.Profile{}, "", err
	}
	undo := func(err error) (profile.Profile, string, error) {
		if _, derr := s.profiles.Delete(context.WithoutCancel(ctx), child.ID); derr != nil {
			return profile.Profile{}, "", fmt.Errorf("%w (and the new profile %q could not be removed: %v)", err, child.Name, derr)
		}
		return profile.Profile{}, "", err
	}
	if err := s.wrapForGuardian(ctx, g, keys, child.ID, recovery); err != nil {
		return undo(err)
	}
	pol, _ := json.Marshal(req.Policy)
	if _, err := g.DB.ExecContext(ctx, `INSERT INTO family_children (child_id, name, supervision_id, policy_key, seq, policy,
		created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)`, child.ID, child.Name, sup.ID, sup.PolicyKey, string(pol),
		now.UnixMilli(), now.UnixMilli()); err != nil {
		return undo(fmt.Errorf("record child: %w", err))
	}
	if err := store.Audit(ctx, g.DB, "family_child_created", "child="+child.ID); err != nil {
		return undo(err)
	}
	return child, recovery, nil
}

// wrapForGuardian writes the guardian key slot of child id, getting its
// data key with the recovery key the guardian was just given.
func (s *Service) wrapForGuardian(ctx context.Context, g Guardian, keys guardianKeys, id, recovery string) error {
	dir := s.profiles.Dir(id)
	key, _, err := vault.New(dir, id, s.kc, vault.Options{KDF: s.kdf, Now: s.now}).UnlockWithRecovery(ctx, recovery)
	if err != nil {
		return fmt.Errorf("guardian key slot: %w", err)
	}
	defer vault.Zero(key)
	return writeGuardianSlot(dir, g.Profile.ID, g.Profile.Name, keys.id.Recipient(), key)
}

// childRow is a family_children row.
type childRow struct {
	Child
	SupervisionID string
	PolicyKey     []byte
}

func (s *Service) child(ctx context.Context, g Guardian, nameOrID string) (childRow, error) {
	rows, err := s.rows(ctx, g)
	if err != nil {
		return childRow{}, err
	}
	key := strings.TrimSpace(nameOrID)
	for _, r := range rows {
		if r.ID == key {
			return r, nil
		}
	}
	for _, r := range rows {
		if strings.EqualFold(r.Name, key) {
			return r, nil
		}
	}
	if p, err := s.profiles.Find(ctx, key); err == nil {
		return s.relink(ctx, g, p) // supervised but not listed (an imported copy)
	}
	return childRow{}, notChild(nameOrID)
}

func (s *Service) rows(ctx context.Context, g Guardian) ([]childRow, error) {
	q, err := g.DB.QueryContext(ctx, `SELECT child_id, name, supervision_id, policy_key, seq, policy FROM family_children ORDER BY created_at, child_id`)
	if err != nil {
		return nil, fmt.Errorf("list children: %w", err)
	}
	defer q.Close()
	var out []childRow
	for q.Next() {
		var r childRow
		var pol string
		if err := q.Scan(&r.ID, &r.Name, &r.SupervisionID, &r.PolicyKey, &r.Seq, &pol); err != nil {
			return nil, fmt.Errorf("list children: %w", err)
		}
		if err := json.Unmarshal([]byte(pol), &r.Policy); err != nil {
			return nil, fmt.Errorf("list children: policy of %s: %w", r.ID, err)
		}
		out = append(out, r)
	}
	return out, q.Err()
}

// List returns the children g supervises, with their current names.
func (s *Service) List(ctx context.Context, g Guardian) ([]Child, error) {
	rows, err := s.rows(ctx, g)
	if err != nil {
		return nil, err
	}
	rows = s.relinkAll(ctx, g, rows)
	out := []Child{}
	for _, r := range rows {
		c := r.Child
		if p, err := s.profiles.Find(ctx, c.ID); err == nil {
			c.Name = p.Name
		} else {
			c.Missing = true
		}
		out = append(out, c)
	}
	return out, nil
}

// Policy returns the current policy of child (id or name).
func (s *Service) Policy(ctx context.Context, g Guardian, child string) (Child, error) {
	r, err := s.child(ctx, g, child)
	return r.Child, err
}

// SetPolicy changes child's policy with edit, signs it with the next
// sequence number and writes the child's policy file. Writing it again
// also restores a policy file that was deleted or altered by hand.
func (s *Service) SetPolicy(ctx context.Context, g Guardian, child string, edit func(*Policy)) (Child, error) {
	r, err := s.child(ctx, g, child)
	if err != nil {
		return Child{}, err
	}
	p := r.Policy
	if edit != nil {
		edit(&p)
	}
	// Reading the child's chats is chosen at set-up, shown to both; later
	// it can only be turned off.
	p.GuardianReads = p.GuardianReads && r.Policy.GuardianReads
	if err := p.Validate(); err != nil {
		return Child{}, err
	}
	if err := s.issue(ctx, g, r, p, false); err != nil {
		return Child{}, err
	}
	pol, _ := json.Marshal(p)
	if _, err := g.DB.ExecContext(ctx, `UPDATE family_children SET policy = ?, seq = seq + 1, updated_at = ? WHERE child_id = ?`,
		string(pol), s.now().UnixMilli(), r.ID); err != nil {
		return Child{}, fmt.Errorf("record policy: %w", err)
	}
	r.Policy, r.Seq = p, r.Seq+1
	return r.Child, nil
}

// issue signs policy p as r's next statement and writes the policy file.
func (s *Service) issue(ctx context.Context, g Guardian, r childRow, p Policy, released bool) error {
	keys, ok, err := loadKeys(ctx, g.DB)
	if err != nil {
		return err
	}
	if !ok {
		return notChild(r.Name)
	}
	if _, err := s.profiles.Find(ctx, r.ID); err != nil {
		return fmt.Errorf("child profile: %w", err)
	}
	env, err := sign(keys.sign, Statement{SupervisionID: r.SupervisionID, Seq: r.Seq + 1, GuardianID: g.Profile.ID,
		GuardianName: g.Profile.Name, Released: released, IssuedAt: s.now().UnixMilli(), Policy: p})
	if err != nil {
		return err
	}
	sealed, err := seal(r.PolicyKey, r.SupervisionID, env)
	if err != nil {
		return err
	}
	return writePolicyFile(s.profiles.Dir(r.ID), sealed)
}

// ResetPIN sets a new PIN (or passphrase, for a passphrase profile) for
// child, using the guardian key slot: the guardian's age identity decrypts
// the child's data key, which is wrapped again under newSecret. The
// child's recovery slot and data are untouched.
func (s *Service) ResetPIN(ctx context.Context, g Guardian, child, newSecret string) error {
	r, err := s.child(ctx, g, child)
	if err != nil {
		return err
	}
	keys, ok, err := loadKeys(ctx, g.DB)
	if err != nil || !ok {
		if err == nil {
			err = notChild(r.Name)
		}
		return fmt.Errorf("reset PIN: %w", err)
	}
	dir := s.profiles.Dir(r.ID)
	key, err := openGuardianSlot(dir, keys.id)
	if err != nil {
		return fmt.Errorf("reset PIN: %w", err)
	}
	defer vault.Zero(key)
	v := vault.New(dir, r.ID, s.kc, vault.Options{KDF: s.kdf, Now: s.now})
	mode, err := v.Mode(ctx)
	if err != nil {
		return fmt.Errorf("reset PIN: %w", err)
	}
	if !mode.NeedsSecret() {
		return invalid(r.Name + "'s profile opens without a PIN, so there is none to reset.")
	}
	if err := v.ChangeProtection(ctx, key, mode, newSecret); err != nil {
		return fmt.Errorf("reset PIN: %w", err)
	}
	return store.Audit(ctx, g.DB, "family_pin_reset", "child="+r.ID)
}

// Release ends g's supervision of child: a signed release is written as
// its policy file (the child's profile drops its rules at its next
// unlock), the guardian key slot is removed and the child is forgotten.
func (s *Service) Release(ctx context.Context, g Guardian, child string) error {
	r, err := s.child(ctx, g, child)
	if err != nil {
		return err
	}
	if !r.Missing {
		if err := s.issue(ctx, g, r, r.Policy, true); err != nil && !errors.Is(err, profile.ErrNotFound) {
			return fmt.Errorf("release: %w", err)
		}
	}
	if err := removeIfExists(filepath.Join(s.profiles.Dir(r.ID), GuardianFileName)); err != nil {
		return fmt.Errorf("release: %w", err)
	}
	if _, err := g.DB.ExecContext(ctx, `DELETE FROM family_children WHERE child_id = ?`, r.ID); err != nil {
		return fmt.Errorf("release: %w", err)
	}
	return store.Audit(ctx, g.DB, "family_child_released", "child="+r.ID)
}

// Supervised returns the names of the profiles guardianID supervises, read
// from their folders' guardian key slots (no unlocking needed).
func Supervised(ctx context.Context, profiles Profiles, guardianID string) ([]string, error) {
	all, err := profiles.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range all {
		if p.ID != guardianID && GuardianOf(profiles.Dir(p.ID)) == guardianID {
			out = append(out, p.Name)
		}
	}
	return out, nil
}

// CheckDelete refuses to delete a guardian who still supervises children.
func CheckDelete(ctx context.Context, profiles Profiles, id string) error {
	kids, err := Supervised(ctx, profiles, id)
	if err != nil || len(kids) == 0 {
		return err
	}
	return refuse(ErrHasChildren, fmt.Sprintf("This profile supervises %s. Hand each child to another guardian, or release it, first (Settings, Family; or hearth family handover or release), then delete it.",
		strings.Join(kids, ", ")))
}
