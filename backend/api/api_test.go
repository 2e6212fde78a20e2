package api_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"hearth/backend/api"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/llm/llmtest"
	"hearth/backend/vault"
)

// events records what the window would receive.
type events struct {
	mu  sync.Mutex
	got []string
	ch  chan string
}

func (e *events) emit(name string, data any) {
	e.mu.Lock()
	e.got = append(e.got, name)
	e.mu.Unlock()
	select {
	case e.ch <- name:
	default:
	}
}

func (e *events) waitFor(t *testing.T, name string) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case n := <-e.ch:
			if n == name {
				return
			}
		case <-deadline:
			t.Fatalf("no %s event", name)
		}
	}
}

func newBackend(t *testing.T) (*api.Backend, *events) {
	t.Helper()
	ev := &events{ch: make(chan string, 1024)}
	b, err := api.New(api.Config{DataDir: t.TempDir(), Version: "test", Emit: ev.emit,
		Keychain: keychaintest.New(), KDF: vault.LowSecurityKDFParams()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Shutdown(t.Context()) })
	return b, ev
}

// TestBackend_Household walks the window's calls: two people, one with a
// PIN; what A does is invisible to B and to A's other modules.
func TestBackend_Household(t *testing.T) {
	b, ev := newBackend(t)
	srv := llmtest.NewServer(t, "fake-model")

	if _, err := b.Modules.List(false); err == nil || !strings.HasPrefix(err.Error(), "[locked]") {
		t.Fatalf("data call before unlock: %v", err)
	}
	alice, err := b.Profiles.Create(api.CreateRequest{Name: "Alice", Protection: "pin", Secret: "246824"})
	if err != nil {
		t.Fatal(err)
	}
	if len(strings.Fields(strings.ReplaceAll(alice.RecoveryKey, "-", " "))) < 6 {
		t.Fatalf("recovery key %q does not look typable", alice.RecoveryKey)
	}
	bob, err := b.Profiles.Create(api.CreateRequest{Name: "Bob", Protection: "keychain"})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("ErrWrongSecret", func(t *testing.T) {
		_, err := b.Profiles.Unlock(alice.Profile.ID, "0000")
		if err == nil || !strings.HasPrefix(err.Error(), "[wrong-secret") {
			t.Fatalf("wrong PIN: %v", err)
		}
		if b.Profiles.Current() != nil {
			t.Fatal("a profile is open after a wrong PIN")
		}
	})

	if _, err := b.Profiles.Unlock(alice.Profile.ID, "246824"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Endpoints.Add("Test", srv.URL+"/v1", "fake-model", ""); err != nil {
		t.Fatal(err)
	}
	sent, err := b.Chat.Send(api.SendRequest{ModuleID: "tutor", Text: "What is a fraction? zebra-canary"})
	if err != nil {
		t.Fatal(err)
	}
	if sent.UserMessage.ID == "" || sent.SessionID == "" {
		t.Fatalf("send result %+v", sent)
	}
	ev.waitFor(t, api.EventChatDone)
	if _, err := b.Memory.Add("tutor", "Alice is in grade 5", "fact", "normal"); err != nil {
		t.Fatal(err)
	}
	msgs, err := b.Sessions.Messages("tutor", sent.SessionID)
	if err != nil || len(msgs) != 2 || msgs[1].Role != "assistant" || msgs[1].Status != "complete" {
		t.Fatalf("tutor session: %v %+v", err, msgs)
	}

	t.Run("OtherModuleSeesNothing", func(t *testing.T) {
		if ss, _ := b.Sessions.List("kitchen", 50, 0); len(ss) != 0 {
			t.Fatalf("kitchen sees %d sessions", len(ss))
		}
		if ms, _ := b.Memory.List("kitchen", ""); len(ms) != 0 {
			t.Fatalf("kitchen sees %d memories", len(ms))
		}
		if _, err := b.Sessions.Messages("kitchen", sent.SessionID); err == nil {
			t.Fatal("kitchen read a tutor session by id")
		}
		if hits, _ := b.Sessions.Search("zebra", "kitchen"); len(hits) != 0 {
			t.Fatalf("kitchen search found %d tutor hits", len(hits))
		}
		if hits, _ := b.Sessions.Search("zebra", ""); len(hits) == 0 {
			t.Fatal("profile-wide search missed the tutor message")
		}
	})

	t.Run("OtherProfileSeesNothing", func(t *testing.T) {
		if _, err := b.Profiles.Unlock(bob.Profile.ID, ""); err != nil {
			t.Fatal(err)
		}
		if cur := b.Profiles.Current(); cur == nil || cur.ID != bob.Profile.ID {
			t.Fatalf("current %+v", cur)
		}
		if ss, _ := b.Sessions.List("tutor", 50, 0); len(ss) != 0 {
			t.Fatalf("Bob sees %d of Alice's sessions", len(ss))
		}
		if ms, _ := b.Memory.List("tutor", ""); len(ms) != 0 {
			t.Fatalf("Bob sees %d of Alice's memories", len(ms))
		}
		if eps, _ := b.Endpoints.List(); len(eps) != 0 {
			t.Fatalf("Bob sees Alice's endpoints")
		}
		if _, err := b.Sessions.Messages("tutor", sent.SessionID); err == nil {
			t.Fatal("Bob read Alice's session by id")
		}
		if hits, _ := b.Sessions.Search("zebra", ""); len(hits) != 0 {
			t.Fatal("Bob's search found Alice's message")
		}
	})

	t.Run("LockThenDelete", func(t *testing.T) {
		if err := b.Profiles.Lock(); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Sessions.List("tutor", 10, 0); err == nil || !strings.HasPrefix(err.Error(), "[locked]") {
			t.Fatalf("after lock: %v", err)
		}
		if _, err := b.Profiles.Unlock(alice.Profile.ID, "246824"); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Profiles.Delete("alice"); err == nil {
			t.Fatal("delete accepted a name that does not match")
		}
		rep, err := b.Profiles.Delete("Alice")
		if err != nil {
			t.Fatal(err)
		}
		if rep.ProfileName != "Alice" || len(rep.RemovedFiles) == 0 || len(rep.RemovedKeychainItems) != 1 {
			t.Fatalf("report %+v", rep)
		}
		ps, _ := b.Profiles.List()
		if len(ps) != 1 || ps[0].Name != "Bob" {
			t.Fatalf("profiles after delete: %+v", ps)
		}
	})
}

// TestChat_Faults: an unreachable server gives one clear sentence and the
// user's message is kept.
func TestChat_Faults(t *testing.T) {
	b, ev := newBackend(t)
	p, err := b.Profiles.Create(api.CreateRequest{Name: "Cara", Protection: "keychain"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Profiles.Unlock(p.Profile.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Endpoints.Add("Down", llmtest.ClosedURL(t), "m", ""); err != nil {
		t.Fatal(err)
	}
	sent, err := b.Chat.Send(api.SendRequest{ModuleID: "general", Text: "hello?"})
	if err != nil {
		t.Fatal(err)
	}
	ev.waitFor(t, api.EventChatError)
	msgs, err := b.Sessions.Messages("general", sent.SessionID)
	if err != nil || len(msgs) == 0 || msgs[0].Content != "hello?" {
		t.Fatalf("user message lost: %v %+v", err, msgs)
	}
	if _, err := b.Chat.Send(api.SendRequest{ModuleID: "general", Text: "   "}); err == nil || strings.Contains(err.Error(), "object") {
		t.Fatalf("empty message: %v", err)
	}
}

// TestProfiles_ImportAsNew: an export becomes a new, open profile; a wrong
// passphrase leaves no profile behind.
func TestProfiles_ImportAsNew(t *testing.T) {
	b, _ := newBackend(t)
	p, err := b.Profiles.Create(api.CreateRequest{Name: "Gus", Protection: "keychain"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Profiles.Unlock(p.Profile.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Memory.Add("writer", "Gus writes poems about the sea", "fact", "normal"); err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/gus.hearth"
	if _, err := b.Data.Export(api.ExportRequest{Format: "hearth", Path: path, Passphrase: "long passphrase"}); err != nil {
		t.Fatal(err)
	}
	if !b.Data.NeedsPassphrase(path) {
		t.Fatal("bundle not recognised")
	}
	req := api.ImportProfileRequest{Path: path, Passphrase: "wrong passphrase",
		CreateRequest: api.CreateRequest{Name: "Gus 2", Protection: "pin", Secret: "864286"}}
	_, err = b.Profiles.ImportAsNew(req)
	if err == nil || !strings.HasPrefix(err.Error(), "[wrong-secret]") {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if ps, _ := b.Profiles.List(); len(ps) != 1 {
		t.Fatalf("a failed import left %d profiles", len(ps))
	}
	req.Passphrase = "long passphrase"
	res, err := b.Profiles.ImportAsNew(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.RecoveryKey == "" || res.Imported.Memories != 1 {
		t.Fatalf("result %+v", res)
	}
	if cur := b.Profiles.Current(); cur == nil || cur.Name != "Gus 2" {
		t.Fatalf("current %+v", cur)
	}
	ms, err := b.Memory.List("writer", "")
	if err != nil || len(ms) != 1 || ms[0].Text != "Gus writes poems about the sea" {
		t.Fatalf("imported memories %v %+v", err, ms)
	}
}
