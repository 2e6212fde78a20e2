package chat

import (
	"strings"
	"sync"
	"time"
)

// DefaultDeltaInterval caps delta events at 60 per second.
const DefaultDeltaInterval = time.Second / 60

// throttle batches reply deltas into events at most once per interval. It
// is leading-edge: a delta arriving after a quiet interval is emitted at
// once (a local model at 20 tokens/s sees no added latency), and deltas
// arriving faster are joined and flushed by a timer at the end of the
// interval. emit runs under the lock, so events keep the reply's order.
type throttle struct {
	emit     func(string)
	interval time.Duration
	now      func() time.Time

	mu      sync.Mutex
	pending strings.Builder
	last    time.Time
	timer   *time.Timer
	closed  bool
}

func newThrottle(interval time.Duration, emit func(string)) *throttle {
	if interval <= 0 {
		interval = DefaultDeltaInterval
	}
	return &throttle{emit: emit, interval: interval, now: time.Now}
}

// add queues d and emits now if the interval since the last event passed.
func (t *throttle) add(d string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed || d == "" {
		return
	}
	t.pending.WriteString(d)
	if t.timer != nil {
		return // a flush is already scheduled
	}
	wait := t.interval - t.now().Sub(t.last)
	if wait <= 0 {
		t.flushLocked()
		return
	}
	t.timer = time.AfterFunc(wait, t.onTimer)
}

func (t *throttle) onTimer() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.timer = nil
	if !t.closed {
		t.flushLocked()
	}
}

func (t *throttle) flushLocked() {
	if t.pending.Len() == 0 {
		return
	}
	s := t.pending.String()
	t.pending.Reset()
	t.last = t.now()
	t.emit(s)
}

// close emits what is pending and stops the timer; later adds are dropped.
func (t *throttle) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.timer != nil {
		t.timer.Stop()
		t.timer = nil
	}
	t.closed = true
	t.flushLocked()
}
