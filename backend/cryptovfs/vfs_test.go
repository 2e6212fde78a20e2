package cryptovfs_test

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth/backend/cryptovfs"

	_ "modernc.org/sqlite"
)

func newKey(t testing.TB) []byte {
	t.Helper()
	k := make([]byte, cryptovfs.KeySize)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

// openDB registers key for path and opens it through the encrypting VFS.
func openDB(t testing.TB, path string, key []byte, pragmas ...string) *sql.DB {
	t.Helper()
	release, err := cryptovfs.Register(path, key)
	if err != nil {
		t.Fatal(err)
	}
	db := openWith(t, path, "vfs="+cryptovfs.Name, pragmas...)
	t.Cleanup(func() { db.Close(); release() })
	return db
}

func openWith(t testing.TB, path, vfs string, pragmas ...string) *sql.DB {
	t.Helper()
	q := []string{"_pragma=busy_timeout(5000)"}
	if vfs != "" {
		q = append(q, vfs)
	}
	for _, p := range pragmas {
		q = append(q, "_pragma="+p)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?"+strings.Join(q, "&"))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func mustExec(t testing.TB, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func integrity(t testing.TB, db *sql.DB) {
	t.Helper()
	var s string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&s); err != nil || s != "ok" {
		t.Fatalf("integrity_check: %q, %v", s, err)
	}
}

// blob is deterministic content of n bytes for row i, so a reader can check
// every byte without keeping a copy.
func blob(i, n int) []byte {
	b := make([]byte, n)
	for j := range b {
		b[j] = byte(i*31 + j*7 + j/251)
	}
	return b
}

func TestVFS_RoundTrip(t *testing.T) {
	for _, mode := range []string{"WAL", "DELETE", "TRUNCATE", "PERSIST"} {
		for _, pageSize := range []int{512, 4096, 65536} {
			t.Run(fmt.Sprintf("%s/%d", mode, pageSize), func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, "rt.db")
				key := newKey(t)
				sizes := []int{0, 1, 15, 16, 17, 511, 512, 513, 1000, 4095, 4096, 4097, 20000, 100000}
				func() {
					db := openDB(t, path, key, fmt.Sprintf("page_size(%d)", pageSize), "journal_mode("+mode+")")
					mustExec(t, db, `CREATE TABLE t (i INTEGER PRIMARY KEY, b BLOB)`)
					for i, n := range sizes {
						mustExec(t, db, `INSERT INTO t VALUES (?, ?)`, i, blob(i, n))
					}
					mustExec(t, db, `UPDATE t SET b = b || x'00ff' WHERE i % 2 = 0`)
					mustExec(t, db, `DELETE FROM t WHERE i = 3`)
					integrity(t, db)
					db.Close()
				}()
				db := openDB(t, path, key)
				integrity(t, db)
				for i, n := range sizes {
					var got []byte
					err := db.QueryRow(`SELECT b FROM t WHERE i = ?`, i).Scan(&got)
					if i == 3 {
						if !errors.Is(err, sql.ErrNoRows) {
							t.Fatalf("row 3: %v", err)
						}
						continue
					}
					want := blob(i, n)
					if i%2 == 0 {
						want = append(want, 0, 0xff)
					}
					if err != nil || !bytes.Equal(got, want) {
						t.Fatalf("row %d: %d bytes, %v", i, len(got), err)
					}
				}
				db.Close()
				assertWholeSectors(t, dir)
			})
		}
	}
}

func assertWholeSectors(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), "-shm") {
			continue // the WAL index is not ours
		}
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size()%cryptovfs.SectorSize != 0 {
			t.Errorf("%s is %d bytes, not whole sectors", e.Name(), fi.Size())
		}
	}
}

func TestVFS_OtherReaders(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	key := newKey(t)
	release, err := cryptovfs.Register(path, key)
	if err != nil {
		t.Fatal(err)
	}
	db := openWith(t, path, "vfs="+cryptovfs.Name, "journal_mode(WAL)")
	mustExec(t, db, `CREATE TABLE t (x TEXT)`)
	mustExec(t, db, `INSERT INTO t VALUES ('hello')`)
	db.Close()
	release()

	t.Run("ErrPlainVFS", func(t *testing.T) {
		plain := openWith(t, path, "")
		defer plain.Close()
		var n int
		err := plain.QueryRow(`SELECT count(*) FROM t`).Scan(&n)
		if err == nil || !strings.Contains(err.Error(), "not a database") {
			t.Fatalf("plain unix vfs read the file: n=%d err=%v", n, err)
		}
	})
	t.Run("ErrWrongKey", func(t *testing.T) {
		release, err := cryptovfs.Register(path, newKey(t))
		if err != nil {
			t.Fatal(err)
		}
		defer release()
		wrong := openWith(t, path, "vfs="+cryptovfs.Name)
		defer wrong.Close()
		err = wrong.Ping()
		if err == nil || !strings.Contains(err.Error(), "not a database") {
			t.Fatalf("wrong key: %v", err)
		}
	})
	t.Run("ErrNoKey", func(t *testing.T) {
		nokey := openWith(t, path, "vfs="+cryptovfs.Name)
		defer nokey.Close()
		if err := nokey.Ping(); err == nil {
			t.Fatal("opened without a registered key")
		}
	})
	t.Run("OK", func(t *testing.T) {
		db := openDB(t, path, key)
		var s string
		if err := db.QueryRow(`SELECT x FROM t`).Scan(&s); err != nil || s != "hello" {
			t.Fatalf("%q %v", s, err)
		}
	})
}

func TestRegister(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	a, b := newKey(t), newKey(t)
	t.Run("ErrKeyConflict", func(t *testing.T) {
		rel, err := cryptovfs.Register(path, a)
		if err != nil {
			t.Fatal(err)
		}
		defer rel()
		if _, err := cryptovfs.Register(path, b); !errors.Is(err, cryptovfs.ErrKeyConflict) {
			t.Fatalf("got %v", err)
		}
		rel2, err := cryptovfs.Register(path, a)
		if err != nil {
			t.Fatalf("same key again: %v", err)
		}
		rel2()
		rel2() // idempotent
		if _, err := cryptovfs.Register(path, b); !errors.Is(err, cryptovfs.ErrKeyConflict) {
			t.Fatalf("after one release: %v", err)
		}
	})
	t.Run("OKAfterRelease", func(t *testing.T) {
		rel, err := cryptovfs.Register(path, b)
		if err != nil {
			t.Fatal(err)
		}
		rel()
	})
	t.Run("ErrKeySize", func(t *testing.T) {
		if _, err := cryptovfs.Register(path, make([]byte, 16)); err == nil {
			t.Fatal("accepted a 16-byte key")
		}
	})
}

// TestVFS_TempFiles pushes sorts, VACUUM and statement journals to disk,
// which go through the random per-file keys.
func TestVFS_TempFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tmp.db")
	db := openDB(t, path, newKey(t), "temp_store(1)", "cache_size(-64)", "journal_mode(DELETE)")
	db.SetMaxOpenConns(1)
	mustExec(t, db, `CREATE TABLE t (i INTEGER PRIMARY KEY, b BLOB, u INTEGER UNIQUE)`)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3000 {
		if _, err := tx.Exec(`INSERT INTO t VALUES (?, ?, ?)`, i, blob(i, 300), i); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var first []byte
	if err := db.QueryRow(`SELECT b FROM t ORDER BY substr(b, 2, 40) DESC, i LIMIT 1`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	// A multi-row UPDATE that fails halfway needs a statement journal.
	if _, err := db.Exec(`UPDATE t SET u = u + 1`); err == nil {
		t.Fatal("expected a UNIQUE violation")
	}
	mustExec(t, db, `CREATE TEMP TABLE tt AS SELECT * FROM t`)
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM tt JOIN t USING (i) WHERE tt.b = t.b`).Scan(&n); err != nil || n != 3000 {
		t.Fatalf("temp table: %d %v", n, err)
	}
	mustExec(t, db, `VACUUM`)
	integrity(t, db)
	if err := db.QueryRow(`SELECT count(*) FROM t WHERE u = i`).Scan(&n); err != nil || n != 3000 {
		t.Fatalf("after vacuum: %d %v", n, err)
	}
}
