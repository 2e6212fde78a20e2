package core

import (
	"context"

	"hearth/backend/profile"
)

// RotateKey re-encrypts profile id under a new data key (see
// profile.Manager.RotateKey); if it is the open one, its running turns
// store their replies first. The profile is left locked.
func (c *Core) RotateKey(ctx context.Context, id, currentSecret, newSecret string) (profile.Profile, string, error) {
	c.mu.Lock()
	open := c.ws != nil && c.ws.Profile.ID == id
	c.mu.Unlock()
	if open {
		c.beginClose()
		defer c.endClose()
	}
	return c.Profiles.RotateKey(ctx, id, currentSecret, newSecret)
}
