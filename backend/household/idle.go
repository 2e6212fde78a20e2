package household

import (
	"context"
	"time"

	"hearth/backend/profile"
)

// idleTimer is the auto-lock's state, guarded by Household.mu. When the open
// profile has been idle for after, its timer calls back into the Household,
// which closes the profile through change like any other lock.
type idleTimer struct {
	after      time.Duration // 0 = off
	lastActive time.Time
	timer      *time.Timer
}

func (t *idleTimer) stop() {
	if t.timer != nil {
		t.timer.Stop()
		t.timer = nil
	}
}

// SetAutoLock sets how long the open profile may stay idle before it is
// locked (OnLock gets profile.LockIdle); zero or less turns the auto-lock
// off. It applies to the profiles opened later too. A reply being written
// counts as activity: the person is waiting for it.
func (c *Household) SetAutoLock(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.idle.after = max(d, 0)
	c.armIdleLocked(c.cfg.Now())
}

// Touch records the person's activity, postponing the auto-lock.
func (c *Household) Touch() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.idle.lastActive = c.cfg.Now()
}

// armIdleLocked (re)starts the idle timer for the open workspace; c.mu is
// held.
func (c *Household) armIdleLocked(now time.Time) {
	c.idle.stop()
	if c.ws == nil || c.idle.after <= 0 {
		return
	}
	ws := c.ws
	wait := max(c.idle.after-now.Sub(c.idle.lastActive), 0)
	c.idle.timer = time.AfterFunc(wait, func() { c.idleCheck(ws) })
}

// idleCheck locks ws if it is still the open workspace and has been idle
// long enough; otherwise it re-arms the timer for the rest of the idle
// time (Touch only records a time, so activity costs no timer resets).
// The lock goes through changeLocked, so a turn that starts while the
// check runs is drained like any other.
func (c *Household) idleCheck(ws *Workspace) {
	c.life.Lock()
	c.mu.Lock()
	if c.closed || c.ws != ws || c.idle.after <= 0 {
		c.mu.Unlock()
		c.life.Unlock()
		return
	}
	busy := ws.Engine.Busy()
	now := c.cfg.Now()
	if busy {
		c.idle.lastActive = now
	}
	if now.Sub(c.idle.lastActive) < c.idle.after {
		c.armIdleLocked(now)
		c.mu.Unlock()
		c.life.Unlock()
		return
	}
	c.mu.Unlock()
	ctx := context.Background()
	_, locked, err := c.changeLocked(ctx, func() error { return c.profiles.Lock(ctx) })
	c.life.Unlock()
	if err != nil {
		c.cfg.Logger.Warn("auto-lock", "err", err)
	}
	c.notify(locked, profile.LockIdle)
}
