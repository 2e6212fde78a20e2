package household

import (
	"context"
	"errors"
	"fmt"
	"time"

	"hearth/backend/profile"
)

// The open profile's lifetime
//
// One profile is open at a time, and the Household is the only code that opens
// or closes it. Every way it closes — Lock, the idle auto-lock (idle.go),
// Close when the window or command ends, DeleteProfile, RotateKey, and
// Unlock of another profile — goes through change, which
//
//  1. takes the workspace away, so Workspace answers profile.ErrLocked,
//  2. drains it: its chat engine stops the running turns, which store the
//     reply shown so far as interrupted and name their sessions, and waits
//     for them (a turn asked of it now gets chat.ErrClosed),
//  3. runs the profile.Manager operation that closes the database,
//  4. hands out a new workspace if a profile is open afterwards.
//
// Changes are serialised by Household.life. Turns never take that lock: a turn
// that starts once a change began is refused (profile.ErrLocked or
// chat.ErrClosed, both told as "locked"), and one that started before is
// drained, so no turn writes to a closed database.

// ErrClosed is returned by Unlock and the other changes after Close.
var ErrClosed = errors.New("hearth is closing")

// drainWait bounds how long closing a profile waits for its running turns
// to store their replies (less if Close's context says so).
const drainWait = 10 * time.Second

// Workspace returns the services of the open profile, or profile.ErrLocked
// when none is open or it is closing.
func (c *Household) Workspace() (*Workspace, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ws == nil {
		return nil, profile.ErrLocked
	}
	return c.ws, nil
}

// Unlock opens a profile with its PIN or passphrase ("" in keychain mode)
// and returns its workspace. The open profile, if any, is closed first
// (reason profile.LockSwitch), even if this unlock then fails.
func (c *Household) Unlock(ctx context.Context, id, secret string) (*Workspace, profile.Opened, error) {
	return c.unlock(ctx, func() (profile.Opened, error) { return c.profiles.Unlock(ctx, id, secret) })
}

// UnlockWithRecovery opens a profile with its recovery key (see Unlock).
func (c *Household) UnlockWithRecovery(ctx context.Context, id, recoveryKey string) (*Workspace, profile.Opened, error) {
	return c.unlock(ctx, func() (profile.Opened, error) { return c.profiles.UnlockWithRecovery(ctx, id, recoveryKey) })
}

func (c *Household) unlock(ctx context.Context, open func() (profile.Opened, error)) (*Workspace, profile.Opened, error) {
	var opened profile.Opened
	ws, err := c.change(ctx, profile.LockSwitch, "", func() error {
		var err error
		opened, err = open() // the Manager closes the drained profile first
		return err
	})
	if err != nil {
		return nil, opened, err
	}
	if ws == nil {
		return nil, opened, fmt.Errorf("open workspace: %w", profile.ErrLocked)
	}
	return ws, opened, nil
}

// Lock closes the open profile after its running turns have stored their
// replies. Locking when nothing is open does nothing.
func (c *Household) Lock(ctx context.Context) error {
	_, err := c.change(ctx, profile.LockUser, "", func() error { return c.profiles.Lock(ctx) })
	return err
}

// Close locks the open profile as Lock does and ends the Household: later
// changes return ErrClosed. The window calls it as it closes, a command
// as it ends. ctx bounds the wait for running turns.
func (c *Household) Close(ctx context.Context) error {
	c.life.Lock()
	c.mu.Lock()
	was := c.closed
	c.closed = true
	c.mu.Unlock()
	if was {
		c.life.Unlock()
		return nil
	}
	_, locked, err := c.changeLocked(ctx, func() error { return c.profiles.Lock(ctx) })
	c.life.Unlock()
	c.notify(locked, profile.LockUser)
	return err
}

// DeleteProfile deletes profile id (see profile.Manager.Delete); if it is
// the open one, its running turns store their replies first.
func (c *Household) DeleteProfile(ctx context.Context, id string) (profile.Report, error) {
	var rep profile.Report
	_, err := c.change(ctx, profile.LockDelete, id, func() error {
		var err error
		rep, err = c.profiles.Delete(ctx, id)
		return err
	})
	return rep, err
}

// RotateKey re-encrypts profile id under a new data key (see
// profile.Manager.RotateKey); if it is the open one, its running turns
// store their replies first. The profile is left locked.
func (c *Household) RotateKey(ctx context.Context, id, currentSecret, newSecret string) (profile.Profile, string, error) {
	var p profile.Profile
	var recovery string
	_, err := c.change(ctx, profile.LockRotate, id, func() error {
		var err error
		p, recovery, err = c.profiles.RotateKey(ctx, id, currentSecret, newSecret)
		return err
	})
	if err == nil {
		// A supervised profile's guardian key slot follows the new key.
		if werr := c.Family.Rewrap(ctx, id, recovery); werr != nil {
			c.cfg.Logger.Warn("guardian key slot not rewritten after key rotation", "profile", id, "err", werr)
		}
	}
	return p, recovery, err
}

// change runs op, which may close the open profile's database, as the one
// way the open profile changes (see the top of this file). If only is not
// "", op concerns profile only and the open profile is drained only if it
// is that one. reason is told to Config.OnLock if the open profile was
// closed. It returns the workspace open afterwards, if any.
func (c *Household) change(ctx context.Context, reason, only string, op func() error) (*Workspace, error) {
	c.life.Lock()
	c.mu.Lock()
	closed, open := c.closed, c.ws
	c.mu.Unlock()
	if closed {
		c.life.Unlock()
		return nil, ErrClosed
	}
	if only != "" && (open == nil || open.Profile.ID != only) {
		defer c.life.Unlock()
		return open, op()
	}
	ws, locked, err := c.changeLocked(ctx, op)
	c.life.Unlock()
	c.notify(locked, reason)
	return ws, err
}

// changeLocked is change with c.life held; locked reports whether the
// open profile's database was closed (told to OnLock by the caller, after
// releasing c.life).
func (c *Household) changeLocked(ctx context.Context, op func() error) (ws *Workspace, locked bool, err error) {
	c.mu.Lock()
	old := c.ws
	c.ws = nil
	c.idle.stop()
	c.mu.Unlock()
	if old != nil {
		c.drain(ctx, old)
	}
	err = op()
	if cur, cerr := c.profiles.Current(); cerr == nil {
		// Opened by op, or still open because op failed before closing it:
		// the drained workspace's engine refuses turns, so make a new one.
		ws = c.newWorkspace(cur)
		locked = old != nil && old.DB != cur.DB
	} else {
		locked = old != nil
	}
	c.mu.Lock()
	c.ws = ws
	if ws != nil {
		now := c.cfg.Now()
		c.idle.lastActive = now
		c.armIdleLocked(now)
	}
	c.mu.Unlock()
	return ws, locked, err
}

// drain stops ws's running turns and waits for them to store their
// replies and titles, at most drainWait or until ctx's deadline, then
// stops its background work.
func (c *Household) drain(ctx context.Context, ws *Workspace) {
	wait := drainWait
	if d, ok := ctx.Deadline(); ok {
		wait = max(min(wait, time.Until(d)), 0)
	}
	if !ws.Engine.Close(wait) {
		c.cfg.Logger.Warn("closing profile: a turn did not finish in time")
	}
	ws.close()
}

// notify tells OnLock that the open profile was closed.
func (c *Household) notify(locked bool, reason string) {
	if locked && c.cfg.OnLock != nil {
		c.cfg.OnLock(reason)
	}
}
