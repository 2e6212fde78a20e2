package memory_test

import (
	"context"
	"fmt"
	"testing"

	"hearth/backend/memory"
	"hearth/backend/store"
)

// segments counts the memory index's FTS5 segments.
func segments(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT count(DISTINCT segid) FROM memories_fts_idx`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestService_Compact(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, store.Options{})
	s := memory.NewService(db, clock())
	t.Run("EveryFewWrites", func(t *testing.T) {
		// Each write is its own transaction and adds a segment; the 16th
		// write through the Service compacts them all into one. (Rows
		// written with SQL first, so FTS5's own merging at 16 segments
		// does not produce a single segment by chance.)
		for i := range 7 {
			if _, err := db.ExecContext(ctx, `INSERT INTO memories(id, scope, origin_module, text, created_at, updated_at)
				VALUES (?, 'kitchen', 'kitchen', ?, 1, 1)`, store.NewID(), fmt.Sprintf("bulk note %d", i)); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 15 {
			mustAdd(t, s, "kitchen", fmt.Sprintf("pantry note %d about lentils", i))
		}
		if n := segments(t, db); n < 2 {
			t.Fatalf("segments before compaction = %d, want several", n)
		}
		mustAdd(t, s, "kitchen", "pantry note 15 about lentils")
		if n := segments(t, db); n != 1 {
			t.Fatalf("segments after the 16th write = %d, want 1", n)
		}
	})
	t.Run("OK", func(t *testing.T) {
		mustAdd(t, s, "kitchen", "rice is in the blue jar")
		if err := s.Compact(ctx); err != nil {
			t.Fatal(err)
		}
		if n := segments(t, db); n != 1 {
			t.Fatalf("segments = %d, want 1", n)
		}
		got, err := s.Retrieve(ctx, "kitchen", "where is the rice", memory.RetrieveOptions{Limit: 1})
		if err != nil || len(got.Memories) != 1 || got.Memories[0].Text != "rice is in the blue jar" {
			t.Fatalf("%+v %v", got, err)
		}
	})
}
