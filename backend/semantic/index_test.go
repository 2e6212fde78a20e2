package semantic_test

import (
	"context"
	"testing"

	"hearth/backend/semantic"
	"hearth/backend/store"
	"hearth/backend/store/storetest"
)

func openDB(t testing.TB) *store.DB { return storetest.Open(t) }

func TestIndex_SearchScopesAndModels(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	x := semantic.New(db)
	put := func(id, scope, model string, v ...float32) {
		t.Helper()
		if err := x.Put(ctx, semantic.OwnerMemory, id, scope, model, v); err != nil {
			t.Fatal(err)
		}
	}
	put("a1", "modA", "m1", 1, 0, 0)
	put("a2", "modA", "m1", 0.9, 0.1, 0)
	put("b1", "modB", "m1", 1, 0, 0)
	put("s1", "shared", "m1", 0.8, 0.2, 0)
	put("a3", "modA", "m2", 1, 0, 0)

	hits, err := x.Search(ctx, semantic.OwnerMemory, []string{"modA"}, "m1", []float32{1, 0, 0}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 || hits[0].ID != "a1" || hits[1].ID != "a2" {
		t.Fatalf("modA/m1 hits = %+v, want a1, a2", hits)
	}
	if hits[0].Score < 0.99 || hits[0].Score > 1.01 {
		t.Fatalf("score of the same vector = %v, want ≈1", hits[0].Score)
	}
	hits, _ = x.Search(ctx, semantic.OwnerMemory, []string{"modA", "shared"}, "m1", []float32{1, 0, 0}, 10)
	if len(hits) != 3 {
		t.Fatalf("modA+shared hits = %+v, want 3", hits)
	}
	// The cache follows changes made behind its back (a trigger, a delete).
	if err := x.Delete(ctx, semantic.OwnerMemory, "a1"); err != nil {
		t.Fatal(err)
	}
	put("a2", "shared", "m1", 0, 1, 0)
	hits, _ = x.Search(ctx, semantic.OwnerMemory, []string{"modA"}, "m1", []float32{1, 0, 0}, 10)
	if len(hits) != 0 {
		t.Fatalf("after delete and move, modA hits = %+v, want none", hits)
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM vectors`); err != nil {
		t.Fatal(err)
	}
	hits, _ = x.Search(ctx, semantic.OwnerMemory, []string{"shared"}, "m1", []float32{1, 0, 0}, 10)
	if len(hits) != 0 {
		t.Fatalf("after a raw delete, hits = %+v, want none", hits)
	}
}

func TestIndex_RejectsBadVectors(t *testing.T) {
	x := semantic.New(openDB(t))
	for _, v := range [][]float32{nil, {0, 0}} {
		if err := x.Put(context.Background(), semantic.OwnerMemory, "a", "m", "x", v); err == nil {
			t.Fatalf("Put(%v) succeeded", v)
		}
	}
}

func TestFuse_ExactNameStaysOnTop(t *testing.T) {
	bm25 := []string{"exact", "b", "c"}
	vec := []string{"x", "y", "b", "z", "exact"}
	got := semantic.Fuse(0, bm25, vec)
	if got[0] != "b" && got[0] != "exact" {
		t.Fatalf("fused = %v", got)
	}
	got = semantic.Fuse(0, []string{"exact"}, []string{"x", "y", "z"})
	if got[0] != "exact" {
		t.Fatalf("a lone BM25 hit lost the top: %v", got)
	}
	if len(got) != 4 {
		t.Fatalf("fused = %v, want every id once", got)
	}
}

func TestEncode_RoundTrip(t *testing.T) {
	v := []float32{3, -4, 0.5, 0}
	b, err := semantic.Encode(v)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 4+len(v) {
		t.Fatalf("encoded %d bytes, want %d", len(b), 4+len(v))
	}
	got, err := semantic.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range v {
		want := v[i] / 5.0249378 // |v| = sqrt(25.25)
		if d := got[i] - want; d > 0.01 || d < -0.01 {
			t.Fatalf("component %d = %v, want ≈%v", i, got[i], want)
		}
	}
}
