package core

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"hearth/backend/exchange"
	"hearth/backend/profile"
)

// ImportRequest makes a new profile from a Hearth export.
type ImportRequest struct {
	Path       string
	Passphrase string // the bundle's passphrase (.hearth only)
	Profile    profile.CreateRequest
	Progress   func(done, total int)
}

// ImportAsProfile creates a profile, opens it and imports the export into
// it. If anything fails the half-made profile is deleted again, so a bad
// file leaves nothing behind. On success the new profile is the open one.
func (c *Core) ImportAsProfile(ctx context.Context, req ImportRequest) (profile.Profile, string, exchange.Stats, error) {
	p, recovery, err := c.Profiles.Create(ctx, req.Profile)
	if err != nil {
		return profile.Profile{}, "", exchange.Stats{}, err
	}
	var st exchange.Stats
	ws, _, err := c.Unlock(ctx, p.ID, req.Profile.Secret)
	if err == nil {
		st, err = exchange.ImportFile(ctx, ws.DB, req.Path, req.Passphrase, exchange.ImportOptions{FreshProfile: true, Progress: req.Progress})
	}
	if err == nil {
		return p, recovery, st, nil
	}
	if _, derr := c.Profiles.Delete(ctx, p.ID); derr != nil {
		return profile.Profile{}, "", st, fmt.Errorf("%w (and the half-made profile %q could not be removed: %v)", err, p.Name, derr)
	}
	return profile.Profile{}, "", st, err
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
	return bytes.HasPrefix(head[:n], []byte("age-encryption.org/v1")) ||
		bytes.HasPrefix(head[:n], []byte("-----BEGIN AGE ENCRYPTED FILE-----"))
}
