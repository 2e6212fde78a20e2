package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"hearth/backend/store"
)

func TestOpen_Migrates(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "hearth.db"), make([]byte, 32), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v, err := db.SchemaVersion(ctx)
	if err != nil || v < 1 {
		t.Fatalf("version %d, %v", v, err)
	}
}
