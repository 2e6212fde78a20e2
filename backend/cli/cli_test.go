package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth/backend/cli"
	"hearth/backend/keychain"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/llm/llmtest"
	"hearth/backend/vault"
)

// hearth runs the command line in dataDir with env vars and returns exit
// code, stdout and stderr.
type hearth struct {
	t       *testing.T
	dataDir string
	kc      keychain.Keychain
}

func newHearth(t *testing.T) *hearth {
	return &hearth{t: t, dataDir: t.TempDir(), kc: keychaintest.New()}
}

func (h *hearth) run(env map[string]string, args ...string) (int, string, string) {
	h.t.Helper()
	return h.runIn("", env, args...)
}

// runIn is run with stdin as the command's standard input.
func (h *hearth) runIn(stdin string, env map[string]string, args ...string) (int, string, string) {
	h.t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code := cli.Run(context.Background(), append([]string{"--data-dir", h.dataDir}, args...), cli.Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: getenv, Version: "test", Keychain: h.kc,
		KDF: vault.LowSecurityKDFParams(),
	})
	return code, out.String(), errb.String()
}

func (h *hearth) ok(env map[string]string, args ...string) string {
	h.t.Helper()
	code, out, errs := h.run(env, args...)
	if code != 0 {
		h.t.Fatalf("hearth %s: exit %d: %s%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

func TestRun_Usage(t *testing.T) {
	h := newHearth(t)
	if out := h.ok(nil, "version"); !strings.Contains(out, "hearth test") {
		t.Fatalf("version: %q", out)
	}
	for _, args := range [][]string{{"bogus"}, {"profile"}, {"profile", "create"}, {"memory", "list", "--profile", "x"}, {"--data-dir"}, {"--data-dir="}} {
		if code, _, errs := h.run(nil, args...); code != cli.ExitUsage || !strings.HasPrefix(errs, "hearth: ") {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
	// A PIN is never taken from a flag, and without a terminal the command
	// says which variable to set.
	code, _, errs := h.run(nil, "profile", "create", "--name", "Ann", "--protection", "pin")
	if code != cli.ExitUsage || !strings.Contains(errs, "HEARTH_PIN") {
		t.Fatalf("pin without env: %d %q", code, errs)
	}
}

func TestRun_ProfileLifecycle(t *testing.T) {
	h := newHearth(t)
	out := h.ok(map[string]string{"HEARTH_PIN": "471147"}, "profile", "create", "--name", "Ann", "--protection", "pin")
	if !strings.Contains(out, "recovery key: ") {
		t.Fatalf("create: %q", out)
	}
	recovery := strings.TrimSpace(strings.SplitN(out, "recovery key: ", 2)[1])
	h.ok(nil, "profile", "create", "--name", "Ben")
	if out := h.ok(nil, "profile", "list"); !strings.Contains(out, "Ann") || !strings.Contains(out, "Ben") {
		t.Fatalf("list: %q", out)
	}

	t.Run("ErrWrongSecret", func(t *testing.T) {
		code, _, errs := h.run(map[string]string{"HEARTH_PIN": "0000"}, "profile", "unlock", "--profile", "Ann")
		if code != cli.ExitWrongSecret || !strings.Contains(errs, "not right") {
			t.Fatalf("wrong PIN: %d %q", code, errs)
		}
	})
	t.Run("Recovery", func(t *testing.T) {
		h.ok(map[string]string{"HEARTH_RECOVERY_KEY": strings.ToLower(recovery)}, "profile", "unlock", "--profile", "Ann", "--recovery")
	})
	t.Run("ErrKeychainUnavailable", func(t *testing.T) {
		f := keychaintest.New()
		f.Unavailable("no Secret Service on the session bus")
		h2 := &hearth{t: t, dataDir: t.TempDir(), kc: f}
		code, _, errs := h2.run(nil, "profile", "create", "--name", "Cy")
		if code != cli.ExitKeychain || !strings.Contains(errs, "passphrase") {
			t.Fatalf("no keychain: %d %q", code, errs)
		}
		h2.ok(map[string]string{"HEARTH_PASSPHRASE": "correct horse battery"}, "profile", "create", "--name", "Cy", "--protection", "passphrase")
	})

	h.ok(map[string]string{"HEARTH_PIN": "471147", "HEARTH_NEW_PASSPHRASE": "a long passphrase"}, "profile", "protect", "--profile", "Ann", "--protection", "passphrase")
	h.ok(map[string]string{"HEARTH_PASSPHRASE": "a long passphrase"}, "profile", "unlock", "--profile", "Ann")
	h.ok(nil, "profile", "rename", "--profile", "Ben", "--name", "Benjamin")
	if code, _, _ := h.run(nil, "profile", "delete", "--profile", "Benjamin"); code != cli.ExitUsage {
		t.Fatalf("delete without --yes and without a terminal must refuse")
	}
	out = h.ok(nil, "profile", "delete", "--profile", "Benjamin", "--yes")
	if !strings.Contains(out, "removed keychain item: profile/") || !strings.Contains(out, "hearth.db") {
		t.Fatalf("delete report: %q", out)
	}
	if out := h.ok(nil, "profile", "list"); strings.Contains(out, "Benjamin") {
		t.Fatalf("still listed: %q", out)
	}
}

func TestRun_MemoryChatSearchExport(t *testing.T) {
	h := newHearth(t)
	srv := llmtest.NewServer(t, "fake-model")
	h.ok(nil, "profile", "create", "--name", "Dee")
	h.ok(nil, "endpoint", "add", "--profile", "Dee", "--name", "test", "--url", srv.URL+"/v1", "--model", "fake-model")
	if out := h.ok(nil, "endpoint", "list", "--profile", "Dee"); !strings.Contains(out, "test") {
		t.Fatalf("endpoint list: %q", out)
	}
	h.ok(nil, "endpoint", "test", "--profile", "Dee", "--name", "test")
	if out := h.ok(nil, "endpoint", "models", "--profile", "Dee", "--name", "test"); !strings.Contains(out, "fake-model") {
		t.Fatalf("models: %q", out)
	}

	id := lastLine(h.ok(nil, "memory", "add", "--profile", "Dee", "--module", "Kitchen", "Dee is vegetarian"))
	if len(id) != 32 {
		t.Fatalf("memory add last line %q is not an id", id)
	}
	if out := h.ok(nil, "memory", "list", "--profile", "Dee", "--module", "kitchen"); !strings.Contains(out, id+"\tDee is vegetarian") {
		t.Fatalf("memory list: %q", out)
	}
	if out := h.ok(nil, "memory", "list", "--profile", "Dee", "--module", "tutor"); strings.Contains(out, id) {
		t.Fatalf("tutor sees kitchen memory: %q", out)
	}
	h.ok(nil, "memory", "share", "--profile", "Dee", "--module", "kitchen", id)
	if out := h.ok(nil, "memory", "search", "--profile", "Dee", "--shared", "vegetarian"); !strings.Contains(out, id) {
		t.Fatalf("shared search: %q", out)
	}

	out := h.ok(nil, "chat", "--profile", "Dee", "--module", "kitchen", "plan a dinner with lentils")
	if strings.TrimSpace(out) == "" {
		t.Fatal("chat streamed nothing to stdout")
	}
	if out := h.ok(nil, "session", "list", "--profile", "Dee", "--module", "kitchen"); !strings.Contains(out, "TITLE") {
		t.Fatalf("session list: %q", out)
	}
	if out := h.ok(nil, "search", "--profile", "Dee", "lentils"); !strings.Contains(out, "kitchen") {
		t.Fatalf("search: %q", out)
	}
	if out := h.ok(nil, "search", "--profile", "Dee", "--module", "tutor", "lentils"); !strings.Contains(out, "No matches") {
		t.Fatalf("module-filtered search leaked: %q", out)
	}

	zip := filepath.Join(t.TempDir(), "dee.zip")
	_, _, errs := h.run(nil, "export", "--profile", "Dee", "--format", "zip", "--out", zip)
	if !strings.Contains(errs, "NOT encrypted") {
		t.Fatalf("zip export gave no warning: %q", errs)
	}
	bundle := filepath.Join(t.TempDir(), "dee.hearth")
	pass := map[string]string{"HEARTH_EXPORT_PASSPHRASE": "bundle passphrase"}
	h.ok(pass, "export", "--profile", "Dee", "--format", "hearth", "--out", bundle)
	if b, _ := os.ReadFile(bundle); bytes.Contains(b, []byte("vegetarian")) || bytes.Contains(b, []byte("lentils")) {
		t.Fatal("the .hearth bundle holds readable text")
	}

	// Into a fresh data dir as a new profile.
	h2 := newHearth(t)
	code, _, errs := h2.run(map[string]string{"HEARTH_EXPORT_PASSPHRASE": "wrong passphrase"}, "import", "--in", bundle, "--as-profile", "Dee2")
	if code == 0 || !strings.Contains(strings.ToLower(errs), "passphrase") {
		t.Fatalf("wrong bundle passphrase: %d %q", code, errs)
	}
	if out := h2.ok(nil, "profile", "list"); strings.Contains(out, "Dee2") {
		t.Fatalf("a failed import left a profile behind: %q", out)
	}
	h2.ok(pass, "import", "--in", bundle, "--as-profile", "Dee2")
	if out := h2.ok(nil, "memory", "list", "--profile", "Dee2", "--shared"); !strings.Contains(out, "Dee is vegetarian") {
		t.Fatalf("imported memory missing: %q", out)
	}
	if out := h2.ok(nil, "search", "--profile", "Dee2", "lentils"); strings.Contains(out, "No matches") {
		t.Fatalf("imported messages not searchable: %q", out)
	}
	// Into an existing profile from the readable zip.
	h2.ok(nil, "import", "--in", zip, "--into-profile", "Dee2")
}

func TestRun_ImportChatGPT(t *testing.T) {
	h := newHearth(t)
	h.ok(nil, "profile", "create", "--name", "Eve")
	matches, _ := filepath.Glob("../exchange/testdata/chatgpt/*.json")
	if len(matches) == 0 {
		t.Skip("no ChatGPT sample in backend/exchange/testdata/chatgpt")
	}
	out := h.ok(nil, "import-chatgpt", "--profile", "Eve", "--module", "writer", "--in", matches[0])
	if !strings.Contains(out, "Imported") {
		t.Fatalf("import-chatgpt: %q", out)
	}
	bad := filepath.Join(t.TempDir(), "conversations.json")
	os.WriteFile(bad, []byte(`{"not": "a list"`), 0o600)
	if code, _, errs := h.run(nil, "import-chatgpt", "--profile", "Eve", "--module", "writer", "--in", bad); code != cli.ExitError || errs == "" {
		t.Fatalf("bad file: %d %q", code, errs)
	}
}

func TestRun_Doctor(t *testing.T) {
	h := newHearth(t)
	h.ok(nil, "profile", "create", "--name", "Fay")
	// Exit status depends on the machine (WebKit may be absent); the lines must be there.
	_, out, _ := h.run(nil, "doctor")
	for _, want := range []string{"data dir", "keychain", "webkit/gtk", "endpoints of Fay"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	}
	t.Run("ErrKeychainUnavailable", func(t *testing.T) {
		f := keychaintest.New()
		f.Unavailable("no Secret Service on the session bus")
		h2 := &hearth{t: t, dataDir: t.TempDir(), kc: f}
		code, out, _ := h2.run(nil, "doctor")
		if code != cli.ExitError || !strings.Contains(out, "FAIL  keychain") || !strings.Contains(out, "passphrase") {
			t.Fatalf("doctor without keychain: exit %d\n%s", code, out)
		}
	})
}
