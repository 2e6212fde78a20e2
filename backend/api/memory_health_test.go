package api_test

import (
	"testing"
	"time"

	"hearth/backend/api"
	"hearth/backend/llm/llmtest"
	"hearth/backend/memory"
)

// TestMemory_ExtractionHealth drives chat turns through the real engine
// against a fake Ollama serving a small thinking model: a reply that
// thinks first and fences its JSON saves a memory; replies that are not
// JSON at all make the memory panel's health say so after three turns in
// a row; a usable reply clears it.
func TestMemory_ExtractionHealth(t *testing.T) {
	b, ev := newBackend(t)
	srv := llmtest.NewDialectServer(t, llmtest.DialectOllama, "qwen3:1.7b")
	p, err := b.Profiles.Create(api.CreateRequest{Name: "Dana", Protection: "keychain"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Profiles.Unlock(p.Profile.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Endpoints.Add("Ollama", srv.URL, "qwen3:1.7b", ""); err != nil {
		t.Fatal(err)
	}
	isExtraction := llmtest.MatchUser(`"existing_memories"`)
	session := ""
	turn := func(text string, extraction llmtest.Reply) {
		t.Helper()
		extraction.Match = isExtraction
		srv.Script(extraction)
		sent, err := b.Chat.Send(api.SendRequest{ModuleID: "kitchen", SessionID: session, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		session = sent.SessionID
		ev.waitFor(t, api.EventChatDone)
		// Extraction runs after the reply is done: wait for it to ask.
		for deadline := time.Now().Add(30 * time.Second); srv.Pending() > 0; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("extraction never asked the model")
			}
		}
	}
	health := func() memory.Health {
		t.Helper()
		h, err := b.Memory.ExtractionHealth("kitchen")
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	waitHealth := func(ok func(memory.Health) bool) memory.Health {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			h := health()
			if ok(h) {
				return h
			}
			if time.Now().After(deadline) {
				t.Fatalf("health never got there: %+v", h)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}

	turn("We don't eat meat at home.", llmtest.Reply{
		Reasoning: "The user says they don't eat meat; that is a lasting preference.",
		Think:     llmtest.ThinkInline,
		Text:      "```json\n{\"operations\": [{\"op\": \"ADD\", \"text\": \"Is vegetarian\", \"kind\": \"preference\", \"confidence\": 0.9},]}\n```",
	})
	h := waitHealth(func(h memory.Health) bool { return h.LastSuccessAt > 0 })
	if h.Failures != 0 || h.Failing {
		t.Fatalf("after a usable reply: %+v", h)
	}
	ms, err := b.Memory.List("kitchen", "")
	if err != nil || len(ms) != 1 || ms[0].Text != "Is vegetarian" || ms[0].Kind != "preference" {
		t.Fatalf("memories %v %+v", err, ms)
	}

	for i := 1; i <= memory.FailingAfter; i++ {
		turn("What should I cook tonight?", llmtest.Reply{Text: "The user wants dinner ideas; nothing new to remember about them."})
		h = waitHealth(func(h memory.Health) bool { return h.Failures == i })
		if h.LastFailureKind != memory.FailBadReply || h.Failing != (i >= memory.FailingAfter) {
			t.Fatalf("after %d bad replies: %+v", i, h)
		}
	}

	turn("Thanks!", llmtest.Reply{Text: "NONE"})
	h = waitHealth(func(h memory.Health) bool { return h.Failures == 0 })
	if h.Failing {
		t.Fatalf("after a usable reply: %+v", h)
	}
	if _, err := b.Memory.ExtractionHealth("shared"); err == nil {
		t.Fatal("health of the shared scope")
	}
}
