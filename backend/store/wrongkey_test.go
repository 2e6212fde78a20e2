package store_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth/backend/store"
)

// snapshot hashes every file in dir.
func snapshot(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	m := map[string][32]byte{}
	for _, name := range files(t, dir) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		m[name] = sha256.Sum256(b)
	}
	return m
}

func sameSnapshot(a, b map[string][32]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func assertWrongKey(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, store.ErrWrongKey) {
		t.Fatalf("want ErrWrongKey, got %v", err)
	}
	if !strings.Contains(err.Error(), "could not be decrypted") {
		t.Fatalf("unclear message: %v", err)
	}
}

func TestOpen_WrongKey(t *testing.T) {
	ctx := context.Background()
	t.Run("ErrWrongKey", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "hearth.db")
		db, err := store.Open(ctx, path, testKey(1), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := seed(ctx, db); err != nil {
			t.Fatal(err)
		}
		db.Close()
		before := snapshot(t, dir)
		_, err = store.Open(ctx, path, testKey(9), store.Options{})
		assertWrongKey(t, err)
		if !sameSnapshot(before, snapshot(t, dir)) {
			t.Fatal("a failed open changed the files")
		}
	})
	t.Run("ErrPlainVFSCannotRead", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "hearth.db")
		db, err := store.Open(ctx, path, testKey(1), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		_, err = store.Open(ctx, path, nil, store.Options{Plain: true})
		assertWrongKey(t, err)
	})
	t.Run("ErrWrongKeyWhileOpen", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "hearth.db")
		db, err := store.Open(ctx, path, testKey(1), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		_, err = store.Open(ctx, path, testKey(9), store.Options{})
		assertWrongKey(t, err)
		again, err := store.Open(ctx, path, testKey(1), store.Options{})
		if err != nil {
			t.Fatalf("same key while open: %v", err)
		}
		again.Close()
		if err := db.PingContext(ctx); err != nil {
			t.Fatalf("first handle lost its key: %v", err)
		}
	})
	for _, mode := range []string{"WAL", "DELETE"} {
		t.Run("HotJournalSurvives/"+mode, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "hearth.db")
			c := startChild(t, "hold", path, testKey(4), mode, "h")
			select {
			case <-c.mid:
			case <-c.done:
				t.Fatal("child exited early")
			}
			c.kill(t)
			hot := path + "-wal"
			if mode == "DELETE" {
				hot = path + "-journal"
			}
			if fi, err := os.Stat(hot); err != nil || fi.Size() == 0 {
				t.Fatalf("no hot %s after kill: %v", hot, err)
			}
			before := snapshot(t, dir)
			for _, key := range [][]byte{testKey(9), make([]byte, 32)} {
				_, err := store.Open(ctx, path, key, store.Options{JournalMode: mode})
				assertWrongKey(t, err)
			}
			if !sameSnapshot(before, snapshot(t, dir)) {
				t.Fatal("a wrong-key open changed the files")
			}
			db, err := store.Open(ctx, path, testKey(4), store.Options{JournalMode: mode})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := checkIntegrity(ctx, db); err != nil {
				t.Fatal(err)
			}
			if n, err := countRows(ctx, db, `SELECT count(*) FROM messages WHERE id LIKE 'fill-hcommitted-%'`); err != nil || n != 40 {
				t.Fatalf("committed rows after recovery: %d %v", n, err)
			}
			if n, err := countRows(ctx, db, `SELECT count(*) FROM messages WHERE id LIKE 'fill-hpending-%'`); err != nil || n != 0 {
				t.Fatalf("uncommitted rows after recovery: %d %v", n, err)
			}
			if n, err := countRows(ctx, db, `SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?`, canary("hcommitted", "messages")); err != nil || n != 41 {
				t.Fatalf("fts after recovery: %d %v", n, err)
			}
		})
	}
}
