package api

import (
	"context"
	"strings"

	"hearth/backend/memory"
)

// Memory manages what modules remember. scope is a module id or "shared".
type Memory struct{ b *Backend }

// List returns a scope's memories, or those matching query.
func (m *Memory) List(scope, query string) ([]memory.Memory, error) {
	ws, err := m.b.workspace()
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	var out []memory.Memory
	if q := strings.TrimSpace(query); q != "" {
		out, err = ws.Memory.Search(ctx, scope, q, 200)
	} else {
		out, err = ws.Memory.List(ctx, scope, 1000, 0)
	}
	if out == nil {
		out = []memory.Memory{}
	}
	return out, m.b.fail("memory.list", err)
}

// Add remembers text in scope.
func (m *Memory) Add(scope, text, kind, sensitivity string) (memory.Memory, error) {
	ws, err := m.b.workspace()
	if err != nil {
		return memory.Memory{}, err
	}
	if err := ws.Family.CheckMemoryWrite(); err != nil {
		return memory.Memory{}, m.b.fail("memory.add", err)
	}
	out, err := ws.Memory.Add(context.Background(), scope, memory.Memory{Text: text, Kind: kind, Sensitivity: sensitivity})
	ws.Embedding.Kick() // embed it now rather than at the next poll
	return out, m.b.fail("memory.add", err)
}

// Update edits a memory (the change goes to its history).
func (m *Memory) Update(scope, id, text, kind, sensitivity string) (memory.Memory, error) {
	ws, err := m.b.workspace()
	if err != nil {
		return memory.Memory{}, err
	}
	out, err := ws.Memory.Update(context.Background(), scope, id, text, kind, sensitivity)
	ws.Embedding.Kick()
	return out, m.b.fail("memory.update", err)
}

// Forget deletes a memory and its history for good.
func (m *Memory) Forget(scope, id string) error {
	ws, err := m.b.workspace()
	if err != nil {
		return err
	}
	return m.b.fail("memory.forget", ws.Memory.Forget(context.Background(), scope, id))
}

// Share makes a module's memory readable by every module that reads shared memory.
func (m *Memory) Share(moduleID, id string) (memory.Memory, error) {
	ws, err := m.b.workspace()
	if err != nil {
		return memory.Memory{}, err
	}
	out, err := ws.Memory.Share(context.Background(), moduleID, id)
	return out, m.b.fail("memory.share", err)
}

// Unshare returns a shared memory to the module it came from.
func (m *Memory) Unshare(id string) (memory.Memory, error) {
	ws, err := m.b.workspace()
	if err != nil {
		return memory.Memory{}, err
	}
	out, err := ws.Memory.Unshare(context.Background(), id)
	return out, m.b.fail("memory.unshare", err)
}

// History lists a memory's changes, oldest first.
func (m *Memory) History(scope, id string) ([]memory.Change, error) {
	ws, err := m.b.workspace()
	if err != nil {
		return nil, err
	}
	out, err := ws.Memory.History(context.Background(), scope, id)
	if out == nil {
		out = []memory.Change{}
	}
	return out, m.b.fail("memory.history", err)
}

// Undo reverts a memory's latest change.
func (m *Memory) Undo(scope, id string) (memory.Memory, error) {
	ws, err := m.b.workspace()
	if err != nil {
		return memory.Memory{}, err
	}
	out, err := ws.Memory.Undo(context.Background(), scope, id)
	return out, m.b.fail("memory.undo", err)
}

// Counts is the number of memories per scope in the open profile.
func (m *Memory) Counts() (map[string]int, error) {
	ws, err := m.b.workspace()
	if err != nil {
		return nil, err
	}
	out, err := ws.Memory.Counts(context.Background())
	if out == nil {
		out = map[string]int{}
	}
	return out, m.b.fail("memory.counts", err)
}

// ExtractionHealth says whether saving memories from chats has been
// failing for a module (Failing: the memory panel tells the user).
func (m *Memory) ExtractionHealth(moduleID string) (memory.Health, error) {
	ws, err := m.b.workspace()
	if err != nil {
		return memory.Health{}, err
	}
	out, err := ws.Memory.ExtractionHealth(context.Background(), moduleID)
	return out, m.b.fail("memory.extraction-health", err)
}

// ForgetModule forgets every memory of one module.
func (m *Memory) ForgetModule(moduleID string) error {
	ws, err := m.b.workspace()
	if err != nil {
		return err
	}
	return m.b.fail("memory.forget-module", ws.Memory.ForgetModule(context.Background(), moduleID))
}

// ForgetAll forgets every memory of the open profile.
func (m *Memory) ForgetAll() error {
	ws, err := m.b.workspace()
	if err != nil {
		return err
	}
	return m.b.fail("memory.forget-all", ws.Memory.ForgetAll(context.Background()))
}
