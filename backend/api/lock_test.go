package api_test

import (
	"testing"

	"hearth/backend/api"
	"hearth/backend/llm/llmtest"
)

// Locking while a reply streams keeps what was shown: the reply is stored
// as interrupted, and is there after the next unlock.
func TestProfiles_LockWhileStreaming(t *testing.T) {
	b, ev := newBackend(t)
	srv := llmtest.NewServer(t, "fake-model")
	live := make(chan string, 2)
	srv.Script(llmtest.Reply{Match: llmtest.MatchUser("long story"), Live: live})
	created, err := b.Profiles.Create(api.CreateRequest{Name: "Ada", Protection: "keychain"})
	if err != nil {
		t.Fatal(err)
	}
	id := created.Profile.ID
	if _, err := b.Profiles.Unlock(id, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Endpoints.Add("Test", srv.URL+"/v1", "fake-model", ""); err != nil {
		t.Fatal(err)
	}
	sent, err := b.Chat.Send(api.SendRequest{ModuleID: "writer", Text: "Tell me a long story"})
	if err != nil {
		t.Fatal(err)
	}
	live <- "Once upon a time"
	ev.waitFor(t, api.EventChatDelta)
	if err := b.Profiles.Lock(); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Profiles.Unlock(id, ""); err != nil {
		t.Fatal(err)
	}
	msgs, err := b.Sessions.Messages("writer", sent.SessionID)
	if err != nil || len(msgs) != 2 || msgs[1].Status != "interrupted" || msgs[1].Content != "Once upon a time" {
		t.Fatalf("after lock and unlock: %v %+v", err, msgs)
	}
}
