package profile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"hearth/backend/names"
	"hearth/backend/vault"
	"hearth/backend/vault/atomicfile"
)

// Registry file names in the data dir.
const (
	RegistryFileName = "profiles.json"
	BackupFileName   = "profiles.json.bak"
	LockFileName     = "profiles.lock"
)

// registryLockWait bounds how long a change to the profile list waits for
// another process's change (creating a profile takes about a second of
// key derivation).
const registryLockWait = 15 * time.Second

// lockRegistry serialises changes to profiles.json across processes: the
// window and a CLI command may both read, change and write the list, and
// without the lock the later write would drop the other's change. Callers
// hold m.mu already (which orders this process's own calls) and keep the
// lock from their read to their write.
func (m *Manager) lockRegistry() (unlock func(), err error) {
	if err := os.MkdirAll(m.dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	return lockFile(filepath.Join(m.dataDir, LockFileName), registryLockWait)
}

const registryVersion = 1

type registry struct {
	Version  int       `json:"version"`
	Profiles []Profile `json:"profiles"`

	// rebuilt: profiles.json was missing, empty or damaged and this list
	// was made from the backup and the profile folders (see rebuild).
	rebuilt bool
	// damaged: profiles.json exists but cannot be read; the next write
	// keeps it as profiles.json.damaged-<unix time> first.
	damaged bool
}

func (m *Manager) registryPath() string { return filepath.Join(m.dataDir, RegistryFileName) }
func (m *Manager) backupPath() string   { return filepath.Join(m.dataDir, BackupFileName) }

// readRegistry loads profiles.json. A missing, empty or damaged file is
// never taken to mean "no profiles": the list is rebuilt from the backup
// and the profile folders on disk, each of which describes itself. A
// damaged file is kept aside, not overwritten, when the list is next
// written.
func (m *Manager) readRegistry() (*registry, error) {
	m.tidyOnce.Do(m.tidy)
	b, err := os.ReadFile(m.registryPath())
	if errors.Is(err, fs.ErrNotExist) {
		return m.rebuild()
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", RegistryFileName, err)
	}
	if blank(b) {
		m.log.Warn("profile list is empty; rebuilding it from the profile folders")
		return m.rebuild()
	}
	r, err := parseRegistry(b)
	if err != nil {
		m.log.Warn("profile list is damaged; rebuilding it from the backup and the profile folders", "err", err)
		r, err := m.rebuild()
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrRegistryCorrupt, err)
		}
		r.damaged = true
		return r, nil
	}
	return r, nil
}

func parseRegistry(b []byte) (*registry, error) {
	var r registry
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("not valid JSON: %v", err)
	}
	if r.Version != registryVersion {
		return nil, fmt.Errorf("unknown version %d", r.Version)
	}
	seen := map[string]bool{}
	for _, p := range r.Profiles {
		if !validID(p.ID) || seen[p.ID] {
			return nil, fmt.Errorf("bad or duplicate profile id %q", p.ID)
		}
		if _, err := vault.ParseMode(string(p.Protection)); err != nil {
			return nil, fmt.Errorf("profile %s: %v", p.ID, err)
		}
		seen[p.ID] = true
	}
	return &r, nil
}

// writeRegistry replaces profiles.json atomically (keeping a damaged one
// aside first), then mirrors it to profiles.json.bak so an intact copy
// survives outside damage, and brings each profile folder's own
// description up to date. The backup is written only if the list names
// every profile on disk: a list that lost entries never replaces the
// backup that has them.
func (m *Manager) writeRegistry(r *registry) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", RegistryFileName, err)
	}
	if err := os.MkdirAll(m.dataDir, 0o700); err != nil {
		return fmt.Errorf("create data folder: %w", err)
	}
	if r.damaged {
		if cur, err := os.ReadFile(m.registryPath()); err == nil && !blank(cur) {
			if _, err := parseRegistry(cur); err != nil {
				aside := m.registryPath() + ".damaged-" + strconv.FormatInt(m.now().Unix(), 10)
				if err := os.Rename(m.registryPath(), aside); err != nil {
					return fmt.Errorf("keep damaged %s: %w", RegistryFileName, err)
				}
				m.log.Warn("damaged profile list kept aside", "copy", filepath.Base(aside))
			}
		}
		r.damaged = false
	}
	if err := atomicfile.Write(m.registryPath(), b, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", RegistryFileName, err)
	}
	found, err := m.onDisk(context.Background())
	if err != nil {
		return err
	}
	complete := true
	for _, p := range found {
		if _, ok := r.byID(p.ID); !ok {
			complete = false
		}
	}
	if complete {
		if err := atomicfile.Write(m.backupPath(), b, 0o600); err != nil {
			return fmt.Errorf("write %s: %w", BackupFileName, err)
		}
	} else {
		m.log.Warn("profile list lacks profiles that are on disk; its backup was left as it is")
	}
	m.syncInfo(r)
	return nil
}

// syncInfo writes each listed profile's profile.json where it is missing
// or out of date. It is best effort: the list itself is written.
func (m *Manager) syncInfo(r *registry) {
	for _, p := range r.Profiles {
		dir := m.Dir(p.ID)
		if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
			continue
		}
		if cur, err := readInfo(dir, p.ID); err == nil && sameProfile(cur, p) {
			continue
		}
		if err := writeInfo(dir, p); err != nil {
			m.log.Warn("profile description not written", "profile", p.ID, "err", err)
		}
	}
}

func sameProfile(a, b Profile) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Color == b.Color && a.Emoji == b.Emoji &&
		a.Protection == b.Protection && a.CreatedAt.Equal(b.CreatedAt)
}

// RestoreRegistryBackup replaces a damaged profiles.json with the intact
// profiles.json.bak. The damaged file is kept as
// profiles.json.damaged-<unix time>. It refuses if profiles.json is fine
// or the backup is damaged too. (Reading a damaged list already rebuilds
// it; this restores the backup's exact content.)
func (m *Manager) RestoreRegistryBackup() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	unlock, err := m.lockRegistry()
	if err != nil {
		return fmt.Errorf("restore profile list: %w", err)
	}
	defer unlock()
	if cur, err := os.ReadFile(m.registryPath()); err == nil {
		if _, err := parseRegistry(cur); err == nil {
			return errors.New("restore profile list: profiles.json is not damaged")
		}
	}
	bb, err := os.ReadFile(m.backupPath())
	if err != nil {
		return fmt.Errorf("restore profile list: read backup: %w", err)
	}
	if _, err := parseRegistry(bb); err != nil {
		return fmt.Errorf("restore profile list: the backup is damaged too: %v", err)
	}
	aside := m.registryPath() + ".damaged-" + strconv.FormatInt(m.now().Unix(), 10)
	if err := os.Rename(m.registryPath(), aside); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("restore profile list: keep damaged copy: %w", err)
	}
	if err := atomicfile.Write(m.registryPath(), bb, 0o600); err != nil {
		return fmt.Errorf("restore profile list: %w", err)
	}
	m.log.Info("profile list restored from backup", "damaged_copy", filepath.Base(aside))
	return nil
}

func (r *registry) byID(id string) (int, bool) {
	for i, p := range r.Profiles {
		if p.ID == id {
			return i, true
		}
	}
	return -1, false
}

// nameTaken reports whether another profile (not id) has a name that
// would look the same as name: equal ignoring case, invisible characters
// and look-alike letters (names.Confusable).
func (r *registry) nameTaken(name, id string) bool {
	for _, p := range r.Profiles {
		if p.ID != id && names.Confusable(p.Name, name) {
			return true
		}
	}
	return false
}

var (
	idPattern    = regexp.MustCompile(`^[0-9a-f]{32}$`) // store.NewID
	colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

// validID guards every path built from an id.
func validID(id string) bool { return idPattern.MatchString(id) }

// DefaultColor is used when a CreateRequest has none.
const DefaultColor = "#7c6f64"

// MaxNameLength is the longest display name, in characters.
const MaxNameLength = 64

func cleanName(name string) (string, error) {
	name = names.Normalize(name)
	n := len([]rune(name))
	if n == 0 {
		return "", fmt.Errorf("%w: a name is required", ErrInvalid)
	}
	if n > MaxNameLength {
		return "", fmt.Errorf("%w: the name is longer than %d characters", ErrInvalid, MaxNameLength)
	}
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return "", fmt.Errorf("%w: the name contains control characters", ErrInvalid)
	}
	return name, nil
}

func cleanLook(color, emoji string) (string, string, error) {
	if color == "" {
		color = DefaultColor
	}
	if !colorPattern.MatchString(color) {
		return "", "", fmt.Errorf("%w: colour must look like #a1b2c3", ErrInvalid)
	}
	emoji = strings.TrimSpace(emoji)
	if len([]rune(emoji)) > 8 || strings.IndexFunc(emoji, unicode.IsControl) >= 0 {
		return "", "", fmt.Errorf("%w: emoji must be at most 8 characters", ErrInvalid)
	}
	return strings.ToLower(color), emoji, nil
}
