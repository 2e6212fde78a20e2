package household

import (
	"context"
	"time"

	"hearth/backend/profile"
	"hearth/backend/vault"
)

// The household's profiles, as the window and the command line use them.
// These only read or change the registry and key slots; opening and
// closing a profile are in lifetime.go.

// Current is the open profile, or profile.ErrLocked when none is open or
// it is closing.
func (c *Household) Current() (profile.Profile, error) {
	if _, err := c.Workspace(); err != nil {
		return profile.Profile{}, err
	}
	open, err := c.profiles.Current() // the registry entry as it is now (a rename)
	if err != nil {
		return profile.Profile{}, err
	}
	return open.Profile, nil
}

// ListProfiles returns every profile, oldest first.
func (c *Household) ListProfiles(ctx context.Context) ([]profile.Profile, error) {
	return c.profiles.List(ctx)
}

// FindProfile returns the profile whose id, or else name, is nameOrID.
func (c *Household) FindProfile(ctx context.Context, nameOrID string) (profile.Profile, error) {
	return c.profiles.Find(ctx, nameOrID)
}

// CreateProfile makes a profile (it does not open it) and returns its
// recovery key, to be shown once.
func (c *Household) CreateProfile(ctx context.Context, req profile.CreateRequest) (profile.Profile, string, error) {
	return c.profiles.Create(ctx, req)
}

// UnlistedProfiles returns the profiles on disk that the list lacks.
func (c *Household) UnlistedProfiles(ctx context.Context) ([]profile.Profile, error) {
	return c.profiles.Unlisted(ctx)
}

// BringBackProfile lists a profile found on disk again.
func (c *Household) BringBackProfile(ctx context.Context, id string) (profile.Profile, error) {
	return c.profiles.BringBack(ctx, id)
}

// RenameProfile changes a profile's display name.
func (c *Household) RenameProfile(ctx context.Context, id, name string) (profile.Profile, error) {
	return c.profiles.Rename(ctx, id, name)
}

// ChangeProtection re-wraps profile id's key for mode with newSecret.
func (c *Household) ChangeProtection(ctx context.Context, id string, mode vault.Mode, currentSecret, newSecret string) (profile.Profile, error) {
	return c.profiles.ChangeProtection(ctx, id, mode, currentSecret, newSecret)
}

// RestoreKeychainItem writes the open profile id's keychain item again
// after a recovery unlock found it missing.
func (c *Household) RestoreKeychainItem(ctx context.Context, id, pin string) error {
	return c.profiles.RestoreKeychainItem(ctx, id, pin)
}

// Lockout reports profile id's wrong-secret count and the wait before
// another try.
func (c *Household) Lockout(ctx context.Context, id string) (int, time.Duration, error) {
	return c.profiles.Lockout(ctx, id)
}

// CheckFiles checks profile id's files on disk without opening it.
func (c *Household) CheckFiles(ctx context.Context, id string) (string, error) {
	return c.profiles.CheckFiles(ctx, id)
}

// ProfileDir is the folder of profile id.
func (c *Household) ProfileDir(id string) string { return c.profiles.Dir(id) }
