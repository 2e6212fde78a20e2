package chat_test

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"hearth/backend/chat"
	"hearth/backend/docs"
	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
	"hearth/backend/module"
	"hearth/backend/semantic"
)

const lentils = "# Soups\n\n## Lentil soup\n\nSimmer the red lentils with cumin for exactly twenty-two minutes.\n"

// docsEngine is an engine over h's services that reads h's documents.
func docsEngine(t *testing.T, h *harness, embedder chat.QueryEmbedder) (*chat.Engine, *docs.Service) {
	t.Helper()
	d := docs.NewService(h.db, time.Now, docs.Options{Index: h.mem.Index()})
	deps := chat.EngineDeps{Store: h.st, Modules: h.mods, Memory: h.mem, Documents: d, Endpoints: h.eps,
		Client: llm.NewClient(llm.ClientOptions{}), Emit: h.events.add, Logger: slog.New(slog.DiscardHandler)}
	if embedder != nil {
		deps.Embedder = embedder
	}
	return chat.NewEngine(deps), d
}

// TestEngine_Passages: a module given a document gets its passages in the
// prompt, with an id and a citation, and the reply keeps which passages it
// was given; another module never does, shared documents follow the
// policy, and sensitive ones stay off a non-local endpoint.
func TestEngine_Passages(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, harnessOpts{})
	eng, d := docsEngine(t, h, nil)
	doc, err := d.Add(ctx, "kitchen", "recipes.md", []byte(lentils), docs.AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	send := func(moduleID, text string) (chat.TurnResult, string) {
		t.Helper()
		res, err := eng.Send(ctx, chat.SendRequest{ModuleID: moduleID, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		bodies := h.turnBodies()
		return res, bodies[len(bodies)-1]
	}

	res, body := send("kitchen", "How long do the lentils simmer?")
	if len(res.Reply.UsedPassages) != 1 {
		t.Fatalf("used passages %v", res.Reply.UsedPassages)
	}
	if !strings.Contains(body, "twenty-two minutes") || !strings.Contains(body, `[P1] recipes.md, Soups \u003e Lentil soup`) {
		t.Fatalf("the prompt does not carry the cited passage: %s", body)
	}
	stored := h.messages(t, "kitchen", res.Session.ID)
	if got := stored[len(stored)-1].UsedPassages; !slices.Equal(got, res.Reply.UsedPassages) {
		t.Fatalf("stored used passages %v, want %v", got, res.Reply.UsedPassages)
	}
	p, err := d.Passage(ctx, "kitchen", res.Reply.UsedPassages[0], true)
	if err != nil || p.DocumentID != doc.ID {
		t.Fatalf("passage %+v %v", p, err)
	}

	res, body = send("tutor", "How long do the lentils simmer?")
	if len(res.Reply.UsedPassages) != 0 || strings.Contains(body, "twenty-two") {
		t.Fatalf("another module got the passage: %v", res.Reply.UsedPassages)
	}

	t.Run("SharedFollowsPolicy", func(t *testing.T) {
		if _, err := d.SetShared(ctx, "kitchen", doc.ID, true); err != nil {
			t.Fatal(err)
		}
		h.setPolicy(t, "tutor", module.Policy{UseMemory: true, ReadShared: false})
		if res, _ := send("tutor", "lentils simmer"); len(res.Reply.UsedPassages) != 0 {
			t.Fatal("a module that does not read shared memory got a shared passage")
		}
		h.setPolicy(t, "tutor", module.Policy{UseMemory: false, ReadShared: true})
		if res, body := send("tutor", "lentils simmer"); len(res.Reply.UsedPassages) != 1 || !strings.Contains(body, "twenty-two") {
			t.Fatal("a module that reads shared memory did not get the shared passage")
		}
	})
}

func TestEngine_SensitivePassages(t *testing.T) {
	ctx := context.Background()
	for _, local := range []bool{false, true} {
		var h *harness
		if local {
			h = newHarness(t, harnessOpts{})
		} else {
			srv := llmtest.NewServer(t)
			h = newHarness(t, harnessOpts{url: "http://hearth-test.invalid/v1", httpClient: llmtest.RoutedClient(srv.Addr())})
			h.srv = srv
		}
		d := docs.NewService(h.db, time.Now, docs.Options{})
		eng := chat.NewEngine(chat.EngineDeps{Store: h.st, Modules: h.mods, Memory: h.mem, Documents: d, Endpoints: h.eps,
			Client: llm.NewClient(llm.ClientOptions{HTTPClient: llmtest.RoutedClient(h.srv.Addr())})})
		if _, err := d.Add(ctx, "planner", "meds.txt", []byte("The marmoset inhaler goes twice daily."), docs.AddOptions{Sensitive: true}); err != nil {
			t.Fatal(err)
		}
		res, err := eng.Send(ctx, chat.SendRequest{ModuleID: "planner", Text: "marmoset inhaler?"})
		if err != nil {
			t.Fatal(err)
		}
		all := ""
		for _, r := range h.srv.Requests() {
			all += string(r.Body)
		}
		if got := strings.Contains(all, "twice daily"); got != local {
			t.Fatalf("local=%v: sensitive passage sent = %v", local, got)
		}
		if want := map[bool]int{false: 1, true: 0}[local]; res.Reply.HeldBack != want || len(res.Reply.UsedPassages) != 1-want {
			t.Fatalf("local=%v: held back %d, used %v", local, res.Reply.HeldBack, res.Reply.UsedPassages)
		}
	}
}

// TestEngine_PassagesByMeaning: a question sharing no word with the
// document finds it through the fake server's embeddings; with the
// embedding endpoint down the turn falls back to keywords and says so.
func TestEngine_PassagesByMeaning(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, harnessOpts{})
	if err := semantic.SaveSetting(ctx, h.db, semantic.Setting{EndpointID: h.ep.ID, Model: llmtest.DefaultEmbedModel}); err != nil {
		t.Fatal(err)
	}
	client := llm.NewClient(llm.ClientOptions{})
	emb := semantic.NewProfile(h.db, h.eps, client)
	eng, d := docsEngine(t, h, emb)
	if _, err := d.Add(ctx, "kitchen", "family.md", []byte("# Diet\n\nEveryone in this house is vegan.\n\n# Pets\n\nThe dog walks at seven."), docs.AddOptions{}); err != nil {
		t.Fatal(err)
	}
	w := semantic.NewWorker(h.db, h.mem.Index(), emb, []semantic.Source{docs.NewVectorSource(d, emb.Local)}, nil, nil, semantic.WorkerOptions{})
	if err := w.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := eng.Send(ctx, chat.SendRequest{ModuleID: "kitchen", Text: "Plan a vegetarian supper"})
	if err != nil {
		t.Fatal(err)
	}
	bodies := h.turnBodies()
	if len(res.Reply.UsedPassages) == 0 || !strings.Contains(bodies[len(bodies)-1], "house is vegan") || res.Reply.KeywordsOnly {
		t.Fatalf("by meaning: used %v keywordsOnly %v", res.Reply.UsedPassages, res.Reply.KeywordsOnly)
	}
	h.srv.SetEmbeddingsDown(true)
	res, err = eng.Send(ctx, chat.SendRequest{ModuleID: "kitchen", Text: "Plan a vegetarian supper"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Reply.KeywordsOnly || len(res.Reply.UsedPassages) != 0 {
		t.Fatalf("embeddings down: keywordsOnly %v used %v", res.Reply.KeywordsOnly, res.Reply.UsedPassages)
	}
}
