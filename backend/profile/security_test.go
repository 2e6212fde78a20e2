package profile_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"hearth/backend/keychain"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/profile"
	"hearth/backend/store"
	"hearth/backend/vault"
)

// TestManager_Household: two people, one OS login. A uses a PIN, B the
// keychain. Code holding the keychain and B's key cannot open A.
func TestManager_Household(t *testing.T) {
	kc := keychaintest.New()
	e := newEnv(t, kc)
	a, _ := e.create(t, "Ada", vault.ModePIN)
	b, _ := e.create(t, "Bob", vault.ModeKeychain)
	o := e.unlock(t, a.ID, "471147")
	note(t, o, "Ada's secret")
	e.m.Lock(ctx)

	ob := e.unlock(t, b.ID, "")
	if ob.Profile.ID != b.ID {
		t.Fatal("wrong profile")
	}
	if _, err := e.m.Unlock(ctx, a.ID, ""); !errors.Is(err, vault.ErrSecretRequired) {
		t.Fatalf("A without PIN: %v", err)
	}
	keyB := keychainKey(t, kc, b.ID)
	if _, err := e.m.Unlock(ctx, a.ID, string(keyB)); !errors.Is(err, vault.ErrWrongSecret) {
		t.Fatalf("A with B's key as PIN: %v", err)
	}
	pathA := filepath.Join(e.m.Dir(a.ID), profile.DBFileName)
	if db, err := store.Open(ctx, pathA, keyB, store.Options{}); !errors.Is(err, store.ErrWrongKey) {
		if db != nil {
			db.Close()
		}
		t.Fatalf("A's database with B's key: %v", err)
	}
	itemA, _ := kc.Get(ctx, keychain.Account(a.ID))
	if strings.Contains(itemA, `"key"`) {
		t.Fatal("A's keychain item holds a bare key")
	}
	// A's data is intact and opens with the PIN.
	o = e.unlock(t, a.ID, "471147")
	if readNote(t, o) != "Ada's secret" {
		t.Fatal("data lost")
	}
}

func TestManager_Switch(t *testing.T) {
	e := newEnv(t, keychaintest.New())
	a, _ := e.create(t, "Ada", vault.ModeKeychain)
	b, _ := e.create(t, "Bob", vault.ModePassphrase)
	oa := e.unlock(t, a.ID, "")
	ob := e.unlock(t, b.ID, secrets[vault.ModePassphrase])
	if err := oa.DB.PingContext(ctx); err == nil {
		t.Fatal("A still open after switching to B")
	}
	if cur, _ := e.m.Current(); cur.Profile.ID != b.ID || cur.DB != ob.DB {
		t.Fatalf("current %v", cur.Profile)
	}
	if r := e.lockReasons(); !slices.Equal(r, []string{profile.LockSwitch}) {
		t.Fatalf("lock reasons %v", r)
	}
}

func TestManager_WrongPIN(t *testing.T) {
	e := newEnv(t, keychaintest.New())
	p, _ := e.create(t, "Ada", vault.ModePIN)
	o := e.unlock(t, p.ID, "471147")
	note(t, o, "keep me")
	e.m.Lock(ctx)

	pol := vault.DefaultLockoutPolicy()
	var we *vault.WrongSecretError
	for i := 1; i <= pol.FreeAttempts; i++ {
		if _, err := e.m.Unlock(ctx, p.ID, "0000"); !errors.As(err, &we) || we.Failures != i {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	if we.Wait != pol.BaseDelay {
		t.Fatalf("wait %v after %d failures", we.Wait, pol.FreeAttempts)
	}
	// A new Manager (app restart) still enforces the wait, even for the right PIN.
	m2 := e.manager(t)
	var le *vault.LockoutError
	if _, err := m2.Unlock(ctx, p.ID, "471147"); !errors.As(err, &le) || le.Wait != pol.BaseDelay {
		t.Fatalf("after restart: %v", err)
	}
	e.clock.Add(pol.BaseDelay)
	if _, err := m2.Unlock(ctx, p.ID, "999999"); !errors.As(err, &we) || we.Wait != 2*pol.BaseDelay {
		t.Fatalf("delay must double: %v", err)
	}
	e.clock.Add(2 * pol.BaseDelay)
	o, err := m2.Unlock(ctx, p.ID, "471147")
	if err != nil {
		t.Fatal(err)
	}
	defer m2.Lock(ctx)
	if readNote(t, o) != "keep me" {
		t.Fatal("data lost")
	}
	ev := auditEvents(t, o)
	if !slices.Contains(ev, "unlock_failed count=6") {
		t.Fatalf("audit %v", ev)
	}
}

func TestManager_KeychainFaults(t *testing.T) {
	t.Run("ItemDeleted", func(t *testing.T) {
		for _, mode := range []vault.Mode{vault.ModeKeychain, vault.ModePIN} {
			t.Run(string(mode), func(t *testing.T) {
				kc := keychaintest.New()
				e := newEnv(t, kc)
				p, rk := e.create(t, "Ada", mode)
				note(t, e.unlock(t, p.ID, secrets[mode]), "v1")
				e.m.Lock(ctx)
				kc.MemDelete(keychain.Account(p.ID)) // behind the app's back
				if _, err := e.m.Unlock(ctx, p.ID, secrets[mode]); !errors.Is(err, vault.ErrKeychainItemMissing) {
					t.Fatalf("unlock: %v", err)
				}
				if st, err := e.m.KeychainStatus(ctx, p.ID); err != nil || st.State != vault.KeychainMissing {
					t.Fatalf("status %+v %v", st, err)
				}
				if err := e.m.RestoreKeychainItem(ctx, p.ID, "123456"); !errors.Is(err, profile.ErrNotOpen) {
					t.Fatal(err)
				}
				o, err := e.m.UnlockWithRecovery(ctx, p.ID, strings.ToLower(rk))
				if err != nil || !o.Recovered || !o.KeychainRestoreSuggested {
					t.Fatalf("recovery: %+v %v", o, err)
				}
				if readNote(t, o) != "v1" {
					t.Fatal("data lost")
				}
				if err := e.m.RestoreKeychainItem(ctx, p.ID, "258025"); err != nil {
					t.Fatal(err)
				}
				ev := auditEvents(t, o)
				if !slices.Contains(ev, "unlock_recovery mode="+string(mode)) || !slices.Contains(ev, "keychain_restored mode="+string(mode)) {
					t.Fatalf("audit %v", ev)
				}
				e.m.Lock(ctx)
				pin := ""
				if mode == vault.ModePIN {
					pin = "258025"
				}
				e.unlock(t, p.ID, pin)
				if st, _ := e.m.KeychainStatus(ctx, p.ID); st.State != vault.KeychainOK {
					t.Fatalf("status %+v", st)
				}
			})
		}
	})
	t.Run("Unavailable", func(t *testing.T) {
		kc := keychaintest.New()
		e := newEnv(t, kc)
		p, rk := e.create(t, "Ada", vault.ModeKeychain)
		kc.Unavailable("no Secret Service on the session bus")
		_, err := e.m.Unlock(ctx, p.ID, "")
		var ue *keychain.UnavailableError
		if !errors.As(err, &ue) || ue.Reason != "no Secret Service on the session bus" {
			t.Fatalf("unlock: %v", err)
		}
		if st, _ := e.m.KeychainStatus(ctx, p.ID); st.State != vault.KeychainUnavailable {
			t.Fatalf("status %+v", st)
		}
		o, err := e.m.UnlockWithRecovery(ctx, p.ID, rk)
		if err != nil || o.KeychainRestoreSuggested {
			t.Fatalf("recovery: %+v %v", o, err)
		}
	})
	t.Run("Hang", func(t *testing.T) {
		f := keychaintest.New()
		e := newEnv(t, f)
		p, _ := e.create(t, "Ada", vault.ModeKeychain)
		release := make(chan struct{})
		defer close(release)
		hung := &keychaintest.Fake{GetFunc: func(context.Context, string) (string, error) { <-release; return "", nil }}
		m := profile.NewManager(e.dir, keychain.WithTimeout(hung, time.Nanosecond), profile.Options{})
		if _, err := m.Unlock(ctx, p.ID, ""); !errors.Is(err, keychain.ErrUnavailable) || !strings.Contains(err.Error(), "did not answer") {
			t.Fatalf("hung unlock: %v", err)
		}
		if _, err := m.Current(); !errors.Is(err, profile.ErrLocked) {
			t.Fatal(err)
		}
	})
}

func TestManager_Corrupt(t *testing.T) {
	t.Run("Registry", func(t *testing.T) {
		for name, damage := range map[string]func([]byte) []byte{
			"Truncated": func(b []byte) []byte { return b[:len(b)/3] },
			"Empty":     func([]byte) []byte { return nil },
			"BadID":     func(b []byte) []byte { return bytes.Replace(b, []byte(`"id": "`), []byte(`"id": "../`), 1) },
		} {
			t.Run(name, func(t *testing.T) {
				e := newEnv(t, keychaintest.New())
				a, _ := e.create(t, "Ada", vault.ModeKeychain)
				b, _ := e.create(t, "Bob", vault.ModePIN)
				path := filepath.Join(e.dir, profile.RegistryFileName)
				good, _ := os.ReadFile(path)
				bad := damage(bytes.Clone(good))
				os.WriteFile(path, bad, 0o600)

				// The list is rebuilt from the backup and the profile
				// folders: nobody is lost, and nothing is written by reading.
				list, err := e.m.List(ctx)
				if err != nil || len(list) != 2 || list[0].Name != "Ada" || list[1].Name != "Bob" {
					t.Fatalf("list: %v %v", list, err)
				}
				if now, _ := os.ReadFile(path); !bytes.Equal(now, bad) {
					t.Fatal("damaged registry was overwritten")
				}
				if bak, _ := os.ReadFile(filepath.Join(e.dir, profile.BackupFileName)); !bytes.Equal(bak, good) {
					t.Fatal("backup is not the last good registry")
				}
				if _, _, err := e.m.Create(ctx, profile.CreateRequest{Name: "Cy", Protection: vault.ModeKeychain}); err != nil {
					t.Fatalf("create: %v", err)
				}
				list, err = e.m.List(ctx)
				if err != nil || len(list) != 3 {
					t.Fatalf("after create: %v %v", list, err)
				}
				if len(bad) > 0 {
					matches, _ := filepath.Glob(path + ".damaged-*")
					if len(matches) != 1 {
						t.Fatalf("damaged copy kept: %v", matches)
					}
					if kept, _ := os.ReadFile(matches[0]); !bytes.Equal(kept, bad) {
						t.Fatal("the kept copy is not the damaged file")
					}
				}
				if err := e.m.RestoreRegistryBackup(); err == nil {
					t.Fatal("restore over a good registry")
				}
				e.unlock(t, a.ID, "")
				e.unlock(t, b.ID, "471147")
			})
		}
	})
	t.Run("KeySlots", func(t *testing.T) {
		e := newEnv(t, keychaintest.New())
		p, rk := e.create(t, "Ada", vault.ModePassphrase)
		note(t, e.unlock(t, p.ID, secrets[vault.ModePassphrase]), "intact")
		e.m.Lock(ctx)
		path := filepath.Join(e.m.Dir(p.ID), vault.SlotsFileName)
		copyPath := filepath.Join(e.m.Dir(p.ID), vault.SlotsCopyName)
		good, _ := os.ReadFile(path)
		// One copy damaged: it still opens, and the copy is repaired.
		os.WriteFile(path, good[:len(good)-40], 0o600)
		e.unlock(t, p.ID, secrets[vault.ModePassphrase])
		e.m.Lock(ctx)
		if now, _ := os.ReadFile(path); !bytes.Equal(now, good) {
			t.Fatal("damaged copy not repaired")
		}
		// Both copies damaged: refused, nothing rewritten.
		os.WriteFile(path, good[:len(good)-40], 0o600)
		os.WriteFile(copyPath, good[:len(good)-40], 0o600)
		_, err := e.m.Unlock(ctx, p.ID, secrets[vault.ModePassphrase])
		if !errors.Is(err, vault.ErrCorrupt) || errors.Is(err, vault.ErrWrongSecret) || !strings.Contains(err.Error(), "keyslots.json") {
			t.Fatalf("unlock: %v", err)
		}
		if _, err := e.m.UnlockWithRecovery(ctx, p.ID, rk); !errors.Is(err, vault.ErrCorrupt) {
			t.Fatalf("recovery: %v", err)
		}
		if _, err := e.m.ChangeProtection(ctx, p.ID, vault.ModeKeychain, secrets[vault.ModePassphrase], ""); !errors.Is(err, vault.ErrCorrupt) {
			t.Fatalf("change: %v", err)
		}
		if _, err := os.Stat(filepath.Join(e.m.Dir(p.ID), profile.DBFileName)); err != nil {
			t.Fatal("database gone")
		}
		os.WriteFile(path, good, 0o600) // e.g. restored from a backup
		os.WriteFile(copyPath, good, 0o600)
		if readNote(t, e.unlock(t, p.ID, secrets[vault.ModePassphrase])) != "intact" {
			t.Fatal("data lost")
		}
	})
}

func TestManager_ChangeProtection(t *testing.T) {
	kc := keychaintest.New()
	e := newEnv(t, kc)
	p, rk := e.create(t, "Ada", vault.ModeKeychain)
	note(t, e.unlock(t, p.ID, ""), "same data")
	dbPath := filepath.Join(e.m.Dir(p.ID), profile.DBFileName)
	current := ""
	for _, step := range []struct {
		mode   vault.Mode
		secret string
	}{
		{vault.ModePIN, "135713"},
		{vault.ModePIN, "864286"},
		{vault.ModePassphrase, "a fine passphrase"},
		{vault.ModeKeychain, ""},
	} {
		if current != "" {
			if _, err := e.m.ChangeProtection(ctx, p.ID, step.mode, current+"x", step.secret); !errors.Is(err, vault.ErrWrongSecret) {
				t.Fatalf("%s with wrong current secret: %v", step.mode, err)
			}
		}
		before, _ := os.Stat(dbPath)
		got, err := e.m.ChangeProtection(ctx, p.ID, step.mode, current, step.secret)
		if err != nil || got.Protection != step.mode {
			t.Fatalf("%s: %+v %v", step.mode, got, err)
		}
		if after, _ := os.Stat(dbPath); !after.ModTime().Equal(before.ModTime()) || after.Size() != before.Size() {
			t.Fatal("database rewritten")
		}
		if _, err := kc.MemGet(keychain.Account(p.ID)); (err == nil) != step.mode.UsesKeychain() {
			t.Fatalf("%s: keychain item present=%v", step.mode, err == nil)
		}
		if q, _ := e.manager(t).Find(ctx, p.ID); q.Protection != step.mode {
			t.Fatalf("registry says %s", q.Protection)
		}
		o := e.unlock(t, p.ID, step.secret)
		if readNote(t, o) != "same data" {
			t.Fatal("data lost")
		}
		if !slices.Contains(auditEvents(t, o), "protection_change from="+string(p.Protection)+" to="+string(step.mode)) {
			t.Fatalf("audit %v", auditEvents(t, o))
		}
		p.Protection = step.mode
		current = step.secret
	}
	if _, err := e.m.UnlockWithRecovery(ctx, p.ID, rk); err != nil {
		t.Fatal("recovery key lost its slot")
	}
	t.Run("ErrUnavailable", func(t *testing.T) {
		kc.Unavailable("the keyring is locked")
		defer kc.Heal()
		if _, err := e.m.ChangeProtection(ctx, p.ID, vault.ModePassphrase, "", "a fine passphrase"); !errors.Is(err, keychain.ErrUnavailable) {
			t.Fatal(err)
		}
		if q, _ := e.m.Find(ctx, p.ID); q.Protection != vault.ModeKeychain {
			t.Fatalf("registry says %s", q.Protection)
		}
	})
}
