//go:build unix

package store_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"hearth/backend/store"
)

// TestOpen_ReadOnlyFolderChild opens the database named by the parent
// read-only and prints its turn count and integrity; run by
// TestOpen_ReadOnlyFolder as a user who cannot write the folder.
func TestOpen_ReadOnlyFolderChild(t *testing.T) {
	path := os.Getenv("HEARTH_RO_PATH")
	if path == "" {
		t.Skip("child of TestOpen_ReadOnlyFolder")
	}
	key, _ := hex.DecodeString(os.Getenv("HEARTH_RO_KEY"))
	ctx := context.Background()
	db, err := store.Open(ctx, path, key, store.Options{MustExist: true})
	if err != nil {
		t.Fatalf("open read-only: %v", err)
	}
	defer db.Close()
	res, err := db.CheckIntegrity(ctx)
	if err != nil || !res.OK() {
		t.Fatalf("integrity: %v %v", res.Problems, err)
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM messages`); err == nil {
		t.Fatal("a write succeeded on a read-only copy")
	}
	fmt.Printf("readonly=%v turns=%d\n", db.ReadOnly(), countTurns(t, db))
}

// TestOpen_ReadOnlyFolder: a copy of a profile database in a folder the
// user cannot write (a backup restored read-only, a read-only mount) is
// opened read-only and can be read; nothing is created next to it. As
// root, permissions do not bind, so the check runs as user nobody.
func TestOpen_ReadOnlyFolder(t *testing.T) {
	key := testKey(12)
	path := filledDB(t, key)
	dir := filepath.Dir(path)
	before := listDir(t, dir)
	out := runReadOnly(t, dir, "TestOpen_ReadOnlyFolderChild", "HEARTH_RO_PATH="+path, "HEARTH_RO_KEY="+hex.EncodeToString(key))
	if !strings.Contains(out, "readonly=true turns=200") {
		t.Fatalf("child: %s", out)
	}
	if after := listDir(t, dir); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Fatalf("files created in a read-only folder: %v -> %v", before, after)
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// runReadOnly makes dir read-only for the user the child runs as and runs
// this test binary's test named run in a child with env. As root the
// child runs as nobody (65534) from a copy of the binary it can execute;
// the folder's owner becomes nobody, so only its mode bits decide.
func runReadOnly(t *testing.T, dir, run string, env ...string) string {
	t.Helper()
	bin := os.Args[0]
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		const nobody = 65534
		binDir := t.TempDir()
		b, err := os.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		bin = filepath.Join(binDir, "child.test")
		if err := os.WriteFile(bin, b, 0o755); err != nil {
			t.Fatal(err)
		}
		// Let nobody reach the binary and the folder: only the folders the
		// test made under the temporary directory are opened up.
		for _, start := range []string{binDir, filepath.Dir(dir)} {
			for d := start; strings.HasPrefix(d, os.TempDir()+string(filepath.Separator)); d = filepath.Dir(d) {
				os.Chmod(d, 0o755)
			}
		}
		filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
			if err == nil {
				os.Chown(p, nobody, nobody)
			}
			return nil
		})
		cred = &syscall.Credential{Uid: nobody, Gid: nobody}
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.Chmod(p, 0o400)
		}
		return nil
	})
	os.Chmod(dir, 0o500)
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	cmd := exec.Command(bin, "-test.run=^"+run+"$", "-test.v")
	cmd.Env = append(os.Environ(), env...)
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	return string(out)
}
