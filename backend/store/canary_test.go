package store_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hearth/backend/store"
)

type execer interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}

// canaryRun makes canaries unique to one test run, so nothing else on disk
// can contain them by accident. A child process inherits its parent's.
var canaryRun = func() string {
	if s := os.Getenv(envCanary); s != "" {
		return s
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}()

var canaryTables = []string{"settings", "endpoints", "modules", "sessions", "messages", "memories", "memoryhistory", "auditlog", "vectors"}

// canary is one lowercase alphanumeric token, so the FTS5 indexes store it
// verbatim too.
func canary(tag, table string) string { return "zqx" + canaryRun + tag + table + "canary" }

func writeCanaries(ctx context.Context, db *store.DB, tag string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := writeCanariesOn(ctx, tx, tag); err != nil {
		return err
	}
	return tx.Commit()
}

// writeCanariesOn writes a canary through every table of the schema, plus
// enough filler to spill a small page cache to disk mid-transaction.
func writeCanariesOn(ctx context.Context, x execer, tag string) error {
	c := func(table string) string { return canary(tag, table) }
	now := time.Now().UnixMilli()
	stmts := []struct {
		q    string
		args []any
	}{
		{`INSERT INTO settings(key, value) VALUES (?, ?)`, []any{"canary." + tag, c("settings")}},
		{`INSERT INTO endpoints(id, name, base_url, api_key, created_at) VALUES (?, ?, 'http://127.0.0.1', ?, ?)`, []any{"ep-" + tag, "ep " + tag, c("endpoints"), now}},
		{`INSERT INTO modules(id, name, system_prompt, created_at, updated_at) VALUES (?, 'M', ?, ?, ?)`, []any{"mod-" + tag, c("modules"), now, now}},
		{`INSERT INTO sessions(id, module_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`, []any{"ses-" + tag, "mod-" + tag, c("sessions"), now, now}},
		{`INSERT INTO messages(id, session_id, module_id, role, content, created_at) VALUES (?, ?, ?, 'user', ?, ?)`, []any{"msg-" + tag, "ses-" + tag, "mod-" + tag, "about " + c("messages") + " today", now}},
		{`INSERT INTO memories(id, scope, origin_module, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`, []any{"mem-" + tag, "mod-" + tag, "mod-" + tag, "likes " + c("memories"), now, now}},
		{`INSERT INTO memory_history(memory_id, action, new_text, at) VALUES (?, 'add', ?, ?)`, []any{"mem-" + tag, c("memoryhistory"), now}},
		// A vector is not text, but its bytes must be as unreadable: the canary is its blob.
		{`INSERT INTO vectors(owner, owner_id, scope, model, vec) VALUES ('memory', ?, ?, 'm', ?)`, []any{"mem-" + tag, "mod-" + tag, []byte(c("vectors"))}},
	}
	for _, s := range stmts {
		if _, err := x.ExecContext(ctx, s.q, s.args...); err != nil {
			return err
		}
	}
	if err := store.Audit(ctx, x, "canary", c("auditlog")); err != nil {
		return err
	}
	filler := strings.Repeat(c("messages")+" filler ", 100)
	for i := range 40 {
		if _, err := x.ExecContext(ctx, `INSERT INTO messages(id, session_id, module_id, role, content, created_at) VALUES (?, ?, ?, 'assistant', ?, ?)`,
			"fill-"+tag+"-"+string(rune('a'+i)), "ses-"+tag, "mod-"+tag, filler, now); err != nil {
			return err
		}
	}
	return nil
}

// scan counts, over every file in dir, the occurrences of each canary of tag.
func scan(t *testing.T, dir, tag string) map[string]int {
	t.Helper()
	found := map[string]int{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, table := range canaryTables {
			if n := bytes.Count(b, []byte(canary(tag, table))); n > 0 {
				found[table] += n
				found[e.Name()] += n
			}
		}
	}
	return found
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func assertNoCanary(t *testing.T, dir, tag, when string) {
	t.Helper()
	if found := scan(t, dir, tag); len(found) > 0 {
		t.Fatalf("%s: plaintext found on disk: %v (files %v)", when, found, files(t, dir))
	}
}

func TestCanary(t *testing.T) {
	ctx := context.Background()
	for _, mode := range []string{"WAL", "DELETE"} {
		t.Run(mode, func(t *testing.T) {
			t.Run("Committed", func(t *testing.T) {
				dir := t.TempDir()
				db, err := store.Open(ctx, filepath.Join(dir, "hearth.db"), testKey(1), store.Options{JournalMode: mode})
				if err != nil {
					t.Fatal(err)
				}
				if err := writeCanaries(ctx, db, "c"); err != nil {
					t.Fatal(err)
				}
				assertNoCanary(t, dir, "c", "open")
				if err := db.Close(); err != nil {
					t.Fatal(err)
				}
				assertNoCanary(t, dir, "c", "closed")
			})
			t.Run("MidTransaction", func(t *testing.T) {
				dir := t.TempDir()
				midTransaction(t, dir, store.Options{JournalMode: mode, MaxOpenConns: 1}, func(when string) {
					assertNoCanary(t, dir, "m", when)
				})
			})
			t.Run("KilledProcess", func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, "hearth.db")
				c := startChild(t, "hold", path, testKey(2), mode, "k")
				select {
				case line := <-c.mid:
					if line != "mid" {
						t.Fatalf("child said %q", line)
					}
				case <-c.done:
					t.Fatal("child exited early")
				}
				c.kill(t)
				assertNoCanary(t, dir, "k", "after kill")
				db, err := store.Open(ctx, path, testKey(2), store.Options{JournalMode: mode})
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if n, err := countRows(ctx, db, `SELECT count(*) FROM memories WHERE text LIKE ?`, "%"+canary("kcommitted", "memories")); err != nil || n != 1 {
					t.Fatalf("committed canary: %d %v", n, err)
				}
				if n, err := countRows(ctx, db, `SELECT count(*) FROM messages WHERE id LIKE 'fill-kpending-%'`); err != nil || n != 0 {
					t.Fatalf("uncommitted rows survived: %d %v", n, err)
				}
				if err := checkIntegrity(ctx, db); err != nil {
					t.Fatal(err)
				}
				assertNoCanary(t, dir, "k", "after recovery")
			})
			t.Run("PlainControlFindsThem", func(t *testing.T) {
				dir := t.TempDir()
				var seen map[string]int
				midTransaction(t, dir, store.Options{Plain: true, JournalMode: mode, MaxOpenConns: 1}, func(when string) {
					if when == "mid-transaction" {
						seen = scan(t, dir, "mcommitted")
					}
				})
				for _, table := range canaryTables {
					if seen[table] == 0 {
						t.Errorf("control scan missed %s in plaintext file: %v", table, seen)
					}
				}
			})
		})
	}
}

// midTransaction commits canaries, then holds a transaction whose pages have
// spilled to the journal or WAL, calling check at each stage.
func midTransaction(t *testing.T, dir string, opts store.Options, check func(when string)) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "hearth.db"), testKey(3), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := writeCanaries(ctx, db, "mcommitted"); err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = 2`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	if err := writeCanariesOn(ctx, conn, "mpending"); err != nil {
		t.Fatal(err)
	}
	check("mid-transaction")
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	check("rolled back")
}
