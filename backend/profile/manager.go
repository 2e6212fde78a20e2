package profile

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"hearth/backend/keychain"
	"hearth/backend/store"
	"hearth/backend/vault"
	"hearth/backend/vault/atomicfile"
)

// DBFileName is the profile database in a profile folder.
const DBFileName = "hearth.db"

// Manager owns the registry and the open profile. It is safe for
// concurrent use; operations are serialised.
type Manager struct {
	dataDir string
	kc      keychain.Keychain
	opts    Options
	log     *slog.Logger
	now     func() time.Time

	tidyOnce sync.Once // leftovers of interrupted runs, at the first read

	mu   sync.Mutex
	open *openProfile // nil when locked
}

// openProfile is the unlocked state: dropped (DB closed, key zeroed) on lock.
type openProfile struct {
	profile   Profile
	db        *store.DB
	key       []byte
	recovered bool
	release   func() // the shared owner lock
}

// NewManager returns a Manager for dataDir. kc is the OS keychain
// (keychain.NewOS(keychain.Service, timeout)); it may be nil on machines
// where only passphrase protection is used. Nothing is read until the
// first call.
func NewManager(dataDir string, kc keychain.Keychain, opts Options) *Manager {
	m := &Manager{dataDir: dataDir, kc: kc, opts: opts, log: opts.Logger, now: opts.Now}
	if m.log == nil {
		m.log = slog.New(slog.DiscardHandler)
	}
	if m.now == nil {
		m.now = time.Now
	}
	return m
}

// DataDir is the folder holding profiles.json and profiles/.
func (m *Manager) DataDir() string { return m.dataDir }

// Dir is the folder of profile id.
func (m *Manager) Dir(id string) string { return filepath.Join(m.dataDir, "profiles", id) }

func (m *Manager) vault(id string) *vault.Vault { return m.vaultAt(m.Dir(id), id) }

func (m *Manager) vaultAt(dir, id string) *vault.Vault {
	return vault.New(dir, id, m.kc, vault.Options{KDF: m.opts.KDF, Lockout: m.opts.Lockout, Now: m.now,
		OnRepair: func(msg string) { m.log.Warn("key slots repaired", "profile", id, "detail", msg) }})
}

// List returns all profiles, oldest first.
func (m *Manager) List(ctx context.Context) ([]Profile, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, err := m.readRegistry()
	if err != nil {
		return nil, err
	}
	out := slices.Clone(r.Profiles)
	slices.SortStableFunc(out, func(a, b Profile) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return out, nil
}

// Find returns the profile whose id is nameOrID, or else whose name
// matches it ignoring case and surrounding spaces. Names are unique.
func (m *Manager) Find(ctx context.Context, nameOrID string) (Profile, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.find(nameOrID)
}

func (m *Manager) find(nameOrID string) (Profile, error) {
	r, err := m.readRegistry()
	if err != nil {
		return Profile{}, err
	}
	if i, ok := r.byID(nameOrID); ok {
		return r.Profiles[i], nil
	}
	name := strings.TrimSpace(nameOrID)
	for _, p := range r.Profiles {
		if strings.EqualFold(p.Name, name) {
			return p, nil
		}
	}
	return Profile{}, fmt.Errorf("%w: %q", ErrNotFound, nameOrID)
}

// Create makes a profile: a data key protected as requested, a recovery
// key (returned, to be shown once), a seeded database, and the registry
// entry. The folder is built under a temporary name (profiles/.new-<id>)
// and the registry entry is the commit point: only then is the folder
// renamed into place. An interrupted Create therefore leaves either a
// temporary folder, removed at the next start, or a listed profile whose
// folder is put in place at the next start (see tidy); a failure undoes
// what was done. If the keychain cannot be used for keychain or pin
// protection the error matches keychain.ErrUnavailable and asks the user to
// choose passphrase protection; no key is ever stored in plaintext instead.
func (m *Manager) Create(ctx context.Context, req CreateRequest) (Profile, string, error) {
	name, err := cleanName(req.Name)
	if err != nil {
		return Profile{}, "", err
	}
	color, emoji, err := cleanLook(req.Color, req.Emoji)
	if err != nil {
		return Profile{}, "", err
	}
	mode, err := vault.ParseMode(string(req.Protection))
	if err != nil {
		return Profile{}, "", err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	unlock, err := m.lockRegistry()
	if err != nil {
		return Profile{}, "", fmt.Errorf("create profile: %w", err)
	}
	defer unlock()
	m.tidyLocked(ctx)
	r, err := m.readRegistry()
	if err != nil {
		return Profile{}, "", err
	}
	if r.nameTaken(name, "") {
		return Profile{}, "", fmt.Errorf("%w: %q", ErrNameTaken, name)
	}
	p := Profile{ID: store.NewID(), Name: name, Color: color, Emoji: emoji, Protection: mode, CreatedAt: m.now().UTC()}
	dir := m.stagingDir(p.ID)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Profile{}, "", fmt.Errorf("create profile folder: %w", err)
	}
	v := m.vaultAt(dir, p.ID)
	undo := func() {
		if _, err := v.Destroy(context.WithoutCancel(ctx)); err != nil {
			m.log.Warn("undo profile creation: keychain item may remain", "profile", p.ID, "err", err)
		}
		os.RemoveAll(dir)
	}
	key, recoveryKey, err := v.Create(ctx, mode, req.Secret)
	if err != nil {
		os.RemoveAll(dir)
		if errors.Is(err, keychain.ErrUnavailable) {
			return Profile{}, "", fmt.Errorf("create profile: %w; choose passphrase protection to use Hearth without a keychain", err)
		}
		return Profile{}, "", fmt.Errorf("create profile: %w", err)
	}
	defer vault.Zero(key)
	if err := m.initDB(ctx, dir, p, key, req.Fill); err != nil {
		undo()
		return Profile{}, "", err
	}
	if err := writeInfo(dir, p); err != nil {
		undo()
		return Profile{}, "", err
	}
	r.Profiles = append(r.Profiles, p)
	if err := m.writeRegistry(r); err != nil {
		undo()
		return Profile{}, "", err
	}
	if err := os.Rename(dir, m.Dir(p.ID)); err != nil {
		// Listed but not in place: the next start finishes the rename.
		return Profile{}, "", fmt.Errorf("create profile: move folder into place: %w", err)
	}
	atomicfile.SyncDir(filepath.Dir(dir))
	m.log.Info("profile created", "profile", p.ID, "protection", string(mode))
	return p, recoveryKey, nil
}

// initDB creates and seeds a new profile's database in dir, then runs
// fill (an import) if given.
func (m *Manager) initDB(ctx context.Context, dir string, p Profile, key []byte, fill func(context.Context, *store.DB) error) error {
	db, err := store.Open(ctx, filepath.Join(dir, DBFileName), key, m.opts.Store)
	if err != nil {
		return fmt.Errorf("create profile database: %w", err)
	}
	defer db.Close()
	if m.opts.Seed != nil {
		if err := m.opts.Seed(ctx, db); err != nil {
			return fmt.Errorf("seed profile database: %w", err)
		}
	}
	if err := store.Audit(ctx, db, "profile_created", "protection="+string(p.Protection)); err != nil {
		return err
	}
	if fill != nil {
		if err := fill(ctx, db); err != nil {
			return err
		}
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("close profile database: %w", err)
	}
	return nil
}

// Rename changes a profile's display name (and nothing else).
func (m *Manager) Rename(ctx context.Context, id, name string) (Profile, error) {
	name, err := cleanName(name)
	if err != nil {
		return Profile{}, err
	}
	return m.update(id, func(r *registry, p *Profile) error {
		if r.nameTaken(name, id) {
			return fmt.Errorf("%w: %q", ErrNameTaken, name)
		}
		p.Name = name
		return nil
	})
}

// SetLook changes a profile's colour and emoji.
func (m *Manager) SetLook(ctx context.Context, id, color, emoji string) (Profile, error) {
	color, emoji, err := cleanLook(color, emoji)
	if err != nil {
		return Profile{}, err
	}
	return m.update(id, func(_ *registry, p *Profile) error {
		p.Color, p.Emoji = color, emoji
		return nil
	})
}

// update applies fn to profile id in the registry and writes it.
func (m *Manager) update(id string, fn func(*registry, *Profile) error) (Profile, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.updateLocked(id, fn)
}

func (m *Manager) updateLocked(id string, fn func(*registry, *Profile) error) (Profile, error) {
	unlock, err := m.lockRegistry()
	if err != nil {
		return Profile{}, err
	}
	defer unlock()
	r, err := m.readRegistry()
	if err != nil {
		return Profile{}, err
	}
	i, ok := r.byID(id)
	if !ok {
		return Profile{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	if err := fn(r, &r.Profiles[i]); err != nil {
		return Profile{}, err
	}
	if err := m.writeRegistry(r); err != nil {
		return Profile{}, err
	}
	p := r.Profiles[i]
	if m.open != nil && m.open.profile.ID == id {
		m.open.profile = p
	}
	return p, nil
}

// ChangeProtection switches profile id to mode with newSecret (the new
// PIN or passphrase; "" for keychain). currentSecret is the current PIN or
// passphrase ("" in keychain mode); wrong ones count toward the lock-out.
// Only the key's wrapping changes; the database is not rewritten. The
// same mode with a new secret changes the PIN or passphrase.
func (m *Manager) ChangeProtection(ctx context.Context, id string, mode vault.Mode, currentSecret, newSecret string) (Profile, error) {
	if _, err := vault.ParseMode(string(mode)); err != nil {
		return Profile{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	p, err := m.findID(id)
	if err != nil {
		return Profile{}, err
	}
	v := m.vault(id)
	key, _, err := v.Unlock(ctx, currentSecret)
	if err != nil {
		return Profile{}, fmt.Errorf("change protection: %w", err)
	}
	defer vault.Zero(key)
	changeErr := v.ChangeProtection(ctx, key, mode, newSecret)
	if changeErr != nil {
		// A failure after keyslots.json was written (removing the old
		// keychain item) still changed the mode: record it.
		if now, err := v.Mode(ctx); err != nil || now != mode {
			return Profile{}, fmt.Errorf("change protection: %w", changeErr)
		}
	}
	from := p.Protection
	p, err = m.updateLocked(id, func(_ *registry, p *Profile) error { p.Protection = mode; return nil })
	if err != nil {
		return Profile{}, err
	}
	m.audit(ctx, id, key, "protection_change", fmt.Sprintf("from=%s to=%s", from, mode))
	m.log.Info("profile protection changed", "profile", id, "from", string(from), "to", string(mode))
	if changeErr != nil {
		return p, fmt.Errorf("change protection: %w", changeErr)
	}
	return p, nil
}

// existingStore is the store options for a profile that has been
// created: its database must already be there (store.ErrMissing).
func (m *Manager) existingStore() store.Options {
	o := m.opts.Store
	o.MustExist = true
	return o
}

// findID is find restricted to ids (no name matching).
func (m *Manager) findID(id string) (Profile, error) {
	r, err := m.readRegistry()
	if err != nil {
		return Profile{}, err
	}
	i, ok := r.byID(id)
	if !ok {
		return Profile{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	return r.Profiles[i], nil
}

// audit writes an audit event into profile id's database: the open one if
// it is open, otherwise a short-lived connection opened with key. Audit
// failures are logged, not returned: the operation itself succeeded.
func (m *Manager) audit(ctx context.Context, id string, key []byte, event, detail string) {
	var err error
	if m.open != nil && m.open.profile.ID == id {
		// Never wait behind another process's long write (an import):
		// the entry is written as soon as the write lock is free.
		err = m.open.db.AuditNoWait(ctx, event, detail, func(err error) {
			m.log.Warn("audit log write failed", "profile", id, "event", event, "err", err)
		})
	} else {
		var db *store.DB
		db, err = store.Open(ctx, filepath.Join(m.Dir(id), DBFileName), key, m.existingStore())
		if err == nil {
			err = cmp.Or(store.Audit(ctx, db, event, detail), db.Close())
		}
	}
	if err != nil {
		m.log.Warn("audit log write failed", "profile", id, "event", event, "err", err)
	}
}
