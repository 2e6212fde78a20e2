package api

import (
	"context"

	"hearth/backend/module"
)

// Modules are the open profile's GPT modules.
type Modules struct{ b *Backend }

// List returns the modules (archived ones too if asked). Offline, instant.
func (m *Modules) List(includeArchived bool) ([]module.Module, error) {
	ws, err := m.b.workspace()
	if err != nil {
		return nil, err
	}
	out, err := ws.Modules.List(context.Background(), includeArchived)
	return out, m.b.fail("modules.list", err)
}

// Create adds a custom module.
func (m *Modules) Create(in module.Module) (module.Module, error) {
	ws, err := m.b.workspace()
	if err != nil {
		return module.Module{}, err
	}
	out, err := ws.Modules.Create(context.Background(), in)
	return out, m.b.fail("modules.create", err)
}

// Update edits a module (built-ins too: the copy lives in this profile).
func (m *Modules) Update(in module.Module) (module.Module, error) {
	ws, err := m.b.workspace()
	if err != nil {
		return module.Module{}, err
	}
	out, err := ws.Modules.Update(context.Background(), in)
	return out, m.b.fail("modules.update", err)
}

// Archive hides (or shows again) a module.
func (m *Modules) Archive(id string, archived bool) error {
	ws, err := m.b.workspace()
	if err != nil {
		return err
	}
	return m.b.fail("modules.archive", ws.Modules.Archive(context.Background(), id, archived))
}
