package memory_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"hearth/backend/memory"
	"hearth/backend/store"
)

// traces reports which files of db (database, WAL) hold needle, compared
// case-insensitively: the FTS5 index stores lowercased tokens, so a
// forgotten "Quokkaberry" lingers there as "quokkaberry".
func traces(t *testing.T, db *store.DB, needle string) []string {
	t.Helper()
	var where []string
	for _, p := range []string{db.Path(), db.Path() + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(needle))) {
			where = append(where, p[strings.LastIndex(p, "/")+1:])
		}
	}
	return where
}

// ftsSecureDelete reads memories_fts's persistent secure-delete option
// (key 'secure-delete' in the FTS5 config table; absent means off).
func ftsSecureDelete(t *testing.T, db *store.DB) int {
	t.Helper()
	var v int
	err := db.QueryRowContext(context.Background(), `SELECT coalesce((SELECT v FROM memories_fts_config WHERE k = 'secure-delete'), 0)`).Scan(&v)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestService_ForgetLeavesNoIndexTrace: on a fresh profile, where nothing
// has switched FTS5's secure-delete on yet, forgetting memories removes
// their words from the database and WAL files, index tokens included. Each
// case adds memories and forgets them in one way; nothing else runs first.
func TestService_ForgetLeavesNoIndexTrace(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		forget func(s *memory.Service, m memory.Memory) error
	}{
		{"Forget", func(s *memory.Service, m memory.Memory) error { return s.Forget(ctx, "general", m.ID) }},
		{"ForgetModule", func(s *memory.Service, m memory.Memory) error { return s.ForgetModule(ctx, "general") }},
		{"ForgetAll", func(s *memory.Service, m memory.Memory) error { return s.ForgetAll(ctx) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Plain (unencrypted) so the files can be searched.
			db := openDB(t, store.Options{Plain: true})
			s := memory.NewService(db, clock())
			// A token sharing no prefix with the others, so FTS5's prefix
			// compression stores it whole; mixed case in the text.
			const secret = "ZqxQuokkaberry"
			m := mustAdd(t, s, "general", "Favourite fruit is the "+secret)
			mustAdd(t, s, "tutor", "Studies the violin") // keeps the index non-empty afterwards
			if v := ftsSecureDelete(t, db); v != 0 {
				t.Fatalf("control: secure-delete is already %d on a fresh profile; this test needs it off", v)
			}
			if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
				t.Fatal(err)
			}
			// Control: the index token (lowercase) is in the file; the
			// content row holds the mixed-case text.
			raw, err := os.ReadFile(db.Path())
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(raw, []byte(strings.ToLower(secret))) || !bytes.Contains(raw, []byte(secret)) {
				t.Fatal("control: the memory's text and index token should be on disk before forgetting")
			}
			if err := tc.forget(s, m); err != nil {
				t.Fatal(err)
			}
			if got, err := s.Search(ctx, "general", "quokkaberry", 10); err != nil || len(got) != 0 {
				t.Fatalf("search after forgetting: %v, %v", got, err)
			}
			if where := traces(t, db, secret); len(where) > 0 {
				t.Fatalf("forgotten text (or its index token) is still in %v", where)
			}
		})
	}
}
