package cryptovfs_test

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
)

// TestVFS_WALRewrites drives the WAL paths the append fast path (wal.go)
// must leave alone: a tiny page cache makes SQLite spill pages to the WAL
// mid-transaction and then rewrite those frames in place, a savepoint
// rollback moves the write position back over frames already written, and
// a second connection reads between commits. The database and its WAL are
// then copied while the WAL still holds every commit, and the copy is
// opened: SQLite's WAL recovery checks every frame's checksum, so a frame
// with a wrongly zero-filled or lost byte would end the log early and
// rows would be missing.
//
// synchronous=FULL adds WAL syncs and pads each commit to a sector
// boundary with extra frames, which splits frame writes around the sync.
func TestVFS_WALRewrites(t *testing.T) {
	for _, sync := range []string{"NORMAL", "FULL"} {
		t.Run(sync, func(t *testing.T) { testWALRewrites(t, sync) })
	}
}

func testWALRewrites(t *testing.T, sync string) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.db")
	key := newKey(t)
	w := openDB(t, path, key, "journal_mode(WAL)", "wal_autocheckpoint(0)", "cache_size(8)", "synchronous("+sync+")")
	w.SetMaxOpenConns(1)
	r := openDB(t, path, key)
	r.SetMaxOpenConns(1)
	mustExec(t, w, `CREATE TABLE t (i INTEGER PRIMARY KEY, v INTEGER, b BLOB)`)

	want := map[int]int{}
	ver := 0
	for round := range 6 {
		tx, err := w.Begin()
		if err != nil {
			t.Fatal(err)
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := tx.Exec(q, args...); err != nil {
				t.Fatalf("round %d: %s: %v", round, q, err)
			}
		}
		pending := map[int]int{}
		// Far more pages than the 8-page cache: they spill to the WAL, and
		// the second pass rewrites the spilled frames in place.
		for pass := range 2 {
			for i := range 60 {
				ver++
				exec(`INSERT OR REPLACE INTO t VALUES (?, ?, ?)`, i, ver, blob(ver, 1500+pass*700))
				pending[i] = ver
			}
		}
		exec(`SAVEPOINT s`)
		for i := range 40 {
			exec(`UPDATE t SET v = -1, b = ? WHERE i = ?`, blob(i, 5000), i)
		}
		exec(`ROLLBACK TO s`)
		exec(`RELEASE s`)
		for i := round * 5; i < round*5+5; i++ {
			ver++
			exec(`UPDATE t SET v = ?, b = ? WHERE i = ?`, ver, blob(ver, 900), i)
			pending[i] = ver
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		for i, v := range pending {
			want[i] = v
		}
		checkRows(t, r, want, []int{1500 + 700, 900})
	}
	integrity(t, w)

	// Copy while the WAL holds everything (no checkpoint has run).
	copyDir := t.TempDir()
	copyPath := filepath.Join(copyDir, "w.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(copyPath+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c := openDB(t, copyPath, key)
	integrity(t, c)
	checkRows(t, c, want, []int{1500 + 700, 900})
}

// checkRows checks every row holds the version want says, with content of
// one of the given sizes.
func checkRows(t *testing.T, db *sql.DB, want map[int]int, sizes []int) {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM t`).Scan(&n); err != nil || n != len(want) {
		t.Fatalf("%d rows, want %d (%v)", n, len(want), err)
	}
	for i, v := range want {
		var got int
		var b []byte
		if err := db.QueryRow(`SELECT v, b FROM t WHERE i = ?`, i).Scan(&got, &b); err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		if got != v {
			t.Fatalf("row %d: version %d, want %d", i, got, v)
		}
		ok := false
		for _, size := range sizes {
			ok = ok || bytes.Equal(b, blob(v, size))
		}
		if !ok {
			t.Fatalf("row %d: content differs", i)
		}
	}
}
