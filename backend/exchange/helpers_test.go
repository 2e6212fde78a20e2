package exchange_test

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"hearth/backend/store"
	"hearth/backend/store/storetest"
)

var ctx = context.Background()

// openDB opens a new encrypted profile database in its own data dir.
func openDB(t testing.TB) *store.DB {
	return storetest.OpenWith(t, storetest.Config{Path: filepath.Join(t.TempDir(), "profiles", "p", "hearth.db")})
}

func mustExec(t testing.TB, db interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(ctx, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func addModule(t testing.TB, db *store.DB, id, name string, builtin bool) {
	t.Helper()
	mustExec(t, db, `INSERT INTO modules (id, name, icon, description, system_prompt, model, temperature,
		use_memory, write_memory, read_shared, builtin, archived, sort_order, created_at, updated_at)
		VALUES (?, ?, '🍲', 'desc of '||?, 'You are '||?, 'gpt-x', 0.4, 1, 0, 1, ?, 0, 3, 1700000000000, 1700000000500)`,
		id, name, id, name, builtin)
}

func addSession(t testing.TB, db *store.DB, module, id, title string, at int64) {
	t.Helper()
	mustExec(t, db, `INSERT INTO sessions (id, module_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		id, module, title, at, at+1000)
}

func addMessage(t testing.TB, db *store.DB, module, session, id, role, content string, at int64, used ...string) {
	t.Helper()
	u, _ := json.Marshal(append([]string{}, used...))
	mustExec(t, db, `INSERT INTO messages (id, session_id, module_id, role, content, status, error, model,
		prompt_tokens, completion_tokens, used_memories, held_back, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 11, 22, ?, 1, ?)`, id, session, module, role, content,
		map[bool]string{true: "error", false: "complete"}[strings.HasPrefix(content, "ERR")],
		map[bool]string{true: "The endpoint refused.", false: ""}[strings.HasPrefix(content, "ERR")],
		map[string]string{"assistant": "gpt-x"}[role], string(u), at)
}

func addMemory(t testing.TB, db *store.DB, id, scope, origin, text, srcSession, srcMessage string, at int64) {
	t.Helper()
	mustExec(t, db, `INSERT INTO memories (id, scope, origin_module, text, kind, sensitivity, source_session,
		source_message, created_at, updated_at) VALUES (?, ?, ?, ?, 'preference', 'private', ?, ?, ?, ?)`,
		id, scope, origin, text, srcSession, srcMessage, at, at+5)
	mustExec(t, db, `INSERT INTO memory_history (memory_id, action, new_text, new_scope, at) VALUES (?, 'add', ?, ?, ?)`,
		id, text, origin, at)
}

// seedProfile fills db with two modules' worth of varied data.
func seedProfile(t testing.TB, db *store.DB) {
	t.Helper()
	addModule(t, db, "kitchen", "Kitchen", true)
	addModule(t, db, "homework", "Homework helper", false)
	addSession(t, db, "kitchen", "s-k1", "Soup ideas 🍜", 1700000001000)
	addSession(t, db, "kitchen", "s-k2", "", 1700000002000)
	addSession(t, db, "homework", "s-h1", "Fractions: ½ + ⅓", 1700000003000)
	addMemory(t, db, "mem-1", "kitchen", "kitchen", "Allergic to peanuts", "s-k1", "m-k1-1", 1700000001500)
	addMemory(t, db, "mem-2", "shared", "homework", "Lives in Zürich", "s-h1", "m-h1-2", 1700000003500)
	addMemory(t, db, "mem-3", "homework", "homework", "Is in year 5", "", "gone-message", 1700000003600)
	mustExec(t, db, `INSERT INTO memory_history (memory_id, action, old_text, new_text, old_scope, new_scope, at)
		VALUES ('mem-2', 'share', 'Lives in Zürich', 'Lives in Zürich', 'homework', 'shared', 1700000003700),
		       ('mem-3', 'update', 'Is in year 4', 'Is in year 5', 'homework', 'homework', 1700000003800)`)
	addMessage(t, db, "kitchen", "s-k1", "m-k1-1", "user", "I can't eat peanuts. Soup?", 1700000001100)
	addMessage(t, db, "kitchen", "s-k1", "m-k1-2", "assistant", "Try a *miso* soup:\n\n```\n1. dashi\n2. miso\n```", 1700000001200, "mem-1", "forgotten-mem")
	addMessage(t, db, "kitchen", "s-k1", "m-k1-3", "user", "ERR this one failed", 1700000001300)
	addMessage(t, db, "kitchen", "s-k2", "m-k2-1", "system", "Context: \"quotes\" <tags> & \\ backslashes \x00 nul", 1700000002100)
	addMessage(t, db, "homework", "s-h1", "m-h1-1", "user", "What is ½ + ⅓? 日本語もOK", 1700000003100)
	addMessage(t, db, "homework", "s-h1", "m-h1-2", "assistant", "5/6", 1700000003200, "mem-2", "mem-3")
}

// Canonical is a profile's content with ids replaced by what they point at,
// so two profiles compare equal modulo remapped ids.
type canonical struct {
	Modules  []string
	Sessions []string
	Memories []string
}

func canon(t testing.TB, db *store.DB) canonical {
	t.Helper()
	var c canonical
	q := func(query string, args ...any) []string {
		rows, err := db.QueryContext(ctx, query, args...)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var out []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(vals)
			out = append(out, string(b))
		}
		return out
	}
	c.Modules = q(`SELECT id, name, icon, description, system_prompt, model, temperature, use_memory, write_memory,
		read_shared, builtin, archived, sort_order, created_at, updated_at FROM modules ORDER BY id`)
	memText := `(SELECT group_concat(x.text, '|') FROM json_each(m.used_memories) j JOIN memories x ON x.id = j.value)`
	for _, s := range q(`SELECT id FROM sessions ORDER BY module_id, created_at`) {
		var id string
		json.Unmarshal([]byte(s), &[]any{&id})
		head := q(`SELECT module_id, title, created_at, updated_at FROM sessions WHERE id = ?`, id)
		msgs := q(`SELECT m.module_id, role, content, status, error, model, prompt_tokens, completion_tokens,
			`+memText+`, held_back, created_at FROM messages m WHERE session_id = ? ORDER BY seq`, id)
		c.Sessions = append(c.Sessions, strings.Join(append(head, msgs...), "\n"))
	}
	c.Memories = q(`SELECT scope, origin_module, text, kind, sensitivity,
		coalesce((SELECT title FROM sessions WHERE id = source_session), ''),
		coalesce((SELECT content FROM messages WHERE id = source_message), ''), created_at, updated_at,
		(SELECT group_concat(action||','||old_text||','||new_text||','||old_scope||','||new_scope||','||at, ';')
		 FROM (SELECT * FROM memory_history h WHERE h.memory_id = memories.id ORDER BY seq))
		FROM memories ORDER BY created_at, text`)
	return c
}

// dump renders every row of every table (FTS shadow tables included) so
// a failed import can be shown to have changed nothing at all.
func dump(t testing.TB, db *store.DB) string {
	t.Helper()
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	sort.Strings(tables)
	var b strings.Builder
	for _, tbl := range tables {
		r, err := db.QueryContext(ctx, fmt.Sprintf(`SELECT * FROM %q`, tbl))
		if err != nil {
			t.Fatalf("dump %s: %v", tbl, err)
		}
		cols, _ := r.Columns()
		var lines []string
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			r.Scan(ptrs...)
			var sb strings.Builder
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = hex.EncodeToString(bs)
				}
				fmt.Fprintf(&sb, "%v|", v)
			}
			lines = append(lines, sb.String())
		}
		r.Close()
		sort.Strings(lines)
		fmt.Fprintf(&b, "== %s (%d)\n%s\n", tbl, len(lines), strings.Join(lines, "\n"))
	}
	return b.String()
}

func count(t testing.TB, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
