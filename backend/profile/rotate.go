package profile

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"hearth/backend/store"
	"hearth/backend/vault"
	"hearth/backend/vault/atomicfile"
)

// LockRotate is the lock reason when the open profile is closed for a key
// rotation.
const LockRotate = "rotate"

// rotationPrefix names the folder a key rotation builds
// (profiles/.rekey-<id>); after the switch it holds the old folder until
// that is removed. The profile scan ignores it.
const rotationPrefix = ".rekey-"

// RotateKey moves profile id to a new data key, for when its passphrase,
// PIN, recovery key or a backup of its key slots may have leaked: an old
// keyslots.json (with the old secret or the old recovery key) then no
// longer opens anything written afterwards. newSecret is the new PIN or
// passphrase ("" keeps the current one; keychain mode needs none). It
// returns the new recovery key, to be shown once; the old one stops
// working.
//
// The database is rewritten through the encrypting VFS under the new key
// into profiles/.rekey-<id>, next to new key slots; the keychain item
// holds both keys meanwhile (vault.StageRotation). The switch is one
// atomic exchange of the two folders (Linux; elsewhere two renames);
// then the keychain keeps only the new key and the old folder — old
// database, old key slots — is removed. Interrupted before the switch, the
// profile is as it was; after it, the profile opens with the new key and
// the old folder waits under profiles/.rekey-<id> until the next rotation
// removes it. The open profile is locked first; another process having it
// open refuses the rotation (ErrInUse).
func (m *Manager) RotateKey(ctx context.Context, id, currentSecret, newSecret string) (Profile, string, error) {
	var locked string
	defer func() { m.notifyLock(locked) }()
	m.mu.Lock()
	defer m.mu.Unlock()
	p, err := m.findID(id)
	if err != nil {
		return Profile{}, "", err
	}
	dir := m.Dir(id)
	if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
		return Profile{}, "", fmt.Errorf("rotate key: the profile folder is missing or not a folder")
	}
	v := m.vault(id)
	oldKey, _, err := v.Unlock(ctx, currentSecret) // a wrong secret changes nothing
	if err != nil {
		return Profile{}, "", fmt.Errorf("rotate key: %w", err)
	}
	defer vault.Zero(oldKey)
	if newSecret == "" {
		newSecret = currentSecret
	}
	if err := vault.CheckNewSecret(p.Protection, newSecret); err != nil {
		return Profile{}, "", fmt.Errorf("rotate key: %w", err)
	}
	if m.open != nil && m.open.profile.ID == id {
		locked = LockRotate
		if err := m.lockLocked(); err != nil {
			return Profile{}, "", fmt.Errorf("rotate key: close the profile: %w", err)
		}
	}
	release, err := lockOwner(m.ownerLockPath(id), true, ownerLockWait)
	if err != nil {
		return Profile{}, "", fmt.Errorf("rotate key: %w", err)
	}
	defer release()
	stage := filepath.Join(m.dataDir, "profiles", rotationPrefix+id)
	if err := os.RemoveAll(stage); err != nil {
		return Profile{}, "", fmt.Errorf("rotate key: remove an earlier rotation's folder: %w", err)
	}
	if err := os.MkdirAll(stage, 0o700); err != nil {
		return Profile{}, "", fmt.Errorf("rotate key: %w", err)
	}
	undo := func() { os.RemoveAll(stage) }
	newKey := vault.NewKey()
	defer vault.Zero(newKey)
	if err := m.copyUnderKey(ctx, dir, stage, oldKey, newKey); err != nil {
		undo()
		return Profile{}, "", err
	}
	if err := copyPlainFiles(dir, stage); err != nil {
		undo()
		return Profile{}, "", fmt.Errorf("rotate key: %w", err)
	}
	recovery, err := v.StageRotation(ctx, m.vaultAt(stage, id), oldKey, newKey, newSecret)
	if err != nil {
		undo()
		if ferr := v.FinishRotation(ctx); ferr != nil { // drop the staged keychain entry
			m.log.Warn("rotate key: tidy keychain item", "profile", id, "err", ferr)
		}
		return Profile{}, "", fmt.Errorf("rotate key: %w", err)
	}
	if err := exchangeDirs(stage, dir); err != nil { // the commit point
		undo()
		if ferr := v.FinishRotation(ctx); ferr != nil {
			m.log.Warn("rotate key: tidy keychain item", "profile", id, "err", ferr)
		}
		return Profile{}, "", fmt.Errorf("rotate key: put the new folder in place: %w", err)
	}
	atomicfile.SyncDir(filepath.Dir(dir))
	if err := v.FinishRotation(ctx); err != nil {
		// The profile opens either way (the item holds both keys).
		m.log.Warn("rotate key: the keychain item still holds the old key too", "profile", id, "err", err)
	}
	if _, err := removeTree(stage); err != nil {
		m.log.Warn("rotate key: remove the old folder", "profile", id, "err", err)
	}
	m.audit(ctx, id, newKey, "key_rotated", "")
	m.log.Info("profile key rotated", "profile", id)
	return p, recovery, nil
}

// copyUnderKey writes dir's database, re-encrypted under newKey, to stage.
func (m *Manager) copyUnderKey(ctx context.Context, dir, stage string, oldKey, newKey []byte) error {
	db, err := store.Open(ctx, filepath.Join(dir, DBFileName), oldKey, m.existingStore())
	if err != nil {
		return fmt.Errorf("rotate key: open the database: %w", err)
	}
	defer db.Close()
	if err := store.CopyUnderKey(ctx, db, filepath.Join(stage, DBFileName), newKey); err != nil {
		return fmt.Errorf("rotate key: %w", err)
	}
	return db.Close()
}

// copyPlainFiles copies the folder's files that hold no key material and
// are not the database (the profile's description, for instance) to stage.
func copyPlainFiles(dir, stage string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	skip := map[string]bool{vault.SlotsFileName: true, vault.SlotsCopyName: true, vault.LockoutFileName: true, OwnerLockName: true}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || skip[name] || strings.HasPrefix(name, DBFileName) || strings.HasPrefix(name, ".") {
			continue
		}
		if err := copyFile(filepath.Join(dir, name), filepath.Join(stage, name)); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
