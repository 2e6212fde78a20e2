package profile

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"hearth/backend/vault/atomicfile"
)

// ErrSymlink: the profile folder is a symbolic link. Hearth deletes only
// whole real folders, never files through a link (which would leave part
// of the profile behind in the link's target).
var ErrSymlink = errors.New("the profile folder is a symbolic link; Hearth does not delete through links: move the real folder into place, or remove the link and its target yourself")

// Report lists what Delete removed.
type Report struct {
	Profile Profile
	// KeychainItems are the keychain accounts removed (service Hearth).
	KeychainItems []string
	// Files are the files removed, key material first, then the folder.
	Files []string
}

// Delete removes profile id: its keychain item, key slots, database and
// its -wal/-shm/-journal files, everything else in its folder, the folder,
// and its registry entry, in that order. The open profile is locked first.
// Other profiles are not touched. If the keychain cannot be reached while
// the profile uses it, nothing is removed and the error matches
// keychain.ErrUnavailable. If another process has the profile open,
// nothing is removed and the error matches ErrInUse; a profile folder that
// is a symbolic link is refused (ErrSymlink). Calling it again after a partial failure
// finishes the job.
func (m *Manager) Delete(ctx context.Context, id string) (Report, error) {
	if m.opts.BeforeDelete != nil {
		if err := m.opts.BeforeDelete(ctx, id); err != nil {
			return Report{}, err // a sentence for the person, as is
		}
	}
	var locked string
	defer func() { m.notifyLock(locked) }()
	m.mu.Lock()
	defer m.mu.Unlock()
	p, err := m.findID(id)
	if err != nil {
		return Report{}, err
	}
	if !validID(id) { // findID only returns valid ids; this guards RemoveAll below
		return Report{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	dir := m.Dir(id)
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return Report{}, fmt.Errorf("delete profile: %w", ErrSymlink)
	}
	if m.open != nil && m.open.profile.ID == id {
		locked = LockDelete
		if err := m.lockLocked(); err != nil {
			m.log.Warn("close profile before delete", "err", err)
		}
	}
	if _, err := os.Stat(dir); err == nil {
		release, err := lockOwner(m.ownerLockPath(id), true, ownerLockWait)
		if errors.Is(err, ErrInUse) {
			if who := lockHolders(m.ownerLockPath(id)); len(who) > 0 {
				return Report{}, fmt.Errorf("delete profile: %w (open in %s)", err, strings.Join(who, ", "))
			}
		}
		if err != nil {
			return Report{}, fmt.Errorf("delete profile: %w", err)
		}
		defer release()
	}
	rep := Report{Profile: p}
	removed, err := m.vault(id).Destroy(ctx)
	if removed.KeychainItem != "" {
		rep.KeychainItems = append(rep.KeychainItems, removed.KeychainItem)
	}
	rep.Files = append(rep.Files, removed.Files...)
	if err != nil {
		return rep, fmt.Errorf("delete profile: %w", err)
	}
	files, err := removeTree(dir)
	rep.Files = append(rep.Files, files...)
	if err != nil {
		return rep, fmt.Errorf("delete profile files: %w", err)
	}
	// An interrupted key rotation's folder (rotate.go) holds a copy too.
	files, err = removeTree(filepath.Join(m.dataDir, "profiles", rotationPrefix+id))
	rep.Files = append(rep.Files, files...)
	if err != nil {
		return rep, fmt.Errorf("delete profile files: %w", err)
	}
	atomicfile.SyncDir(filepath.Dir(dir))
	unlock, err := m.lockRegistry()
	if err != nil {
		return rep, fmt.Errorf("delete profile: %w", err)
	}
	defer unlock()
	r, err := m.readRegistry()
	if err != nil {
		return rep, err
	}
	if i, ok := r.byID(id); ok {
		r.Profiles = slices.Delete(r.Profiles, i, i+1)
		if err := m.writeRegistry(r); err != nil {
			return rep, err
		}
	}
	m.log.Info("profile deleted", "profile", id, "files", len(rep.Files), "keychain_items", len(rep.KeychainItems))
	return rep, nil
}

// removeTree removes every file under dir, deepest first, then dir, and
// returns the paths removed. A missing dir is not an error.
func removeTree(dir string) ([]string, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, p := range slices.Backward(paths) { // children before parents
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, err
		}
		removed = append(removed, p)
	}
	return removed, nil
}
