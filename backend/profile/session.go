package profile

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"hearth/backend/store"
	"hearth/backend/vault"
)

// Unlock opens profile id with secret (PIN or passphrase; "" in keychain
// mode), locking the open profile first if there is one. Errors include
// vault.ErrSecretRequired, vault.ErrWrongSecret (*vault.WrongSecretError),
// vault.ErrLockedOut (*vault.LockoutError with Wait),
// vault.ErrKeychainItemMissing (offer the recovery key),
// keychain.ErrUnavailable and vault.ErrCorrupt.
//
// If both key-slot files are lost, a keychain or PIN profile is opened
// from its keychain item alone, checked by opening its database, and new
// key slots with a new recovery key are written (Opened.NewRecoveryKey).
func (m *Manager) Unlock(ctx context.Context, id, secret string) (Opened, error) {
	return m.unlock(ctx, id, func(v *vault.Vault) ([]byte, vault.UnlockInfo, error) {
		key, info, err := v.Unlock(ctx, secret)
		if errors.Is(err, vault.ErrSlotsLost) {
			k, mode, kerr := v.UnlockWithoutSlots(ctx, secret)
			if kerr != nil {
				if errors.Is(kerr, vault.ErrWrongSecret) || errors.Is(kerr, vault.ErrLockedOut) {
					return nil, vault.UnlockInfo{}, kerr
				}
				return nil, vault.UnlockInfo{}, err
			}
			return k, vault.UnlockInfo{Mode: mode, SlotsLost: true}, nil
		}
		return key, info, err
	})
}

// UnlockWithRecovery opens profile id with its recovery key, which needs
// no keychain. If the profile's keychain item is missing,
// Opened.KeychainRestoreSuggested is set: offer RestoreKeychainItem.
func (m *Manager) UnlockWithRecovery(ctx context.Context, id, recoveryKey string) (Opened, error) {
	return m.unlock(ctx, id, func(v *vault.Vault) ([]byte, vault.UnlockInfo, error) {
		return v.UnlockWithRecovery(ctx, recoveryKey)
	})
}

func (m *Manager) unlock(ctx context.Context, id string, open func(*vault.Vault) ([]byte, vault.UnlockInfo, error)) (Opened, error) {
	var locked string
	defer func() { m.notifyLock(locked) }()
	m.mu.Lock()
	defer m.mu.Unlock()
	p, err := m.findID(id)
	if err != nil {
		return Opened{}, err
	}
	if m.open != nil {
		locked = LockSwitch
		if err := m.lockLocked(); err != nil {
			m.log.Warn("close previous profile", "err", err)
		}
	}
	release, err := lockOwner(m.ownerLockPath(id), false, ownerLockWait)
	if err != nil {
		if errors.Is(err, ErrInUse) {
			return Opened{}, fmt.Errorf("unlock profile: another Hearth window or command is deleting it: %w", ErrInUse)
		}
		return Opened{}, fmt.Errorf("unlock profile: %w", err)
	}
	opened := false
	defer func() {
		if !opened {
			release()
		}
	}()
	v := m.vault(id)
	key, info, err := open(v)
	if err != nil {
		if errors.Is(err, vault.ErrWrongSecret) {
			m.log.Info("profile unlock failed: wrong secret", "profile", id)
		}
		return Opened{}, fmt.Errorf("unlock profile: %w", err)
	}
	db, err := store.Open(ctx, filepath.Join(m.Dir(id), DBFileName), key, m.existingStore())
	if err != nil {
		vault.Zero(key)
		if errors.Is(err, store.ErrMissing) {
			return Opened{}, fmt.Errorf("unlock profile: %w; Hearth did not start it over: put back a copy of the file, or bring the profile back from an export", err)
		}
		if errors.Is(err, store.ErrWrongKey) {
			return Opened{}, fmt.Errorf("unlock profile: %w: the database does not decrypt with the profile's key: %w", vault.ErrCorrupt, err)
		}
		return Opened{}, fmt.Errorf("unlock profile: open database: %w", err)
	}
	if m.opts.Verify != nil {
		if err := m.opts.Verify(ctx, p, db); err != nil {
			db.Close()
			vault.Zero(key)
			return Opened{}, err // a sentence for the person, as is
		}
	}
	m.open = &openProfile{profile: p, db: db, key: key, recovered: info.Recovery, release: release}
	opened = true
	if info.FailedAttempts > 0 {
		m.audit(ctx, id, key, "unlock_failed", fmt.Sprintf("count=%d", info.FailedAttempts))
	}
	if info.Recovery {
		m.audit(ctx, id, key, "unlock_recovery", "mode="+string(info.Mode))
	} else {
		m.audit(ctx, id, key, "unlock", "mode="+string(info.Mode))
	}
	if info.Mode != p.Protection { // an interrupted protection change: the vault is authoritative
		if p2, err := m.updateLocked(id, func(_ *registry, p *Profile) error { p.Protection = info.Mode; return nil }); err == nil {
			p = p2
		}
	}
	out := Opened{Profile: p, DB: db, Recovered: info.Recovery}
	if info.SlotsLost && !m.opts.RebuildLostSlots {
		m.log.Warn("profile opened from its keychain item: both key-slot files are lost", "profile", id)
		out.Warnings = append(out.Warnings, "both key-slot files of this profile are lost; it was opened with its keychain item. Run 'hearth profile unlock --profile "+p.Name+"' to write new ones and get a new recovery key")
	} else if info.SlotsLost {
		// The database opened with the keychain's key, so it is the right
		// one: write key slots again, with a recovery key to show once.
		if rk, err := v.RebuildSlots(key, info.Mode); err != nil {
			m.log.Warn("key slots not rebuilt", "profile", id, "err", err)
			out.Warnings = append(out.Warnings, "both key-slot files of this profile are lost and could not be written again ("+err.Error()+"); keep it open and export it")
		} else {
			out.NewRecoveryKey = rk
			out.Warnings = append(out.Warnings, "both key-slot files of this profile were lost; it was opened with its keychain item and new ones were written. The old recovery key no longer works: keep the new one shown now")
			m.audit(ctx, id, key, "keyslots_rebuilt", "mode="+string(info.Mode))
			m.log.Warn("key slots rebuilt from the keychain item", "profile", id)
		}
	}
	if d := db.WALDamage(); d.Reason != "" {
		m.log.Warn("damaged write-ahead log kept aside", "profile", id, "copy", filepath.Base(d.KeptAs))
		out.Warnings = append(out.Warnings, d.String())
	}
	if info.Recovery && p.Protection.UsesKeychain() {
		st, err := v.KeychainStatus(ctx)
		out.KeychainRestoreSuggested = err == nil && (st.State == vault.KeychainMissing || st.State == vault.KeychainDamaged)
	}
	if m.opts.OnIntegrity != nil {
		db.CheckIntegrityLater(func(res store.Integrity, err error) {
			if err == nil && !res.OK() {
				m.log.Warn("profile database failed its integrity check", "profile", id, "problems", len(res.Problems))
			}
			m.opts.OnIntegrity(id, res, err)
		})
	}
	m.log.Info("profile unlocked", "profile", id, "mode", string(info.Mode), "recovery", info.Recovery)
	return out, nil
}

// Current returns the open profile, or ErrLocked.
func (m *Manager) Current() (Opened, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.open == nil {
		return Opened{}, ErrLocked
	}
	return Opened{Profile: m.open.profile, DB: m.open.db, Recovered: m.open.recovered}, nil
}

// Lock closes the open profile's database and zeroes its key. Locking
// when nothing is open is a no-op. OnLock is called with LockUser.
func (m *Manager) Lock(ctx context.Context) error {
	m.mu.Lock()
	if m.open == nil {
		m.mu.Unlock()
		return nil
	}
	err := m.lockLocked()
	m.mu.Unlock()
	m.notifyLock(LockUser)
	return err
}

// lockLocked drops the open profile; m.mu is held.
func (m *Manager) lockLocked() error {
	o := m.open
	if o == nil {
		return nil
	}
	m.open = nil
	err := o.db.Close() // before zeroing: closing may still write pages
	vault.Zero(o.key)
	if o.release != nil {
		o.release()
	}
	if err != nil {
		return fmt.Errorf("close profile database: %w", err)
	}
	m.log.Info("profile locked", "profile", o.profile.ID)
	return nil
}

func (m *Manager) notifyLock(reason string) {
	if reason != "" && m.opts.OnLock != nil {
		m.opts.OnLock(reason)
	}
}

// RestoreKeychainItem writes the keychain item of the open profile id
// again, after a recovery unlock found it missing. In pin mode pin is the
// (new) PIN; in keychain mode it is ignored. Passphrase profiles have no
// item (vault.ErrBadMode).
func (m *Manager) RestoreKeychainItem(ctx context.Context, id, pin string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.open == nil || m.open.profile.ID != id {
		return ErrNotOpen
	}
	if err := m.vault(id).RestoreKeychainItem(ctx, m.open.key, pin); err != nil {
		return fmt.Errorf("restore keychain item: %w", err)
	}
	m.audit(ctx, id, m.open.key, "keychain_restored", "mode="+string(m.open.profile.Protection))
	m.log.Info("keychain item restored", "profile", id)
	return nil
}

// KeychainStatus reports the state of profile id's keychain item without
// unlocking it (hearth doctor, the recovery flow).
func (m *Manager) KeychainStatus(ctx context.Context, id string) (vault.KeychainStatus, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.findID(id); err != nil {
		return vault.KeychainStatus{}, err
	}
	return m.vault(id).KeychainStatus(ctx)
}
