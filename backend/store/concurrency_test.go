package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"hearth/backend/store"
)

// TestConcurrency runs readers (history loads and FTS searches) against a
// writer adding turns, through the encrypting VFS; run it with -race.
func TestConcurrency(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "hearth.db"), testKey(5), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	const turns, readers = 80, 3
	done := make(chan struct{})
	errs := make(chan error, readers+1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		for i := range turns {
			id := fmt.Sprintf("w-%d", i)
			if err := insertTurn(ctx, db, id, "how do I prune "+id, "prune the roses in spring "+id); err != nil {
				errs <- fmt.Errorf("writer: %w", err)
				return
			}
		}
	}()
	for r := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := 0
			for {
				select {
				case <-done:
					return
				default:
				}
				// A snapshot must be consistent: every turn is whole, the
				// FTS index agrees with the table, and nothing goes back.
				tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}) // deferred, not _txlock=immediate
				if err != nil {
					errs <- err
					return
				}
				n, err1 := countRows(ctx, tx, `SELECT count(*) FROM messages`)
				hits, err2 := countRows(ctx, tx, `SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'prune'`)
				recent, err3 := countRows(ctx, tx, `SELECT count(*) FROM (SELECT id FROM messages WHERE session_id = ? ORDER BY seq DESC LIMIT 50)`, sessionID)
				tx.Rollback()
				switch {
				case err1 != nil || err2 != nil || err3 != nil:
					errs <- fmt.Errorf("reader %d: %v %v %v", r, err1, err2, err3)
					return
				case n%2 != 0 || hits != n || n < last || recent != min(n, 50):
					errs <- fmt.Errorf("reader %d: inconsistent snapshot: %d messages, %d hits, %d recent, previously %d", r, n, hits, recent, last)
					return
				}
				last = n
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, err := countRows(ctx, db, `SELECT count(*) FROM messages`); err != nil || n != 2*turns {
		t.Fatalf("messages: %d %v", n, err)
	}
	if err := checkIntegrity(ctx, db); err != nil {
		t.Fatal(err)
	}
}
