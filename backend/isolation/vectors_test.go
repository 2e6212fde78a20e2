package isolation_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"hearth/backend/llm/llmtest"
	"hearth/backend/memory"
	"hearth/backend/module"
	"hearth/backend/semantic"
	"hearth/backend/store"
	"hearth/backend/store/storetest"
)

// fakeEmbedder embeds with the fake server's meaning-aware embeddings,
// in-process (the wire is tested elsewhere).
type fakeEmbedder struct{}

func (fakeEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = llmtest.Embedding(t)
	}
	return out, nil
}

type vecProfile struct {
	db     *store.DB
	mem    *memory.Service
	worker *semantic.Worker
	scope  map[string]string // memory id -> scope, the model of what is where
	ids    []string
}

// TestIsolation_Vectors interleaves memory writes (add, share, unshare,
// edit, forget), background embedding passes and retrievals by meaning
// over two profiles, and checks every retrieval and every raw vector
// search against the model: a memory of another module is never returned
// unless shared and asked for, and nothing crosses profiles.
func TestIsolation_Vectors(t *testing.T) {
	s := seed(t)
	rng := rand.New(rand.NewPCG(s, s^0x5eed))
	ctx := context.Background()
	words := []string{"vegetarian", "meat-free", "dinner", "bedtime", "sleep", "piano", "homework", "maths", "dog", "birthday",
		"wifi", "router", "boiler", "coffee", "football", "garden", "budget", "holiday", "allergy", "peanut"}
	text := func() string {
		n := 1 + rng.IntN(4)
		out := ""
		for i := range n {
			if i > 0 {
				out += " "
			}
			out += words[rng.IntN(len(words))]
		}
		return out
	}
	var profiles []*vecProfile
	for range 2 {
		db := storetest.Open(t)
		if err := module.NewService(db, time.Now).Seed(ctx); err != nil {
			t.Fatal(err)
		}
		mem := memory.NewService(db, time.Now)
		model := func(context.Context) (string, error) { return "fake-embed", nil }
		w := semantic.NewWorker(db, mem.Index(), fakeEmbedder{}, []semantic.Source{memory.NewVectorSource(mem, func(context.Context) bool { return true })},
			nil, nil, semantic.WorkerOptions{Model: model})
		profiles = append(profiles, &vecProfile{db: db, mem: mem, worker: w, scope: map[string]string{}})
	}
	fail := func(step int, format string, a ...any) {
		t.Helper()
		t.Fatalf("seed %d, step %d: %s", s, step, fmt.Sprintf(format, a...))
	}
	ops := 600
	if testing.Short() {
		ops = 200
	}
	checks := 0
	for step := range ops {
		p := profiles[rng.IntN(len(profiles))]
		mod := modules[rng.IntN(len(modules))]
		pick := func() string {
			if len(p.ids) == 0 {
				return ""
			}
			return p.ids[rng.IntN(len(p.ids))]
		}
		switch op := rng.IntN(10); {
		case op < 3:
			scope := mod
			if rng.IntN(4) == 0 {
				scope = memory.SharedScope
			}
			m, err := p.mem.Add(ctx, scope, memory.Memory{Text: text(), OriginModule: mod})
			if err != nil {
				fail(step, "add: %v", err)
			}
			p.scope[m.ID] = scope
			p.ids = append(p.ids, m.ID)
		case op == 3:
			if id := pick(); id != "" && p.scope[id] != memory.SharedScope {
				if _, err := p.mem.Share(ctx, p.scope[id], id); err != nil {
					fail(step, "share: %v", err)
				}
				p.scope[id] = memory.SharedScope
			}
		case op == 4:
			if id := pick(); id != "" && p.scope[id] == memory.SharedScope {
				m, err := p.mem.Unshare(ctx, id)
				if err != nil {
					fail(step, "unshare: %v", err)
				}
				p.scope[id] = m.Scope
			}
		case op == 5:
			if id := pick(); id != "" {
				if _, err := p.mem.Update(ctx, p.scope[id], id, text(), "", ""); err != nil {
					fail(step, "update: %v", err)
				}
			}
		case op == 6:
			if id := pick(); id != "" {
				if err := p.mem.Forget(ctx, p.scope[id], id); err != nil {
					fail(step, "forget: %v", err)
				}
				delete(p.scope, id)
				p.ids = slices.DeleteFunc(p.ids, func(x string) bool { return x == id })
			}
		case op == 7:
			if err := p.worker.Pass(ctx); err != nil {
				fail(step, "pass: %v", err)
			}
		default:
			shared := rng.IntN(2) == 0
			q := text()
			vec, _ := fakeEmbedder{}.Embed(ctx, []string{q})
			got, err := p.mem.Retrieve(ctx, mod, q, memory.RetrieveOptions{IncludeShared: shared, QueryVector: vec[0], Model: "fake-embed", Limit: 50, TokenBudget: 100000})
			if err != nil {
				fail(step, "retrieve: %v", err)
			}
			for _, m := range got.Memories {
				want, ok := p.scope[m.ID]
				if !ok {
					fail(step, "retrieve in %s returned %s, which this profile does not hold", mod, m.ID)
				}
				if want != mod && !(shared && want == memory.SharedScope) {
					fail(step, "retrieve in %s (shared %v) returned a memory of scope %s", mod, shared, want)
				}
				checks++
			}
			scopes := []string{mod}
			if shared {
				scopes = append(scopes, memory.SharedScope)
			}
			hits, err := p.mem.Index().Search(ctx, semantic.OwnerMemory, scopes, "fake-embed", vec[0], 50)
			if err != nil {
				fail(step, "search: %v", err)
			}
			for _, h := range hits {
				want, ok := p.scope[h.ID]
				if !ok || !slices.Contains(scopes, want) {
					fail(step, "vector search in %v returned %s (scope %q, held %v)", scopes, h.ID, want, ok)
				}
				checks++
			}
		}
	}
	if checks == 0 {
		t.Fatalf("seed %d: no retrieval returned anything; the test checked nothing", s)
	}
}
