package household

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"hearth/backend/chat"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
	"hearth/backend/profile"
	"hearth/backend/vault"
)

// The auto-lock's decisions, made by calling the idle check the timer
// calls, at times set by an injected clock.
func TestCore_AutoLock(t *testing.T) {
	ctx := context.Background()
	var clockMu sync.Mutex
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return now }
	advance := func(d time.Duration) { clockMu.Lock(); now = now.Add(d); clockMu.Unlock() }
	locked := make(chan string, 8)
	c := New(Config{DataDir: t.TempDir(), Keychain: keychaintest.New(), KDF: vault.LowSecurityKDFParams(), Now: clock,
		OnLock: func(r string) { locked <- r }})
	t.Cleanup(func() { c.Close(ctx) })
	p, _, err := c.CreateProfile(ctx, profile.CreateRequest{Name: "Ada", Protection: vault.ModeKeychain})
	if err != nil {
		t.Fatal(err)
	}
	unlock := func() *Workspace {
		t.Helper()
		ws, _, err := c.Unlock(ctx, p.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		return ws
	}
	isOpen := func() bool { _, err := c.Workspace(); return err == nil }
	// idleFor lets d pass and runs the check the timer runs.
	idleFor := func(ws *Workspace, d time.Duration) {
		advance(d)
		c.idleCheck(ws)
	}
	wantLock := func() {
		t.Helper()
		if isOpen() {
			t.Fatal("still open")
		}
		select {
		case r := <-locked:
			if r != profile.LockIdle {
				t.Fatalf("reason %q", r)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("not told of the lock")
		}
	}
	t.Run("Touch", func(t *testing.T) {
		ws := unlock()
		c.SetAutoLock(time.Hour) // the real timer will not fire during the test
		advance(40 * time.Minute)
		c.Touch()
		idleFor(ws, 40*time.Minute) // 80 min since unlock, 40 since activity
		if !isOpen() {
			t.Fatal("locked although active")
		}
		idleFor(ws, 20*time.Minute)
		wantLock()
		c.idleCheck(ws) // a stale timer does nothing
	})
	t.Run("BusyReply", func(t *testing.T) {
		srv := llmtest.NewServer(t, "fake-model")
		ws := unlock()
		if _, err := ws.Endpoints.Add(ctx, llm.EndpointInput{Name: "Test", BaseURL: srv.URL, DefaultModel: "fake-model"}); err != nil {
			t.Fatal(err)
		}
		c.SetAutoLock(time.Hour)
		live := make(chan string)
		srv.Script(llmtest.Reply{Live: live})
		sent := make(chan error, 1)
		go func() {
			_, err := ws.Engine.Send(ctx, chat.SendRequest{ModuleID: "writer", Text: "a very long reply"})
			sent <- err
		}()
		live <- "Once"           // the server has the request: the turn is running
		idleFor(ws, 2*time.Hour) // no input meanwhile
		if !isOpen() {
			t.Fatal("locked while a reply was being written")
		}
		close(live)
		if err := <-sent; err != nil {
			t.Fatal(err)
		}
		for ws.Engine.Busy() { // naming the session, after the reply
			time.Sleep(time.Millisecond)
		}
		idleFor(ws, 30*time.Minute) // the idle hour counts from the reply's end
		if !isOpen() {
			t.Fatal("locked 30 min after the reply")
		}
		idleFor(ws, 31*time.Minute)
		wantLock()
	})
	t.Run("Timer", func(t *testing.T) {
		unlock()
		advance(time.Hour) // idle by the injected clock; the timer fires at once
		c.SetAutoLock(time.Millisecond)
		select {
		case r := <-locked:
			if r != profile.LockIdle {
				t.Fatalf("reason %q", r)
			}
		case <-time.After(time.Minute):
			t.Fatal("auto-lock never fired")
		}
		if isOpen() {
			t.Fatal("still open")
		}
	})
	t.Run("Off", func(t *testing.T) {
		c.SetAutoLock(0)
		ws := unlock()
		c.mu.Lock()
		timer := c.idle.timer
		c.mu.Unlock()
		if timer != nil {
			t.Fatal("timer armed with auto-lock off")
		}
		idleFor(ws, 24*time.Hour)
		if !isOpen() {
			t.Fatal("locked with auto-lock off")
		}
	})
	t.Run("AfterClose", func(t *testing.T) {
		c.Touch() // else the day "Off" waited makes the timer fire at once
		c.SetAutoLock(time.Hour)
		ws, err := c.Workspace()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Close(ctx); err != nil {
			t.Fatal(err)
		}
		<-locked // Close's own lock
		idleFor(ws, 2*time.Hour)
		if _, _, err := c.Unlock(ctx, p.ID, ""); !errors.Is(err, ErrClosed) {
			t.Fatalf("unlock after Close: %v", err)
		}
		select {
		case r := <-locked:
			t.Fatalf("told of a lock after Close: %q", r)
		default:
		}
	})
}
