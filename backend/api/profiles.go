package api

import (
	"context"
	"strings"
	"time"

	"hearth/backend/apperr"
	"hearth/backend/household"
	"hearth/backend/keychain"
	"hearth/backend/profile"
	"hearth/backend/settings"
	"hearth/backend/vault"
)

// Profiles is the household: list, create, unlock, lock, protect, delete.
type Profiles struct{ b *Backend }

// ProfileDTO is what the picker may show before unlock: no profile data.
type ProfileDTO struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Color      string `json:"color"`
	Emoji      string `json:"emoji"`
	Protection string `json:"protection"`
	CreatedAt  int64  `json:"createdAt"`
	IsOpen     bool   `json:"isOpen"`
}

func (p *Profiles) dto(pr profile.Profile) ProfileDTO {
	open := false
	if cur, err := p.b.home.Current(); err == nil && cur.ID == pr.ID {
		open = true
	}
	return ProfileDTO{ID: pr.ID, Name: pr.Name, Color: pr.Color, Emoji: pr.Emoji,
		Protection: string(pr.Protection), CreatedAt: pr.CreatedAt.UnixMilli(), IsOpen: open}
}

// List returns every profile of the household.
func (p *Profiles) List() ([]ProfileDTO, error) {
	ps, err := p.b.home.ListProfiles(context.Background())
	if err != nil {
		return nil, p.b.fail("profiles.list", err)
	}
	out := make([]ProfileDTO, 0, len(ps))
	for _, pr := range ps {
		out = append(out, p.dto(pr))
	}
	return out, nil
}

// Unlisted returns the profiles whose folders are on disk but which the
// profile list lacks (an older profiles.json put back by a sync tool), so
// the picker can offer to bring them back. Registry data only.
func (p *Profiles) Unlisted() ([]ProfileDTO, error) {
	ps, err := p.b.home.UnlistedProfiles(context.Background())
	if err != nil {
		return nil, p.b.fail("profiles.unlisted", err)
	}
	out := make([]ProfileDTO, 0, len(ps))
	for _, pr := range ps {
		out = append(out, p.dto(pr))
	}
	return out, nil
}

// BringBack adds a profile found on disk (see Unlisted) to the list again.
func (p *Profiles) BringBack(id string) (ProfileDTO, error) {
	pr, err := p.b.home.BringBackProfile(context.Background(), id)
	if err != nil {
		return ProfileDTO{}, p.b.fail("profiles.bringBack", err)
	}
	return p.dto(pr), nil
}

// KeychainState says whether the OS keychain can hold keys on this machine.
type KeychainState struct {
	Available bool   `json:"available"`
	Reason    string `json:"reason"`
}

// KeychainStatus probes the OS keychain.
func (p *Profiles) KeychainStatus() KeychainState {
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Second)
	defer cancel()
	if err := keychain.Probe(ctx, p.b.home.Keychain); err != nil {
		return KeychainState{Available: false, Reason: strings.TrimPrefix(p.b.fail("keychain", err).Error(), "[keychain-unavailable] ")}
	}
	return KeychainState{Available: true}
}

// CreateRequest is a new profile.
type CreateRequest struct {
	Name       string `json:"name"`
	Color      string `json:"color"`
	Emoji      string `json:"emoji"`
	Protection string `json:"protection"`
	Secret     string `json:"secret"`
}

// CreateResult carries the recovery key, shown once.
type CreateResult struct {
	Profile     ProfileDTO `json:"profile"`
	RecoveryKey string     `json:"recoveryKey"`
}

// Create makes a profile (it does not open it).
func (p *Profiles) Create(req CreateRequest) (CreateResult, error) {
	mode, err := vault.ParseMode(req.Protection)
	if err != nil {
		return CreateResult{}, invalid("Choose keychain, PIN or passphrase protection.")
	}
	pr, rk, err := p.b.home.CreateProfile(context.Background(), profile.CreateRequest{
		Name: req.Name, Color: req.Color, Emoji: req.Emoji, Protection: mode, Secret: req.Secret})
	if err != nil {
		return CreateResult{}, p.b.fail("profiles.create", err)
	}
	return CreateResult{Profile: p.dto(pr), RecoveryKey: rk}, nil
}

// Unlock opens a profile with its PIN or passphrase ("" in keychain mode),
// locking any other.
func (p *Profiles) Unlock(id, secret string) (ProfileDTO, error) {
	_, open, err := p.b.home.Unlock(context.Background(), id, secret)
	if err != nil {
		return ProfileDTO{}, p.b.fail("profiles.unlock", err)
	}
	p.loadAutoLock()
	p.notify(open)
	return p.dto(open.Profile), nil
}

// RecoveryResult says whether the keychain item can be written again.
type RecoveryResult struct {
	Profile            ProfileDTO `json:"profile"`
	CanRestoreKeychain bool       `json:"canRestoreKeychain"`
}

// UnlockWithRecovery opens a profile with its recovery key.
func (p *Profiles) UnlockWithRecovery(id, recoveryKey string) (RecoveryResult, error) {
	_, open, err := p.b.home.UnlockWithRecovery(context.Background(), id, recoveryKey)
	if err != nil {
		return RecoveryResult{}, p.b.fail("profiles.recover", err)
	}
	p.loadAutoLock()
	p.notify(open)
	return RecoveryResult{Profile: p.dto(open.Profile), CanRestoreKeychain: open.KeychainRestoreSuggested}, nil
}

// RestoreKeychain stores the open profile's key in the keychain again after
// a recovery unlock (pin: the PIN to wrap it with; "" otherwise).
func (p *Profiles) RestoreKeychain(pin string) error {
	cur, err := p.b.home.Current()
	if err != nil {
		return p.b.fail("profiles.restore", err)
	}
	return p.b.fail("profiles.restore", p.b.home.RestoreKeychainItem(context.Background(), cur.ID, pin))
}

// LockoutState is the wrong-secret counter of a profile.
type LockoutState struct {
	Failures    int `json:"failures"`
	WaitSeconds int `json:"waitSeconds"`
}

// Lockout reports failures and the remaining wait before another try.
func (p *Profiles) Lockout(id string) (LockoutState, error) {
	f, wait, err := p.b.home.Lockout(context.Background(), id)
	if err != nil {
		return LockoutState{}, p.b.fail("profiles.lockout", err)
	}
	return LockoutState{Failures: f, WaitSeconds: int(wait.Seconds() + 0.999)}, nil
}

// Lock closes the open profile and drops its key.
func (p *Profiles) Lock() error {
	return p.b.fail("profiles.lock", p.b.home.Lock(context.Background()))
}

// Current is the open profile, or nil when locked.
func (p *Profiles) Current() *ProfileDTO {
	cur, err := p.b.home.Current()
	if err != nil {
		return nil
	}
	d := p.dto(cur)
	return &d
}

// Rename renames the open profile.
func (p *Profiles) Rename(name string) (ProfileDTO, error) {
	cur, err := p.b.home.Current()
	if err != nil {
		return ProfileDTO{}, p.b.fail("profiles.rename", err)
	}
	pr, err := p.b.home.RenameProfile(context.Background(), cur.ID, name)
	if err != nil {
		return ProfileDTO{}, p.b.fail("profiles.rename", err)
	}
	return p.dto(pr), nil
}

// ChangeProtection re-wraps the open profile's key for another mode or secret.
func (p *Profiles) ChangeProtection(mode, currentSecret, newSecret string) (ProfileDTO, error) {
	m, err := vault.ParseMode(mode)
	if err != nil {
		return ProfileDTO{}, invalid("Choose keychain, PIN or passphrase protection.")
	}
	cur, err := p.b.home.Current()
	if err != nil {
		return ProfileDTO{}, p.b.fail("profiles.protect", err)
	}
	pr, err := p.b.home.ChangeProtection(context.Background(), cur.ID, m, currentSecret, newSecret)
	if err != nil {
		return ProfileDTO{}, p.b.fail("profiles.protect", err)
	}
	return p.dto(pr), nil
}

// defaultAutoLock is the idle time before auto-lock of a profile that never
// set one, in minutes.
const defaultAutoLock = 15

// GetAutoLock is the open profile's idle time before auto-lock (0 = never).
func (p *Profiles) GetAutoLock() (int, error) {
	ws, err := p.b.workspace()
	if err != nil {
		return 0, err
	}
	n, err := settings.New(ws.DB).Int(context.Background(), settings.AutoLockMinutes, defaultAutoLock)
	return n, p.b.fail("profiles.autolock", err)
}

// SetAutoLock stores and applies the idle time in minutes (0 = never).
func (p *Profiles) SetAutoLock(minutes int) error {
	if minutes < 0 || minutes > 24*60 {
		return invalid("Choose between 0 (never) and 1440 minutes.")
	}
	ws, err := p.b.workspace()
	if err != nil {
		return err
	}
	if err := settings.New(ws.DB).SetInt(context.Background(), settings.AutoLockMinutes, minutes); err != nil {
		return p.b.fail("profiles.autolock", err)
	}
	p.b.home.SetAutoLock(time.Duration(minutes) * time.Minute)
	return nil
}

func (p *Profiles) loadAutoLock() {
	if ws, err := p.b.home.Workspace(); err == nil {
		// Unreadable: the default, as for a profile that never set one.
		n, _ := settings.New(ws.DB).Int(context.Background(), settings.AutoLockMinutes, defaultAutoLock)
		p.b.home.SetAutoLock(time.Duration(n) * time.Minute)
	}
}

// Touch records user activity (resets the auto-lock timer).
func (p *Profiles) Touch() { p.b.home.Touch() }

// DeleteReport lists what was removed.
type DeleteReport struct {
	ProfileName          string   `json:"profileName"`
	RemovedFiles         []string `json:"removedFiles"`
	RemovedKeychainItems []string `json:"removedKeychainItems"`
}

// Delete removes the open profile for good; confirmName must be its name.
func (p *Profiles) Delete(confirmName string) (DeleteReport, error) {
	cur, err := p.b.home.Current()
	if err != nil {
		return DeleteReport{}, p.b.fail("profiles.delete", err)
	}
	if confirmName != cur.Name {
		return DeleteReport{}, invalid("Type the profile's name exactly to confirm.")
	}
	rep, err := p.b.home.DeleteProfile(context.Background(), cur.ID)
	if err != nil {
		return DeleteReport{}, p.b.fail("profiles.delete", err)
	}
	return DeleteReport{ProfileName: rep.Profile.Name, RemovedFiles: nonNil(rep.Files), RemovedKeychainItems: nonNil(rep.KeychainItems)}, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ImportProfileRequest makes a new profile from a .hearth or .zip export.
type ImportProfileRequest struct {
	Path       string `json:"path"`
	Passphrase string `json:"passphrase"` // the bundle's (.hearth only)
	CreateRequest
}

// ImportProfileResult is the new (open) profile, its recovery key (shown
// once) and what was imported.
type ImportProfileResult struct {
	Profile     ProfileDTO   `json:"profile"`
	RecoveryKey string       `json:"recoveryKey"`
	Imported    ImportResult `json:"imported"`
}

// ImportAsNew creates a profile from an export and opens it. A bad file or
// passphrase leaves no profile behind.
func (p *Profiles) ImportAsNew(req ImportProfileRequest) (ImportProfileResult, error) {
	mode, err := vault.ParseMode(req.Protection)
	if err != nil {
		return ImportProfileResult{}, invalid("Choose keychain, PIN or passphrase protection.")
	}
	if req.Path == "" {
		return ImportProfileResult{}, invalid("Choose the export file to import.")
	}
	pr, rk, st, err := p.b.home.ImportAsProfile(context.Background(), household.ImportRequest{
		Path: req.Path, Passphrase: req.Passphrase,
		Profile: profile.CreateRequest{Name: req.Name, Color: req.Color, Emoji: req.Emoji, Protection: mode, Secret: req.Secret},
		Progress: func(done, total int) {
			p.b.cfg.Emit(EventExportProgress, ExportProgress{Done: done, Total: total})
		},
	})
	if err != nil {
		return ImportProfileResult{}, p.b.fail("profiles.import", err)
	}
	p.loadAutoLock()
	return ImportProfileResult{Profile: p.dto(pr), RecoveryKey: rk,
		Imported: ImportResult{Modules: st.Modules, Sessions: st.Sessions, Messages: st.Messages, Memories: st.Memories}}, nil
}

// notify tells the window what opening the profile found (damage kept
// aside, lost key slots), one sentence each.
func (p *Profiles) notify(open profile.Opened) {
	for _, w := range open.Warnings {
		p.b.cfg.Emit(EventProfileNotice, ProfileNotice{ProfileID: open.Profile.ID, Kind: "warning", Text: apperr.Sentence(w)})
	}
}
