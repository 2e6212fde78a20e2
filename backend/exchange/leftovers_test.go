//go:build unix

package exchange_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"hearth/backend/exchange"
)

// TestExportFile_RemovesKilledExportsTemps: the partial archive a killed
// export left next to its target is removed by the next export to that
// folder; the temporary file of an export still running is not.
func TestExportFile_RemovesKilledExportsTemps(t *testing.T) {
	db := openDB(t)
	seedProfile(t, db)
	dir := t.TempDir()
	stale := filepath.Join(dir, ".hearth-export-123.tmp")
	if err := os.WriteFile(stale, []byte("PK\x03\x04 partial archive"), 0o600); err != nil {
		t.Fatal(err)
	}
	running := filepath.Join(dir, ".hearth-export-456.tmp")
	if err := os.WriteFile(running, []byte("PK\x03\x04"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(running)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	if _, err := exchange.ExportFile(ctx, db, filepath.Join(dir, "out.zip"), exchange.FormatZip, "", exchange.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatalf("a killed export's temporary file is still there: %v", err)
	}
	if _, err := os.Stat(running); err != nil {
		t.Fatalf("a running export's temporary file was removed: %v", err)
	}
}
