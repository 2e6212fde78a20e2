package chat_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"hearth/backend/apperr"
	"hearth/backend/chat"
	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
)

// TestEngine_Faults: for every fault the user's message is stored, a
// partial reply is kept as interrupted, and the user is told one sentence
// (in the stored reply, the error event and the returned error).
func TestEngine_Faults(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("Here is part of the answer. ", 10)
	tests := []struct {
		name   string
		opts   func(t *testing.T) harnessOpts
		script []llmtest.Reply
		status string // stored reply status
		say    string // in the user sentence
	}{
		{name: "ConnectionRefused", status: chat.StatusError, say: "is the model server running",
			opts: func(t *testing.T) harnessOpts { return harnessOpts{url: llmtest.ClosedURL(t)} }},
		{name: "DNS", status: chat.StatusError, say: "could not be found",
			opts: func(t *testing.T) harnessOpts {
				return harnessOpts{url: "http://hearth-test.invalid/v1", httpClient: llmtest.NoDNSClient()}
			}},
		{name: "TLS", status: chat.StatusError, say: "secure connection",
			opts: func(t *testing.T) harnessOpts { return harnessOpts{url: llmtest.NewTLSServer(t).URL} }},
		{name: "Unauthorized", status: chat.StatusError, say: "needs an API key (HTTP 401)",
			script: []llmtest.Reply{{Status: 401, ErrorMessage: "Incorrect API key provided."}}},
		{name: "Forbidden", status: chat.StatusError, say: "HTTP 403", script: []llmtest.Reply{{Status: 403}}},
		{name: "ModelNotFound", status: chat.StatusError, say: "is not available on this server",
			script: []llmtest.Reply{{Status: 404, ErrorMessage: "The model `fake-model` does not exist."}}},
		{name: "ServerError", status: chat.StatusError, say: "HTTP 502", script: []llmtest.Reply{{Status: 502}}},
		{name: "RequestTimeout", status: chat.StatusError, say: "did not answer in time",
			opts: func(*testing.T) harnessOpts {
				return harnessOpts{client: llm.ClientOptions{RequestTimeout: 300 * time.Millisecond}}
			},
			script: []llmtest.Reply{{Fault: llmtest.FaultHang}}},
		{name: "Stalled", status: chat.StatusInterrupted, say: "stopped arriving",
			opts: func(*testing.T) harnessOpts {
				return harnessOpts{client: llm.ClientOptions{StallTimeout: 300 * time.Millisecond}}
			},
			script: []llmtest.Reply{{Text: long, Fault: llmtest.FaultStall}}},
		{name: "Dropped", status: chat.StatusInterrupted, say: "connection was lost",
			script: []llmtest.Reply{{Text: long, Fault: llmtest.FaultDrop}}},
		{name: "MalformedChunk", status: chat.StatusInterrupted, say: "could not understand",
			script: []llmtest.Reply{{Text: long, Fault: llmtest.FaultMalformedJSON}}},
		{name: "NotAnEventStream", status: chat.StatusError, say: "could not understand",
			script: []llmtest.Reply{{Fault: llmtest.FaultNotSSE}}},
		{name: "TooLarge", status: chat.StatusInterrupted, say: "far larger than expected",
			opts:   func(*testing.T) harnessOpts { return harnessOpts{client: llm.ClientOptions{MaxReplyBytes: 2000}} },
			script: []llmtest.Reply{{Text: strings.Repeat("lorem ipsum ", 5000), ChunkRunes: 64}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o harnessOpts
			if tt.opts != nil {
				o = tt.opts(t)
			}
			h := newHarness(t, o)
			h.srv.Script(tt.script...)
			res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Text: "Please explain tides", TurnID: "t1"})
			if err == nil {
				t.Fatal("Send succeeded despite the fault")
			}
			if got := apperr.Message(err); !strings.Contains(got, tt.say) {
				t.Fatalf("message = %q, want %q (err %v)", got, tt.say, err)
			}
			msgs := h.messages(t, "general", res.Session.ID)
			if len(msgs) != 2 || msgs[0].Role != "user" || msgs[0].Content != "Please explain tides" {
				t.Fatalf("the user's message was not kept: %+v", msgs)
			}
			reply := msgs[1]
			if reply.Status != tt.status || reply.Error != apperr.Message(err) || reply.ID != res.Reply.ID {
				t.Fatalf("stored reply status=%q error=%q", reply.Status, reply.Error)
			}
			if streamed := h.events.deltas("t1"); reply.Content != streamed {
				t.Fatalf("stored %q but the user saw %q", reply.Content, streamed)
			}
			if (tt.status == chat.StatusInterrupted) != (reply.Content != "") {
				t.Fatalf("partial reply %q for status %s", reply.Content, tt.status)
			}
			if last := h.events.last("t1"); last.Type != chat.EventError || last.Text != reply.Error {
				t.Fatalf("last event %+v", last)
			}
			sess, _ := h.st.GetSession(ctx, "general", res.Session.ID)
			if sess.Title != "Please explain tides" {
				t.Fatalf("offline title = %q, want the first words", sess.Title)
			}
		})
	}
	t.Run("RateLimitedThenOK", func(t *testing.T) {
		h := newHarness(t, harnessOpts{})
		h.srv.Script(llmtest.Reply{Status: 429, RetryAfter: "1"})
		res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Text: "hello after a wait"})
		if err != nil || res.Reply.Status != chat.StatusComplete || !strings.HasPrefix(res.Reply.Content, "Echo: hello") {
			t.Fatalf("reply %+v, %v", res.Reply, err)
		}
	})
	t.Run("RateLimitedTwice", func(t *testing.T) {
		h := newHarness(t, harnessOpts{})
		h.srv.Script(llmtest.Reply{Status: 429, RetryAfter: "0"}, llmtest.Reply{Status: 429, RetryAfter: "20"})
		res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Text: "hello"})
		if !strings.Contains(apperr.Message(err), "try again in 20 seconds") || res.Reply.Status != chat.StatusError {
			t.Fatalf("reply %+v, %v", res.Reply, err)
		}
	})
	t.Run("NoEndpoint", func(t *testing.T) {
		h := newHarness(t, harnessOpts{})
		if err := h.eps.Remove(ctx, h.ep.ID); err != nil {
			t.Fatal(err)
		}
		res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Text: "anyone there?"})
		if !errors.Is(err, llm.ErrNoEndpoint) || res.User.ID == "" || res.Reply.Status != chat.StatusError ||
			!strings.Contains(res.Reply.Error, "add an endpoint") {
			t.Fatalf("res %+v err %v", res, err)
		}
	})
}

// TestEngine_Stop: Stop from the UI cancels the right turn; the partial
// reply is stored as interrupted and Send reports no error.
func TestEngine_Stop(t *testing.T) {
	ctx := context.Background()
	stopped := make(chan bool, 1)
	h := newHarness(t, harnessOpts{onEvent: func(h *harness, ev chat.Event) {
		if ev.Type == chat.EventDelta {
			select {
			case stopped <- h.eng.Stop(ev.TurnID):
			default:
			}
		}
	}})
	h.srv.Script(llmtest.Reply{Text: strings.Repeat("words keep coming ", 20), Fault: llmtest.FaultStall})
	res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Text: "tell me a long story", TurnID: "long"})
	if err != nil {
		t.Fatalf("Send after Stop: %v", err)
	}
	if !<-stopped {
		t.Fatal("Stop did not find the running turn")
	}
	if res.Reply.Status != chat.StatusInterrupted || res.Reply.Content == "" || res.Reply.Error != "" {
		t.Fatalf("reply %+v", res.Reply)
	}
	if h.eng.Stop("long") {
		t.Fatal("a finished turn is still registered")
	}
	stored := h.messages(t, "general", res.Session.ID)
	if stored[1].Content != h.events.deltas("long") || h.events.last("long").Type != chat.EventDone {
		t.Fatal("stored partial differs from what was shown")
	}
}

func TestEngine_Busy(t *testing.T) {
	ctx := context.Background()
	started := make(chan chat.Event, 1)
	h := newHarness(t, harnessOpts{onEvent: func(h *harness, ev chat.Event) {
		if ev.Type == chat.EventDelta && ev.TurnID == "second" {
			select {
			case started <- ev:
			default:
			}
		}
	}})
	first, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Text: "first"})
	if err != nil {
		t.Fatal(err)
	}
	h.srv.Script(llmtest.Reply{Text: strings.Repeat("slow ", 40), Fault: llmtest.FaultStall})
	done := make(chan error, 1)
	go func() {
		_, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", SessionID: first.Session.ID, Text: "second", TurnID: "second"})
		done <- err
	}()
	ev := <-started
	if id, ok := h.eng.ActiveTurn(first.Session.ID); !ok || id != ev.TurnID {
		t.Fatalf("ActiveTurn = %q, %v", id, ok)
	}
	_, err = h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", SessionID: first.Session.ID, Text: "third"})
	if !errors.Is(err, chat.ErrBusy) {
		t.Fatalf("err = %v", err)
	}
	h.eng.Stop(ev.TurnID)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestEngine_Regenerate(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, harnessOpts{})
	res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Text: "name a colour"})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		h.srv.Script(llmtest.Reply{Text: "Teal."})
		got, err := h.eng.Regenerate(ctx, "general", res.Session.ID)
		if err != nil || got.Reply.Content != "Teal." || got.Reply.ID == res.Reply.ID {
			t.Fatalf("Regenerate = %+v, %v", got.Reply, err)
		}
		msgs := h.messages(t, "general", res.Session.ID)
		if len(msgs) != 2 || msgs[1].ID != got.Reply.ID {
			t.Fatalf("messages after regenerate: %+v", msgs)
		}
		bodies := h.turnBodies()
		last := bodies[len(bodies)-1]
		if strings.Contains(last, "Echo: name a colour") || !strings.Contains(last, "name a colour") {
			t.Fatalf("regenerate request should carry the question, not the old reply: %s", last)
		}
	})
	t.Run("FailureKeepsOldReply", func(t *testing.T) {
		h.srv.Script(llmtest.Reply{Status: 500})
		before := h.messages(t, "general", res.Session.ID)
		_, err := h.eng.Regenerate(ctx, "general", res.Session.ID)
		if llm.KindOf(err) != llm.KindServer {
			t.Fatalf("err = %v", err)
		}
		after := h.messages(t, "general", res.Session.ID)
		if len(after) != 2 || after[1].ID != before[1].ID || after[1].Content != before[1].Content {
			t.Fatal("a failed regenerate lost the old reply")
		}
	})
	t.Run("ErrNoReply", func(t *testing.T) {
		h2 := newHarness(t, harnessOpts{})
		sess, _ := h2.st.CreateSession(ctx, "general", "")
		if _, err := h2.eng.Regenerate(ctx, "general", sess.ID); !errors.Is(err, chat.ErrNoReply) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestEngine_Continue(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, harnessOpts{})
	h.srv.Script(llmtest.Reply{Text: "One, two, three, four, five, six, seven, eight.", Fault: llmtest.FaultDrop})
	res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Text: "count to ten"})
	if llm.KindOf(err) != llm.KindDropped || res.Reply.Status != chat.StatusInterrupted {
		t.Fatalf("setup: %+v %v", res.Reply, err)
	}
	partial := res.Reply.Content
	t.Run("OK", func(t *testing.T) {
		h.srv.Script(llmtest.Reply{Text: " nine, ten."})
		got, err := h.eng.Continue(ctx, "general", res.Session.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Reply.ID != res.Reply.ID || got.Reply.Content != partial+" nine, ten." || got.Reply.Status != chat.StatusComplete || got.Reply.Error != "" {
			t.Fatalf("continued %+v", got.Reply)
		}
		stored := h.messages(t, "general", res.Session.ID)
		if len(stored) != 2 || stored[1].Content != got.Reply.Content {
			t.Fatalf("stored %+v", stored)
		}
		req := h.srv.ChatRequests()
		msgs := req[len(req)-1].Chat.Messages
		if n := len(msgs); msgs[n-2].Role != "assistant" || msgs[n-2].Content != partial || !strings.Contains(msgs[n-1].Content, "Continue") {
			t.Fatalf("continue request tail %+v", msgs[n-2:])
		}
		for _, ev := range h.events.all() {
			if ev.TurnID == got.TurnID && ev.Type == chat.EventDelta && ev.MessageID != res.Reply.ID {
				t.Fatalf("delta without the continued message id: %+v", ev)
			}
		}
	})
	t.Run("ErrNotContinue", func(t *testing.T) {
		if _, err := h.eng.Continue(ctx, "general", res.Session.ID); !errors.Is(err, chat.ErrNotContinue) {
			t.Fatalf("err = %v", err)
		}
	})
}
