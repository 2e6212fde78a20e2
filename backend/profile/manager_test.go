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

	"hearth/backend/keychain"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/profile"
	"hearth/backend/store"
	"hearth/backend/vault"
)

func TestManager_Create(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		kc := keychaintest.New()
		e := newEnv(t, kc)
		p, rk, err := e.m.Create(ctx, profile.CreateRequest{Name: "  Ada ", Color: "#A1B2C3", Emoji: "🦊", Protection: vault.ModePIN, Secret: "471147"})
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != "Ada" || p.Color != "#a1b2c3" || p.Emoji != "🦊" || p.Protection != vault.ModePIN || len(p.ID) != 32 || !p.CreatedAt.Equal(e.clock.Now()) {
			t.Fatalf("profile %+v", p)
		}
		if _, err := vault.NormalizeRecoveryKey(rk); err != nil {
			t.Fatalf("recovery key %q: %v", rk, err)
		}
		if e.seeds != 1 {
			t.Fatalf("seeded %d times", e.seeds)
		}
		got := filesUnder(t, e.dir)
		for _, want := range []string{"profiles.json", "profiles.json.bak", "profiles", filepath.Join("profiles", p.ID), filepath.Join("profiles", p.ID, "hearth.db"), filepath.Join("profiles", p.ID, "keyslots.json")} {
			if !slices.Contains(got, want) {
				t.Fatalf("missing %s in %v", want, got)
			}
		}
		reg, _ := os.ReadFile(filepath.Join(e.dir, "profiles.json"))
		if bytes.Contains(reg, []byte("471147")) || bytes.Contains(reg, []byte(strings.ReplaceAll(rk, "-", "")[:10])) {
			t.Fatal("profiles.json holds a secret")
		}
		if a := kc.Accounts(); !slices.Equal(a, []string{keychain.Account(p.ID)}) {
			t.Fatalf("keychain %v", a)
		}
		list, err := e.m.List(ctx)
		if err != nil || len(list) != 1 || list[0] != p {
			t.Fatalf("list %v %v", list, err)
		}
		o := e.unlock(t, p.ID, "471147")
		if ev := auditEvents(t, o); !slices.Contains(ev, "profile_created protection=pin") || !slices.Contains(ev, "unlock mode=pin") {
			t.Fatalf("audit %v", ev)
		}
		var seeded string
		o.DB.QueryRowContext(ctx, `SELECT value FROM settings WHERE key='seeded'`).Scan(&seeded)
		if seeded != "yes" {
			t.Fatal("seed not in database")
		}
	})
	t.Run("ErrNameTaken", func(t *testing.T) {
		e := newEnv(t, keychaintest.New())
		e.create(t, "Ada", vault.ModeKeychain)
		if _, _, err := e.m.Create(ctx, profile.CreateRequest{Name: "ada", Protection: vault.ModeKeychain}); !errors.Is(err, profile.ErrNameTaken) {
			t.Fatal(err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		e := newEnv(t, keychaintest.New())
		for _, req := range []profile.CreateRequest{
			{Name: " ", Protection: vault.ModeKeychain},
			{Name: strings.Repeat("x", 65), Protection: vault.ModeKeychain},
			{Name: "a\nb", Protection: vault.ModeKeychain},
			{Name: "Ada", Color: "red", Protection: vault.ModeKeychain},
		} {
			if _, _, err := e.m.Create(ctx, req); !errors.Is(err, profile.ErrInvalid) {
				t.Fatalf("%+v: %v", req, err)
			}
		}
		if _, _, err := e.m.Create(ctx, profile.CreateRequest{Name: "Ada", Protection: "none"}); !errors.Is(err, vault.ErrBadMode) {
			t.Fatal(err)
		}
		if _, _, err := e.m.Create(ctx, profile.CreateRequest{Name: "Ada", Protection: vault.ModePIN, Secret: "1"}); !errors.Is(err, vault.ErrWeakSecret) {
			t.Fatal(err)
		}
		// Only the (empty) registry lock file may remain, and the folder
		// that holds profile folders.
		got := slices.DeleteFunc(filesUnder(t, e.dir), func(f string) bool { return f == profile.LockFileName || f == "profiles" })
		if len(got) != 0 {
			t.Fatalf("left behind: %v", got)
		}
	})
	t.Run("ErrUnavailable", func(t *testing.T) {
		kc := keychaintest.New()
		kc.Unavailable("no Secret Service on the session bus")
		e := newEnv(t, kc)
		for _, mode := range []vault.Mode{vault.ModeKeychain, vault.ModePIN} {
			_, _, err := e.m.Create(ctx, profile.CreateRequest{Name: "Ada", Protection: mode, Secret: secrets[mode]})
			if !errors.Is(err, keychain.ErrUnavailable) || !strings.Contains(err.Error(), "passphrase") || !strings.Contains(err.Error(), "no Secret Service") {
				t.Fatalf("%s: %v", mode, err)
			}
		}
		if got := filesUnder(t, filepath.Join(e.dir, "profiles")); len(got) != 0 {
			t.Fatalf("left behind: %v", got)
		}
		if list, _ := e.m.List(ctx); len(list) != 0 {
			t.Fatalf("registered %v", list)
		}
		p, _ := e.create(t, "Ada", vault.ModePassphrase) // the offered alternative works
		e.unlock(t, p.ID, secrets[vault.ModePassphrase])
	})
	t.Run("SeedFails", func(t *testing.T) {
		kc := keychaintest.New()
		e := newEnv(t, kc)
		m := profile.NewManager(e.dir, kc, profile.Options{KDF: vault.LowSecurityKDFParams(),
			Seed: func(context.Context, *store.DB) error { return errors.New("boom") }})
		if _, _, err := m.Create(ctx, profile.CreateRequest{Name: "Ada", Protection: vault.ModePIN, Secret: "471147"}); err == nil || !strings.Contains(err.Error(), "boom") {
			t.Fatal(err)
		}
		if got := filesUnder(t, filepath.Join(e.dir, "profiles")); len(got) != 0 || len(kc.Accounts()) != 0 {
			t.Fatalf("left behind: %v %v", got, kc.Accounts())
		}
	})
}

func TestManager_FindRename(t *testing.T) {
	e := newEnv(t, keychaintest.New())
	a, _ := e.create(t, "Ada", vault.ModeKeychain)
	b, _ := e.create(t, "Bob", vault.ModeKeychain)
	for _, q := range []string{a.ID, "ada", " ADA "} {
		if p, err := e.m.Find(ctx, q); err != nil || p.ID != a.ID {
			t.Fatalf("find %q: %v %v", q, p, err)
		}
	}
	if _, err := e.m.Find(ctx, "carol"); !errors.Is(err, profile.ErrNotFound) {
		t.Fatal(err)
	}
	if _, err := e.m.Rename(ctx, a.ID, "bob"); !errors.Is(err, profile.ErrNameTaken) {
		t.Fatal(err)
	}
	p, err := e.m.Rename(ctx, a.ID, "Ada Lovelace")
	if err != nil || p.Name != "Ada Lovelace" || p.ID != a.ID {
		t.Fatalf("rename %v %v", p, err)
	}
	if p, err := e.manager(t).Find(ctx, "ada lovelace"); err != nil || p.ID != a.ID {
		t.Fatalf("rename not persisted: %v", err)
	}
	if _, err := e.m.Rename(ctx, "nope", "X"); !errors.Is(err, profile.ErrNotFound) {
		t.Fatal(err)
	}
	list, _ := e.m.List(ctx)
	if len(list) != 2 || list[1].ID != b.ID {
		t.Fatalf("list %v", list)
	}
}

// TestManager_Lifecycle: create, open, lock, reopen, delete in every mode.
func TestManager_Lifecycle(t *testing.T) {
	for _, mode := range []vault.Mode{vault.ModeKeychain, vault.ModePIN, vault.ModePassphrase} {
		t.Run(string(mode), func(t *testing.T) {
			kc := keychaintest.New()
			e := newEnv(t, kc)
			lifecycle(t, e, mode, func() []string { return kc.Accounts() })
		})
	}
}

// lifecycle runs the mode's whole life; accounts lists keychain items.
func lifecycle(t *testing.T, e *env, mode vault.Mode, accounts func() []string) {
	t.Helper()
	other, _ := e.create(t, "Other", vault.ModeKeychain)
	p, _ := e.create(t, "Ada", mode)
	account := keychain.Account(p.ID)
	if slices.Contains(accounts(), account) != mode.UsesKeychain() {
		t.Fatalf("keychain item present=%v in %s mode", !mode.UsesKeychain(), mode)
	}
	if _, err := e.m.Current(); !errors.Is(err, profile.ErrLocked) {
		t.Fatal(err)
	}
	o := e.unlock(t, p.ID, secrets[mode])
	note(t, o, "hello")
	if cur, err := e.m.Current(); err != nil || cur.Profile.ID != p.ID || cur.DB != o.DB {
		t.Fatalf("current %v %v", cur.Profile, err)
	}
	if err := e.m.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.Current(); !errors.Is(err, profile.ErrLocked) {
		t.Fatal(err)
	}
	if err := o.DB.PingContext(ctx); err == nil {
		t.Fatal("database still open after lock")
	}
	if r := e.lockReasons(); !slices.Equal(r, []string{profile.LockUser}) {
		t.Fatalf("lock reasons %v", r)
	}
	o = e.unlock(t, p.ID, secrets[mode])
	if readNote(t, o) != "hello" {
		t.Fatal("data lost")
	}
	// Delete the open profile: it is locked first; nothing of it remains.
	rep, err := e.m.Delete(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r := e.lockReasons(); r[len(r)-1] != profile.LockDelete {
		t.Fatalf("lock reasons %v", r)
	}
	if _, err := e.m.Current(); !errors.Is(err, profile.ErrLocked) {
		t.Fatal(err)
	}
	dir := e.m.Dir(p.ID)
	for _, want := range []string{filepath.Join(dir, "keyslots.json"), filepath.Join(dir, "hearth.db"), dir} {
		if !slices.Contains(rep.Files, want) {
			t.Fatalf("report %v lacks %s", rep.Files, want)
		}
	}
	if mode.UsesKeychain() != slices.Equal(rep.KeychainItems, []string{account}) {
		t.Fatalf("report keychain items %v", rep.KeychainItems)
	}
	for _, f := range filesUnder(t, e.dir) {
		if strings.Contains(f, p.ID) {
			t.Fatalf("left behind: %s", f)
		}
	}
	reg, _ := os.ReadFile(filepath.Join(e.dir, "profiles.json"))
	if bytes.Contains(reg, []byte(p.ID)) {
		t.Fatal("registry still lists the profile")
	}
	if slices.Contains(accounts(), account) {
		t.Fatal("keychain item left behind")
	}
	if _, err := e.m.Find(ctx, p.ID); !errors.Is(err, profile.ErrNotFound) {
		t.Fatal(err)
	}
	// The other profile is untouched and still opens.
	if !slices.Contains(accounts(), keychain.Account(other.ID)) {
		t.Fatal("other profile's keychain item removed")
	}
	e.unlock(t, other.ID, "")
	if _, err := e.m.Delete(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
}

func TestManager_Delete(t *testing.T) {
	t.Run("StrayJournalFiles", func(t *testing.T) {
		e := newEnv(t, keychaintest.New())
		p, _ := e.create(t, "Ada", vault.ModePassphrase)
		dir := e.m.Dir(p.ID)
		for _, f := range []string{"hearth.db-wal", "hearth.db-shm", "hearth.db-journal"} {
			os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o600)
		}
		rep, err := e.m.Delete(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"hearth.db-wal", "hearth.db-shm", "hearth.db-journal"} {
			if !slices.Contains(rep.Files, filepath.Join(dir, f)) {
				t.Fatalf("report lacks %s: %v", f, rep.Files)
			}
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Fatalf("folder remains: %v", err)
		}
	})
	t.Run("ErrUnavailable", func(t *testing.T) {
		kc := keychaintest.New()
		e := newEnv(t, kc)
		p, _ := e.create(t, "Ada", vault.ModePIN)
		kc.Unavailable("the keyring is locked")
		if _, err := e.m.Delete(ctx, p.ID); !errors.Is(err, keychain.ErrUnavailable) {
			t.Fatal(err)
		}
		kc.Heal()
		e.unlock(t, p.ID, "471147") // nothing was removed
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		e := newEnv(t, keychaintest.New())
		if _, err := e.m.Delete(ctx, "../../etc"); !errors.Is(err, profile.ErrNotFound) {
			t.Fatal(err)
		}
	})
}
