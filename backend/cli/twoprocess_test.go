package cli_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"hearth/backend/keychain/keychaintest"
	"hearth/backend/profile"
)

// TestDeleteWhileOpenChild opens the profile named by the parent, says
// "open", and keeps it open until it is killed (a window or a chat).
func TestDeleteWhileOpenChild(t *testing.T) {
	dir := os.Getenv("HEARTH_HOLD_DIR")
	if dir == "" {
		t.Skip("child of TestDeleteWhileOpenInAnotherProcess")
	}
	m := profile.NewManager(dir, keychaintest.New(), profile.Options{})
	p, err := m.Find(context.Background(), "Ann")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Unlock(context.Background(), p.ID, crashPass); err != nil {
		t.Fatal(err)
	}
	fmt.Println("open")
	time.Sleep(time.Hour)
}

// TestDeleteWhileOpenInAnotherProcess: deleting a profile that another
// process has open is refused (exit 1, naming that process) and removes
// nothing; once that process is gone the delete goes through.
func TestDeleteWhileOpenInAnotherProcess(t *testing.T) {
	h := newHearth(t)
	env := map[string]string{"HEARTH_PASSPHRASE": crashPass}
	h.ok(env, "profile", "create", "--name", "Ann", "--protection", "passphrase")
	cmd := exec.Command(os.Args[0], "-test.run=^TestDeleteWhileOpenChild$")
	cmd.Env = append(os.Environ(), "HEARTH_HOLD_DIR="+h.dataDir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || strings.TrimSpace(line) != "open" {
		t.Fatalf("child: %q %v", line, err)
	}
	code, _, errs := h.run(nil, "profile", "delete", "--profile", "Ann", "--yes")
	if code != 1 || !strings.Contains(errs, "open in another Hearth") || !strings.Contains(errs, fmt.Sprintf("pid %d", cmd.Process.Pid)) {
		t.Fatalf("delete while open in another process: exit %d %q", code, errs)
	}
	h.ok(env, "profile", "unlock", "--profile", "Ann") // nothing was removed
	cmd.Process.Kill()
	cmd.Wait()
	h.ok(nil, "profile", "delete", "--profile", "Ann", "--yes")
	if out := h.ok(nil, "profile", "list"); strings.Contains(out, "Ann") {
		t.Fatalf("still listed: %q", out)
	}
}

// TestReadWhileWritingChild opens the profile named by the parent, takes
// the write lock (as a long import does), says "writing", and holds it.
func TestReadWhileWritingChild(t *testing.T) {
	dir := os.Getenv("HEARTH_WRITE_DIR")
	if dir == "" {
		t.Skip("child of TestReadWhileAnotherProcessWrites")
	}
	m := profile.NewManager(dir, keychaintest.New(), profile.Options{})
	p, err := m.Find(context.Background(), "Ann")
	if err != nil {
		t.Fatal(err)
	}
	o, err := m.Unlock(context.Background(), p.ID, crashPass)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := o.DB.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO settings(key, value) VALUES ('importing', 'yes')`); err != nil {
		t.Fatal(err)
	}
	fmt.Println("writing")
	time.Sleep(time.Hour)
}

// TestReadWhileAnotherProcessWrites: while another process holds the
// profile's write lock (a long import), search and session list in this
// one answer at once instead of failing with "database is locked".
func TestReadWhileAnotherProcessWrites(t *testing.T) {
	h := newHearth(t)
	env := map[string]string{"HEARTH_PASSPHRASE": crashPass}
	h.ok(env, "profile", "create", "--name", "Ann", "--protection", "passphrase")
	mod := strings.Fields(strings.Split(h.ok(env, "module", "list", "--profile", "Ann"), "\n")[1])[0]
	cmd := exec.Command(os.Args[0], "-test.run=^TestReadWhileWritingChild$")
	cmd.Env = append(os.Environ(), "HEARTH_WRITE_DIR="+h.dataDir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || strings.TrimSpace(line) != "writing" {
		t.Fatalf("child: %q %v", line, err)
	}
	for _, args := range [][]string{
		{"search", "--profile", "Ann", "tomatoes"},
		{"session", "list", "--profile", "Ann", "--module", mod},
	} {
		start := time.Now()
		h.ok(env, args...)
		if d := time.Since(start); d > 3*time.Second {
			t.Fatalf("%v waited %s for the other process's write", args, d)
		}
	}
}
