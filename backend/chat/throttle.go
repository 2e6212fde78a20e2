package chat

import (
	"sync"
	"time"

	"hearth/backend/llm"
)

// DefaultDeltaInterval caps delta events at 60 per second.
const DefaultDeltaInterval = time.Second / 60

// throttle batches reply deltas into events at most once per interval. It
// is leading-edge: a delta arriving after a quiet interval is emitted at
// once (a local model at 20 tokens/s sees no added latency), and deltas
// arriving faster are joined and flushed by a timer at the end of the
// interval. emit runs under the lock, so events keep the reply's order.
type throttle struct {
	emit     func(llm.Delta)
	interval time.Duration
	now      func() time.Time

	mu      sync.Mutex
	pending llm.Delta
	last    time.Time
	timer   *time.Timer
	closed  bool
}

func newThrottle(interval time.Duration, emit func(llm.Delta)) *throttle {
	if interval <= 0 {
		interval = DefaultDeltaInterval
	}
	return &throttle{emit: emit, interval: interval, now: time.Now}
}

// add queues d and emits now if the interval since the last event passed.
func (t *throttle) add(d llm.Delta) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed || (d.Text == "" && d.Reasoning == "" && !d.Reset) {
		return
	}
	t.pending = merge(t.pending, d)
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
	p := t.pending
	if p.Text == "" && p.Reasoning == "" && !p.Reset {
		return
	}
	t.pending = llm.Delta{}
	t.last = t.now()
	t.emit(p)
}

// merge joins two deltas into one with the same effect: a reset in b also
// takes a's unsent answer text over to the thinking.
func merge(a, b llm.Delta) llm.Delta {
	if b.Reset {
		return llm.Delta{Reset: true, Reasoning: a.Reasoning + a.Text + b.Reasoning, Text: b.Text}
	}
	return llm.Delta{Reset: a.Reset, Reasoning: a.Reasoning + b.Reasoning, Text: a.Text + b.Text}
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
