package profile

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"hearth/backend/keychain/keychaintest"
	"hearth/backend/vault"
)

func TestManager_AutoLock(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	var reasons []string
	locked := make(chan string, 4)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var clockMu sync.Mutex
	clock := func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return now }
	advance := func(d time.Duration) { clockMu.Lock(); now = now.Add(d); clockMu.Unlock() }
	var busy sync.Mutex
	replying := false
	m := NewManager(t.TempDir(), keychaintest.New(), Options{
		KDF:  vault.LowSecurityKDFParams(),
		Now:  clock,
		Busy: func() bool { busy.Lock(); defer busy.Unlock(); return replying },
		OnLock: func(r string) {
			mu.Lock()
			reasons = append(reasons, r)
			mu.Unlock()
			locked <- r
		},
	})
	p, _, err := m.Create(ctx, CreateRequest{Name: "Ada", Protection: vault.ModeKeychain})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Touch", func(t *testing.T) {
		if _, err := m.Unlock(ctx, p.ID, ""); err != nil {
			t.Fatal(err)
		}
		m.SetAutoLock(time.Hour) // the real timer will not fire during the test
		m.mu.Lock()
		o := m.open
		m.mu.Unlock()
		advance(40 * time.Minute)
		m.Touch()
		advance(40 * time.Minute) // 80 min since unlock, 40 since activity
		m.idleCheck(o)
		if _, err := m.Current(); err != nil {
			t.Fatalf("locked although active: %v", err)
		}
		advance(20 * time.Minute)
		m.idleCheck(o)
		if _, err := m.Current(); err != ErrLocked {
			t.Fatalf("not locked after an idle hour: %v", err)
		}
		if r := <-locked; r != LockIdle {
			t.Fatalf("reason %q", r)
		}
		m.idleCheck(o) // a stale timer does nothing
	})
	t.Run("BusyReply", func(t *testing.T) {
		if _, err := m.Unlock(ctx, p.ID, ""); err != nil {
			t.Fatal(err)
		}
		m.SetAutoLock(time.Hour)
		m.mu.Lock()
		o := m.open
		m.mu.Unlock()
		busy.Lock()
		replying = true
		busy.Unlock()
		advance(2 * time.Hour) // a very long reply: no input meanwhile
		m.idleCheck(o)
		if _, err := m.Current(); err != nil {
			t.Fatalf("locked while a reply was being written: %v", err)
		}
		busy.Lock()
		replying = false
		busy.Unlock()
		advance(30 * time.Minute) // the idle hour counts from the reply's end
		m.idleCheck(o)
		if _, err := m.Current(); err != nil {
			t.Fatalf("locked 30 min after the reply: %v", err)
		}
		advance(31 * time.Minute)
		m.idleCheck(o)
		if _, err := m.Current(); err != ErrLocked {
			t.Fatalf("not locked after an idle hour: %v", err)
		}
		if r := <-locked; r != LockIdle {
			t.Fatalf("reason %q", r)
		}
	})
	t.Run("Timer", func(t *testing.T) {
		if _, err := m.Unlock(ctx, p.ID, ""); err != nil {
			t.Fatal(err)
		}
		advance(time.Hour) // idle by the injected clock; the timer fires at once
		m.SetAutoLock(time.Millisecond)
		select {
		case r := <-locked:
			if r != LockIdle {
				t.Fatalf("reason %q", r)
			}
		case <-time.After(time.Minute):
			t.Fatal("auto-lock never fired")
		}
		if _, err := m.Current(); err != ErrLocked {
			t.Fatal(err)
		}
	})
	t.Run("Off", func(t *testing.T) {
		m.SetAutoLock(0)
		if _, err := m.Unlock(ctx, p.ID, ""); err != nil {
			t.Fatal(err)
		}
		m.mu.Lock()
		o, timer := m.open, m.timer
		m.mu.Unlock()
		if timer != nil {
			t.Fatal("timer armed with auto-lock off")
		}
		advance(24 * time.Hour)
		m.idleCheck(o)
		if _, err := m.Current(); err != nil {
			t.Fatal(err)
		}
		m.Lock(ctx)
	})
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(reasons, []string{LockIdle, LockIdle, LockIdle, LockUser}) {
		t.Fatalf("reasons %v", reasons)
	}
}
