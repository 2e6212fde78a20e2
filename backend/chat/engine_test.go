package chat_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"hearth/backend/chat"
	"hearth/backend/llm/llmtest"
	"hearth/backend/memory"
	"hearth/backend/module"
)

func TestEngine_Send(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		h := newHarness(t, harnessOpts{})
		h.srv.Script(llmtest.Reply{Match: llmtest.MatchUser("boil an egg"), Text: "Put it in **boiling** water for 7 minutes."})
		res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "kitchen", Text: "How long to boil an egg?", TurnID: "turn-1"})
		if err != nil {
			t.Fatalf("Send: %v", err)
		}
		if res.TurnID != "turn-1" || res.Session.ID == "" || res.Session.Temporary {
			t.Fatalf("result %+v", res)
		}
		msgs := h.messages(t, "kitchen", res.Session.ID)
		if len(msgs) != 2 || msgs[0].Role != "user" || msgs[0].Content != "How long to boil an egg?" ||
			msgs[1].Content != "Put it in **boiling** water for 7 minutes." || msgs[1].Status != chat.StatusComplete ||
			msgs[1].Model != "fake-model" || msgs[1].CompletionTokens == 0 {
			t.Fatalf("stored %+v", msgs)
		}
		if got := h.events.deltas("turn-1"); got != msgs[1].Content {
			t.Fatalf("deltas %q", got)
		}
		evs := h.events.all()
		if evs[0].Type != chat.EventStart || evs[0].Message == nil || evs[0].Message.ID != msgs[0].ID {
			t.Fatalf("first event %+v", evs[0])
		}
		if last := h.events.last("turn-1"); last.Type != chat.EventDone || last.Message.ID != msgs[1].ID {
			t.Fatalf("last event %+v", last)
		}
		body := h.turnBodies()[0]
		if !strings.Contains(body, "practical home cook") || !strings.Contains(body, "boil an egg") {
			t.Fatalf("request lacks module prompt or message: %s", body)
		}
		sess, _ := h.st.GetSession(ctx, "kitchen", res.Session.ID)
		if sess.Title == "" || sess.Title != res.Session.Title {
			t.Fatalf("title %q / %q", sess.Title, res.Session.Title)
		}
	})
	t.Run("HistoryInNextTurn", func(t *testing.T) {
		h := newHarness(t, harnessOpts{})
		first, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Text: "alpha question"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", SessionID: first.Session.ID, Text: "beta question"}); err != nil {
			t.Fatal(err)
		}
		reqs := h.turnBodies()
		if len(reqs) != 2 || !strings.Contains(reqs[1], "alpha question") || !strings.Contains(reqs[1], "Echo: alpha question") {
			t.Fatalf("second request lacks history: %s", reqs[len(reqs)-1])
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		h := newHarness(t, harnessOpts{})
		if _, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Text: "  "}); !errors.Is(err, chat.ErrEmpty) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrModuleNotFound", func(t *testing.T) {
		h := newHarness(t, harnessOpts{})
		_, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "nope", Text: "hi"})
		if !errors.Is(err, module.ErrNotFound) { // worded by household.Describe (household/errors_test.go)
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrSessionOfOtherModule", func(t *testing.T) {
		h := newHarness(t, harnessOpts{})
		res, _ := h.eng.Send(ctx, chat.SendRequest{ModuleID: "tutor", Text: "hi"})
		_, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "kitchen", SessionID: res.Session.ID, Text: "hi"})
		if !errors.Is(err, chat.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("Directive", func(t *testing.T) {
		h := newHarness(t, harnessOpts{})
		res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "kitchen", Text: "Remember that Sam is allergic to peanuts."})
		if err != nil {
			t.Fatal(err)
		}
		if res.Directive == nil || res.Directive.Op != memory.OpRemember || res.Directive.Count != 1 {
			t.Fatalf("directive %+v", res.Directive)
		}
		mems, _ := h.mem.List(ctx, "kitchen", 10, 0)
		if len(mems) == 0 || !strings.Contains(mems[0].Text, "allergic to peanuts") {
			t.Fatalf("memories %+v", mems)
		}
	})
}

// TestEngine_Private: a <private> span reaches the model for that turn only
// and is never stored, titled, remembered or resent.
func TestEngine_Private(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, harnessOpts{})
	res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general",
		Text: "Remember that my locker code is <private>7319-Q</private> at the gym"})
	if err != nil {
		t.Fatal(err)
	}
	if res.User.Content != "Remember that my locker code is [private] at the gym" {
		t.Fatalf("stored %q", res.User.Content)
	}
	if _, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", SessionID: res.Session.ID, Text: "and then?"}); err != nil {
		t.Fatal(err)
	}
	reqs := h.srv.ChatRequests()
	if !strings.Contains(string(reqs[0].Body), "7319-Q") {
		t.Fatal("the model did not get the private text for its turn")
	}
	for i, r := range reqs[1:] {
		if strings.Contains(string(r.Body), "7319-Q") {
			t.Fatalf("request %d after the turn carried the private text: %s", i+1, r.Body)
		}
	}
	var leaked int
	if err := h.db.QueryRow(`SELECT (SELECT count(*) FROM messages WHERE content LIKE '%7319%')
		+ (SELECT count(*) FROM memories WHERE text LIKE '%7319%') + (SELECT count(*) FROM sessions WHERE title LIKE '%7319%')`).Scan(&leaked); err != nil {
		t.Fatal(err)
	}
	if leaked != 0 {
		t.Fatalf("private text stored in %d rows", leaked)
	}
	// "7319-Q", not "7319": random hex ids in the log may contain the digits.
	if strings.Contains(h.logs.String(), "7319-Q") || strings.Contains(h.logs.String(), "locker") {
		t.Fatal("message text in logs")
	}
}

func TestEngine_Temporary(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, harnessOpts{})
	res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Temporary: true, Text: "Remember that I like tea, quietly"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Session.Temporary || !strings.HasPrefix(res.Session.ID, "tmp-") || res.Directive != nil || res.Extracted != 0 {
		t.Fatalf("result %+v", res)
	}
	if _, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", SessionID: res.Session.ID, Text: "second temp turn"}); err != nil {
		t.Fatal(err)
	}
	if bodies := h.turnBodies(); !strings.Contains(bodies[1], "I like tea") {
		t.Fatal("temporary history not sent on the next turn")
	}
	for _, table := range []string{"sessions", "messages", "memories"} {
		if n := h.count(t, table); n != 0 {
			t.Fatalf("temporary session wrote %d rows to %s", n, table)
		}
	}
	for _, r := range h.srv.ChatRequests() {
		if isHousekeeping(r) && strings.HasPrefix(r.Chat.Messages[0].Content, "You maintain") {
			t.Fatal("memory extraction ran for a temporary session")
		}
	}
	msgs, err := h.eng.TemporaryMessages("general", res.Session.ID)
	if err != nil || len(msgs) != 4 {
		t.Fatalf("temporary messages %d, %v", len(msgs), err)
	}
	if _, err := h.eng.TemporaryMessages("kitchen", res.Session.ID); !errors.Is(err, chat.ErrNotFound) {
		t.Fatalf("other module saw the temporary session: %v", err)
	}
	if !h.eng.EndTemporary("general", res.Session.ID) {
		t.Fatal("EndTemporary")
	}
	if _, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", SessionID: res.Session.ID, Text: "x"}); !errors.Is(err, chat.ErrNotFound) {
		t.Fatalf("ended session still usable: %v", err)
	}
}

func TestEngine_Extraction(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, harnessOpts{})
	h.srv.Script(llmtest.Reply{Match: func(r llmtest.Request) bool { return strings.HasPrefix(r.Chat.Messages[0].Content, "You maintain") },
		Text: `{"operations":[{"op":"ADD","text":"The user grows tomatoes.","kind":"fact"}]}`})
	res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Text: "I grow tomatoes on the balcony"})
	if err != nil || res.Extracted != 1 {
		t.Fatalf("extracted %d, %v", res.Extracted, err)
	}
	t.Run("OffByPolicy", func(t *testing.T) {
		h.setPolicy(t, "writer", module.Policy{UseMemory: true})
		res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "writer", Text: "I grow peppers too"})
		if err != nil || res.Extracted != 0 || h.srv.Pending() != 0 {
			t.Fatalf("extracted %d, %v", res.Extracted, err)
		}
		n := 0
		for _, r := range h.srv.ChatRequests() {
			if strings.HasPrefix(r.Chat.Messages[0].Content, "You maintain") {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("extraction requests = %d, want only the general one", n)
		}
	})
	t.Run("FailureNeverFailsTurn", func(t *testing.T) {
		h.srv.Script(llmtest.Reply{Match: func(r llmtest.Request) bool { return strings.HasPrefix(r.Chat.Messages[0].Content, "You maintain") },
			Text: "sure! I will remember the cucumbers"})
		res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Text: "cucumbers are next"})
		if err != nil || res.Reply.Status != chat.StatusComplete || res.Extracted != 0 {
			t.Fatalf("res %+v err %v", res.Reply, err)
		}
		if strings.Contains(h.logs.String(), "cucumber") {
			t.Fatal("extraction failure logged content")
		}
	})
}
