package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth/backend/cli"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/profile"
)

// damageSearchIndex removes one message's words from the search index
// behind the database's back, so the index no longer matches its content
// (the FTS5 integrity check with rank 1 fails).
func damageSearchIndex(t *testing.T, h *hearth, name string) {
	t.Helper()
	ctx := context.Background()
	m := profile.NewManager(h.dataDir, h.kc, profile.Options{})
	p, err := m.Find(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	o, err := m.Unlock(ctx, p.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Lock(ctx)
	db := o.DB
	for _, q := range []string{
		`INSERT INTO sessions(id, module_id, created_at, updated_at) SELECT 's1', id, 1, 1 FROM modules LIMIT 1`,
		`INSERT INTO messages(id, session_id, module_id, role, content, created_at) SELECT 'm1', 's1', module_id, 'user', 'tomatoes need sun', 1 FROM sessions WHERE id = 's1'`,
		`INSERT INTO messages_fts(messages_fts, rowid, content) SELECT 'delete', seq, content FROM messages WHERE id = 'm1'`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestDoctor_DamagedProfile: doctor --profile runs the database checks and
// fails on a damaged database; export refuses it unless forced.
func TestDoctor_DamagedProfile(t *testing.T) {
	h := newHearth(t)
	h.ok(nil, "profile", "create", "--name", "Ann")
	_, out, _ := h.run(nil, "doctor", "--profile", "Ann")
	if !strings.Contains(out, "OK    database of Ann") {
		t.Fatalf("intact profile: %q", out)
	}
	damageSearchIndex(t, h, "Ann")

	code, out, errs := h.run(nil, "doctor", "--profile", "Ann")
	if code == 0 || !strings.Contains(out, "FAIL  database of Ann") || !strings.Contains(out, "messages_fts") {
		t.Fatalf("damaged profile: exit %d %q %q", code, out, errs)
	}
	dest := filepath.Join(t.TempDir(), "ann.zip")
	code, _, errs = h.run(nil, "export", "--profile", "Ann", "--format", "zip", "--out", dest)
	if code != cli.ExitError || !strings.Contains(errs, "damaged") {
		t.Fatalf("export of a damaged profile: exit %d %q", code, errs)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Fatalf("a refused export wrote %s: %v", dest, err)
	}
	code, _, errs = h.run(nil, "export", "--profile", "Ann", "--format", "zip", "--out", dest, "--force")
	if code != 0 || !strings.Contains(errs, "exporting a damaged database") || !strings.Contains(errs, "messages_fts") {
		t.Fatalf("forced export: exit %d %q", code, errs)
	}
	if _, err := os.Stat(dest); err != nil {
		t.Fatal(err)
	}
}

// TestProfileList_LostRegistry: with profiles.json deleted every profile
// is still listed; with an older list the missing one is shown as found on
// disk and bring-back lists it again.
func TestProfileList_LostRegistry(t *testing.T) {
	h := newHearth(t)
	h.ok(nil, "profile", "create", "--name", "Ann")
	reg := filepath.Join(h.dataDir, profile.RegistryFileName)
	old, _ := os.ReadFile(reg)
	h.ok(map[string]string{"HEARTH_PIN": "471122"}, "profile", "create", "--name", "Ben", "--protection", "pin")
	os.Remove(reg)
	if out := h.ok(nil, "profile", "list"); !strings.Contains(out, "Ann") || !strings.Contains(out, "Ben") {
		t.Fatalf("list without profiles.json: %q", out)
	}
	h.ok(nil, "profile", "create", "--name", "Cy")
	os.WriteFile(reg, old, 0o600) // a sync tool puts back an old list
	out := h.ok(nil, "profile", "list")
	if !strings.Contains(out, `Found on disk but missing from the list:`) || !strings.Contains(out, `"Ben"`) {
		t.Fatalf("stale list: %q", out)
	}
	for _, part := range strings.Split(out, "Found on disk but missing from the list: ")[1:] {
		h.ok(nil, "profile", "bring-back", "--profile", strings.Fields(part)[0])
	}
	out = h.ok(nil, "profile", "list")
	if strings.Contains(out, "Found on disk") || !strings.Contains(out, "Ben") || !strings.Contains(out, "Cy") {
		t.Fatalf("after bring-back: %q", out)
	}
	h.ok(map[string]string{"HEARTH_PIN": "471122"}, "profile", "unlock", "--profile", "Ben")
}

// TestProfileProtect_NewPassphraseWithoutKeychain: a new passphrase for a
// passphrase profile on a machine without a keychain exits 0 and works.
func TestProfileProtect_NewPassphraseWithoutKeychain(t *testing.T) {
	f := keychaintest.New()
	f.Unavailable("no Secret Service on the session bus")
	h := &hearth{t: t, dataDir: t.TempDir(), kc: f}
	h.ok(map[string]string{"HEARTH_PASSPHRASE": "correct horse battery"}, "profile", "create", "--name", "Cy", "--protection", "passphrase")
	out := h.ok(map[string]string{"HEARTH_PASSPHRASE": "correct horse battery", "HEARTH_NEW_PASSPHRASE": "a brand new passphrase"},
		"profile", "protect", "--profile", "Cy", "--protection", "passphrase")
	if !strings.Contains(out, "now protected by passphrase") {
		t.Fatalf("protect: %q", out)
	}
	h.ok(map[string]string{"HEARTH_PASSPHRASE": "a brand new passphrase"}, "profile", "unlock", "--profile", "Cy")
}

// TestDoctor_ProfileFiles: doctor checks each profile's files without
// unlocking it: a lost key-slot copy is rewritten and said so, a missing
// database fails the check.
func TestDoctor_ProfileFiles(t *testing.T) {
	h := newHearth(t)
	h.ok(map[string]string{"HEARTH_PASSPHRASE": crashPass}, "profile", "create", "--name", "Ann", "--protection", "passphrase")
	_, out, _ := h.run(nil, "doctor")
	if !strings.Contains(out, "OK    files of Ann") {
		t.Fatalf("intact: %q", out)
	}
	m := profile.NewManager(h.dataDir, h.kc, profile.Options{})
	p, _ := m.Find(context.Background(), "Ann")
	os.Remove(filepath.Join(m.Dir(p.ID), "keyslots.json"))
	_, out, _ = h.run(nil, "doctor")
	if !strings.Contains(out, "OK    files of Ann") || !strings.Contains(out, "rewritten") {
		t.Fatalf("lost key-slot copy: %q", out)
	}
	if _, err := os.Stat(filepath.Join(m.Dir(p.ID), "keyslots.json")); err != nil {
		t.Fatal("key-slot copy not rewritten")
	}
	os.Truncate(filepath.Join(m.Dir(p.ID), profile.DBFileName), 0)
	code, out, _ := h.run(nil, "doctor")
	if code == 0 || !strings.Contains(out, "FAIL  files of Ann") || !strings.Contains(out, "empty") {
		t.Fatalf("empty database: %d %q", code, out)
	}
}

// TestProfileUnlock_BothKeySlotFilesLost: the command line opens a
// keychain profile whose key-slot files are both gone, writes new ones and
// shows the new recovery key, which then opens the profile.
func TestProfileUnlock_BothKeySlotFilesLost(t *testing.T) {
	h := newHearth(t)
	h.ok(nil, "profile", "create", "--name", "Ann")
	m := profile.NewManager(h.dataDir, h.kc, profile.Options{})
	p, _ := m.Find(context.Background(), "Ann")
	os.Remove(filepath.Join(m.Dir(p.ID), "keyslots.json"))
	os.Remove(filepath.Join(m.Dir(p.ID), "keyslots.copy.json"))
	code, out, errs := h.run(nil, "profile", "unlock", "--profile", "Ann")
	if code != 0 || !strings.Contains(out, "recovery key: ") || !strings.Contains(errs, "key-slot files") {
		t.Fatalf("unlock: %d %q %q", code, out, errs)
	}
	rk := strings.TrimSpace(strings.SplitN(strings.SplitN(out, "recovery key: ", 2)[1], "\n", 2)[0])
	h.ok(map[string]string{"HEARTH_RECOVERY_KEY": rk}, "profile", "unlock", "--profile", "Ann", "--recovery")
}

// TestSearch_MissingDatabase: with hearth.db deleted or emptied, search
// fails (exit 1) saying the database file is missing or empty, instead of
// answering "No matches" from a fresh empty database.
func TestSearch_MissingDatabase(t *testing.T) {
	for name, damage := range map[string]func(string){
		"Deleted": func(p string) { os.Remove(p) },
		"Emptied": func(p string) { os.Truncate(p, 0) },
	} {
		t.Run(name, func(t *testing.T) {
			h := newHearth(t)
			h.ok(nil, "profile", "create", "--name", "Ann")
			h.ok(nil, "memory", "add", "--profile", "Ann", "--shared", "tomatoes need sun")
			m := profile.NewManager(h.dataDir, h.kc, profile.Options{})
			p, _ := m.Find(context.Background(), "Ann")
			db := filepath.Join(m.Dir(p.ID), profile.DBFileName)
			damage(db)
			code, out, errs := h.run(nil, "search", "--profile", "Ann", "tomatoes")
			if code != cli.ExitError || !strings.Contains(errs, "missing or empty") || strings.Contains(out, "No matches") {
				t.Fatalf("search: exit %d %q %q", code, out, errs)
			}
			if fi, err := os.Stat(db); name == "Deleted" && err == nil || name == "Emptied" && (err != nil || fi.Size() != 0) {
				t.Fatalf("the database file was recreated or written: %v", err)
			}
		})
	}
}
