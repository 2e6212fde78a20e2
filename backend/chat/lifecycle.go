package chat

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// ErrClosed is returned for turns asked of an engine whose profile is
// being locked.
var ErrClosed = errors.New("the profile is being locked")

// lifecycle lets the profile's database close without cutting a turn off
// mid-write. Every turn (Send, Regenerate, Continue) runs inside enter and
// leave; Close stops the turns, which store what they have as interrupted
// replies, and waits for them, including the title and memory steps after
// a reply (whose model calls the same cancellation cuts short).
type lifecycle struct {
	life     context.Context
	kill     context.CancelFunc
	mu       sync.Mutex
	closed   bool
	flight   sync.WaitGroup
	inflight atomic.Int32
}

func newLifecycle() *lifecycle {
	l := &lifecycle{}
	l.life, l.kill = context.WithCancel(context.Background())
	return l
}

// enter registers a turn and returns ctx, also cancelled by Close, and the
// function that ends the turn.
func (l *lifecycle) enter(ctx context.Context) (context.Context, func(), error) {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil, nil, ErrClosed
	}
	l.flight.Add(1)
	l.inflight.Add(1)
	l.mu.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(l.life, cancel)
	return ctx, func() {
		stop()
		cancel()
		l.inflight.Add(-1)
		l.flight.Done()
	}, nil
}

// Busy reports whether a turn is running (streaming, or naming the
// session and extracting memories after its reply).
func (e *Engine) Busy() bool { return e.life.inflight.Load() > 0 }

// Close stops every running turn, refuses new ones and waits up to wait
// for the running ones to store their replies. It reports whether they
// all finished in time. Call it before the profile's database closes.
func (e *Engine) Close(wait time.Duration) bool {
	l := e.life
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	l.kill()
	done := make(chan struct{})
	go func() { l.flight.Wait(); close(done) }()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}
