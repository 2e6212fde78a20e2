package profile

import (
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
}

func (m *Manager) registryPath() string { return filepath.Join(m.dataDir, RegistryFileName) }
func (m *Manager) backupPath() string   { return filepath.Join(m.dataDir, BackupFileName) }

// readRegistry loads profiles.json; a missing file is an empty registry.
// A damaged one is ErrRegistryCorrupt and is never overwritten: every
// write starts with a successful read.
func (m *Manager) readRegistry() (*registry, error) {
	b, err := os.ReadFile(m.registryPath())
	if errors.Is(err, fs.ErrNotExist) {
		return &registry{Version: registryVersion}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", RegistryFileName, err)
	}
	r, err := parseRegistry(b)
	if err != nil {
		hint := "no backup copy exists"
		if bb, err := os.ReadFile(m.backupPath()); err == nil {
			if _, err := parseRegistry(bb); err == nil {
				hint = "an intact copy is in " + BackupFileName
			}
		}
		return nil, fmt.Errorf("%w (%v); it was left untouched and %s", ErrRegistryCorrupt, err, hint)
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

// writeRegistry replaces profiles.json atomically, then mirrors it to
// profiles.json.bak so an intact copy survives outside damage.
func (m *Manager) writeRegistry(r *registry) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", RegistryFileName, err)
	}
	if err := os.MkdirAll(m.dataDir, 0o700); err != nil {
		return fmt.Errorf("create data folder: %w", err)
	}
	if err := atomicfile.Write(m.registryPath(), b, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", RegistryFileName, err)
	}
	if err := atomicfile.Write(m.backupPath(), b, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", BackupFileName, err)
	}
	return nil
}

// RestoreRegistryBackup replaces a damaged profiles.json with the intact
// profiles.json.bak. The damaged file is kept as
// profiles.json.damaged-<unix time>. It refuses if profiles.json is fine
// or the backup is damaged too.
func (m *Manager) RestoreRegistryBackup() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	unlock, err := m.lockRegistry()
	if err != nil {
		return fmt.Errorf("restore profile list: %w", err)
	}
	defer unlock()
	if _, err := m.readRegistry(); err == nil {
		return errors.New("restore profile list: profiles.json is not damaged")
	}
	bb, err := os.ReadFile(m.backupPath())
	if err != nil {
		return fmt.Errorf("restore profile list: read backup: %w", err)
	}
	if _, err := parseRegistry(bb); err != nil {
		return fmt.Errorf("restore profile list: the backup is damaged too: %v", err)
	}
	aside := m.registryPath() + ".damaged-" + strconv.FormatInt(m.now().Unix(), 10)
	if err := os.Rename(m.registryPath(), aside); err != nil {
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

// nameTaken reports whether another profile (not id) has name, ignoring case.
func (r *registry) nameTaken(name, id string) bool {
	for _, p := range r.Profiles {
		if p.ID != id && strings.EqualFold(p.Name, name) {
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
	name = strings.TrimSpace(name)
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
