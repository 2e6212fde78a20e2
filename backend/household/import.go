package household

import (
	"context"
	"fmt"
	"io"
	"os"

	"hearth/backend/exchange"
	"hearth/backend/family"
	"hearth/backend/profile"
	"hearth/backend/store"
)

// ImportRequest makes a new profile from a Hearth export.
type ImportRequest struct {
	Path       string
	Passphrase string // the bundle's passphrase (.hearth only)
	Profile    profile.CreateRequest
	Progress   func(done, total int)
}

// ImportAsProfile creates a profile from the export, filling its database
// before the profile is listed (profile.CreateRequest.Fill): a bad file, a
// failure or a killed process leaves no profile behind. On success the new
// profile is the open one.
func (c *Household) ImportAsProfile(ctx context.Context, req ImportRequest) (profile.Profile, string, exchange.Stats, error) {
	var st exchange.Stats
	var carried *family.Carried // a supervised profile keeps its family rules
	create := req.Profile
	create.Fill = func(ctx context.Context, db *store.DB) error {
		var err error
		st, err = exchange.ImportFile(ctx, db, req.Path, req.Passphrase, exchange.ImportOptions{FreshProfile: true, Progress: req.Progress})
		if err != nil {
			return err
		}
		carried, err = family.Carry(ctx, db)
		return err
	}
	p, recovery, err := c.profiles.Create(ctx, create)
	if err != nil {
		return profile.Profile{}, "", st, err
	}
	err = c.Family.Rehome(ctx, p.ID, recovery, carried)
	if err == nil {
		_, _, err = c.Unlock(ctx, p.ID, req.Profile.Secret)
	}
	if err != nil {
		// Its recovery key would never be shown: remove it again.
		if _, derr := c.profiles.Delete(ctx, p.ID); derr != nil {
			return profile.Profile{}, "", st, fmt.Errorf("%w (and the new profile %q could not be removed: %v)", err, p.Name, derr)
		}
		return profile.Profile{}, "", st, err
	}
	return p, recovery, st, nil
}

// IsBundle reports whether path starts like an age-encrypted .hearth bundle
// (so the caller knows to ask for its passphrase).
func IsBundle(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 64)
	n, _ := io.ReadFull(f, head)
	return exchange.LooksEncrypted(head[:n])
}
