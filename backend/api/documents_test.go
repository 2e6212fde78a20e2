package api_test

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth/backend/api"
	"hearth/backend/internal/testdoc"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/llm/llmtest"
	"hearth/backend/vault"
)

// pickDialog answers the open dialog with one path ("" = canceled).
type pickDialog struct{ path string }

func (d *pickDialog) SaveFile(string, string) (string, error) { return "", nil }
func (d *pickDialog) OpenFile(string) (string, error)         { return d.path, nil }

// TestDocuments_Window walks the window's document calls: add with the
// file dialog and by a drop, list per module, a reply that used a passage
// shows it, another module cannot read it, a bad file is a sentence, and
// remove.
func TestDocuments_Window(t *testing.T) {
	ev := &events{ch: make(chan string, 1024)}
	dlg := &pickDialog{}
	b, err := api.New(api.Config{DataDir: t.TempDir(), Version: "test", Emit: ev.emit, Dialogs: dlg,
		Keychain: keychaintest.New(), KDF: vault.LowSecurityKDFParams()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Shutdown(t.Context()) })
	srv := llmtest.NewServer(t, "fake-model")
	if _, err := b.Documents.List("kitchen"); err == nil || !strings.HasPrefix(err.Error(), "[locked]") {
		t.Fatalf("documents before unlock: %v", err)
	}
	p, err := b.Profiles.Create(api.CreateRequest{Name: "Ada", Protection: "keychain"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Profiles.Unlock(p.Profile.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Endpoints.Add("Test", srv.URL+"/v1", "fake-model", ""); err != nil {
		t.Fatal(err)
	}

	if res, err := b.Documents.AddFile(api.AddRequest{ModuleID: "kitchen"}); err != nil || !res.Canceled {
		t.Fatalf("canceled dialog: %+v %v", res, err)
	}
	dlg.path = filepath.Join(t.TempDir(), "book.pdf")
	if err := os.WriteFile(dlg.path, testdoc.PDF("Contents", "Simmer the lentils for twenty-two minutes."), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := b.Documents.AddFile(api.AddRequest{ModuleID: "kitchen"})
	if err != nil || res.Canceled || res.Document.Name != "book.pdf" || res.Document.Pages != 2 {
		t.Fatalf("add with the dialog: %+v %v", res, err)
	}
	dropped, err := b.Documents.AddData(api.AddRequest{ModuleID: "kitchen", Sensitive: true}, "notes.md",
		base64.StdEncoding.EncodeToString([]byte("# Pantry\n\nThe saffron is in the blue tin.")))
	if err != nil || dropped.Sensitivity != "sensitive" || dropped.Kind != "markdown" {
		t.Fatalf("add a drop: %+v %v", dropped, err)
	}
	if _, err := b.Documents.AddData(api.AddRequest{ModuleID: "kitchen"}, "locked.pdf",
		base64.StdEncoding.EncodeToString(testdoc.EncryptedPDF("x"))); err == nil || !strings.Contains(err.Error(), "password") {
		t.Fatalf("encrypted PDF: %v", err)
	}
	list, err := b.Documents.List("kitchen")
	if err != nil || len(list) != 2 {
		t.Fatalf("kitchen list: %+v %v", list, err)
	}
	if list, _ := b.Documents.List("tutor"); len(list) != 0 {
		t.Fatalf("tutor lists %+v", list)
	}

	sent, err := b.Chat.Send(api.SendRequest{ModuleID: "kitchen", Text: "How long do the lentils simmer?"})
	if err != nil {
		t.Fatal(err)
	}
	ev.waitFor(t, api.EventChatDone)
	msgs, err := b.Sessions.Messages("kitchen", sent.SessionID)
	if err != nil || len(msgs) != 2 || len(msgs[1].UsedPassages) != 1 {
		t.Fatalf("reply: %+v %v", msgs, err)
	}
	used, err := b.Documents.UsedPassages("kitchen", msgs[1].ID)
	if err != nil || len(used) != 1 || used[0].DocumentName != "book.pdf" || used[0].Page != 2 || !strings.Contains(used[0].Text, "twenty-two") {
		t.Fatalf("used passages: %+v %v", used, err)
	}
	if _, err := b.Documents.Passage("tutor", used[0].ID); err == nil || !strings.Contains(err.Error(), "not in this module") {
		t.Fatalf("tutor opened kitchen's passage: %v", err)
	}
	if _, err := b.Documents.UsedPassages("tutor", msgs[1].ID); err == nil {
		t.Fatal("tutor read kitchen's reply")
	}

	if err := b.Documents.Remove("kitchen", res.Document.ID); err != nil {
		t.Fatal(err)
	}
	if used, _ := b.Documents.UsedPassages("kitchen", msgs[1].ID); len(used) != 0 {
		t.Fatalf("a removed document's passage is still shown: %+v", used)
	}
	if d, err := b.Documents.SetShared("kitchen", dropped.ID, true); err != nil || d.Scope != "shared" {
		t.Fatalf("share: %+v %v", d, err)
	}
	if list, _ := b.Documents.List("tutor"); len(list) != 1 {
		t.Fatalf("tutor does not list the shared document: %+v", list)
	}
}
