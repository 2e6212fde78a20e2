package api_test

import (
	"log/slog"
	"strings"
	"testing"

	"hearth/backend/api"
	"hearth/backend/apperr"
	"hearth/backend/applog/applogtest"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/vault"
)

// TestBackend_UnknownErrorIsLoggedNotShown: a failure nobody worded for a
// person (here the profile's database closed under the services) reaches
// the window as the one plain sentence, and its cause goes to the log.
func TestBackend_UnknownErrorIsLoggedNotShown(t *testing.T) {
	var logs applogtest.Buffer
	ev := &events{ch: make(chan string, 1024)}
	b, err := api.New(api.Config{DataDir: t.TempDir(), Version: "test", Emit: ev.emit,
		Logger:   slog.New(slog.NewTextHandler(&logs, nil)),
		Keychain: keychaintest.New(), KDF: vault.LowSecurityKDFParams()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Shutdown(t.Context()) })
	ann, err := b.Profiles.Create(api.CreateRequest{Name: "Ann", Protection: "keychain"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Profiles.Unlock(ann.Profile.ID, ""); err != nil {
		t.Fatal(err)
	}
	ws, err := b.Core().Workspace()
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.DB.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = b.Sessions.List("general", 10, 0)
	if err == nil {
		t.Fatal("listing sessions of a closed database succeeded")
	}
	if want := "[error] " + apperr.InternalMessage; err.Error() != want {
		t.Fatalf("window sees %q, want %q", err.Error(), want)
	}
	if !strings.Contains(logs.String(), "request failed") || !strings.Contains(logs.String(), "database is closed") {
		t.Fatalf("the cause is not in the log: %q", logs.String())
	}
}

// TestBackend_WordedErrorKeepsItsCode: what the frontend reacts to
// (frontend/src/api/errors.ts) is unchanged: "[code] sentence", and
// "[code:seconds] sentence" for a wait.
func TestBackend_WordedErrorKeepsItsCode(t *testing.T) {
	b, _ := newBackend(t)
	if _, err := b.Modules.List(false); err == nil || err.Error() != "[locked] No profile is open; unlock one first." {
		t.Fatalf("locked: %v", err)
	}
	ann, err := b.Profiles.Create(api.CreateRequest{Name: "Ann", Protection: "pin", Secret: "246824"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Profiles.Lock(); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Profiles.Unlock(ann.Profile.ID, "111111"); err == nil || !strings.HasPrefix(err.Error(), "[wrong-secret") {
		t.Fatalf("wrong PIN: %v", err)
	}
	if _, err := b.Profiles.Create(api.CreateRequest{Name: "Ann", Protection: "keychain"}); err == nil ||
		err.Error() != `[invalid] A profile with this name already exists: "Ann".` {
		t.Fatalf("name taken: %v", err)
	}
}
