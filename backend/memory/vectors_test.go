package memory_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
	"hearth/backend/memory"
	"hearth/backend/semantic"
	"hearth/backend/store"
)

// meaningRig is a memory service whose profile embeds with the fake
// server's meaning-aware embeddings, over real HTTP and a real database.
type meaningRig struct {
	s      *memory.Service
	db     *store.DB
	srv    *llmtest.Server
	emb    *semantic.Profile
	worker *semantic.Worker
}

func newMeaningRig(t *testing.T, baseURL func(*llmtest.Server) string) *meaningRig {
	t.Helper()
	ctx := context.Background()
	db := openDB(t, store.Options{})
	s := memory.NewService(db, clock())
	srv := llmtest.NewServer(t)
	url := srv.URL
	client := llm.NewClient(llm.ClientOptions{})
	if baseURL != nil { // an endpoint that looks remote, routed to the fake
		url = baseURL(srv)
		client = llm.NewClient(llm.ClientOptions{HTTPClient: llmtest.RoutedClient(srv.Addr())})
	}
	eps := llm.NewEndpoints(db, time.Now)
	ep, err := eps.Add(ctx, llm.EndpointInput{Name: "fake", BaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	if err := semantic.SaveSetting(ctx, db, semantic.Setting{EndpointID: ep.ID, Model: llmtest.DefaultEmbedModel}); err != nil {
		t.Fatal(err)
	}
	emb := semantic.NewProfile(db, eps, client)
	w := semantic.NewWorker(db, s.Index(), emb, []semantic.Source{memory.NewVectorSource(s, emb.Local)}, nil, nil, semantic.WorkerOptions{})
	return &meaningRig{s: s, db: db, srv: srv, emb: emb, worker: w}
}

func (r *meaningRig) query(t *testing.T, text string) memory.RetrieveOptions {
	t.Helper()
	vec, model, err := r.emb.Query(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	return memory.RetrieveOptions{QueryVector: vec, Model: model}
}

func memIDs(r memory.Retrieved) []string {
	var out []string
	for _, m := range r.Memories {
		out = append(out, m.ID)
	}
	return out
}

// fillers are recent, unrelated memories, enough to push an old one out of
// the recency window.
func addFillers(t *testing.T, s *memory.Service, scope string, n int) {
	t.Helper()
	topics := []string{"The wifi password is on the router", "Drives a blue car", "Plays the piano on Sundays",
		"The boiler was serviced in March", "Prefers tea to coffee", "Goes cycling with friends"}
	for i := range n {
		mustAdd(t, s, scope, fmt.Sprintf("%s (%d)", topics[i%len(topics)], i))
	}
}

func TestService_RetrieveByMeaning(t *testing.T) {
	ctx := context.Background()
	r := newMeaningRig(t, nil)
	veg := mustAdd(t, r.s, "kitchen", "I'm vegetarian")
	addFillers(t, r.s, "kitchen", 30)
	opt := memory.RetrieveOptions{Limit: 5}

	t.Run("KeywordsAloneMissIt", func(t *testing.T) {
		got, err := r.s.Retrieve(ctx, "kitchen", "plan a meat-free dinner", opt)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(memIDs(got), veg.ID) {
			t.Fatalf("found by keywords alone; the test no longer shows the gap")
		}
	})
	if err := r.worker.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	t.Run("FoundByMeaning", func(t *testing.T) {
		o := r.query(t, "plan a meat-free dinner")
		o.Limit = 5
		got, err := r.s.Retrieve(ctx, "kitchen", "plan a meat-free dinner", o)
		if err != nil {
			t.Fatal(err)
		}
		if ids := memIDs(got); len(ids) == 0 || ids[0] != veg.ID {
			t.Fatalf("got %v, want %s first", ids, veg.ID)
		}
	})
	t.Run("ExactWordsStillWin", func(t *testing.T) {
		// BM25 alone (the fallback) finds exact words.
		got, _ := r.s.Retrieve(ctx, "kitchen", "am I vegetarian?", opt)
		if ids := memIDs(got); len(ids) == 0 || ids[0] != veg.ID {
			t.Fatalf("keyword fallback: got %v", ids)
		}
		// And a rare exact word beats a closer meaning.
		boiler := mustAdd(t, r.s, "kitchen", "Zorblax is the name of the boiler engineer")
		if err := r.worker.Pass(ctx); err != nil {
			t.Fatal(err)
		}
		o := r.query(t, "call Zorblax about the heating")
		o.Limit = 5
		got, _ = r.s.Retrieve(ctx, "kitchen", "call Zorblax about the heating", o)
		if ids := memIDs(got); len(ids) == 0 || ids[0] != boiler.ID {
			t.Fatalf("hybrid: got %v, want %s first", ids, boiler.ID)
		}
	})
	t.Run("UnrelatedQueryFindsNothingByMeaning", func(t *testing.T) {
		o := r.query(t, "what time is football training")
		o.Limit = 40
		got, _ := r.s.Retrieve(ctx, "kitchen", "what time is football training", o)
		if slices.Contains(memIDs(got)[:min(5, len(got.Memories))], veg.ID) {
			t.Fatalf("an unrelated query ranked the vegetarian memory high: %v", memIDs(got))
		}
	})
}

func TestService_RetrieveByMeaning_ScopesAndSensitive(t *testing.T) {
	ctx := context.Background()
	r := newMeaningRig(t, func(s *llmtest.Server) string { return "http://hearth-test.invalid/v1" })
	tutorVeg := mustAdd(t, r.s, "tutor", "Tom is vegetarian")
	shared, err := r.s.Add(ctx, memory.SharedScope, memory.Memory{Text: "The whole family eats vegan on Mondays", OriginModule: "kitchen"})
	if err != nil {
		t.Fatal(err)
	}
	secret, err := r.s.Add(ctx, "kitchen", memory.Memory{Text: "Meatless diet for a heart condition", Sensitivity: memory.Sensitive})
	if err != nil {
		t.Fatal(err)
	}
	addFillers(t, r.s, "kitchen", 30)
	if err := r.worker.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	// The endpoint is not local: the sensitive text never went to it.
	for _, req := range r.srv.EmbedRequests() {
		for _, in := range req.Input {
			if strings.Contains(in, "heart condition") {
				t.Fatalf("sensitive memory sent to a non-local embedding endpoint")
			}
		}
	}
	if p := r.worker.Status(); p.Done != p.Total || p.Total != 32 || p.Offline {
		t.Fatalf("progress %+v, want 32 of 32 (the sensitive one not counted)", p)
	}
	o := r.query(t, "plan a meat-free dinner")
	o.Limit = 5
	got, _ := r.s.Retrieve(ctx, "kitchen", "plan a meat-free dinner", o)
	ids := memIDs(got)
	if slices.Contains(ids, tutorVeg.ID) || slices.Contains(ids, shared.ID) || slices.Contains(ids, secret.ID) {
		t.Fatalf("kitchen without shared got %v (tutor %s, shared %s, sensitive %s)", ids, tutorVeg.ID, shared.ID, secret.ID)
	}
	o.IncludeShared = true
	got, _ = r.s.Retrieve(ctx, "kitchen", "plan a meat-free dinner", o)
	if ids := memIDs(got); len(ids) == 0 || ids[0] != shared.ID {
		t.Fatalf("kitchen with shared got %v, want %s first", ids, shared.ID)
	}
	// Unsharing moves the vector with the memory: tutor never sees it.
	o.IncludeShared = false
	got, _ = r.s.Retrieve(ctx, "tutor", "plan a meat-free dinner", o)
	if ids := memIDs(got); len(ids) == 0 || ids[0] != tutorVeg.ID || slices.Contains(ids, shared.ID) {
		t.Fatalf("tutor got %v", ids)
	}
}

func TestService_VectorsFollowTheirMemory(t *testing.T) {
	ctx := context.Background()
	r := newMeaningRig(t, nil)
	m := mustAdd(t, r.s, "kitchen", "I'm vegetarian")
	if err := r.worker.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		if err := r.db.QueryRowContext(ctx, `SELECT count(*) FROM vectors WHERE owner = 'memory' AND owner_id = ?`, m.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count() != 1 {
		t.Fatal("no vector after a pass")
	}
	if _, err := r.s.Update(ctx, "kitchen", m.ID, "Loves steak", "", ""); err != nil {
		t.Fatal(err)
	}
	if count() != 0 {
		t.Fatal("the old text's vector outlived an edit")
	}
	if err := r.worker.Pass(ctx); err != nil || count() != 1 {
		t.Fatalf("not re-embedded after the edit: %v", err)
	}
	if err := r.s.Forget(ctx, "kitchen", m.ID); err != nil {
		t.Fatal(err)
	}
	if count() != 0 {
		t.Fatal("a forgotten memory's vector stayed")
	}
}

func TestWorker_OfflineThenCatchesUp(t *testing.T) {
	ctx := context.Background()
	r := newMeaningRig(t, nil)
	mustAdd(t, r.s, "kitchen", "I'm vegetarian")
	r.srv.SetEmbeddingsDown(true)
	if err := r.worker.Pass(ctx); err == nil {
		t.Fatal("a pass with the endpoint down reported no error")
	}
	if p := r.worker.Status(); !p.Offline || p.Done != 0 || p.Total != 1 || p.Problem == "" {
		t.Fatalf("progress %+v", p)
	}
	r.srv.SetEmbeddingsDown(false)
	if err := r.worker.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	if p := r.worker.Status(); p.Offline || p.Done != 1 {
		t.Fatalf("progress after catching up %+v", p)
	}
	// A new model: everything is embedded again, under the new name.
	r.srv.SetEmbedModels(llmtest.DefaultEmbedModel, "fake-embed-2")
	set, _ := r.emb.Setting(ctx)
	set.Model = "fake-embed-2"
	if err := semantic.SaveSetting(ctx, r.db, set); err != nil {
		t.Fatal(err)
	}
	if p := r.worker.Status(); p.Model != llmtest.DefaultEmbedModel {
		t.Fatalf("status before the pass %+v", p)
	}
	if err := r.worker.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	if p := r.worker.Status(); p.Model != "fake-embed-2" || p.Done != 1 || p.Total != 1 {
		t.Fatalf("progress after the model change %+v", p)
	}
}

// TestService_RetrieveByMeaning_SensitiveHeldBack: a sensitive memory that
// a local server embedded is found by meaning, but held back (and counted)
// for a non-local chat endpoint, as by keywords.
func TestService_RetrieveByMeaning_SensitiveHeldBack(t *testing.T) {
	ctx := context.Background()
	r := newMeaningRig(t, nil) // the embedding server is local
	secret, err := r.s.Add(ctx, "kitchen", memory.Memory{Text: "Meatless diet for a heart condition", Sensitivity: memory.Sensitive})
	if err != nil {
		t.Fatal(err)
	}
	addFillers(t, r.s, "kitchen", 30)
	if err := r.worker.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	o := r.query(t, "plan a vegetarian dinner")
	o.Limit = 5
	got, _ := r.s.Retrieve(ctx, "kitchen", "plan a vegetarian dinner", o)
	if slices.Contains(memIDs(got), secret.ID) || got.HeldBack != 1 {
		t.Fatalf("non-local chat: got %v, held back %d", memIDs(got), got.HeldBack)
	}
	o.AllowSensitive = true
	got, _ = r.s.Retrieve(ctx, "kitchen", "plan a vegetarian dinner", o)
	if ids := memIDs(got); len(ids) == 0 || ids[0] != secret.ID {
		t.Fatalf("local chat: got %v, want the sensitive memory first (found by meaning)", ids)
	}
}
