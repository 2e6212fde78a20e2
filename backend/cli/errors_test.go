package cli_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth/backend/apperr"
	"hearth/backend/cli"
	"hearth/backend/keychain/keychaintest"
)

// TestRun_UnknownErrorIsLoggedNotShown: a failure nobody worded for a
// person (a keychain that answers with an unexpected error) is printed as
// the one plain sentence naming the log, exits 1, and its cause is in
// hearth.log, not on the terminal.
func TestRun_UnknownErrorIsLoggedNotShown(t *testing.T) {
	h := newHearth(t)
	kc := keychaintest.New()
	h.kc = kc
	h.ok(nil, "profile", "create", "--name", "Ann", "--protection", "keychain")
	kc.GetFunc = func(context.Context, string) (string, error) {
		return "", errors.New("dbus: unexpected reply from /org/freedesktop/secrets/collection/login")
	}
	code, _, errs := h.run(nil, "module", "list", "--profile", "Ann")
	logPath := filepath.Join(h.dataDir, "hearth.log")
	want := "hearth: " + strings.TrimSuffix(apperr.InternalMessage, ".") + " (" + logPath + ").\n"
	if code != cli.ExitError || errs != want {
		t.Fatalf("exit %d, printed %q; want exit %d, %q", code, errs, cli.ExitError, want)
	}
	log, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(log), "unexpected reply from /org/freedesktop/secrets") || !strings.Contains(string(log), "op=module") {
		t.Fatalf("the cause is not in the log: %q", log)
	}
}

// TestRun_WordedErrors: the exit codes follow the error's code.
func TestRun_WordedErrors(t *testing.T) {
	h := newHearth(t)
	h.ok(map[string]string{"HEARTH_PIN": "471147"}, "profile", "create", "--name", "Ann", "--protection", "pin")
	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		say  string
	}{
		{"Usage", nil, []string{"module", "list"}, cli.ExitUsage, "hearth: --profile is required\n"},
		{"WrongSecret", map[string]string{"HEARTH_PIN": "000000"}, []string{"module", "list", "--profile", "Ann"}, cli.ExitWrongSecret,
			"hearth: That PIN, passphrase or recovery key is not right.\n"},
		{"NotFound", nil, []string{"module", "list", "--profile", "Nobody"}, cli.ExitError, "hearth: That profile does not exist.\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := h.run(tt.env, tt.args...)
			if code != tt.code || errs != tt.say {
				t.Fatalf("exit %d %q; want %d %q", code, errs, tt.code, tt.say)
			}
		})
	}
}
