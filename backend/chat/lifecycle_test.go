package chat_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"hearth/backend/chat"
	"hearth/backend/llm/llmtest"
	"hearth/backend/module"
)

// Closing the engine (the profile is being locked) while a reply streams
// stops the turn, which stores the text so far as an interrupted reply
// and names the session before Close returns; later turns are refused.
func TestEngine_Close(t *testing.T) {
	ctx := context.Background()
	streaming := make(chan struct{}, 1)
	h := newHarness(t, harnessOpts{onEvent: func(_ *harness, ev chat.Event) {
		if ev.Type == chat.EventDelta {
			select {
			case streaming <- struct{}{}:
			default:
			}
		}
	}})
	live := make(chan string, 4)
	h.srv.Script(llmtest.Reply{Match: llmtest.MatchUser("long story"), Live: live})
	live <- "Once upon "
	live <- "a time"

	type result struct {
		res chat.TurnResult
		err error
	}
	sent := make(chan result, 1)
	go func() {
		res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "writer", Text: "Tell me a long story", TurnID: "t1"})
		sent <- result{res, err}
	}()
	// Wait until both chunks were shown (deltas are batched).
	deadline := time.After(20 * time.Second)
	for h.events.deltas("t1") != "Once upon a time" {
		select {
		case <-streaming:
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			t.Fatalf("deltas so far %q", h.events.deltas("t1"))
		}
	}
	if !h.eng.Busy() {
		t.Fatal("Busy() is false while a reply streams")
	}
	if !h.eng.Close(20 * time.Second) {
		t.Fatal("Close timed out")
	}
	if h.eng.Busy() {
		t.Fatal("Busy() after Close")
	}
	// What Close waited for is in the database now, before Send's caller
	// has even seen the result.
	var status, content, title string
	if err := h.db.QueryRow(`SELECT m.status, m.content, s.title FROM messages m JOIN sessions s ON s.id = m.session_id
		WHERE m.role = 'assistant'`).Scan(&status, &content, &title); err != nil {
		t.Fatal(err)
	}
	if status != chat.StatusInterrupted || content != "Once upon a time" || title == "" {
		t.Fatalf("stored reply %q (%s), session title %q", content, status, title)
	}
	r := <-sent
	if r.err != nil {
		t.Fatalf("Send: %v", r.err)
	}
	if _, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "writer", Text: "another"}); !errors.Is(err, chat.ErrClosed) {
		t.Fatalf("Send after Close: %v", err)
	}
	for _, f := range []func(context.Context, string, string) (chat.TurnResult, error){h.eng.Regenerate, h.eng.Continue} {
		if _, err := f(ctx, "writer", r.res.Session.ID); !errors.Is(err, chat.ErrClosed) {
			t.Fatalf("after Close: %v", err)
		}
	}
}

// blockingModules answers Get only when its context ends, with fail: what
// a database call under a cancelled context returns (ctx.Err(), or
// sql.ErrTxDone once that context rolled back its transaction).
type blockingModules struct {
	asked chan struct{}
	fail  func(ctx context.Context) error
}

func (b blockingModules) Get(ctx context.Context, _ string) (module.Module, error) {
	close(b.asked)
	<-ctx.Done()
	return module.Module{}, fmt.Errorf("get module: %w", b.fail(ctx))
}

// A turn that Close cuts off before it stored anything says the profile is
// being locked (chat.ErrClosed), not what its database call saw.
func TestEngine_CloseBeforeStored(t *testing.T) {
	for name, fail := range map[string]func(context.Context) error{
		"Canceled": func(ctx context.Context) error { return ctx.Err() },
		"TxDone":   func(context.Context) error { return sql.ErrTxDone },
	} {
		t.Run(name, func(t *testing.T) {
			mods := blockingModules{asked: make(chan struct{}), fail: fail}
			eng := chat.NewEngine(chat.EngineDeps{Modules: mods})
			sent := make(chan error, 1)
			go func() {
				_, err := eng.Send(context.Background(), chat.SendRequest{ModuleID: "writer", Text: "hello"})
				sent <- err
			}()
			<-mods.asked
			if !eng.Close(20 * time.Second) {
				t.Fatal("Close timed out")
			}
			if err := <-sent; !errors.Is(err, chat.ErrClosed) {
				t.Fatalf("Send cut off by Close: %v", err)
			}
		})
	}
	// A caller that gave up itself still sees its own cancellation.
	ctx, cancel := context.WithCancel(context.Background())
	mods := blockingModules{asked: make(chan struct{}), fail: func(ctx context.Context) error { return ctx.Err() }}
	eng := chat.NewEngine(chat.EngineDeps{Modules: mods})
	sent := make(chan error, 1)
	go func() {
		_, err := eng.Send(ctx, chat.SendRequest{ModuleID: "writer", Text: "hello"})
		sent <- err
	}()
	<-mods.asked
	cancel()
	if err := <-sent; errors.Is(err, chat.ErrClosed) || !errors.Is(err, context.Canceled) {
		t.Fatalf("Send cancelled by its caller: %v", err)
	}
}
