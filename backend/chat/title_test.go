package chat_test

import (
	"context"
	"testing"

	"hearth/backend/chat"
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
