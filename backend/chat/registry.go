package chat

import (
	"context"
	"sync"
)

// registry knows the running turns, so Stop(turnID) from the UI cancels the
// right one, and refuses a second turn in a session that is still replying.
type registry struct {
	mu        sync.Mutex
	turns     map[string]context.CancelFunc // turn id -> cancel
	bySession map[string]string             // session id -> turn id
}

func newRegistry() *registry {
	return &registry{turns: map[string]context.CancelFunc{}, bySession: map[string]string{}}
}

// start registers a turn; false if the session already has one.
func (r *registry) start(turnID, sessionID string, cancel context.CancelFunc) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, busy := r.bySession[sessionID]; busy {
		return false
	}
	if _, dup := r.turns[turnID]; dup {
		return false
	}
	r.turns[turnID] = cancel
	r.bySession[sessionID] = turnID
	return true
}

func (r *registry) finish(turnID, sessionID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.turns, turnID)
	if r.bySession[sessionID] == turnID {
		delete(r.bySession, sessionID)
	}
}

func (r *registry) stop(turnID string) bool {
	r.mu.Lock()
	cancel, ok := r.turns[turnID]
	r.mu.Unlock()
	if ok {
		cancel()
	}
	return ok
}

func (r *registry) active(sessionID string) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	id, ok := r.bySession[sessionID]
	return id, ok
}
