package exchange_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth/backend/exchange"
	"hearth/backend/store"
)

// TestExport_DamagedDatabaseRefused: a database whose message text was
// damaged on disk is not exported (the export would not import again)
// unless forced, and a refused export leaves no file behind.
func TestExport_DamagedDatabaseRefused(t *testing.T) {
	key := make([]byte, 32)
	path := filepath.Join(t.TempDir(), "hearth.db")
	db, err := store.Open(ctx, path, key, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	seedProfile(t, db)
	for i := range 40 {
		addMessage(t, db, "kitchen", "s-k1", "bulk-"+strings.Repeat("x", i+1), "user", "a question about soup and bread", int64(1700000100000+i))
	}
	var pg int
	if err := db.QueryRowContext(ctx, `SELECT max(pageno) FROM dbstat WHERE name = 'messages'`).Scan(&pg); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	b[pg*4096-10] ^= 0x20 // inside the last cell of a message page
	os.WriteFile(path, b, 0o600)
	db, err = store.Open(ctx, path, key, store.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	outDir := t.TempDir()
	out := filepath.Join(outDir, "export.zip")
	_, err = exchange.ExportFile(ctx, db, out, exchange.FormatZip, "", exchange.ExportOptions{})
	if !errors.Is(err, exchange.ErrDamaged) || !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("export of a damaged database: %v", err)
	}
	if left, _ := os.ReadDir(outDir); len(left) != 0 {
		t.Fatalf("a refused export left files: %v", left)
	}
	st, err := exchange.ExportFile(ctx, db, out, exchange.FormatZip, "", exchange.ExportOptions{Force: true})
	if err != nil || st.Messages == 0 {
		t.Fatalf("forced export: %+v %v", st, err)
	}
}
