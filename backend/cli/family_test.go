package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hearth/backend/cli"
	"hearth/backend/family"
	"hearth/backend/llm/llmtest"
	"hearth/backend/vault"
)

// familyHearth is a hearth whose clock the test sets.
type familyHearth struct {
	*hearth
	now time.Time
}

func (h *familyHearth) run(env map[string]string, args ...string) (int, string, string) {
	h.t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), append([]string{"--data-dir", h.dataDir}, args...), cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] },
		Version: "test", Keychain: h.kc, KDF: vault.LowSecurityKDFParams(), Now: func() time.Time { return h.now },
	})
	return code, out.String(), errb.String()
}

func (h *familyHearth) ok(env map[string]string, args ...string) string {
	h.t.Helper()
	code, out, errs := h.run(env, args...)
	if code != 0 {
		h.t.Fatalf("hearth %s: exit %d: %s%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// fails runs a command that must fail and returns its stderr.
func (h *familyHearth) fails(env map[string]string, args ...string) string {
	h.t.Helper()
	code, out, errs := h.run(env, args...)
	if code == 0 {
		h.t.Fatalf("hearth %s succeeded: %s", strings.Join(args, " "), out)
	}
	return errs
}

var (
	annEnv = map[string]string{"HEARTH_PIN": "ann-pin-1"}
	samEnv = map[string]string{"HEARTH_PIN": "sam-pin-1"}
)

func noon() time.Time { return time.Date(2026, 11, 30, 12, 0, 0, 0, time.Local) }

// newFamily makes guardian Ann and her child Sam (Tutor only, local
// endpoints only, memory off, quiet 21:00-07:00), with two endpoints in
// Sam's profile: "home" on 127.0.0.1 and "cloud" elsewhere.
func newFamily(t *testing.T) (*familyHearth, *llmtest.Server) {
	h := &familyHearth{hearth: newHearth(t), now: noon()}
	srv := llmtest.NewServer(t, "fake-model")
	h.ok(annEnv, "profile", "create", "--name", "Ann", "--protection", "pin")
	out := h.ok(map[string]string{"HEARTH_PIN": "ann-pin-1", "HEARTH_NEW_PIN": "sam-pin-1"}, "family", "create-child",
		"--profile", "Ann", "--name", "Sam", "--modules", "tutor", "--endpoints", "local", "--memory", "off",
		"--quiet", "21:00-07:00", "--temporary", "off", "--instruction", "Explain, never give homework answers.")
	for _, want := range []string{"supervised by Ann", "Modules you can use: tutor", "Memory is off", "recovery key:"} {
		if !strings.Contains(out, want) {
			t.Fatalf("create-child output lacks %q:\n%s", want, out)
		}
	}
	h.ok(samEnv, "endpoint", "add", "--profile", "Sam", "--name", "home", "--url", srv.URL, "--model", "fake-model")
	h.ok(samEnv, "endpoint", "add", "--profile", "Sam", "--name", "cloud", "--url", "https://llm.example.invalid/v1", "--model", "big")
	return h, srv
}

func TestFamily_ChildLimits(t *testing.T) {
	h, srv := newFamily(t)
	if out := h.ok(samEnv, "module", "list", "--profile", "Sam"); !strings.Contains(out, "tutor") || strings.Contains(out, "kitchen") || strings.Contains(out, "general") {
		t.Fatalf("Sam's modules are not Tutor only:\n%s", out)
	}
	h.fails(samEnv, "chat", "--profile", "Sam", "--module", "kitchen", "hello")
	h.ok(annEnv, "family", "policy", "set", "--profile", "Ann", "--child", "Sam", "--models", "small-model")
	n := len(srv.Requests())
	if errs := h.fails(samEnv, "chat", "--profile", "Sam", "--module", "tutor", "--endpoint", "home", "--model", "fake-model", "hi"); !strings.Contains(errs, "do not allow the model") {
		t.Fatalf("a model outside the rules was not refused: %q", errs)
	}
	if len(srv.Requests()) != n {
		t.Fatal("the refused model was called")
	}
	h.ok(annEnv, "family", "policy", "set", "--profile", "Ann", "--child", "Sam", "--models", "all")
	if out := h.ok(samEnv, "endpoint", "list", "--profile", "Sam"); strings.Contains(out, "cloud") || !strings.Contains(out, "home") {
		t.Fatalf("Sam can choose a non-local endpoint:\n%s", out)
	}
	before := len(srv.Requests())
	if errs := h.fails(samEnv, "chat", "--profile", "Sam", "--module", "tutor", "--endpoint", "cloud", "hello"); !strings.Contains(errs, "do not allow the model server") {
		t.Fatalf("cloud endpoint not refused clearly: %q", errs)
	}
	// What the rules refuse is refused before anything is stored or counted.
	h.ok(annEnv, "family", "policy", "set", "--profile", "Ann", "--child", "Sam", "--daily", "5")
	h.fails(samEnv, "chat", "--profile", "Sam", "--module", "tutor", "--endpoint", "cloud", "hello again")
	if out := h.ok(samEnv, "profile", "show", "--profile", "Sam"); !strings.Contains(out, "Sent today: 0 of 5") {
		t.Fatalf("refused turns were counted toward the daily limit:\n%s", out)
	}
	if out := h.ok(samEnv, "session", "list", "--profile", "Sam", "--module", "tutor"); strings.Contains(out, "hello") {
		t.Fatalf("a refused turn left its message behind:\n%s", out)
	}
	h.ok(annEnv, "family", "policy", "set", "--profile", "Ann", "--child", "Sam", "--daily", "0")
	h.ok(samEnv, "chat", "--profile", "Sam", "--module", "tutor", "--endpoint", "home", "remember that my cat is called Tom")
	reqs := srv.Requests()
	if len(reqs) == before {
		t.Fatal("no request reached the local endpoint")
	}
	if body := string(reqs[before].Body); !strings.Contains(body, "never give homework answers") {
		t.Fatalf("the guardian's instruction is not in the prompt: %s", body)
	}
	if out := h.ok(samEnv, "memory", "list", "--profile", "Sam", "--module", "tutor"); strings.Contains(out, "Tom") {
		t.Fatalf("memory was written with memory off:\n%s", out)
	}
	if errs := h.fails(samEnv, "memory", "add", "--profile", "Sam", "--module", "tutor", "I like maths"); !strings.Contains(errs, "Memory is off") {
		t.Fatalf("memory add not refused: %q", errs)
	}
	// The control: with memory on, the same words are remembered.
	h.ok(annEnv, "family", "policy", "set", "--profile", "Ann", "--child", "Sam", "--memory", "on")
	h.ok(samEnv, "chat", "--profile", "Sam", "--module", "tutor", "--endpoint", "home", "remember that my cat is called Tom")
	if out := h.ok(samEnv, "memory", "list", "--profile", "Sam", "--module", "tutor"); !strings.Contains(out, "Tom") {
		t.Fatalf("memory on wrote nothing, so memory off proves nothing:\n%s", out)
	}
	h.ok(annEnv, "family", "policy", "set", "--profile", "Ann", "--child", "Sam", "--memory", "off")
	if errs := h.fails(samEnv, "chat", "--profile", "Sam", "--module", "tutor", "--temporary", "hi"); !strings.Contains(errs, "Temporary chats are off") {
		t.Fatalf("temporary chat not refused: %q", errs)
	}
	out := h.ok(samEnv, "profile", "show", "--profile", "Sam")
	for _, want := range []string{"Family rules set by Ann", "Modules you can use: tutor", "Quiet hours 21:00-07:00", "cannot read your chats"} {
		if !strings.Contains(out, want) {
			t.Fatalf("profile show lacks %q:\n%s", want, out)
		}
	}
	if errs := h.fails(annEnv, "family", "read", "--profile", "Ann", "--child", "Sam"); !strings.Contains(errs, "chats are private") {
		t.Fatalf("the guardian read Sam's chats without it being chosen: %q", errs)
	}
	if out := h.ok(annEnv, "profile", "show", "--profile", "Ann"); !strings.Contains(out, "Guardian of: Sam") || !strings.Contains(out, "Nobody supervises") {
		t.Fatalf("Ann's profile show:\n%s", out)
	}
}

func TestFamily_QuietHoursAndDailyLimit(t *testing.T) {
	h, _ := newFamily(t)
	for _, at := range []time.Time{
		time.Date(2026, 11, 30, 22, 30, 0, 0, time.Local),
		time.Date(2026, 12, 1, 6, 59, 0, 0, time.Local), // across midnight
	} {
		h.now = at
		if errs := h.fails(samEnv, "module", "list", "--profile", "Sam"); !strings.Contains(errs, "Quiet hours") || !strings.Contains(errs, "07:00") {
			t.Fatalf("at %s Sam's profile opened or said %q", at.Format("15:04"), errs)
		}
	}
	h.now = time.Date(2026, 12, 1, 7, 0, 0, 0, time.Local)
	h.ok(samEnv, "module", "list", "--profile", "Sam")
	h.ok(annEnv, "module", "list", "--profile", "Ann") // the guardian has no quiet hours

	h.ok(annEnv, "family", "policy", "set", "--profile", "Ann", "--child", "Sam", "--daily", "2")
	h.ok(samEnv, "chat", "--profile", "Sam", "--module", "tutor", "one")
	h.ok(samEnv, "chat", "--profile", "Sam", "--module", "tutor", "two")
	if errs := h.fails(samEnv, "chat", "--profile", "Sam", "--module", "tutor", "three"); !strings.Contains(errs, "limit set by Ann") {
		t.Fatalf("third message of the day: %q", errs)
	}
	h.now = h.now.Add(24 * time.Hour)
	h.ok(samEnv, "chat", "--profile", "Sam", "--module", "tutor", "a new day")
}

func TestFamily_PolicyFileTampering(t *testing.T) {
	h, _ := newFamily(t)
	id := lastID(t, h, "Sam")
	path := filepath.Join(h.dataDir, "profiles", id, family.PolicyFileName)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(orig, []byte("tutor")) || bytes.Contains(orig, []byte("21:00")) {
		t.Fatal("the policy file is readable on disk")
	}
	check := func(what string) {
		t.Helper()
		errs := h.fails(samEnv, "module", "list", "--profile", "Sam")
		if !strings.Contains(errs, "family rules, set by Ann") || !strings.Contains(errs, "Ann unlocks Hearth") {
			t.Fatalf("%s: the message does not name the guardian's unlock: %q", what, errs)
		}
		h.ok(annEnv, "family", "policy", "set", "--profile", "Ann", "--child", "Sam")
		h.ok(samEnv, "module", "list", "--profile", "Sam")
	}
	// Edited by hand.
	b := bytes.Clone(orig)
	i := bytes.Index(b, []byte(`"sealed": "`)) + len(`"sealed": "`) + 10
	b[i] ^= 'A' ^ 'B'
	if b[i] == orig[i] {
		b[i] = 'C'
	}
	os.WriteFile(path, b, 0o600)
	check("edited")
	// Deleted.
	os.Remove(path)
	check("deleted")
	// An older signed copy put back.
	old, _ := os.ReadFile(path)
	h.ok(annEnv, "family", "policy", "set", "--profile", "Ann", "--child", "Sam", "--memory", "on")
	h.ok(samEnv, "module", "list", "--profile", "Sam") // sees the newer rules
	os.WriteFile(path, old, 0o600)
	check("older copy")
	// Signed by another guardian.
	h.ok(map[string]string{"HEARTH_PIN": "eve-pin-1"}, "profile", "create", "--name", "Eve", "--protection", "pin")
	h.ok(map[string]string{"HEARTH_PIN": "eve-pin-1", "HEARTH_NEW_PIN": "kid-pin-1"}, "family", "create-child", "--profile", "Eve", "--name", "Kid", "--modules", "all")
	evePolicy, _ := os.ReadFile(filepath.Join(h.dataDir, "profiles", lastID(t, h, "Kid"), family.PolicyFileName))
	os.WriteFile(path, evePolicy, 0o600)
	check("another guardian's")
}

func TestFamily_ResetPINReleaseAndDelete(t *testing.T) {
	h, _ := newFamily(t)
	// Sam re-encrypts the profile under a new key: the guardian's slot follows.
	h.ok(samEnv, "profile", "rotate-key", "--profile", "Sam")
	newPIN := map[string]string{"HEARTH_PIN": "ann-pin-1", "HEARTH_NEW_PIN": "sam-new-pin"}
	h.ok(newPIN, "family", "reset-pin", "--profile", "Ann", "--child", "Sam")
	if code, _, _ := h.run(samEnv, "module", "list", "--profile", "Sam"); code != cli.ExitWrongSecret {
		t.Fatalf("the old PIN still opens Sam's profile (exit %d)", code)
	}
	h.ok(map[string]string{"HEARTH_PIN": "sam-new-pin"}, "module", "list", "--profile", "Sam")

	if errs := h.fails(annEnv, "profile", "delete", "--profile", "Ann", "--yes"); !strings.Contains(errs, "supervises Sam") {
		t.Fatalf("a guardian with a child was deleted or said %q", errs)
	}
	if out := h.ok(annEnv, "family", "list", "--profile", "Ann"); !strings.Contains(out, "Sam") {
		t.Fatalf("family list:\n%s", out)
	}
	h.ok(annEnv, "family", "release", "--profile", "Ann", "--child", "Sam")
	sam := map[string]string{"HEARTH_PIN": "sam-new-pin"}
	if out := h.ok(sam, "profile", "show", "--profile", "Sam"); !strings.Contains(out, "Nobody supervises") {
		t.Fatalf("released Sam is still supervised:\n%s", out)
	}
	if out := h.ok(sam, "module", "list", "--profile", "Sam"); !strings.Contains(out, "kitchen") {
		t.Fatalf("released Sam still has Tutor only:\n%s", out)
	}
	h.ok(annEnv, "profile", "delete", "--profile", "Ann", "--yes")
}

func TestFamily_SupervisionSurvivesExportImport(t *testing.T) {
	h, _ := newFamily(t)
	bundle := filepath.Join(t.TempDir(), "sam.hearth")
	pass := map[string]string{"HEARTH_PIN": "sam-pin-1", "HEARTH_EXPORT_PASSPHRASE": "bundle passphrase"}
	h.ok(pass, "export", "--profile", "Sam", "--format", "hearth", "--out", bundle)

	h2 := &familyHearth{hearth: newHearth(t), now: noon()}
	h2.ok(map[string]string{"HEARTH_PIN": "sam2-pin-1", "HEARTH_EXPORT_PASSPHRASE": "bundle passphrase"},
		"import", "--in", bundle, "--as-profile", "Sam2", "--protection", "pin")
	sam2 := map[string]string{"HEARTH_PIN": "sam2-pin-1"}
	if out := h2.ok(sam2, "profile", "show", "--profile", "Sam2"); !strings.Contains(out, "Family rules set by Ann") || !strings.Contains(out, "Memory is off") {
		t.Fatalf("imported profile lost its supervision:\n%s", out)
	}
	if out := h2.ok(sam2, "module", "list", "--profile", "Sam2"); strings.Contains(out, "kitchen") {
		t.Fatalf("imported profile shows modules outside its rules:\n%s", out)
	}
	h2.now = time.Date(2026, 11, 30, 23, 0, 0, 0, time.Local)
	h2.fails(sam2, "module", "list", "--profile", "Sam2")
	h2.now = noon()
	// Imported as a second profile on the guardian's own computer: Ann
	// lists it, can release it, and is not stuck undeletable because of it.
	h.ok(map[string]string{"HEARTH_PIN": "sam3-pin-1", "HEARTH_EXPORT_PASSPHRASE": "bundle passphrase"},
		"import", "--in", bundle, "--as-profile", "Sam3", "--protection", "pin")
	if out := h.ok(annEnv, "family", "list", "--profile", "Ann"); !strings.Contains(out, "Sam3") || !strings.Contains(out, "Sam ") {
		t.Fatalf("Ann does not list the imported copy:\n%s", out)
	}
	h.ok(annEnv, "family", "release", "--profile", "Ann", "--child", "Sam3")
	h.ok(annEnv, "family", "release", "--profile", "Ann", "--child", "Sam")
	h.ok(annEnv, "profile", "delete", "--profile", "Ann", "--yes")
	if out := h.ok(map[string]string{"HEARTH_PIN": "sam3-pin-1"}, "profile", "show", "--profile", "Sam3"); !strings.Contains(out, "Nobody supervises") {
		t.Fatalf("the released copy is still supervised:\n%s", out)
	}

	id := lastID(t, h2.hearth, "Sam2")
	os.Remove(filepath.Join(h2.dataDir, "profiles", id, family.PolicyFileName))
	if errs := h2.fails(sam2, "module", "list", "--profile", "Sam2"); !strings.Contains(errs, "set by Ann") {
		t.Fatalf("imported profile without its policy file: %q", errs)
	}
}

// lastID is the id of profile name, from profile list.
func lastID(t *testing.T, h interface {
	ok(map[string]string, ...string) string
}, name string) string {
	t.Helper()
	for _, line := range strings.Split(h.ok(nil, "profile", "list"), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[1] == name {
			return f[0]
		}
	}
	t.Fatalf("no profile %q", name)
	return ""
}

func TestFamily_AdoptNeedsThatPersonsSecret(t *testing.T) {
	h := &familyHearth{hearth: newHearth(t), now: noon()}
	h.ok(annEnv, "profile", "create", "--name", "Ann", "--protection", "pin")
	h.ok(map[string]string{"HEARTH_PIN": "kim-pin-1"}, "profile", "create", "--name", "Kim", "--protection", "pin")
	wrong := map[string]string{"HEARTH_PIN": "ann-pin-1", "HEARTH_CHILD_PIN": "not-kims-pin"}
	if code, _, _ := h.run(wrong, "family", "adopt", "--profile", "Ann", "--child", "Kim", "--modules", "tutor"); code != cli.ExitWrongSecret {
		t.Fatalf("adopt with a wrong PIN: exit %d", code)
	}
	kim := map[string]string{"HEARTH_PIN": "kim-pin-1"}
	if out := h.ok(kim, "profile", "show", "--profile", "Kim"); !strings.Contains(out, "Nobody supervises") {
		t.Fatalf("a failed adopt supervised Kim:\n%s", out)
	}
	h.ok(map[string]string{"HEARTH_PIN": "ann-pin-1", "HEARTH_CHILD_PIN": "kim-pin-1"}, "family", "adopt", "--profile", "Ann", "--child", "Kim", "--modules", "tutor")
	if out := h.ok(kim, "profile", "show", "--profile", "Kim"); !strings.Contains(out, "Family rules set by Ann") {
		t.Fatalf("adopted Kim shows no rules:\n%s", out)
	}
	if out := h.ok(kim, "module", "list", "--profile", "Kim"); strings.Contains(out, "kitchen") {
		t.Fatalf("adopted Kim has modules outside the rules:\n%s", out)
	}
}

func TestFamily_HandoverThenDeleteGuardian(t *testing.T) {
	h, _ := newFamily(t)
	bea := map[string]string{"HEARTH_PIN": "bea-pin-1"}
	h.ok(bea, "profile", "create", "--name", "Bea", "--protection", "pin")
	if errs := h.fails(annEnv, "profile", "delete", "--profile", "Ann", "--yes"); !strings.Contains(errs, "supervises Sam") {
		t.Fatalf("Ann was deleted with a child: %q", errs)
	}
	wrong := map[string]string{"HEARTH_PIN": "ann-pin-1", "HEARTH_GUARDIAN_PIN": "not-beas-pin"}
	if code, _, _ := h.run(wrong, "family", "handover", "--profile", "Ann", "--child", "Sam", "--to", "Bea"); code != cli.ExitWrongSecret {
		t.Fatalf("handover with a wrong PIN: exit %d", code)
	}
	h.ok(map[string]string{"HEARTH_PIN": "ann-pin-1", "HEARTH_GUARDIAN_PIN": "bea-pin-1"}, "family", "handover", "--profile", "Ann", "--child", "Sam", "--to", "Bea")
	out := h.ok(samEnv, "profile", "show", "--profile", "Sam")
	if !strings.Contains(out, "Family rules set by Bea") || !strings.Contains(out, "Modules you can use: tutor") {
		t.Fatalf("after the handover Sam shows:\n%s", out)
	}
	if out := h.ok(annEnv, "family", "list", "--profile", "Ann"); strings.Contains(out, "Sam") {
		t.Fatalf("Ann still lists Sam:\n%s", out)
	}
	h.ok(annEnv, "profile", "delete", "--profile", "Ann", "--yes")
	h.ok(map[string]string{"HEARTH_PIN": "bea-pin-1", "HEARTH_NEW_PIN": "sam-pin-2"}, "family", "reset-pin", "--profile", "Bea", "--child", "Sam")
	h.ok(map[string]string{"HEARTH_PIN": "sam-pin-2"}, "module", "list", "--profile", "Sam")
	h.ok(bea, "family", "policy", "set", "--profile", "Bea", "--child", "Sam", "--modules", "tutor,kitchen")
	if out := h.ok(map[string]string{"HEARTH_PIN": "sam-pin-2"}, "module", "list", "--profile", "Sam"); !strings.Contains(out, "kitchen") {
		t.Fatalf("Bea's new rules do not apply:\n%s", out)
	}
}
