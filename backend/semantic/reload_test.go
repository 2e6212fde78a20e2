package semantic

import (
	"context"
	"testing"
	"time"

	"hearth/backend/store/storetest"
)

// TestIndex_BackgroundReload: a large snapshot is replaced in the
// background after a change; searches meanwhile use the old one, never
// block, never return another scope's vector, and see the change soon.
func TestIndex_BackgroundReload(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	x := New(db)
	x.asyncAbove = 1 // "large" from two vectors on
	for _, id := range []string{"a", "b", "c"} {
		if err := x.Put(ctx, OwnerChunk, id, "modA", "m", []float32{1, 0.1, 0}); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Put(ctx, OwnerChunk, "other", "modB", "m", []float32{1, 0, 0}); err != nil {
		t.Fatal(err)
	}
	ids := func() map[string]bool {
		t.Helper()
		hits, err := x.Search(ctx, OwnerChunk, []string{"modA"}, "m", []float32{1, 0, 0}, 10)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, h := range hits {
			out[h.ID] = true
		}
		if out["other"] {
			t.Fatal("another scope's vector was a hit")
		}
		return out
	}
	if got := ids(); len(got) != 3 {
		t.Fatalf("first search (synchronous load): %v", got)
	}
	if err := x.Delete(ctx, OwnerChunk, "a"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for ids()["a"] {
		if time.Now().After(deadline) {
			t.Fatal("the background reload never replaced the stale snapshot")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got := ids(); len(got) != 2 {
		t.Fatalf("after the reload: %v", got)
	}
}
