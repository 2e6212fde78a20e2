package profile_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"hearth/backend/keychain/keychaintest"
	"hearth/backend/profile"
	"hearth/backend/vault"
)

func names(ps []profile.Profile) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	slices.Sort(out)
	return out
}

// TestRegistry_LostListRebuilt: a deleted or emptied profiles.json does not
// lose the household. Every profile is listed again (name, colour and
// protection from its own folder), opens, and the next create keeps them
// all, in the list and in its backup.
func TestRegistry_LostListRebuilt(t *testing.T) {
	for name, damage := range map[string]func(dir string){
		"Deleted": func(dir string) { os.Remove(filepath.Join(dir, profile.RegistryFileName)) },
		"Emptied": func(dir string) { os.WriteFile(filepath.Join(dir, profile.RegistryFileName), nil, 0o600) },
		"BothGone": func(dir string) {
			os.Remove(filepath.Join(dir, profile.RegistryFileName))
			os.Remove(filepath.Join(dir, profile.BackupFileName))
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, keychaintest.New())
			a, _ := e.create(t, "Ada", vault.ModeKeychain)
			if _, err := e.m.SetLook(ctx, a.ID, "#112233", "🦊"); err != nil {
				t.Fatal(err)
			}
			b, _ := e.create(t, "Bob", vault.ModePIN)
			damage(e.dir)

			m := e.manager(t) // a restart
			list, err := m.List(ctx)
			if err != nil || !slices.Equal(names(list), []string{"Ada", "Bob"}) {
				t.Fatalf("list after %s: %v %v", name, names(list), err)
			}
			for _, p := range list {
				if p.ID == a.ID && (p.Color != "#112233" || p.Emoji != "🦊" || p.Protection != vault.ModeKeychain) {
					t.Fatalf("Ada's look or protection lost: %+v", p)
				}
				if p.ID == b.ID && p.Protection != vault.ModePIN {
					t.Fatalf("Bob's protection lost: %+v", p)
				}
			}
			if _, _, err := m.Create(ctx, profile.CreateRequest{Name: "Cy", Protection: vault.ModeKeychain}); err != nil {
				t.Fatal(err)
			}
			for _, file := range []string{profile.RegistryFileName, profile.BackupFileName} {
				list, err := profile.NewManager(e.dir, e.kc, profile.Options{}).List(ctx)
				if err != nil || len(list) != 3 {
					t.Fatalf("%s after create: %v %v", file, names(list), err)
				}
				os.Remove(filepath.Join(e.dir, file)) // the other file alone must name all three
				if file == profile.BackupFileName {
					break
				}
				raw, _ := os.ReadFile(filepath.Join(e.dir, profile.BackupFileName))
				for _, n := range []string{"Ada", "Bob", "Cy"} {
					if !bytes.Contains(raw, []byte(`"`+n+`"`)) {
						t.Fatalf("backup lacks %s", n)
					}
				}
			}
			if _, err := m.Unlock(ctx, b.ID, "471147"); err != nil {
				t.Fatalf("unlock Bob: %v", err)
			}
		})
	}
}

// TestRegistry_StaleListOffersFoundProfiles: a valid but older list (a
// sync tool put back yesterday's profiles.json) lacks a profile that is on
// disk. It is offered back, the backup is never overwritten by the shorter
// list, and bringing it back lists it again.
func TestRegistry_StaleListOffersFoundProfiles(t *testing.T) {
	e := newEnv(t, keychaintest.New())
	e.create(t, "Ada", vault.ModeKeychain)
	path := filepath.Join(e.dir, profile.RegistryFileName)
	old, _ := os.ReadFile(path)
	b, _ := e.create(t, "Bob", vault.ModePassphrase)
	os.WriteFile(path, old, 0o600)

	list, _ := e.m.List(ctx)
	if !slices.Equal(names(list), []string{"Ada"}) {
		t.Fatalf("list: %v", names(list))
	}
	found, err := e.m.Unlisted(ctx)
	if err != nil || len(found) != 1 || found[0].ID != b.ID || found[0].Name != "Bob" {
		t.Fatalf("unlisted: %+v %v", found, err)
	}
	if _, _, err := e.m.Create(ctx, profile.CreateRequest{Name: "Cy", Protection: vault.ModeKeychain}); err != nil {
		t.Fatal(err)
	}
	if raw, _ := os.ReadFile(filepath.Join(e.dir, profile.BackupFileName)); !bytes.Contains(raw, []byte(b.ID)) {
		t.Fatal("the backup was overwritten by a list that lacks Bob")
	}
	if _, err := e.m.BringBack(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	list, _ = e.m.List(ctx)
	if !slices.Equal(names(list), []string{"Ada", "Bob", "Cy"}) {
		t.Fatalf("after bringing back: %v", names(list))
	}
	if found, _ := e.m.Unlisted(ctx); len(found) != 0 {
		t.Fatalf("still unlisted: %v", found)
	}
	e.unlock(t, b.ID, secrets[vault.ModePassphrase])
}

// TestRegistry_FolderWithoutDescription: a profile made before folders
// described themselves is still found, with its protection from its key
// slots; the next write of the list adds its description.
func TestRegistry_FolderWithoutDescription(t *testing.T) {
	e := newEnv(t, keychaintest.New())
	a, _ := e.create(t, "Ada", vault.ModePIN)
	os.Remove(filepath.Join(e.m.Dir(a.ID), profile.InfoFileName))
	os.Remove(filepath.Join(e.dir, profile.RegistryFileName))
	os.Remove(filepath.Join(e.dir, profile.BackupFileName))
	list, err := e.m.List(ctx)
	if err != nil || len(list) != 1 || list[0].ID != a.ID || list[0].Protection != vault.ModePIN {
		t.Fatalf("list: %+v %v", list, err)
	}
	if _, err := e.m.Rename(ctx, a.ID, "Ada"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(e.m.Dir(a.ID), profile.InfoFileName)); err != nil {
		t.Fatalf("description not written: %v", err)
	}
}
