package docs_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"hearth/backend/docs"
	"hearth/backend/exchange"
	"hearth/backend/store/storetest"
)

// Canaries share no prefix with each other or the filler, so FTS5's prefix
// compression stores each whole.
const (
	textCanary = "Zorblattquincejelly"
	nameCanary = "Wyvernpelicanharbour"
)

// traces lists where canary still is: the chunk index, the decrypted
// pages, the database file and WAL (storetest.Traces).
func (p *profile) traces(t *testing.T, canary string) []string {
	t.Helper()
	return storetest.Traces(t, p.db, canary, "chunks_fts")
}

// TestErase_DocumentsLeaveNoTrace removes a document every way the app can
// (remove it, delete its module, erase the module's data) and checks that
// its text and name are in neither the index, the pages, the database file
// nor the WAL, that its vectors are gone and the WAL was truncated, and
// that the other module's document stays searchable.
func TestErase_DocumentsLeaveNoTrace(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		mod  string // the module holding the document
		del  func(p *profile, d docs.Document) error
	}{
		{"docs.Remove", "garden", func(p *profile, d docs.Document) error { return p.docs.Remove(ctx, "garden", d.ID) }},
		{"module.Delete", "garden", func(p *profile, d docs.Document) error { return p.modules.Delete(ctx, "garden") }},
		{"exchange.DeleteModuleData", "garden", func(p *profile, d docs.Document) error {
			_, err := exchange.DeleteModuleData(ctx, p.db, "garden")
			return err
		}},
		// A built-in module stays, emptied: its documents go too.
		{"exchange.DeleteModuleData/builtin", "writer", func(p *profile, d docs.Document) error {
			_, err := exchange.DeleteModuleData(ctx, p.db, "writer")
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProfile(t, true)
			d := p.add(t, tc.mod, nameCanary+".md", "# Jam\n\nBoil the "+textCanary+" with sugar.\n", docs.AddOptions{})
			p.add(t, "kitchen", "keep.txt", "Scales of flour and butter.", docs.AddOptions{})
			items, err := docs.NewVectorSource(p.docs, nil).Pending(ctx, "m", 10)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				if err := p.index.Put(ctx, "chunk", it.ID, it.Scope, "m", []float32{1, 0}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := p.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
				t.Fatal(err)
			}
			for _, c := range []string{textCanary, nameCanary} {
				if got := strings.Join(p.traces(t, c), ","); !strings.Contains(got, "pages") || !strings.Contains(got, "hearth.db") {
					t.Fatalf("control: %s found only in %q", c, got)
				}
			}
			if got := p.traces(t, textCanary); got[0] != "chunks_fts" {
				t.Fatalf("control: %s not in the index: %v", textCanary, got)
			}

			if err := tc.del(p, d); err != nil {
				t.Fatal(err)
			}

			for _, c := range []string{textCanary, nameCanary} {
				if where := p.traces(t, c); len(where) > 0 {
					t.Errorf("removed document's %s is still in %v", c, where)
				}
			}
			if n := p.count(t, `SELECT count(*) FROM chunks WHERE document_id = ?`, d.ID); n != 0 {
				t.Errorf("%d chunks left", n)
			}
			if n := p.count(t, `SELECT count(*) FROM vectors WHERE owner = 'chunk' AND scope = ?`, tc.mod); n != 0 {
				t.Errorf("%d vectors left", n)
			}
			if fi, err := os.Stat(p.db.Path() + "-wal"); err == nil && fi.Size() != 0 {
				t.Errorf("the WAL holds %d bytes after the delete", fi.Size())
			}
			if n := p.count(t, `SELECT count(*) FROM audit_log WHERE instr(lower(detail), ?) > 0`, strings.ToLower(nameCanary)); n != 0 {
				t.Errorf("the audit log holds the document's name")
			}
			if n := p.count(t, `SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'flour'`); n != 1 {
				t.Errorf("kept document searchable: %d", n)
			}
		})
	}
}
