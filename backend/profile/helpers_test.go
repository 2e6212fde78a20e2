package profile_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"hearth/backend/keychain"
	"hearth/backend/profile"
	"hearth/backend/store"
	"hearth/backend/vault"
)

var ctx = context.Background()

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock               { return &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }
func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// env is a data dir with a Manager over it and a record of lock events.
type env struct {
	dir   string
	kc    keychain.Keychain
	clock *clock
	m     *profile.Manager

	mu    sync.Mutex
	locks []string
	seeds int
}

func newEnv(t *testing.T, kc keychain.Keychain) *env {
	t.Helper()
	e := &env{dir: t.TempDir(), kc: kc, clock: newClock()}
	e.m = e.manager(t)
	t.Cleanup(func() { e.m.Lock(ctx) })
	return e
}

// manager returns a new Manager over the same data dir ("a restart").
func (e *env) manager(t *testing.T) *profile.Manager {
	return profile.NewManager(e.dir, e.kc, profile.Options{
		KDF: vault.LowSecurityKDFParams(),
		Now: e.clock.Now,
		Seed: func(ctx context.Context, db *store.DB) error {
			e.mu.Lock()
			e.seeds++
			e.mu.Unlock()
			_, err := db.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES ('seeded', 'yes')`)
			return err
		},
		OnLock: func(reason string) { e.mu.Lock(); e.locks = append(e.locks, reason); e.mu.Unlock() },
	})
}

func (e *env) lockReasons() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.locks...)
}

var secrets = map[vault.Mode]string{vault.ModeKeychain: "", vault.ModePIN: "471147", vault.ModePassphrase: "correct horse battery"}

func (e *env) create(t *testing.T, name string, mode vault.Mode) (profile.Profile, string) {
	t.Helper()
	p, rk, err := e.m.Create(ctx, profile.CreateRequest{Name: name, Protection: mode, Secret: secrets[mode]})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return p, rk
}

func (e *env) unlock(t *testing.T, id, secret string) profile.Opened {
	t.Helper()
	o, err := e.m.Unlock(ctx, id, secret)
	if err != nil {
		t.Fatalf("unlock: %v", err)
	}
	return o
}

// note writes a marker row into the open profile's database.
func note(t *testing.T, o profile.Opened, value string) {
	t.Helper()
	if _, err := o.DB.ExecContext(ctx, `INSERT OR REPLACE INTO settings(key, value) VALUES ('note', ?)`, value); err != nil {
		t.Fatal(err)
	}
}

func readNote(t *testing.T, o profile.Opened) string {
	t.Helper()
	var v string
	if err := o.DB.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'note'`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func auditEvents(t *testing.T, o profile.Opened) []string {
	t.Helper()
	rows, err := o.DB.QueryContext(ctx, `SELECT event || ' ' || detail FROM audit_log ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

// filesUnder lists every path under root (relative), excluding root.
func filesUnder(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && p != root {
			rel, _ := filepath.Rel(root, p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

// keychainKey extracts a keychain-mode data key from its keychain item,
// as code with access to the keychain could.
func keychainKey(t *testing.T, kc keychain.Keychain, id string) []byte {
	t.Helper()
	s, err := kc.Get(ctx, keychain.Account(id))
	if err != nil {
		t.Fatal(err)
	}
	var item struct {
		Key []byte `json:"key"`
	}
	if err := json.Unmarshal([]byte(s), &item); err != nil || len(item.Key) != 32 {
		t.Fatalf("keychain item: %v", err)
	}
	return item.Key
}

func isErr(err, target error) bool { return errors.Is(err, target) }
