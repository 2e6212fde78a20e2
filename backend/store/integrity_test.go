package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth/backend/store"
)

// filledDB makes a closed database with enough turns to span many pages.
func filledDB(t *testing.T, key []byte) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hearth.db")
	db, err := store.Open(ctx, path, key, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		if err := insertTurn(ctx, db, fmt.Sprintf("t%d", i), "question about the garden "+strings.Repeat("x", i), "answer about compost"); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// lastPageOf returns the highest page of table name in the closed
// database at path, and the page count.
func lastPageOf(t *testing.T, path string, key []byte, name string) (int, int) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path, key, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var pg, n int
	if err := db.QueryRowContext(ctx, `SELECT max(pageno) FROM dbstat WHERE name = ?`, name).Scan(&pg); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return pg, n
}

// TestCheckIntegrity: an intact database checks out; one whose message
// text or search index was damaged, or that was cut short by one byte,
// does not, and the result says so.
func TestCheckIntegrity(t *testing.T) {
	ctx := context.Background()
	key := testKey(11)
	flipEnd := func(table string) func(t *testing.T, path string) {
		return func(t *testing.T, path string) {
			pg, _ := lastPageOf(t, path, key, table)
			b, _ := os.ReadFile(path)
			b[pg*4096-10] ^= 0x20 // cells fill a page from its end
			os.WriteFile(path, b, 0o600)
		}
	}
	damage := map[string]func(t *testing.T, path string){
		"MessageText": flipEnd("messages"),
		"SearchIndex": flipEnd("messages_fts_data"),
		"CutShortByOneByte": func(t *testing.T, path string) {
			// Make the file end in message text or its index: no free
			// pages, then one long message appended last.
			db, err := store.Open(ctx, path, key, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `VACUUM`); err != nil {
				t.Fatal(err)
			}
			if err := insertTurn(ctx, db, "long", strings.Repeat("a long question about the garden ", 400), "answer"); err != nil {
				t.Fatal(err)
			}
			db.Close()
			pm, n := lastPageOf(t, path, key, "messages")
			pf, _ := lastPageOf(t, path, key, "messages_fts_data")
			if pm != n && pf != n {
				t.Fatalf("last page %d holds neither message text nor its index (%d, %d)", n, pm, pf)
			}
			fi, _ := os.Stat(path)
			os.Truncate(path, fi.Size()-1)
		},
	}
	t.Run("OK", func(t *testing.T) {
		db, err := store.Open(ctx, filledDB(t, key), key, store.Options{MustExist: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		res, err := db.CheckIntegrity(ctx)
		if err != nil || !res.OK() || res.Err() != nil {
			t.Fatalf("intact database: %v %v", res.Problems, err)
		}
	})
	for name, fn := range damage {
		t.Run(name, func(t *testing.T) {
			path := filledDB(t, key)
			fn(t, path)
			db, err := store.Open(ctx, path, key, store.Options{MustExist: true})
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			defer db.Close()
			res, err := db.CheckIntegrity(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if res.OK() || !errors.Is(res.Err(), store.ErrDamaged) {
				t.Fatalf("damage not found")
			}
			t.Logf("found: %v", res.Problems)
		})
	}
}
