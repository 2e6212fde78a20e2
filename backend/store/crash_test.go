package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"hearth/backend/store"
)

// TestCrashLoop SIGKILLs a child that writes committed turns at random
// moments (during open, migration, journal-mode changes and writes) and
// checks after every kill that the database is intact, both FTS5 indexes
// are consistent, every turn the child acknowledged is there, and every
// large transaction (spilled, with rewrites and a savepoint rollback) is
// there whole or not at all.
func TestCrashLoop(t *testing.T) {
	const rounds = 52
	ctx := context.Background()
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 3))
	path := filepath.Join(t.TempDir(), "hearth.db")
	key := testKey(7)
	acked := map[string][]int{}
	total, early := 0, 0
	defer func() {
		t.Logf("%d rounds, %d acknowledged turns, %d kills before the first ack", rounds, total, early)
	}()
	for round := range rounds {
		mode := []string{"WAL", "DELETE"}[round%2]
		tag := fmt.Sprintf("r%d", round)
		c := startChild(t, "turns", path, key, mode, tag)
		var got []int
		if k := rng.IntN(12); k == 0 {
			// Kill early: while the child opens, migrates or switches mode.
			time.Sleep(time.Duration(rng.IntN(40)) * time.Millisecond)
		} else {
			got = waitAcks(t, c, k)
			time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
		}
		got = append(got, c.kill(t)...)
		acked[tag] = got
		total += len(got)
		if len(got) == 0 {
			early++
		}

		db, err := store.Open(ctx, path, key, store.Options{JournalMode: mode})
		if err != nil {
			t.Fatalf("round %d (%s, %d acks): reopen: %v", round, mode, len(got), err)
		}
		if err := checkIntegrity(ctx, db); err != nil {
			db.Close()
			t.Fatalf("round %d (%s, %d acks): %v", round, mode, len(got), err)
		}
		if d := db.WALDamage(); d.Reason != "" {
			db.Close()
			t.Fatalf("round %d (%s, %d acks): a kill reported as WAL damage: %s", round, mode, len(got), d)
		}
		err = checkAcked(ctx, db, acked)
		if err == nil {
			err = checkBulk(ctx, db)
		}
		db.Close()
		if err != nil {
			t.Fatalf("round %d (%s): %v", round, mode, err)
		}
	}
}

// waitAcks waits until the child has acknowledged k turns and returns them.
func waitAcks(t *testing.T, c *child, k int) []int {
	t.Helper()
	var seen []int
	for len(seen) < k {
		select {
		case n := <-c.acks:
			seen = append(seen, n)
		case <-c.done:
			t.Fatal("child exited before being killed")
		case <-time.After(30 * time.Second):
			t.Fatal("child stalled") // a hang, not a timing assertion
		}
	}
	return seen
}

// checkAcked verifies that every acknowledged turn (and memory) of every
// round is present.
func checkAcked(ctx context.Context, db *store.DB, acked map[string][]int) error {
	have := map[string]bool{}
	rows, err := db.QueryContext(ctx, `SELECT id FROM messages UNION ALL SELECT id FROM memories`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		have[id] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for tag, acks := range acked {
		for _, n := range acks {
			id := fmt.Sprintf("%s-%d", tag, n)
			if !have[id+"-u"] || !have[id+"-a"] || (n%5 == 0 && !have[id+"-m"]) {
				return fmt.Errorf("acknowledged turn %s is missing", id)
			}
		}
	}
	return nil
}
