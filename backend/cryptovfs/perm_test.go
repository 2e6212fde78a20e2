//go:build unix

package cryptovfs_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// modes returns the permission bits of the database's files that exist.
func modes(t *testing.T, path string) map[string]os.FileMode {
	t.Helper()
	out := map[string]os.FileMode{}
	for _, s := range []string{"", "-wal", "-shm", "-journal"} {
		if info, err := os.Stat(path + s); err == nil {
			out[filepath.Base(path+s)] = info.Mode().Perm()
		}
	}
	return out
}

// With the usual umask 022, SQLite would make the database and its WAL
// and shared-memory files 0644: readable by every user of the machine.
func TestFiles_AreOwnerOnly(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)

	t.Run("New", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "hearth.db")
		db := openDB(t, path, newKey(t), "journal_mode(WAL)")
		mustExec(t, db, `CREATE TABLE t(x)`)
		mustExec(t, db, `INSERT INTO t VALUES (randomblob(9000))`)
		m := modes(t, path)
		if len(m) < 3 {
			t.Fatalf("expected db, -wal and -shm while open, got %v", m)
		}
		for name, mode := range m {
			if mode != 0o600 {
				t.Errorf("%s is %v, want 0600", name, mode)
			}
		}
	})
	t.Run("ExistingWideFilesNarrowed", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "hearth.db")
		key := newKey(t)
		db := openDB(t, path, key, "journal_mode(WAL)")
		mustExec(t, db, `CREATE TABLE t(x)`)
		db.Close()
		if err := os.Chmod(path, 0o644); err != nil { // as an earlier version left it
			t.Fatal(err)
		}
		db = openDB(t, path, key, "journal_mode(WAL)")
		mustExec(t, db, `INSERT INTO t VALUES (1)`)
		for name, mode := range modes(t, path) {
			if mode != 0o600 {
				t.Errorf("%s is %v after reopening, want 0600", name, mode)
			}
		}
	})
}
