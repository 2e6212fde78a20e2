package profile

import (
	"context"
	"time"
)

// Lockout reports profile id's failed unlock attempts and the remaining
// wait before another try is allowed.
func (m *Manager) Lockout(ctx context.Context, id string) (failures int, wait time.Duration, err error) {
	p, err := m.findID(id)
	if err != nil {
		return 0, 0, err
	}
	return m.vault(p.ID).LockoutStatus()
}
