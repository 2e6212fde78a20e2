package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"hearth/backend/vault"
)

// buildHearth compiles this module's binary as `wails build` does
// (desktop,production,webkit2_41), plus extra build tags.
func buildHearth(t *testing.T, extraTags string) string {
	t.Helper()
	if _, err := os.Stat("frontend/dist"); err != nil {
		t.Fatalf("frontend/dist is missing: run `make build` first (%v)", err)
	}
	bin := filepath.Join(t.TempDir(), "hearth")
	tags := "desktop,production,webkit2_41" + extraTags
	cmd := exec.Command("go", "build", "-tags", tags, "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build -tags %s: %v\n%s", tags, err, out)
	}
	return bin
}

// slotKDFs creates a passphrase profile with the test switch set in the
// environment and returns the Argon2id parameters of its key slots.
func slotKDFs(t *testing.T, bin string) []vault.KDFParams {
	t.Helper()
	data := t.TempDir()
	cmd := exec.Command(bin, "--data-dir", data, "profile", "create", "--name", "Ann", "--protection", "passphrase")
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"),
		"HEARTH_TEST_LOW_KDF=1", "HEARTH_TEST_DIALOG_DIR=" + t.TempDir(),
		"HEARTH_PASSPHRASE=correct horse battery staple"}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("profile create: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(data, "profiles", "*", vault.SlotsFileName))
	if len(files) != 1 {
		t.Fatalf("key-slot files: %v", files)
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Slots []struct {
			Kind string          `json:"kind"`
			KDF  vault.KDFParams `json:"kdf"`
		} `json:"slots"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	var out []vault.KDFParams
	for _, s := range f.Slots {
		out = append(out, s.KDF)
	}
	if len(out) == 0 {
		t.Fatalf("no slots in %s", raw)
	}
	return out
}

// TestReleaseBinary_HasNoTestSwitches builds the binary users run and
// proves that no HEARTH_TEST_* variable is compiled in and that setting
// HEARTH_TEST_LOW_KDF=1 leaves key slots at the production cost. The same
// check against a -tags hearthtest build shows the check can see a switch.
func TestReleaseBinary_HasNoTestSwitches(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the app twice")
	}
	release := buildHearth(t, "")
	raw, err := os.ReadFile(release)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"HEARTH_TEST_LOW_KDF", "HEARTH_TEST_DIALOG_DIR", "HEARTH_TEST_"} {
		if bytes.Contains(raw, []byte(name)) {
			t.Errorf("the release binary contains %q", name)
		}
	}
	for _, p := range slotKDFs(t, release) {
		if p != vault.DefaultKDFParams() {
			t.Errorf("release binary with HEARTH_TEST_LOW_KDF=1 made a slot with %+v, want %+v", p, vault.DefaultKDFParams())
		}
	}

	// Positive control: the e2e build has the switch, and the checks see it.
	e2e := buildHearth(t, ",hearthtest")
	if raw, _ := os.ReadFile(e2e); !bytes.Contains(raw, []byte("HEARTH_TEST_LOW_KDF")) {
		t.Error("the hearthtest build lacks HEARTH_TEST_LOW_KDF: the string check cannot fail")
	}
	for _, p := range slotKDFs(t, e2e) {
		if p != vault.LowSecurityKDFParams() {
			t.Errorf("hearthtest build: slot %+v, want the low-cost %+v", p, vault.LowSecurityKDFParams())
		}
	}
}
