package exchange_test

import (
	"context"
	"path/filepath"
	"testing"

	"hearth/backend/exchange"
	"hearth/backend/store"
	"hearth/backend/store/storetest"
)

// TestImport_ConnectionRestored: the import enlarges its connection's page
// cache and turns its automatic checkpoint off; afterwards the pool's
// (only) connection has its own settings again, after a successful and
// after a failed import.
func TestImport_ConnectionRestored(t *testing.T) {
	src := openDB(t)
	seedProfile(t, src)
	out := filepath.Join(t.TempDir(), "export.zip")
	if _, err := exchange.ExportFile(ctx, src, out, exchange.FormatZip, "", exchange.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	dst := storetest.OpenWith(t, storetest.Config{Options: store.Options{MaxOpenConns: 1}})
	cacheSize := func() int {
		var n int
		if err := dst.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	autoCkpt := func() int {
		var n int
		if err := dst.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	want, wantCkpt := cacheSize(), autoCkpt()
	t.Run("OK", func(t *testing.T) {
		st, err := exchange.ImportFile(ctx, dst, out, "", exchange.ImportOptions{})
		if err != nil || st.Messages != 6 {
			t.Fatalf("%+v %v", st, err)
		}
		if got := cacheSize(); got != want {
			t.Fatalf("cache_size = %d, want %d", got, want)
		}
		if got := autoCkpt(); got != wantCkpt {
			t.Fatalf("wal_autocheckpoint = %d, want %d", got, wantCkpt)
		}
	})
	t.Run("ErrCanceled", func(t *testing.T) {
		c, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := exchange.ImportFile(c, dst, out, "", exchange.ImportOptions{}); err == nil {
			t.Fatal("import with a cancelled context succeeded")
		}
		if got := cacheSize(); got != want {
			t.Fatalf("cache_size = %d, want %d", got, want)
		}
		if got := autoCkpt(); got != wantCkpt {
			t.Fatalf("wal_autocheckpoint = %d, want %d", got, wantCkpt)
		}
	})
}
