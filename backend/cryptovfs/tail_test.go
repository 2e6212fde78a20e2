package cryptovfs_test

import (
	"bytes"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestVFS_AlternatingWriters has two connections take turns writing the
// same database. In WAL mode a checkpoint resets the WAL between identical
// transactions, so a connection's next frame starts in the very sector its
// own previous frame ended in, which the other connection has rewritten
// since: a write patched from a stale tail cache would corrupt the other's
// committed frame. (With the tail cache's lock-epoch check removed, the WAL
// case fails.)
func TestVFS_AlternatingWriters(t *testing.T) {
	for _, mode := range []string{"WAL", "PERSIST", "DELETE"} {
		t.Run(mode, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "alt.db")
			key := newKey(t)
			a := openDB(t, path, key, "journal_mode("+mode+")", "wal_autocheckpoint(0)")
			b := openDB(t, path, key, "wal_autocheckpoint(0)")
			a.SetMaxOpenConns(1)
			b.SetMaxOpenConns(1)
			mustExec(t, a, `CREATE TABLE t (i INTEGER PRIMARY KEY, b BLOB)`)
			for i := range 8 {
				mustExec(t, a, `INSERT INTO t VALUES (?, ?)`, i, blob(i, 700))
			}
			v := 0
			update := func(db *sql.DB, i int) {
				v++
				mustExec(t, db, `UPDATE t SET b = ? WHERE i = ?`, blob(v, 700), i)
			}
			want := map[int]int{}
			for round := range 12 {
				if mode == "WAL" {
					mustExec(t, b, `PRAGMA wal_checkpoint(TRUNCATE)`)
				}
				update(a, round%8)
				want[round%8] = v
				if mode == "WAL" {
					mustExec(t, b, `PRAGMA wal_checkpoint(TRUNCATE)`)
				}
				update(b, (round+3)%8)
				want[(round+3)%8] = v
				update(a, (round+5)%8)
				want[(round+5)%8] = v
			}
			for _, db := range []*sql.DB{a, b} {
				integrity(t, db)
				for i := range 8 {
					var got []byte
					if err := db.QueryRow(`SELECT b FROM t WHERE i = ?`, i).Scan(&got); err != nil {
						t.Fatal(err)
					}
					w, ok := want[i]
					if !ok {
						w = i
					}
					if !bytes.Equal(got, blob(w, 700)) {
						t.Fatalf("row %d: content differs", i)
					}
				}
			}
		})
	}
}
