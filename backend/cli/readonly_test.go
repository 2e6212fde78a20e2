//go:build unix

package cli_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"hearth/backend/keychain/keychaintest"
)

// TestReadOnlyCopyChild runs the command line over the read-only data
// folder named by the parent (see TestReadOnlyCopy).
func TestReadOnlyCopyChild(t *testing.T) {
	dir := os.Getenv("HEARTH_RO_DATA")
	if dir == "" {
		t.Skip("child of TestReadOnlyCopy")
	}
	f := keychaintest.New()
	f.Unavailable("no Secret Service on the session bus")
	h := &hearth{t: t, dataDir: dir, kc: f}
	env := map[string]string{"HEARTH_PASSPHRASE": crashPass}
	if out := h.ok(env, "profile", "list"); !strings.Contains(out, "Ann") {
		t.Fatalf("list: %q", out)
	}
	h.ok(env, "search", "--profile", "Ann", "tomatoes")
	h.ok(env, "export", "--profile", "Ann", "--format", "zip", "--out", os.Getenv("HEARTH_RO_OUT"))
}

// TestReadOnlyCopy: a data folder the user cannot write (a backup copy,
// a read-only mount) can still be listed, searched and exported, and
// nothing in it changes. As root the child runs as user nobody, for
// whom the mode bits bind.
func TestReadOnlyCopy(t *testing.T) {
	h := newHearth(t)
	env := map[string]string{"HEARTH_PASSPHRASE": crashPass}
	h.ok(env, "profile", "create", "--name", "Ann", "--protection", "passphrase")
	h.ok(env, "memory", "add", "--profile", "Ann", "--shared", "tomatoes need sun")
	var before []string
	filepath.WalkDir(h.dataDir, func(p string, _ fs.DirEntry, err error) error {
		before = append(before, p)
		return nil
	})
	outDir := t.TempDir()
	outFile := filepath.Join(outDir, "ann.zip")

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
		for _, start := range []string{binDir, filepath.Dir(h.dataDir), outDir} {
			for d := start; strings.HasPrefix(d, os.TempDir()+string(filepath.Separator)); d = filepath.Dir(d) {
				os.Chmod(d, 0o755)
			}
		}
		os.Chown(outDir, nobody, nobody)
		filepath.WalkDir(h.dataDir, func(p string, _ fs.DirEntry, err error) error {
			if err == nil {
				os.Chown(p, nobody, nobody)
			}
			return nil
		})
		cred = &syscall.Credential{Uid: nobody, Gid: nobody}
	}
	filepath.WalkDir(h.dataDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			os.Chmod(p, 0o500)
		} else {
			os.Chmod(p, 0o400)
		}
		return nil
	})
	t.Cleanup(func() {
		filepath.WalkDir(h.dataDir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(p, 0o700)
			}
			return nil
		})
	})
	cmd := exec.Command(bin, "-test.run=^TestReadOnlyCopyChild$", "-test.v")
	cmd.Env = append(os.Environ(), "HEARTH_RO_DATA="+h.dataDir, "HEARTH_RO_OUT="+outFile)
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if fi, err := os.Stat(outFile); err != nil || fi.Size() == 0 {
		t.Fatalf("no export written: %v", err)
	}
	var after []string
	filepath.WalkDir(h.dataDir, func(p string, _ fs.DirEntry, err error) error {
		after = append(after, p)
		return nil
	})
	if strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Fatalf("the read-only folder changed:\n%v\n->\n%v", before, after)
	}
}
