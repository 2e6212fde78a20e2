// Package isolation_test is the property test of the isolation guarantee:
// random interleavings of operations over several profiles and modules,
// checked against a simple in-memory model of who may see what. A leak
// (another module's or profile's row being returned) or a lost item fails
// the test, which prints its seed; rerun with -seed N or HEARTH_SEED=N.
package isolation_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"hearth/backend/chat"
	"hearth/backend/docs"
	"hearth/backend/memory"
	"hearth/backend/module"
	"hearth/backend/store"
	"hearth/backend/store/storetest"
)

var (
	seedFlag = flag.Uint64("seed", 0, "seed for TestIsolation (0: HEARTH_SEED or random)")
	opsFlag  = flag.Int("ops", 10000, "operations in TestIsolation")
)

const (
	nProfiles = 3
	vocabSize = 300
)

var modules = []string{"general", "tutor", "kitchen", "writer"}

type msgRec struct {
	module, session string
	words           []string
}

type memRec struct {
	scope string
	words []string
}

type docRec struct {
	scope, origin string
	words         []string
	chunks        []string
}

// profile is one open database plus the model of what it holds.
type profile struct {
	db    *store.DB
	chat  *chat.Store
	mem   *memory.Service
	docs  *docs.Service
	sess  map[string]string   // session id -> module
	order map[string][]string // session id -> message ids, oldest first
	msgs  map[string]msgRec
	mems  map[string]memRec
	dcs   map[string]docRec
	// Insertion-ordered id lists, so choices do not depend on map order.
	sessIDs, memIDs, docIDs []string
}

type world struct {
	t        *testing.T
	ctx      context.Context
	rng      *rand.Rand
	seed     uint64
	step     int
	profiles []*profile
	cur      int    // open profile
	mod      string // current module
	// every id ever created, for probing from the wrong place
	allSess, allMsgs, allMems, allDocs, allChunks []string
}

func (w *world) fail(format string, args ...any) {
	w.t.Helper()
	w.t.Fatalf("seed %d, step %d: %s", w.seed, w.step, fmt.Sprintf(format, args...))
}

func (w *world) p() *profile { return w.profiles[w.cur] }

func (w *world) words(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("w%03d", w.rng.IntN(vocabSize))
	}
	return out
}

func pick[T any](r *rand.Rand, s []T) (T, bool) {
	var zero T
	if len(s) == 0 {
		return zero, false
	}
	return s[r.IntN(len(s))], true
}

func seed(t *testing.T) uint64 {
	if *seedFlag != 0 {
		return *seedFlag
	}
	if s := os.Getenv("HEARTH_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("HEARTH_SEED: %v", err)
		}
		return n
	}
	return rand.Uint64()
}

func TestIsolation(t *testing.T) {
	ctx := context.Background()
	w := &world{t: t, ctx: ctx, seed: seed(t), mod: modules[0]}
	w.rng = rand.New(rand.NewPCG(w.seed, w.seed^0x9e3779b97f4a7c15))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("reproduce with: go test ./backend/isolation -run TestIsolation -seed %d", w.seed)
		}
	})
	for range nProfiles {
		// Plain: isolation is enforced by the SQL, not by the cipher (the
		// store's own tests cover encryption), and under -race the
		// instrumented cipher would dominate the run time.
		db := storetest.OpenWith(t, storetest.Config{Options: store.Options{Plain: true}})
		now := fakeClock()
		if err := module.NewService(db, now).Seed(ctx); err != nil {
			t.Fatal(err)
		}
		w.profiles = append(w.profiles, &profile{db: db, chat: chat.NewStore(db, now), mem: memory.NewService(db, now),
			docs: docs.NewService(db, now, docs.Options{}),
			sess: map[string]string{}, order: map[string][]string{}, msgs: map[string]msgRec{}, mems: map[string]memRec{},
			dcs: map[string]docRec{}})
	}
	ops := []struct {
		weight int
		run    func()
	}{
		// Reads outweigh writes: leaks show on reads, and writes are what
		// costs time under -race.
		{6, w.createSession}, {12, w.addTurn}, {8, w.addMemory}, {5, w.updateMemory},
		{4, w.share}, {4, w.unshare}, {3, w.forget}, {10, w.searchMessages}, {6, w.searchMemories},
		{22, w.probe}, {3, w.retrieve}, {6, w.switchModule}, {4, w.switchProfile},
		{4, w.addDoc}, {2, w.removeDoc}, {2, w.shareDoc}, {5, w.retrieveDocs}, {6, w.probeDoc},
	}
	total := 0
	for _, o := range ops {
		total += o.weight
	}
	for w.step = 0; w.step < *opsFlag; w.step++ {
		n := w.rng.IntN(total)
		for _, o := range ops {
			if n -= o.weight; n < 0 {
				o.run()
				break
			}
		}
		if w.step%2500 == 2499 {
			w.checkAll(false)
		}
	}
	w.checkAll(true)
}

func fakeClock() func() time.Time {
	t := time.UnixMilli(1_700_000_000_000)
	return func() time.Time { t = t.Add(time.Millisecond); return t }
}

func (w *world) switchModule()  { w.mod, _ = pick(w.rng, modules) }
func (w *world) switchProfile() { w.cur = w.rng.IntN(nProfiles) }

func (w *world) createSession() {
	p := w.p()
	s, err := p.chat.CreateSession(w.ctx, w.mod, strings.Join(w.words(2), " "))
	if err != nil {
		w.fail("create session: %v", err)
	}
	p.sess[s.ID] = w.mod
	p.sessIDs = append(p.sessIDs, s.ID)
	w.allSess = append(w.allSess, s.ID)
}

// addTurn stores a user and an assistant message, usually in a session of
// the current module, sometimes in a foreign one (which must fail).
func (w *world) addTurn() {
	p := w.p()
	var sid string
	if w.rng.IntN(10) == 0 {
		sid, _ = pick(w.rng, w.allSess)
	} else {
		var mine []string
		for _, id := range p.sessIDs { // small: a few hundred
			if p.sess[id] == w.mod {
				mine = append(mine, id)
			}
		}
		sid, _ = pick(w.rng, mine)
	}
	if sid == "" {
		return
	}
	visible := p.sess[sid] == w.mod
	for _, role := range []string{"user", "assistant"} {
		words := w.words(3 + w.rng.IntN(4))
		m, err := p.chat.AddMessage(w.ctx, w.mod, chat.Message{SessionID: sid, Role: role, Content: strings.Join(words, " ")})
		if !visible {
			if !errors.Is(err, chat.ErrNotFound) {
				w.fail("add message to a foreign session: %v", err)
			}
			return
		}
		if err != nil {
			w.fail("add message: %v", err)
		}
		p.msgs[m.ID] = msgRec{module: w.mod, session: sid, words: words}
		p.order[sid] = append(p.order[sid], m.ID)
		w.allMsgs = append(w.allMsgs, m.ID)
	}
}

func (w *world) addMemory() {
	p := w.p()
	scope := w.mod
	if w.rng.IntN(5) == 0 {
		scope = memory.SharedScope
	}
	words := w.words(2 + w.rng.IntN(4))
	m, err := p.mem.Add(w.ctx, scope, memory.Memory{Text: strings.Join(words, " "), OriginModule: w.mod})
	if err != nil {
		w.fail("add memory: %v", err)
	}
	p.mems[m.ID] = memRec{scope: scope, words: words}
	p.memIDs = append(p.memIDs, m.ID)
	w.allMems = append(w.allMems, m.ID)
}

// memTarget picks a memory id: mostly one of the open profile's, else any
// ever created (possibly forgotten, possibly another profile's).
func (w *world) memTarget() string {
	if w.rng.IntN(3) > 0 {
		id, _ := pick(w.rng, w.p().memIDs)
		return id
	}
	id, _ := pick(w.rng, w.allMems)
	return id
}

func (w *world) scopeFor() string {
	if w.rng.IntN(4) == 0 {
		return memory.SharedScope
	}
	return w.mod
}

func (w *world) inScope(id, scope string) bool {
	r, ok := w.p().mems[id]
	return ok && r.scope == scope
}

func expectErr(w *world, what string, visible bool, err, notFound error) {
	w.t.Helper()
	if visible && err != nil {
		w.fail("%s: %v", what, err)
	}
	if !visible && !errors.Is(err, notFound) {
		w.fail("%s: want not found, got %v (leak)", what, err)
	}
}

func (w *world) updateMemory() {
	id, scope := w.memTarget(), w.scopeFor()
	if id == "" {
		return
	}
	words := w.words(2 + w.rng.IntN(3))
	_, err := w.p().mem.Update(w.ctx, scope, id, strings.Join(words, " "), "", "")
	ok := w.inScope(id, scope)
	expectErr(w, "update memory", ok, err, memory.ErrNotFound)
	if ok {
		w.p().mems[id] = memRec{scope: scope, words: words}
	}
}

func (w *world) share() {
	id := w.memTarget()
	if id == "" {
		return
	}
	_, err := w.p().mem.Share(w.ctx, w.mod, id)
	ok := w.inScope(id, w.mod)
	expectErr(w, "share memory", ok, err, memory.ErrNotFound)
	if ok {
		r := w.p().mems[id]
		r.scope = memory.SharedScope
		w.p().mems[id] = r
	}
}

func (w *world) unshare() {
	id := w.memTarget()
	if id == "" {
		return
	}
	m, err := w.p().mem.Unshare(w.ctx, id)
	ok := w.inScope(id, memory.SharedScope)
	expectErr(w, "unshare memory", ok, err, memory.ErrNotFound)
	if ok {
		r := w.p().mems[id]
		r.scope = m.Scope // its origin module, checked by the next full check
		if !slices.Contains(modules, m.Scope) {
			w.fail("unshare moved memory to %q", m.Scope)
		}
		w.p().mems[id] = r
	}
}

func (w *world) forget() {
	id, scope := w.memTarget(), w.scopeFor()
	if id == "" {
		return
	}
	err := w.p().mem.Forget(w.ctx, scope, id)
	ok := w.inScope(id, scope)
	expectErr(w, "forget memory", ok, err, memory.ErrNotFound)
	if ok {
		p := w.p()
		delete(p.mems, id)
		i := slices.Index(p.memIDs, id)
		p.memIDs = slices.Delete(p.memIDs, i, i+1)
	}
}

func (w *world) searchMessages() {
	p, word := w.p(), w.words(1)[0]
	filter := w.mod
	if w.rng.IntN(3) == 0 {
		filter = ""
	}
	hits, err := p.chat.Search(w.ctx, word, filter, chat.MaxSearchResults)
	if err != nil {
		w.fail("search messages: %v", err)
	}
	got := map[string]bool{}
	for _, h := range hits {
		r, ok := p.msgs[h.MessageID]
		if !ok || filter != "" && r.module != filter || r.module != h.ModuleID || r.session != h.SessionID {
			w.fail("search %q in %q returned a message it may not see (leak): %+v", word, filter, h)
		}
		got[h.MessageID] = true
	}
	want := 0
	for id, r := range p.msgs {
		if (filter == "" || r.module == filter) && slices.Contains(r.words, word) {
			want++
			if !got[id] {
				w.fail("search %q in %q lost message %s", word, filter, id)
			}
		}
	}
	if want != len(got) {
		w.fail("search %q in %q: %d hits, model says %d", word, filter, len(got), want)
	}
}

func (w *world) searchMemories() {
	p, word, scope := w.p(), w.words(1)[0], w.scopeFor()
	got, err := p.mem.Search(w.ctx, scope, word, 200)
	if err != nil {
		w.fail("search memories: %v", err)
	}
	want := 0
	for _, r := range p.mems {
		if r.scope == scope && slices.Contains(r.words, word) {
			want++
		}
	}
	for _, m := range got {
		if !w.inScope(m.ID, scope) {
			w.fail("memory search in %q returned %s (leak)", scope, m.ID)
		}
	}
	if want != len(got) {
		w.fail("memory search %q in %q: %d hits, model says %d", word, scope, len(got), want)
	}
}

func (w *world) retrieve() {
	p := w.p()
	shared := w.rng.IntN(2) == 0
	r, err := p.mem.Retrieve(w.ctx, w.mod, strings.Join(w.words(3), " "), memory.RetrieveOptions{IncludeShared: shared, AllowSensitive: true})
	if err != nil {
		w.fail("retrieve: %v", err)
	}
	for _, m := range r.Memories {
		if !w.inScope(m.ID, w.mod) && !(shared && w.inScope(m.ID, memory.SharedScope)) {
			w.fail("retrieve for %q (shared %v) returned %s (leak)", w.mod, shared, m.ID)
		}
	}
}

// probe looks up a random id ever created from the open profile and the
// current module: it must be found exactly when the model says so.
func (w *world) probe() {
	p := w.p()
	switch w.rng.IntN(3) {
	case 0:
		id, ok := pick(w.rng, w.allSess)
		if !ok {
			return
		}
		_, err := p.chat.GetSession(w.ctx, w.mod, id)
		expectErr(w, "get session", p.sess[id] == w.mod, err, chat.ErrNotFound)
		_, err = p.chat.Messages(w.ctx, w.mod, id, 5)
		expectErr(w, "list messages", p.sess[id] == w.mod, err, chat.ErrNotFound)
	case 1:
		id, ok := pick(w.rng, w.allMsgs)
		if !ok {
			return
		}
		m, err := p.chat.GetMessage(w.ctx, w.mod, id)
		r, mine := p.msgs[id]
		expectErr(w, "get message", mine && r.module == w.mod, err, chat.ErrNotFound)
		if err == nil && m.Content != strings.Join(r.words, " ") {
			w.fail("message %s content differs from the model", id)
		}
	default:
		id, ok := pick(w.rng, w.allMems)
		if !ok {
			return
		}
		scope := w.scopeFor()
		m, err := p.mem.Get(w.ctx, scope, id)
		expectErr(w, "get memory", w.inScope(id, scope), err, memory.ErrNotFound)
		if err == nil && m.Text != strings.Join(p.mems[id].words, " ") {
			w.fail("memory %s text differs from the model", id)
		}
		_, err = p.mem.History(w.ctx, scope, id)
		expectErr(w, "memory history", w.inScope(id, scope), err, memory.ErrNotFound)
	}
}

// checkAll compares every module's sessions, messages and memories of
// every profile with the model: nothing lost, nothing extra. Between
// operations it compares the messages of a sample of sessions; at the end
// (full) all of them.
func (w *world) checkAll(full bool) {
	for pi, p := range w.profiles {
		counts, err := p.mem.Counts(w.ctx)
		if err != nil {
			w.fail("counts: %v", err)
		}
		wantCounts := map[string]int{}
		for _, r := range p.mems {
			wantCounts[r.scope]++
		}
		if fmt.Sprint(counts) != fmt.Sprint(wantCounts) {
			w.fail("profile %d counts %v, model %v", pi, counts, wantCounts)
		}
		for _, scope := range append(slices.Clone(modules), memory.SharedScope) {
			got, err := p.mem.List(w.ctx, scope, 100000, 0)
			if err != nil {
				w.fail("list memories: %v", err)
			}
			for _, m := range got {
				if r, ok := p.mems[m.ID]; !ok || r.scope != scope || m.Text != strings.Join(r.words, " ") {
					w.fail("profile %d scope %s lists memory %s the model does not have there", pi, scope, m.ID)
				}
			}
			if len(got) != wantCounts[scope] {
				w.fail("profile %d scope %s lists %d memories, model %d", pi, scope, len(got), wantCounts[scope])
			}
		}
		for _, mod := range modules {
			w.checkDocs(pi, p, mod)
		}
		for _, mod := range modules {
			got, err := p.chat.ListSessions(w.ctx, mod, chat.MaxPageSize, 0)
			if err != nil {
				w.fail("list sessions: %v", err)
			}
			n := 0
			for _, id := range p.sessIDs {
				if p.sess[id] == mod {
					n++
				}
			}
			if len(got) != n {
				w.fail("profile %d module %s lists %d sessions, model %d", pi, mod, len(got), n)
			}
			for si, s := range got {
				if p.sess[s.ID] != mod {
					w.fail("profile %d module %s lists foreign session %s (leak)", pi, mod, s.ID)
				}
				if !full && si%8 != 0 {
					continue
				}
				msgs, err := p.chat.Messages(w.ctx, mod, s.ID, 0)
				if err != nil {
					w.fail("messages: %v", err)
				}
				var ids []string
				for _, m := range msgs {
					ids = append(ids, m.ID)
				}
				if !slices.Equal(ids, p.order[s.ID]) {
					w.fail("profile %d session %s holds %d messages, model %d", pi, s.ID, len(ids), len(p.order[s.ID]))
				}
			}
		}
	}
}
