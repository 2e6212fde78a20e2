package chat_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"hearth/backend/chat"
	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
	"hearth/backend/memory"
	"hearth/backend/semantic"
)

// meaningEngine is an engine over h's services that embeds each turn's
// query with the profile's embedding setting (the fake's embeddings).
func meaningEngine(t *testing.T, h *harness) (*chat.Engine, *semantic.Worker) {
	t.Helper()
	ctx := context.Background()
	if err := semantic.SaveSetting(ctx, h.db, semantic.Setting{EndpointID: h.ep.ID, Model: llmtest.DefaultEmbedModel}); err != nil {
		t.Fatal(err)
	}
	client := llm.NewClient(llm.ClientOptions{})
	emb := semantic.NewProfile(h.db, h.eps, client)
	w := semantic.NewWorker(h.db, h.mem.Index(), emb, []semantic.Source{memory.NewVectorSource(h.mem, emb.Local)}, nil, nil, semantic.WorkerOptions{})
	eng := chat.NewEngine(chat.EngineDeps{Store: h.st, Modules: h.mods, Memory: h.mem, Endpoints: h.eps, Client: client,
		Embedder: emb, Emit: h.events.add})
	return eng, w
}

func TestEngine_RetrievesByMeaning(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, harnessOpts{})
	veg := h.remember(t, "kitchen", "I'm vegetarian", memory.Normal)
	for i := range 30 {
		h.remember(t, "kitchen", fmt.Sprintf("The wifi password is on the router, note %d", i), memory.Normal)
	}
	eng, w := meaningEngine(t, h)
	if err := w.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	send := func(text string) chat.TurnResult {
		t.Helper()
		res, err := eng.Send(ctx, chat.SendRequest{ModuleID: "kitchen", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	res := send("plan a meat-free dinner")
	if !slices.Contains(res.Reply.UsedMemories, veg.ID) || res.Reply.KeywordsOnly {
		t.Fatalf("used %v keywordsOnly %v: the vegetarian memory was not found by meaning", res.Reply.UsedMemories, res.Reply.KeywordsOnly)
	}
	bodies := h.turnBodies()
	if !strings.Contains(bodies[len(bodies)-1], "I'm vegetarian") {
		t.Fatal("the prompt does not carry the memory found by meaning")
	}

	// Embeddings down, chat up: the turn still answers, by keywords, and says so.
	h.srv.SetEmbeddingsDown(true)
	res = send("plan a meat-free dinner again")
	if res.Reply.Status != chat.StatusComplete || !res.Reply.KeywordsOnly {
		t.Fatalf("reply %+v: want complete and keywordsOnly", res.Reply)
	}
	if slices.Contains(res.Reply.UsedMemories, veg.ID) {
		t.Fatal("keywords alone found the vegetarian memory; the fallback test shows nothing")
	}
	var done *chat.Message
	for _, ev := range h.events.all() {
		if ev.Type == chat.EventDone && ev.TurnID == res.TurnID {
			done = ev.Message
		}
	}
	if done == nil || !done.KeywordsOnly {
		t.Fatalf("the done event does not say keywords only: %+v", done)
	}
	// Exact words still work in the fallback.
	res = send("am I vegetarian?")
	if !slices.Contains(res.Reply.UsedMemories, veg.ID) {
		t.Fatal("keyword fallback missed an exact word")
	}

	// No embedding model: keywords, and nothing to say about it.
	h.srv.SetEmbeddingsDown(false)
	if err := semantic.SaveSetting(ctx, h.db, semantic.Setting{}); err != nil {
		t.Fatal(err)
	}
	if res = send("plan a meat-free dinner"); res.Reply.KeywordsOnly {
		t.Fatal("a profile without an embedding model got the fallback note")
	}
}

// TestEngine_EmbeddingNeverHoldsATurnLong: an embedding server that does
// not answer costs a turn at most EmbedTimeout; the reply comes, by
// keywords, and says so.
func TestEngine_EmbeddingNeverHoldsATurnLong(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, harnessOpts{})
	if err := semantic.SaveSetting(ctx, h.db, semantic.Setting{EndpointID: h.ep.ID, Model: llmtest.DefaultEmbedModel}); err != nil {
		t.Fatal(err)
	}
	client := llm.NewClient(llm.ClientOptions{})
	eng := chat.NewEngine(chat.EngineDeps{Store: h.st, Modules: h.mods, Memory: h.mem, Endpoints: h.eps, Client: client,
		Embedder: semantic.NewProfile(h.db, h.eps, client), Config: chat.Config{EmbedTimeout: 200 * time.Millisecond}})
	h.srv.SetEmbedDelay(30 * time.Second)
	start := time.Now()
	res, err := eng.Send(ctx, chat.SendRequest{ModuleID: "kitchen", Text: "plan a meat-free dinner"})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("the turn took %v with a stuck embedding server", took)
	}
	if res.Reply.Status != chat.StatusComplete || !res.Reply.KeywordsOnly {
		t.Fatalf("reply %+v: want complete, keywords only", res.Reply)
	}
}
