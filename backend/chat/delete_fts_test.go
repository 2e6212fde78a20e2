package chat_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hearth/backend/chat"
	"hearth/backend/module"
	"hearth/backend/store"
	"hearth/backend/store/storetest"
)

// TestStore_DeleteLeavesNoIndexTrace: on a fresh profile, where nothing has
// switched FTS5's secure-delete on yet, deleting a message or a session
// removes its words from the database and WAL files, the search index's
// lowercased tokens included (so the files are searched case-insensitively).
func TestStore_DeleteLeavesNoIndexTrace(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		del  func(s *chat.Store, sess chat.Session, m chat.Message) error
	}{
		{"DeleteMessage", func(s *chat.Store, sess chat.Session, m chat.Message) error {
			return s.DeleteMessage(ctx, "general", m.ID)
		}},
		{"DeleteSession", func(s *chat.Store, sess chat.Session, m chat.Message) error {
			return s.DeleteSession(ctx, "general", sess.ID)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Plain (unencrypted) so the files can be searched.
			db := storetest.OpenWith(t, storetest.Config{Options: store.Options{Plain: true}})
			mustExec := func(q string) {
				t.Helper()
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if err := module.NewService(db, time.Now).Seed(ctx); err != nil {
				t.Fatal(err)
			}
			s := chat.NewStore(db, clock())
			// A token sharing no prefix with the others, so FTS5's prefix
			// compression stores it whole; mixed case in the message.
			const secret = "ZqxMarzipanvault"
			sess := mustSession(t, s, "general", "Groceries")
			m := mustMessage(t, s, "general", sess.ID, "user", "Remember the "+secret+" code")
			other := mustSession(t, s, "tutor", "Violin")
			mustMessage(t, s, "tutor", other.ID, "user", "Scales in A minor") // keeps the index non-empty
			var sd int
			if err := db.QueryRowContext(ctx, `SELECT coalesce((SELECT v FROM messages_fts_config WHERE k = 'secure-delete'), 0)`).Scan(&sd); err != nil || sd != 0 {
				t.Fatalf("control: secure-delete is %d (%v) on a fresh profile; this test needs it off", sd, err)
			}
			mustExec(`PRAGMA wal_checkpoint(TRUNCATE)`)
			raw, err := os.ReadFile(db.Path())
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(raw, []byte(strings.ToLower(secret))) {
				t.Fatal("control: the index token should be on disk before deleting")
			}
			if err := tc.del(s, sess, m); err != nil {
				t.Fatal(err)
			}
			// The delete's WAL frames must not hold the words; the database
			// file keeps the old pages until the next checkpoint (automatic,
			// on close, or another erase's scrub), after which it must not
			// hold them either.
			for _, stage := range []struct {
				name  string
				files []string
			}{
				{"after the delete", []string{db.Path() + "-wal"}},
				{"after a checkpoint", []string{db.Path(), db.Path() + "-wal"}},
			} {
				if stage.name == "after a checkpoint" {
					mustExec(`PRAGMA wal_checkpoint(TRUNCATE)`)
				}
				for _, p := range stage.files {
					b, err := os.ReadFile(p)
					if err != nil && !os.IsNotExist(err) {
						t.Fatal(err)
					}
					if bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(secret))) {
						t.Errorf("%s: deleted text (or its index token) is still in %s", stage.name, filepath.Base(p))
					}
				}
			}
		})
	}
}
