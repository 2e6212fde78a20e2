package chat_test

import (
	"context"
	"strings"
	"testing"

	"hearth/backend/apperr"
	"hearth/backend/chat"
	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
	"hearth/backend/memory"
)

// TestEngine_IsolationOnTheWire inspects the bodies the server received: a
// turn in one module carries neither another module's memories nor its
// history.
func TestEngine_IsolationOnTheWire(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, harnessOpts{})
	h.remember(t, "tutor", "The learner studies fractions with denominators", memory.Normal)
	h.remember(t, "kitchen", "The family dislikes fractions of onion zebrafish", memory.Normal)
	kitchen, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "kitchen", Text: "fractions of a recipe quokkaword"})
	if err != nil {
		t.Fatal(err)
	}
	tutor, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "tutor", Text: "help with fractions please"})
	if err != nil {
		t.Fatal(err)
	}
	if len(tutor.Reply.UsedMemories) != 1 {
		t.Fatalf("tutor used %v", tutor.Reply.UsedMemories)
	}
	bodies := h.turnBodies()
	tutorBody := bodies[len(bodies)-1]
	if !strings.Contains(tutorBody, "studies fractions") {
		t.Fatalf("tutor's own memory missing: %s", tutorBody)
	}
	for _, foreign := range []string{"zebrafish", "quokkaword", "practical home cook", kitchen.Reply.Content[:20]} {
		if strings.Contains(tutorBody, foreign) {
			t.Fatalf("tutor request carried kitchen data %q: %s", foreign, tutorBody)
		}
	}
}

// TestEngine_SensitiveMemories: the endpoint is local or not by its URL's
// host. A remote-looking URL (routed to the loopback test server by a
// custom dialer) never receives sensitive memories.
func TestEngine_SensitiveMemories(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		local bool
	}{{"Remote", false}, {"Local", true}} {
		t.Run(tc.name, func(t *testing.T) {
			var h *harness
			if tc.local {
				h = newHarness(t, harnessOpts{})
			} else {
				srv := llmtest.NewServer(t)
				h = newHarness(t, harnessOpts{url: "http://hearth-test.invalid/v1", httpClient: llmtest.RoutedClient(srv.Addr())})
				h.srv = srv
			}
			if h.ep.Local != tc.local {
				t.Fatalf("endpoint local = %v", h.ep.Local)
			}
			h.remember(t, "general", "Blood pressure medication marmoset dosage", memory.Sensitive)
			h.remember(t, "general", "Prefers marmoset metric units", memory.Normal)
			res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Text: "what about my marmoset medication?"})
			if err != nil {
				t.Fatal(err)
			}
			all := ""
			for _, r := range h.srv.Requests() {
				all += string(r.Body)
			}
			if len(h.srv.ChatRequests()) == 0 || !strings.Contains(all, "metric units") {
				t.Fatal("the request did not reach the server with the normal memory")
			}
			if got := strings.Contains(all, "Blood pressure"); got != tc.local {
				t.Fatalf("sensitive memory sent = %v, want %v", got, tc.local)
			}
			if wantHeld := map[bool]int{false: 1, true: 0}[tc.local]; res.Reply.HeldBack != wantHeld {
				t.Fatalf("held back %d, want %d", res.Reply.HeldBack, wantHeld)
			}
		})
	}
}

// TestEngine_SecretsStayOut: the API key is sent to the server as a bearer
// token and appears nowhere else: not in events, results or logs.
func TestEngine_SecretsStayOut(t *testing.T) {
	ctx := context.Background()
	const key = "sk-hearth-engine-secret-42"
	h := newHarness(t, harnessOpts{apiKey: key})
	h.srv.RequireKey(key)
	res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Text: "secret-free question ocelot"})
	if err != nil {
		t.Fatal(err)
	}
	h.srv.Script(llmtest.Reply{Status: 401, ErrorMessage: "Incorrect API key provided: " + key})
	_, err = h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", SessionID: res.Session.ID, Text: "again ocelot"})
	if llm.KindOf(err) != llm.KindAuth {
		t.Fatalf("err = %v", err)
	}
	haystack := h.logs.String() + err.Error() + apperr.Message(err)
	for _, ev := range h.events.all() {
		haystack += ev.Text
		if ev.Message != nil {
			haystack += ev.Message.Content + ev.Message.Error
		}
	}
	if strings.Contains(haystack, key) {
		t.Fatal("API key leaked into logs, events or errors")
	}
	if strings.Contains(h.logs.String(), "ocelot") {
		t.Fatal("message text in logs")
	}
	if !strings.Contains(h.logs.String(), `"msg":"chat turn"`) {
		t.Fatal("no turn log at all: the leak check would be vacuous")
	}
}
