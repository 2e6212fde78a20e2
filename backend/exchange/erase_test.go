package exchange_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth/backend/exchange"
	"hearth/backend/store"
	"hearth/backend/store/storetest"
)

// TestErase_Canary writes distinctive canaries through every table, deletes
// them with each erasure helper, and then looks for them everywhere: by
// search, in every row of every table (FTS shadow tables included), in
// every decrypted page of the database (sqlite_dbpage), and in the raw
// files of the profile folder. Plain mode makes the raw-file scan strict:
// there the files are the decrypted bytes.
func TestErase_Canary(t *testing.T) {
	for _, plain := range []bool{false, true} {
		t.Run(map[bool]string{false: "Encrypted", true: "Plain"}[plain], func(t *testing.T) {
			testCanary(t, plain)
		})
	}
}

func testCanary(t *testing.T, plain bool) {
	dir := filepath.Join(t.TempDir(), "profiles", "p")
	db := storetest.OpenWith(t, storetest.Config{Path: filepath.Join(dir, "hearth.db"), Options: store.Options{Plain: plain}})
	run := make([]byte, 4)
	rand.Read(run)
	canary := func(what string) string { return "zqxcanary" + hex.EncodeToString(run) + what }
	cSession, cMemory, cModule, cModMem := canary("session"), canary("memory"), canary("module"), canary("modmem")
	all := []string{cSession, cMemory, cModule, cModMem}

	// Filler around the canaries so deletes free cells inside live pages.
	addModule(t, db, "kitchen", "Kitchen", true)
	addModule(t, db, "doomed", "Doomed "+cModule, false)
	mustExec(t, db, `UPDATE modules SET system_prompt = ? WHERE id = 'doomed'`, "Prompt "+cModule)
	filler := func(module, session string, n int) {
		for i := 0; i < n; i++ {
			addMessage(t, db, module, session, fmt.Sprintf("%s-f%d", session, i), "user", fmt.Sprintf("filler soup %d %s", i, strings.Repeat("lorem ", 20)), 1700000000000+int64(i))
		}
	}
	addSession(t, db, "kitchen", "keep", "Kept", 1700000000000)
	filler("kitchen", "keep", 50)
	addSession(t, db, "kitchen", "gone", "Title "+cSession, 1700000001000)
	addMessage(t, db, "kitchen", "gone", "g1", "user", "Secret "+cSession+" text", 1700000001001)
	addMessage(t, db, "kitchen", "gone", "g2", "assistant", "Reply about "+cSession, 1700000001002)
	filler("kitchen", "keep2", 0)
	addSession(t, db, "doomed", "d1", "Doomed "+cModule, 1700000002000)
	addMessage(t, db, "doomed", "d1", "d1m", "user", "Module text "+cModule, 1700000002001)
	addMemory(t, db, "mem-gone", "kitchen", "kitchen", "Memory "+cMemory, "gone", "g1", 1700000003000)
	mustExec(t, db, `INSERT INTO memory_history (memory_id, action, old_text, new_text, at) VALUES ('mem-gone', 'update', ?, ?, 1700000003001)`,
		"Old "+cMemory, "Memory "+cMemory)
	addMemory(t, db, "mem-doomed", "doomed", "doomed", "Doomed memory "+cModule, "d1", "d1m", 1700000003002)
	addMemory(t, db, "mem-mm", "kitchen", "kitchen", "Kitchen memory "+cModMem, "", "", 1700000003003)
	addMemory(t, db, "mem-keep", "shared", "kitchen", "Kept shared memory", "", "", 1700000003004)
	filler("kitchen", "keep", 0)

	// The scans find every canary before deletion, so they can fail.
	for _, c := range all {
		if n := ftsHits(t, db, c); n == 0 {
			t.Fatalf("control: search does not find %s", c)
		}
		if n := pageHits(t, db, c); n == 0 {
			t.Fatalf("control: decrypted pages do not hold %s", c)
		}
	}
	if plain && len(fileHits(t, dir, all)) == 0 {
		t.Fatal("control: plain files do not hold the canaries")
	}

	if err := exchange.DeleteSession(ctx, db, "kitchen", "gone"); err != nil {
		t.Fatal(err)
	}
	if err := exchange.DeleteMemory(ctx, db, "kitchen", "mem-gone"); err != nil {
		t.Fatal(err)
	}
	st, err := exchange.DeleteModuleData(ctx, db, "doomed")
	if err != nil {
		t.Fatal(err)
	}
	if st.Modules != 1 || st.Sessions != 1 || st.Messages != 1 || st.Memories != 1 {
		t.Errorf("module delete stats %+v", st)
	}
	if st, err := exchange.DeleteModuleMemories(ctx, db, "kitchen"); err != nil || st.Memories != 1 {
		t.Fatalf("module memories: %+v %v", st, err)
	}

	for _, c := range all {
		if n := ftsHits(t, db, c); n != 0 {
			t.Errorf("search still finds %s (%d)", c, n)
		}
		if n := pageHits(t, db, c); n != 0 {
			t.Errorf("decrypted pages still hold %s (%d times)", c, n)
		}
		if d := dump(t, db); strings.Contains(d, c) || strings.Contains(d, hex.EncodeToString([]byte(c))) {
			t.Errorf("a table row still holds %s", c)
		}
	}
	if hits := fileHits(t, dir, all); len(hits) > 0 {
		t.Errorf("raw files hold canaries: %v", hits)
	}
	// What was not deleted is intact.
	if n := count(t, db, `SELECT count(*) FROM messages WHERE session_id = 'keep'`); n != 50 {
		t.Errorf("kept messages: %d", n)
	}
	if n := ftsHits(t, db, "soup"); n != 50 {
		t.Errorf("kept messages searchable: %d", n)
	}
	if n := count(t, db, `SELECT count(*) FROM memories`); n != 1 {
		t.Errorf("memories left: %d", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE event = 'erase'`); n != 4 {
		t.Errorf("erase audit entries: %d", n)
	}
	var details string
	db.QueryRowContext(ctx, `SELECT group_concat(detail, ' ') FROM audit_log`).Scan(&details)
	if strings.Contains(details, "zqxcanary") {
		t.Error("audit log holds text")
	}
	var integrity string
	db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&integrity)
	if integrity != "ok" {
		t.Errorf("integrity: %s", integrity)
	}
	for _, tbl := range []string{"messages_fts", "memories_fts"} {
		if _, err := db.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s(%s, rank) VALUES ('integrity-check', 1)`, tbl, tbl)); err != nil {
			t.Errorf("%s integrity: %v", tbl, err)
		}
	}
}

func TestErase_NotFound(t *testing.T) {
	db := openDB(t)
	seedProfile(t, db)
	before := dump(t, db)
	if err := exchange.DeleteSession(ctx, db, "homework", "s-k1"); !errors.Is(err, exchange.ErrNotFound) {
		t.Errorf("session of another module: %v", err)
	}
	if err := exchange.DeleteMemory(ctx, db, "homework", "mem-1"); !errors.Is(err, exchange.ErrNotFound) {
		t.Errorf("memory of another scope: %v", err)
	}
	if _, err := exchange.DeleteModuleData(ctx, db, "ghost"); !errors.Is(err, exchange.ErrModuleNotFound) {
		t.Errorf("unknown module: %v", err)
	}
	if dump(t, db) != before {
		t.Error("a refused delete changed the profile")
	}
	// A built-in module keeps its row, emptied.
	if _, err := exchange.DeleteModuleData(ctx, db, "kitchen"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM modules WHERE id = 'kitchen'`); n != 1 {
		t.Error("built-in module row deleted")
	}
	if n := count(t, db, `SELECT count(*) FROM sessions WHERE module_id = 'kitchen'`); n != 0 {
		t.Error("built-in module sessions kept")
	}
}

func ftsHits(t *testing.T, db *store.DB, word string) int {
	t.Helper()
	q := `"` + word + `"`
	return count(t, db, `SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?`, q) +
		count(t, db, `SELECT count(*) FROM memories_fts WHERE memories_fts MATCH ?`, q)
}

// pageHits counts the canary in every page of the decrypted database,
// free pages included, as SQLite sees them.
func pageHits(t *testing.T, db *store.DB, s string) int {
	t.Helper()
	rows, err := db.QueryContext(ctx, `SELECT data FROM sqlite_dbpage`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var page []byte
		if err := rows.Scan(&page); err != nil {
			t.Fatal(err)
		}
		n += bytes.Count(page, []byte(s))
	}
	return n
}

// fileHits scans every file in the profile folder for each canary.
func fileHits(t *testing.T, dir string, canaries []string) map[string]int {
	t.Helper()
	hits := map[string]int{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range canaries {
			if n := bytes.Count(b, []byte(c)); n > 0 {
				hits[e.Name()+":"+c] += n
			}
		}
	}
	return hits
}
