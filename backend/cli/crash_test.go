package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hearth/backend/cli"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/profile"
)

const crashPass = "correct horse battery"

// TestCrash_CreateAndImportChild is the child of TestCrash_CreateAndImport:
// it creates profiles (or imports an export as new profiles) in a loop and
// prints "ack NAME" after each command that reported success.
func TestCrash_CreateAndImportChild(t *testing.T) {
	dir, op := os.Getenv("HEARTH_CRASH_DIR"), os.Getenv("HEARTH_CRASH_OP")
	if dir == "" {
		t.Skip("child of TestCrash_CreateAndImport")
	}
	h := &hearth{t: t, dataDir: dir, kc: keychaintest.New()}
	env := map[string]string{"HEARTH_PASSPHRASE": crashPass}
	out := bufio.NewWriter(os.Stdout)
	for n := 0; ; n++ {
		name := fmt.Sprintf("%s-%s-%d", os.Getenv("HEARTH_CRASH_TAG"), op, n)
		args := []string{"profile", "create", "--name", name, "--protection", "passphrase"}
		if op == "import" {
			args = []string{"import", "--in", os.Getenv("HEARTH_CRASH_EXPORT"), "--as-profile", name, "--protection", "passphrase"}
		}
		if code, o, e := h.run(env, args...); code != 0 {
			t.Fatalf("%v: %d %s %s", args, code, o, e)
		}
		fmt.Fprintf(out, "ack %s\n", name)
		out.Flush()
	}
}

// TestCrash_CreateAndImport SIGKILLs profile create and import --as-profile
// at random moments. After every kill, the next command finds: every
// profile whose command reported success listed and opening, every
// profile folder on disk listed (no orphans, nothing half-made to offer
// back), and no temporary folder left.
func TestCrash_CreateAndImport(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 13))
	h := newHearth(t)
	h.kc = keychaintest.New()
	env := map[string]string{"HEARTH_PASSPHRASE": crashPass}
	// An export with some content to import.
	h.ok(env, "profile", "create", "--name", "Source", "--protection", "passphrase")
	export := filepath.Join(t.TempDir(), "source.zip")
	h.ok(env, "export", "--profile", "Source", "--format", "zip", "--out", export)

	acked := map[string]bool{"Source": true}
	kills := 0
	for round := range 16 {
		op := []string{"create", "import"}[round%2]
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrash_CreateAndImportChild$")
		cmd.Env = append(os.Environ(), "HEARTH_CRASH_DIR="+h.dataDir, "HEARTH_CRASH_OP="+op,
			"HEARTH_CRASH_EXPORT="+export, fmt.Sprintf("HEARTH_CRASH_TAG=r%d", round))
		var stdout bytes.Buffer
		cmd.Stdout = &stdout
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rng.IntN(400)) * time.Millisecond)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if st := cmd.ProcessState; st != nil && st.Exited() {
			t.Fatalf("round %d: child exited by itself: %s", round, stdout.String())
		}
		kills++
		for _, line := range strings.Split(stdout.String(), "\n") {
			if name, ok := strings.CutPrefix(line, "ack "); ok {
				acked[name] = true
			}
		}

		m := profile.NewManager(h.dataDir, h.kc, profile.Options{})
		list, err := m.List(context.Background()) // the next start: tidies
		if err != nil {
			t.Fatalf("round %d: list: %v", round, err)
		}
		listed := map[string]bool{}
		for _, p := range list {
			listed[p.Name] = true
		}
		for name := range acked {
			if !listed[name] {
				t.Fatalf("round %d: %q was reported created but is not listed", round, name)
			}
		}
		if found, err := m.Unlisted(context.Background()); err != nil || len(found) != 0 {
			t.Fatalf("round %d: profiles on disk but not listed: %v %v", round, found, err)
		}
		entries, _ := os.ReadDir(filepath.Join(h.dataDir, "profiles"))
		if len(entries) != len(list) {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Fatalf("round %d: %d folders for %d profiles: %v", round, len(entries), len(list), names)
		}
		for _, p := range list {
			if code, o, e := h.run(env, "profile", "unlock", "--profile", p.ID); code != 0 {
				t.Fatalf("round %d: %q does not open: %s %s", round, p.Name, o, e)
			}
		}
	}
	t.Logf("%d kills, %d profiles reported created", kills, len(acked))
	if code, _, _ := h.run(nil, "version"); code != cli.ExitOK {
		t.Fatal("version")
	}
}
