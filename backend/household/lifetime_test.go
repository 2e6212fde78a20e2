package household_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"hearth/backend/apperr"
	"hearth/backend/chat"
	"hearth/backend/household"
	"hearth/backend/llm/llmtest"
	"hearth/backend/profile"
)

// The idle auto-lock closes the profile like a manual lock: a turn that
// began as it decided to lock (it had found nothing running) is stopped,
// stores the reply shown so far as interrupted and names its session
// before the database closes; nothing is written to a closed database.
func TestCore_IdleLockKeepsTurn(t *testing.T) {
	e := newEnv(t)
	id, ws := e.open("Ada")
	live := make(chan string, 4)
	e.srv.Script(llmtest.Reply{Match: llmtest.MatchUser("long story"), Live: live})
	live <- "Once upon a time"
	e.c.SetAutoLock(100 * time.Millisecond)
	// The idle check reads the clock after finding no turn running: an
	// hour has passed, and a turn starts right then.
	started := make(chan *turn, 1)
	e.clock.AdvanceThen(time.Hour, func() { started <- e.startTurn(ws, "Tell me a long story", "Once upon a time") })
	if r := e.waitLock(); r != profile.LockIdle {
		t.Fatalf("lock reason %q", r)
	}
	close(live)
	tr := <-started
	tr.kept(t, "Once upon a time")
	e.noClosedDB()
	tr.stored(t, e.unlock(id), "Once upon a time")
}

// Every way the open profile closes lets a turn in flight store the reply
// shown so far (interrupted) and name its session before the database
// closes; afterwards the old workspace refuses turns with chat.ErrClosed
// and no new one is handed out for the closed profile.
func TestCore_CloseKeepsTurn(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		reason string
		close  func(e *env, id string) error
		// reopen opens the profile again to read what was stored; nil
		// when it is gone.
		reopen func(e *env, id string) *household.Workspace
	}{
		{"Lock", profile.LockUser,
			func(e *env, _ string) error { return e.c.Lock(ctx) },
			func(e *env, id string) *household.Workspace { return e.unlock(id) }},
		{"Shutdown", profile.LockUser,
			func(e *env, _ string) error { return e.c.Close(ctx) },
			func(e *env, id string) *household.Workspace {
				if _, _, err := e.c.Unlock(ctx, id, ""); !errors.Is(err, household.ErrClosed) {
					e.t.Fatalf("unlock after Close: %v", err)
				}
				e.c = e.newCore() // the next start
				return e.unlock(id)
			}},
		{"Switch", profile.LockSwitch,
			func(e *env, _ string) error {
				other := e.create("Bea")
				_, _, err := e.c.Unlock(ctx, other, "")
				return err
			},
			func(e *env, id string) *household.Workspace { return e.unlock(id) }},
		{"Delete", profile.LockDelete,
			func(e *env, id string) error { _, err := e.c.DeleteProfile(ctx, id); return err },
			nil},
		{"RotateKey", profile.LockRotate,
			func(e *env, id string) error { _, _, err := e.c.RotateKey(ctx, id, "", ""); return err },
			func(e *env, id string) *household.Workspace { return e.unlock(id) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			id, ws := e.open("Ada")
			live := make(chan string, 4)
			t.Cleanup(func() { close(live) })
			e.srv.Script(llmtest.Reply{Match: llmtest.MatchUser("long story"), Live: live})
			live <- "Once upon a time"
			tr := e.startTurn(ws, "Tell me a long story", "Once upon a time")
			if err := tc.close(e, id); err != nil {
				t.Fatal(err)
			}
			if r := e.waitLock(); r != tc.reason {
				t.Fatalf("lock reason %q, want %q", r, tc.reason)
			}
			tr.kept(t, "Once upon a time")
			e.noClosedDB()
			_, err := ws.Engine.Send(ctx, chat.SendRequest{ModuleID: "writer", Text: "more"})
			if !errors.Is(err, chat.ErrClosed) {
				t.Fatalf("a turn on the closed workspace: %v", err)
			}
			if code := household.Describe(err).Code; code != apperr.Locked { // what the window and CLI show
				t.Fatalf("a turn on the closed workspace is told as %q", code)
			}
			now, err := e.c.Workspace()
			if err == nil && now.Profile.ID == id {
				t.Fatal("the closed profile's workspace is still handed out")
			}
			if err != nil && household.Describe(err).Code != apperr.Locked {
				t.Fatalf("workspace after close: %v", err)
			}
			if tc.reopen == nil {
				if _, err := e.c.FindProfile(ctx, id); !errors.Is(err, profile.ErrNotFound) {
					t.Fatalf("deleted profile: %v", err)
				}
				return
			}
			tr.stored(t, tc.reopen(e, id), "Once upon a time")
		})
	}
}

// Locks, unlocks and turns racing each other: a turn either runs on an
// open database (its reply stored, or drained by a lock) or is refused
// with a "locked" error; nothing touches a closed database. Run with -race.
func TestCore_ConcurrentLockUnlockTurns(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	id, _ := e.open("Ada")
	for i := range 20 {
		var wg sync.WaitGroup
		wg.Add(3)
		go func() {
			defer wg.Done()
			if err := e.c.Lock(ctx); err != nil {
				t.Error(err)
			}
		}()
		go func() {
			defer wg.Done()
			if _, _, err := e.c.Unlock(ctx, id, ""); err != nil {
				t.Error(err)
			}
		}()
		go func() {
			defer wg.Done()
			ws, err := e.c.Workspace()
			if err != nil {
				if !errors.Is(err, profile.ErrLocked) {
					t.Errorf("workspace: %v", err)
				}
				return
			}
			_, err = ws.Engine.Send(ctx, chat.SendRequest{ModuleID: "writer", Text: fmt.Sprintf("hello %d", i)})
			if err != nil && !errors.Is(err, chat.ErrClosed) {
				t.Errorf("send: %v", err)
			}
		}()
		wg.Wait()
	}
	e.noClosedDB()
}
