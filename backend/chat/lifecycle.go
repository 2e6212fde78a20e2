package chat

import (
	"context"
	"errors"
	"fmt"
	"sync"
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
	life    context.Context
	kill    context.CancelFunc
	mu      sync.Mutex
	closed  bool
	running int
	drained chan struct{} // made by Close if turns run; closed when the last ends
}

func newLifecycle() *lifecycle {
	l := &lifecycle{}
	l.life, l.kill = context.WithCancel(context.Background())
	return l
}

// enter registers a turn and returns ctx, also cancelled by Close, and the
// function that ends the turn. Deferred with the turn's error, that
// function words a turn that Close cut off before it stored anything as
// ErrClosed: its database calls saw only a cancelled context (or a
// transaction that context rolled back).
func (l *lifecycle) enter(ctx context.Context) (context.Context, func(*error), error) {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil, nil, ErrClosed
	}
	l.running++
	l.mu.Unlock()
	ctx, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(l.life, func() { cancel(ErrClosed) })
	return ctx, func(errp *error) {
		stop()
		if err := *errp; err != nil && !errors.Is(err, ErrClosed) && errors.Is(context.Cause(ctx), ErrClosed) {
			*errp = fmt.Errorf("%w: %w", ErrClosed, err)
		}
		cancel(nil)
		l.mu.Lock()
		defer l.mu.Unlock()
		l.running--
		if l.running == 0 && l.drained != nil {
			close(l.drained)
			l.drained = nil
		}
	}, nil
}

// Busy reports whether a turn is running (streaming, or naming the
// session and extracting memories after its reply).
func (e *Engine) Busy() bool {
	l := e.life
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.running > 0
}

// Close stops every running turn, refuses new ones and waits up to wait
// for the running ones to store their replies. It reports whether they
// all finished in time. Call it before the profile's database closes.
func (e *Engine) Close(wait time.Duration) bool {
	l := e.life
	l.mu.Lock()
	l.closed = true
	if l.running == 0 {
		l.mu.Unlock()
		l.kill()
		return true
	}
	if l.drained == nil {
		l.drained = make(chan struct{})
	}
	drained := l.drained
	l.mu.Unlock()
	l.kill()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-drained:
		return true
	case <-t.C:
		return false
	}
}
