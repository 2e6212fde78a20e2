package store_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"hearth/backend/store"
)

// walSnapshot writes n committed turns, one transaction each, without
// checkpointing, and copies the database and its WAL (as a crash would
// leave them) into a new folder. It returns the copy's database path.
func walSnapshot(t *testing.T, key []byte, n int) string {
	t.Helper()
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "hearth.db")
	db, err := store.Open(ctx, src, key, store.Options{MaxOpenConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `PRAGMA wal_autocheckpoint = 0`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	if err := seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := insertTurn(ctx, db, fmt.Sprintf("t%d", i), "question", "answer"); err != nil {
			t.Fatal(err)
		}
	}
	dst := filepath.Join(t.TempDir(), "hearth.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(src + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func countTurns(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT count(*) FROM messages WHERE role = 'user'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOpen_DamagedWALKeptAndReported: a WAL that SQLite's replay would
// stop part-way through (a flipped byte in a frame, a damaged header, a
// file cut short) is copied aside and reported before SQLite drops the
// transactions after the damage; an intact WAL is replayed whole and
// reported as nothing.
func TestOpen_DamagedWALKeptAndReported(t *testing.T) {
	ctx := context.Background()
	key := testKey(9)
	const turns = 12
	const frame = 24 + 4096
	cases := map[string]func(b []byte) []byte{
		"FrameByte": func(b []byte) []byte { b[32+(len(b)-32)/frame/2*frame+24+200] ^= 0x40; return b },
		"Header":    func(b []byte) []byte { b[5] ^= 0x01; return b },
		"CutShort":  func(b []byte) []byte { return b[:len(b)-1000] }, // into the last frame's page
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			path := walSnapshot(t, key, turns)
			raw, _ := os.ReadFile(path + "-wal")
			bad := damage(bytes.Clone(raw))
			os.WriteFile(path+"-wal", bad, 0o600)
			db, err := store.Open(ctx, path, key, store.Options{MustExist: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			got := countTurns(t, db)
			d := db.WALDamage()
			if d.Reason == "" || d.KeptAs == "" {
				t.Fatalf("damage not reported (%d of %d turns survived)", got, turns)
			}
			if kept, err := os.ReadFile(d.KeptAs); err != nil || !bytes.Equal(kept, bad) {
				t.Fatalf("damaged log not kept: %v", err)
			}
			t.Logf("%d of %d turns replayed; %s", got, turns, d)
		})
	}
	t.Run("Intact", func(t *testing.T) {
		path := walSnapshot(t, key, turns)
		db, err := store.Open(ctx, path, key, store.Options{MustExist: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if got := countTurns(t, db); got != turns {
			t.Fatalf("%d of %d turns", got, turns)
		}
		if d := db.WALDamage(); d.Reason != "" {
			t.Fatalf("intact log reported: %s", d)
		}
		if m, _ := filepath.Glob(path + "-wal.damaged-*"); len(m) != 0 {
			t.Fatalf("copies kept of an intact log: %v", m)
		}
	})
}
