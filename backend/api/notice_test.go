package api_test

import (
	"testing"
	"time"

	"hearth/backend/api"
)

// TestProfiles_DamageNotice: the window is told, once, when the check after
// unlock finds the profile's database damaged (a search index that lost a
// message's words), and not for a healthy profile.
func TestProfiles_DamageNotice(t *testing.T) {
	b, ev := newBackend(t)
	p, err := b.Profiles.Create(api.CreateRequest{Name: "Dora", Protection: "keychain"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Profiles.Unlock(p.Profile.ID, ""); err != nil {
		t.Fatal(err)
	}
	ws, err := b.Core().Workspace()
	if err != nil {
		t.Fatal(err)
	}
	db := ws.DB
	// Damage only after the first unlock's own check finished clean.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, _, ok := db.LastIntegrity(); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the check after unlock never ran")
		}
	}
	for _, q := range []string{
		`INSERT INTO sessions(id, module_id, created_at, updated_at) VALUES ('s', 'tutor', 1, 1)`,
		`INSERT INTO messages(id, session_id, module_id, role, content, created_at) VALUES ('x', 's', 'tutor', 'user', 'tomatoes need sun', 1)`,
		`INSERT INTO messages_fts(messages_fts, rowid, content) SELECT 'delete', seq, content FROM messages WHERE id = 'x'`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Profiles.Lock(); err != nil {
		t.Fatal(err)
	}
	if ev.count(api.EventProfileNotice) != 0 {
		t.Fatal("a notice for a healthy profile")
	}
	if _, err := b.Profiles.Unlock(p.Profile.ID, ""); err != nil {
		t.Fatal(err)
	}
	ev.waitFor(t, api.EventProfileNotice)
	if err := b.Profiles.Lock(); err != nil {
		t.Fatal(err)
	}
	if n := ev.count(api.EventProfileNotice); n != 1 {
		t.Fatalf("%d notices, want 1", n)
	}
}

func (e *events) count(name string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, g := range e.got {
		if g == name {
			n++
		}
	}
	return n
}
