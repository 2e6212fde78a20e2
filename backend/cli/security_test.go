package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"hearth/backend/cli"
	"hearth/backend/llm/llmtest"
)

// hostile holds what an imported file or a model's reply could carry to
// take over a terminal: an OSC 52 clipboard write, a window-title OSC
// ended by ST, a CSI that clears the screen, a carriage return that
// overwrites the line, C1 CSI, and a right-to-left override.
const hostile = "safe\x1b]52;c;cm0gLXJmIH4=\x07 text\x1b]0;pwned\x1b\\ more\x1b[2J\x1b[1;31mred\x1b[0m\rover\u009b31mc1 \u202eevil\u202c end"

// controlFree reports the first terminal-interpreted character in s.
func controlFree(s string) (rune, bool) {
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return r, false
		}
	}
	return 0, true
}

func TestSanitize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{hostile, "safe text moreredoverc1 evil end"},
		{"plain\ttabs\nand lines", "plain\ttabs\nand lines"},
		{"ünïcödé 漢字 🙂 שלום", "ünïcödé 漢字 🙂 שלום"},
		{"bell\a back\b del\x7f nul\x00", "bell back del nul"},
		{"\x1bcreset", "reset"}, // ESC c (RIS)
		{"a\x1b(Bb", "ab"},      // charset designation
		{"unterminated\x1b]0;title\nnext line", "unterminated\nnext line"},
		{"dcs\x1bPq#0;2;0;0;0\x1b\\after", "dcsafter"},
		{"isolate\u2066x\u2069", "isolatex"},
		{"bad\xffutf8", "bad\ufffdutf8"},
	} {
		if got := cli.Sanitize(c.in); got != c.want {
			t.Errorf("Sanitize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// A model's reply streams a few characters at a time: a sequence split at
// any byte must still be removed.
func TestRun_ChatReplyIsSanitisedWhateverTheChunks(t *testing.T) {
	for _, runes := range []int{1, 3, 4, 7} {
		h := newHearth(t)
		srv := llmtest.NewServer(t, "fake-model")
		h.ok(nil, "profile", "create", "--name", "Gus")
		h.ok(nil, "endpoint", "add", "--profile", "Gus", "--name", "local", "--url", srv.URL, "--model", "fake-model")
		for i := 0; i < 4; i++ { // the reply, and whatever else the turn asks (title)
			srv.Script(llmtest.Reply{Text: hostile, ChunkRunes: runes})
		}
		out := h.ok(nil, "chat", "--profile", "Gus", "--module", "kitchen", "hello")
		if r, ok := controlFree(out); !ok {
			t.Fatalf("chunks of %d runes: reply printed %U raw: %q", runes, r, out)
		}
		if !strings.Contains(out, "safe text moreredoverc1 evil end") {
			t.Fatalf("chunks of %d runes: the visible text changed: %q", runes, out)
		}
	}
}

// Stored text (memories, endpoint names, titles, search hits) and error
// messages reach the terminal without its control sequences.
func TestRun_StoredTextIsSanitised(t *testing.T) {
	h := newHearth(t)
	srv := llmtest.NewServer(t, "fake-model")
	h.ok(nil, "profile", "create", "--name", "Hal")
	h.ok(nil, "endpoint", "add", "--profile", "Hal", "--name", "ep\x1b]0;x\x07name", "--url", srv.URL, "--model", "fake-model")
	for i := 0; i < 4; i++ {
		srv.Script(llmtest.Reply{Text: hostile})
	}
	h.ok(nil, "memory", "add", "--profile", "Hal", "--module", "kitchen", "likes "+hostile)
	h.ok(nil, "chat", "--profile", "Hal", "--module", "kitchen", "soup "+hostile)
	for _, args := range [][]string{
		{"memory", "list", "--profile", "Hal", "--module", "kitchen"},
		{"memory", "search", "--profile", "Hal", "--module", "kitchen", "safe"},
		{"endpoint", "list", "--profile", "Hal"},
		{"session", "list", "--profile", "Hal", "--module", "kitchen"},
		{"search", "--profile", "Hal", "safe"},
		{"memory", "forget", "--profile", "Hal", "--module", "kitchen", "id\x1b]52;c;eA==\x07"},
	} {
		_, out, errs := h.run(nil, args...)
		if r, ok := controlFree(out + errs); !ok {
			t.Errorf("%v printed %U raw:\n%q", args[:2], r, out+errs)
		}
		if args[1] != "forget" && !strings.Contains(out, "safe") && !strings.Contains(out, "epname") {
			t.Errorf("%v lost the visible text: %q", args[:2], out)
		}
	}
}

func TestRun_StdinDash(t *testing.T) {
	h := newHearth(t)
	srv := llmtest.NewServer(t, "fake-model")
	h.ok(nil, "profile", "create", "--name", "Ida")
	h.ok(nil, "endpoint", "add", "--profile", "Ida", "--name", "local", "--url", srv.URL, "--model", "fake-model")

	const private = "my private note about the lentil soup\nsecond line"
	code, out, errs := h.runIn(private+"\n", nil, "memory", "add", "--profile", "Ida", "--module", "kitchen", "-")
	if code != 0 {
		t.Fatalf("memory add -: %d %s", code, errs)
	}
	list := h.ok(nil, "memory", "list", "--profile", "Ida", "--module", "kitchen")
	if !strings.Contains(list, "my private note about the lentil soup second line") {
		t.Fatalf("memory add - did not store stdin: %q", list)
	}
	if _, out, _ = h.runIn("lentil", nil, "memory", "search", "--profile", "Ida", "--module", "kitchen", "-"); !strings.Contains(out, "private note") {
		t.Fatalf("memory search - did not search stdin: %q", out)
	}

	if code, _, errs := h.runIn("tell me about lentils", nil, "chat", "--profile", "Ida", "--module", "kitchen", "-"); code != 0 {
		t.Fatalf("chat -: %d %s", code, errs)
	}
	var users []string
	for _, rq := range srv.ChatRequests() {
		users = append(users, rq.LastUser())
	}
	if !strings.Contains(strings.Join(users, "|"), "tell me about lentils") {
		t.Fatalf("chat - did not send stdin; the server saw %q", users)
	}
	if _, out, _ := h.runIn("lentils", nil, "search", "--profile", "Ida", "-"); strings.Contains(out, "No matches") || !strings.Contains(out, "kitchen") {
		t.Fatalf("search - did not search stdin: %q", out)
	}

	// Empty stdin is a usage error, not an empty memory.
	if code, _, _ := h.runIn("", nil, "memory", "add", "--profile", "Ida", "--module", "kitchen", "-"); code != cli.ExitUsage {
		t.Fatalf("memory add - with empty stdin: exit %d", code)
	}
	// --help says so.
	_, _, help := h.run(nil, "chat", "--help")
	if !strings.Contains(help, "standard input") {
		t.Fatalf("chat --help does not mention -: %q", help)
	}
	if !utf8.ValidString(help) {
		t.Fatal("help is not UTF-8")
	}
}

// A data folder others can read (made by hand, or by a tool with a wide
// umask) is narrowed to 0700 when the command line starts.
func TestRun_DataDirNarrowed(t *testing.T) {
	h := newHearth(t)
	if err := os.Chmod(h.dataDir, 0o777); err != nil {
		t.Fatal(err)
	}
	h.ok(nil, "profile", "list")
	info, err := os.Stat(h.dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o700 {
		t.Fatalf("data folder is %v after start, want 0700", info.Mode().Perm())
	}
	fresh := filepath.Join(t.TempDir(), "new", "Hearth")
	if w, err := cli.PrepareDataDir(fresh); err != nil || w != "" {
		t.Fatalf("PrepareDataDir(new): %q, %v", w, err)
	}
	if info, _ := os.Stat(fresh); info == nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("a new data folder is not 0700: %v", info)
	}
}

// Names that look like an existing profile's or endpoint's are refused:
// a zero-width character, a Cyrillic or Greek letter, or another Unicode
// form of the same letters.
func TestRun_LookAlikeNamesRefused(t *testing.T) {
	h := newHearth(t)
	srv := llmtest.NewServer(t, "fake-model")
	h.ok(nil, "profile", "create", "--name", "Ann")
	h.ok(nil, "profile", "create", "--name", "Zoe\u0308") // NFD Zoë
	for _, name := range []string{"An\u200bn", "\u0410nn", "\u0391nn", "Ann\u200e", "Zo\u00eb"} {
		if code, _, errs := h.run(nil, "profile", "create", "--name", name); code == 0 || !strings.Contains(errs, "already exists") {
			t.Errorf("profile %q: exit %d %q", name, code, errs)
		}
	}
	if out := h.ok(nil, "profile", "list"); !strings.Contains(out, "Zo\u00eb") {
		t.Errorf("name not stored in NFC: %q", out)
	}
	h.ok(nil, "profile", "create", "--name", "Anna") // a different name is fine

	h.ok(nil, "endpoint", "add", "--profile", "Ann", "--name", "Local", "--url", srv.URL, "--model", "fake-model")
	for _, name := range []string{"L\u043ecal", "Lo\u200dcal", "LOCAL"} {
		if code, _, errs := h.run(nil, "endpoint", "add", "--profile", "Ann", "--name", name, "--url", srv.URL); code == 0 || !strings.Contains(errs, "already exists") {
			t.Errorf("endpoint %q: exit %d %q", name, code, errs)
		}
	}
}

// Choosing a PIN on the command line says what guessing it offline costs;
// a PIN shorter than 6 characters is refused.
func TestRun_PINCostShown(t *testing.T) {
	h := newHearth(t)
	code, _, errs := h.run(map[string]string{"HEARTH_PIN": "271828"}, "profile", "create", "--name", "Ivy", "--protection", "pin")
	if code != 0 || !strings.Contains(errs, "about 6 days") {
		t.Fatalf("create with a 6-digit PIN: %d %q", code, errs)
	}
	if code, _, errs := h.run(map[string]string{"HEARTH_PIN": "4711"}, "profile", "create", "--name", "Jo", "--protection", "pin"); code == 0 || !strings.Contains(errs, "6") {
		t.Fatalf("a 4-digit PIN was accepted: %d %q", code, errs)
	}
}

// profile rotate-key: the data stays, the new recovery key opens it, and a
// backup of the old key slots no longer does.
func TestRun_ProfileRotateKey(t *testing.T) {
	h := newHearth(t)
	pass := map[string]string{"HEARTH_PASSPHRASE": "correct horse battery"}
	out := h.ok(pass, "profile", "create", "--name", "Kim", "--protection", "passphrase")
	oldRecovery := strings.TrimPrefix(lastLine(out), "recovery key: ")
	h.ok(pass, "memory", "add", "--profile", "Kim", "--module", "kitchen", "Kim likes leeks")
	slots, _ := filepath.Glob(filepath.Join(h.dataDir, "profiles", "*", "keyslots*.json"))
	backup := map[string][]byte{}
	for _, f := range slots {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		backup[f] = b
	}
	if len(backup) != 2 {
		t.Fatalf("key-slot files: %v", slots)
	}

	out = h.ok(pass, "profile", "rotate-key", "--profile", "Kim")
	newRecovery := strings.TrimPrefix(lastLine(out), "recovery key: ")
	if !strings.Contains(out, "new data key") || newRecovery == oldRecovery || len(newRecovery) < 20 {
		t.Fatalf("rotate-key: %q", out)
	}
	if out := h.ok(pass, "memory", "list", "--profile", "Kim", "--module", "kitchen"); !strings.Contains(out, "Kim likes leeks") {
		t.Fatalf("memory after rotation: %q", out)
	}
	if code, _, _ := h.run(map[string]string{"HEARTH_RECOVERY_KEY": oldRecovery}, "profile", "unlock", "--profile", "Kim", "--recovery"); code == 0 {
		t.Fatal("the old recovery key still opens the profile")
	}
	h.ok(map[string]string{"HEARTH_RECOVERY_KEY": newRecovery}, "profile", "unlock", "--profile", "Kim", "--recovery")

	for f, b := range backup {
		if err := os.WriteFile(f, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, errs := h.run(pass, "memory", "list", "--profile", "Kim", "--module", "kitchen"); code == 0 || strings.Contains(out, "leeks") {
		t.Fatalf("old key slots opened the rotated profile: %d %q %q", code, out, errs)
	}
}
