package chat_test

import (
	"context"
	"strings"
	"testing"

	"hearth/backend/chat"
	"hearth/backend/llm/llmtest"
)

// TestEngine_TitleEvent: the window learns the new title as soon as it is
// stored, before memory extraction finishes.
func TestEngine_TitleEvent(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	res, err := h.eng.Send(context.Background(), chat.SendRequest{ModuleID: "general", Text: "Name the planets", TurnID: "tt"})
	if err != nil {
		t.Fatal(err)
	}
	var title chat.Event
	for _, ev := range h.events.all() {
		if ev.Type == chat.EventTitle {
			title = ev
		}
	}
	if title.SessionID != res.Session.ID || title.Text == "" || title.Text != res.Session.Title {
		t.Fatalf("title event %+v for session %+v", title, res.Session)
	}
}

// TestEngine_TitleKeepsARename: a rename made while the automatic title is
// being written wins; the automatic one never overwrites it.
func TestEngine_TitleKeepsARename(t *testing.T) {
	var renamed string
	h := newHarness(t, harnessOpts{onEvent: func(h *harness, ev chat.Event) {
		if ev.Type == chat.EventDone && renamed == "" {
			renamed = ev.SessionID
			if err := h.st.RenameSession(context.Background(), ev.ModuleID, ev.SessionID, "Kites"); err != nil {
				t.Errorf("rename: %v", err)
			}
		}
	}})
	h.srv.Script(llmtest.Reply{Match: func(r llmtest.Request) bool { return !isHousekeeping(r) }, Text: "Kites fly on wind."},
		llmtest.Reply{Match: func(r llmtest.Request) bool {
			return len(r.Chat.Messages) > 0 && strings.HasPrefix(r.Chat.Messages[0].Content, "Write a short title")
		}, Text: "Flying kites"})
	res, err := h.eng.Send(context.Background(), chat.SendRequest{ModuleID: "kitchen", Text: "How do kites fly?"})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := h.st.GetSession(context.Background(), "kitchen", res.Session.ID)
	if err != nil || sess.Title != "Kites" || res.Session.Title != "Kites" {
		t.Fatalf("title %q / %q (err %v), want the rename", sess.Title, res.Session.Title, err)
	}
}
