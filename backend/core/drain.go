package core

import (
	"context"
	"time"

	"hearth/backend/profile"
)

// drainWait bounds how long closing a profile waits for its running turns
// to store their replies.
const drainWait = 10 * time.Second

// beginClose is called before the Manager closes the open profile's
// database (lock, switch, delete). It stops the workspace's running turns
// and waits for them to store what they have (as interrupted replies) and
// to finish naming their sessions, so nothing shown is lost to a closed
// database. Until endClose no new workspace is handed out.
func (c *Core) beginClose() {
	c.mu.Lock()
	ws := c.ws
	c.ws = nil
	c.locking++
	c.mu.Unlock()
	if ws == nil {
		return
	}
	if !ws.Engine.Close(drainWait) {
		c.cfg.Logger.Warn("closing profile: a turn did not finish in time")
	}
	ws.close()
}

func (c *Core) endClose() {
	c.mu.Lock()
	c.locking--
	c.mu.Unlock()
}

// busy tells the Manager's auto-lock that a reply is being written.
func (c *Core) busy() bool {
	c.mu.Lock()
	ws := c.ws
	c.mu.Unlock()
	return ws != nil && ws.Engine.Busy()
}

// Lock locks the open profile after its running turns have stored their
// replies.
func (c *Core) Lock(ctx context.Context) error {
	c.beginClose()
	defer c.endClose()
	return c.Profiles.Lock(ctx)
}

// DeleteProfile deletes profile id; if it is the open one, its running
// turns stop first.
func (c *Core) DeleteProfile(ctx context.Context, id string) (profile.Report, error) {
	c.mu.Lock()
	open := c.ws != nil && c.ws.Profile.ID == id
	c.mu.Unlock()
	if open {
		c.beginClose()
		defer c.endClose()
	}
	return c.Profiles.Delete(ctx, id)
}
