package keychain_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hearth/backend/keychain"
)

// TestOS_NoSessionBusStartsNothing: with no session bus at all (no
// DBUS_SESSION_BUS_ADDRESS, no $XDG_RUNTIME_DIR/bus), a keychain probe
// reports the keychain unavailable and leaves no process behind (godbus
// would otherwise autolaunch a dbus-daemon, and the Secret Service call a
// gnome-keyring-daemon). The child process carries a marker in its
// environment, which any process it starts inherits; afterwards no process
// may carry it.
func TestOS_NoSessionBusStartsNothing(t *testing.T) {
	if os.Getenv("HEARTH_KEYCHAIN_NOBUS_CHILD") == "1" {
		kc := keychain.NewOS(keychain.Service, 10*time.Second)
		err := keychain.Probe(context.Background(), kc)
		var ue *keychain.UnavailableError
		if !errors.As(err, &ue) || !strings.Contains(ue.Reason, "session bus") {
			t.Fatalf("probe: %v, want ErrUnavailable (no session bus)", err)
		}
		return
	}
	if _, err := os.Stat("/proc/self/environ"); err != nil {
		t.Skip("needs /proc to find leaked processes")
	}
	marker := "HEARTH_NOBUS_MARKER=" + rand.Text()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(kv, "XDG_RUNTIME_DIR=") {
			env = append(env, kv)
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestOS_NoSessionBusStartsNothing$", "-test.v")
	cmd.Env = append(env, "HEARTH_KEYCHAIN_NOBUS_CHILD=1", marker, "XDG_RUNTIME_DIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestOS_NoSessionBusStartsNothing") {
		t.Fatalf("child: %v\n%s", err, out)
	}
	time.Sleep(200 * time.Millisecond) // a daemonising child detaches quickly
	procs, _ := filepath.Glob("/proc/[0-9]*/environ")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if bytes.Contains(b, []byte(marker)) {
			cmdline, _ := os.ReadFile(filepath.Join(filepath.Dir(p), "cmdline"))
			t.Errorf("left running: %s", bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '}))
		}
	}
}
