package profile

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"hearth/backend/vault"
	"hearth/backend/vault/atomicfile"
)

// stagingPrefix names a profile folder that is still being built by
// Create (profiles/.new-<id>). The profile scan ignores it.
const stagingPrefix = ".new-"

// staleTemp is the age after which a temporary file of an atomic write
// in a profile folder is taken to be left over from a killed process.
const staleTemp = 10 * time.Minute

func (m *Manager) stagingDir(id string) string {
	return filepath.Join(m.dataDir, "profiles", stagingPrefix+id)
}

// tidy is tidyLocked at the first read of the profile list, if no other
// window or command is changing the list at that moment (it does not wait:
// the next start tries again).
func (m *Manager) tidy() {
	unlock, err := lockFile(filepath.Join(m.dataDir, LockFileName), 0)
	if err != nil {
		return
	}
	defer unlock()
	m.tidyLocked(context.Background())
}

// tidyLocked finishes or removes what an interrupted run left behind; the
// registry lock is held, so no Create is running. A staging folder whose
// profile is listed (the process stopped after the commit point) is
// renamed into place; any other is removed with its keychain item.
// Temporary files of profiles.json and its backup are removed.
func (m *Manager) tidyLocked(ctx context.Context) {
	if tmps, err := filepath.Glob(filepath.Join(m.dataDir, ".profiles.json*.tmp-*")); err == nil {
		for _, t := range tmps {
			if os.Remove(t) == nil {
				m.log.Info("removed a leftover temporary file", "file", filepath.Base(t))
			}
		}
	}
	entries, err := os.ReadDir(filepath.Join(m.dataDir, "profiles"))
	if err != nil {
		return
	}
	// Temporary files of atomic writes in profile folders (key slots,
	// descriptions, lock-out counters) that a killed process left: such a
	// write takes milliseconds, so one older than staleTemp is no one's.
	for _, e := range entries {
		if !validID(e.Name()) || !e.IsDir() {
			continue
		}
		tmps, _ := filepath.Glob(filepath.Join(m.Dir(e.Name()), ".*.tmp-*"))
		for _, t := range tmps {
			if fi, err := os.Lstat(t); err == nil && fi.Mode().IsRegular() && m.now().Sub(fi.ModTime()) > staleTemp {
				if os.Remove(t) == nil {
					m.log.Info("removed a leftover temporary file", "profile", e.Name(), "file", filepath.Base(t))
				}
			}
		}
	}
	var listed *registry
	for _, e := range entries {
		id, ok := strings.CutPrefix(e.Name(), stagingPrefix)
		if !ok || !validID(id) || !e.IsDir() {
			continue
		}
		if listed == nil {
			if listed, err = m.readRegistryFile(); err != nil {
				return // a damaged list: decide nothing now
			}
		}
		dir := m.stagingDir(id)
		if _, ok := listed.byID(id); ok {
			if _, err := os.Lstat(m.Dir(id)); errors.Is(err, fs.ErrNotExist) {
				if err := os.Rename(dir, m.Dir(id)); err == nil {
					atomicfile.SyncDir(filepath.Dir(dir))
					m.log.Info("finished an interrupted profile creation", "profile", id)
				}
			}
			continue
		}
		if vault.HasSlots(dir) {
			if _, err := m.vaultAt(dir, id).Destroy(ctx); err != nil {
				m.log.Warn("leftover of an interrupted profile creation kept: its keychain item could not be removed", "profile", id, "err", err)
				continue
			}
		}
		if err := os.RemoveAll(dir); err == nil {
			m.log.Info("removed the leftover of an interrupted profile creation", "profile", id)
		}
	}
}

// readRegistryFile reads profiles.json as it is on disk (no rebuild); a
// missing file is an empty list.
func (m *Manager) readRegistryFile() (*registry, error) {
	b, err := os.ReadFile(m.registryPath())
	if errors.Is(err, fs.ErrNotExist) {
		return &registry{Version: registryVersion}, nil
	}
	if err != nil {
		return nil, err
	}
	if blank(b) {
		return &registry{Version: registryVersion}, nil
	}
	return parseRegistry(b)
}
