package memory_test

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"hearth/backend/chat"
	"hearth/backend/memory"
	"hearth/backend/module"
	"hearth/backend/semantic"
	"hearth/backend/store"
)

// Fixture size: one profile at the target scale.
const (
	benchSessionsPerModule = 400 // x 5 modules x 50 = 100,000 messages
	benchMessagesPerSess   = 50
	benchMemories          = 10000
	benchVocab             = 20000
)

type benchFixture struct {
	db     *store.DB
	chat   *chat.Store
	mem    *memory.Service
	vocab  []string
	mods   []string
	newest map[string]string // module -> newest session id
	oldest map[string]string // module -> least recently active session id
}

// vocabulary makes pronounceable pseudo-words; the corpus draws from them
// with a Zipf distribution, like natural text.
func vocabulary(r *rand.Rand) []string {
	syl := []string{"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "pe", "da", "gor", "lin", "ber", "tam", "sul", "fen"}
	seen := map[string]bool{}
	var out []string
	for len(out) < benchVocab {
		var b strings.Builder
		for range 2 + r.Intn(3) {
			b.WriteString(syl[r.Intn(len(syl))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func sentence(r *rand.Rand, z *rand.Zipf, vocab []string, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = vocab[z.Uint64()]
	}
	return strings.Join(w, " ")
}

// buildFixture bulk-inserts the profile in one transaction with prepared
// statements (the FTS triggers index as it goes).
func buildFixture(b *testing.B) *benchFixture {
	ctx := context.Background()
	start := time.Now()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "hearth.db"), make([]byte, 32), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := module.NewService(db, time.Now).Seed(ctx); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewSource(1))
	z := rand.NewZipf(r, 1.1, 1, benchVocab-1)
	f := &benchFixture{db: db, chat: chat.NewStore(db, time.Now), mem: memory.NewService(db, time.Now),
		vocab: vocabulary(r), mods: []string{"general", "tutor", "kitchen", "writer", "planner"}, newest: map[string]string{}, oldest: map[string]string{}}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	insSess, _ := tx.PrepareContext(ctx, `INSERT INTO sessions(id, module_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`)
	insMsg, _ := tx.PrepareContext(ctx, `INSERT INTO messages(id, session_id, module_id, role, content, model, created_at)
		VALUES (?, ?, ?, ?, ?, 'bench', ?)`)
	insMem, _ := tx.PrepareContext(ctx, `INSERT INTO memories(id, scope, origin_module, text, kind, sensitivity, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	insHist, _ := tx.PrepareContext(ctx, `INSERT INTO memory_history(memory_id, action, new_text, new_scope, at) VALUES (?, 'add', ?, ?, ?)`)
	t := time.Now().Add(-365 * 24 * time.Hour).UnixMilli()
	for i := range benchSessionsPerModule * len(f.mods) {
		mod := f.mods[i%len(f.mods)]
		sid := store.NewID()
		t += 1000
		if _, err := insSess.ExecContext(ctx, sid, mod, sentence(r, z, f.vocab, 4), t, t+benchMessagesPerSess); err != nil {
			b.Fatal(err)
		}
		f.newest[mod] = sid
		if f.oldest[mod] == "" {
			f.oldest[mod] = sid
		}
		for j := range benchMessagesPerSess {
			role := []string{"user", "assistant"}[j%2]
			n := 8 + r.Intn(20)
			if role == "assistant" {
				n = 30 + r.Intn(60)
			}
			if _, err := insMsg.ExecContext(ctx, store.NewID(), sid, mod, role, sentence(r, z, f.vocab, n), t+int64(j)); err != nil {
				b.Fatal(err)
			}
		}
	}
	kinds := []string{memory.KindFact, memory.KindFact, memory.KindPreference, memory.KindInstruction}
	for i := range benchMemories {
		scope := f.mods[i%len(f.mods)]
		if i%10 == 0 {
			scope = memory.SharedScope
		}
		sens := memory.Normal
		if i%17 == 0 {
			sens = memory.Sensitive
		}
		id, text := store.NewID(), sentence(r, z, f.vocab, 5+r.Intn(12))
		mt := t - int64(r.Intn(180*24*3600*1000))
		if _, err := insMem.ExecContext(ctx, id, scope, f.mods[i%len(f.mods)], text, kinds[i%len(kinds)], sens, mt, mt); err != nil {
			b.Fatal(err)
		}
		if _, err := insHist.ExecContext(ctx, id, text, scope, mt); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	// The app writes memories through the Service, which compacts the
	// memory index every 16 writes; bulk SQL inserts do not. Compact, then
	// make the 15 writes that leave the index in its worst state before
	// the next compaction.
	if err := f.mem.Compact(ctx); err != nil {
		b.Fatal(err)
	}
	for i := range 15 {
		if _, err := f.mem.Add(ctx, f.mods[i%len(f.mods)], memory.Memory{Text: sentence(r, z, f.vocab, 5+r.Intn(12))}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
	b.Logf("fixture: %d messages, %d memories (+15 through the Service) in %v", benchSessionsPerModule*len(f.mods)*benchMessagesPerSess, benchMemories, time.Since(start).Round(time.Millisecond))
	return f
}

// measure runs op b.N times and reports the 50th and 95th percentile.
func measure(b *testing.B, op func(i int) error) {
	b.Helper()
	d := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		t0 := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	ms := func(q float64) float64 { return float64(d[int(q*float64(len(d)-1))].Microseconds()) / 1000 }
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.95), "p95-ms")
}

// BenchmarkProfile100k measures the targets on one profile with
// 100k messages and 10k memories: switching module (p95 <= 5 ms), context
// assembly for a turn (<= 10 ms) and search (<= 30 ms); also opening the
// least recently active session of a module.
func BenchmarkProfile100k(b *testing.B) {
	ctx := context.Background()
	f := buildFixture(b)
	b.Run("SwitchModule", func(b *testing.B) {
		measure(b, func(i int) error {
			mod := f.mods[i%len(f.mods)]
			sessions, err := f.chat.ListSessions(ctx, mod, 50, 0)
			if err != nil || len(sessions) != 50 {
				return fmt.Errorf("list sessions: %d, %v", len(sessions), err)
			}
			msgs, err := f.chat.Messages(ctx, mod, sessions[0].ID, 50)
			if err != nil || len(msgs) != 50 {
				return fmt.Errorf("messages: %d, %v", len(msgs), err)
			}
			_, err = f.mem.Counts(ctx)
			return err
		})
	})
	// Continuing an old conversation: its last 50 messages, the module's
	// other 19,950 messages being newer.
	b.Run("OpenOldSession", func(b *testing.B) {
		measure(b, func(i int) error {
			mod := f.mods[i%len(f.mods)]
			msgs, err := f.chat.Messages(ctx, mod, f.oldest[mod], 50)
			if err != nil || len(msgs) != 50 {
				return fmt.Errorf("messages: %d, %v", len(msgs), err)
			}
			return nil
		})
	})
	b.Run("ContextAssembly", func(b *testing.B) {
		r := rand.New(rand.NewSource(2))
		z := rand.NewZipf(r, 1.1, 1, benchVocab-1)
		queries := make([]string, 256)
		for i := range queries {
			queries[i] = sentence(r, z, f.vocab, 8+r.Intn(20))
		}
		measure(b, func(i int) error {
			mod := f.mods[i%len(f.mods)]
			got, err := f.mem.Retrieve(ctx, mod, queries[i%len(queries)],
				memory.RetrieveOptions{IncludeShared: true, TokenBudget: 1000, Limit: 20})
			if err != nil || len(got.Memories) == 0 {
				return fmt.Errorf("retrieve: %d, %v", len(got.Memories), err)
			}
			_, err = f.chat.Messages(ctx, mod, f.newest[mod], 20)
			return err
		})
	})
	// The same with retrieval by meaning: every memory has a 384-dimension
	// vector, and the turn's query vector (its embedding call excluded) is
	// fused with BM25.
	b.Run("ContextAssemblyHybrid", func(b *testing.B) {
		r := rand.New(rand.NewSource(4))
		z := rand.NewZipf(r, 1.1, 1, benchVocab-1)
		unit := func() []float32 {
			v := make([]float32, 384)
			for j := range v {
				v[j] = float32(r.NormFloat64())
			}
			return v
		}
		rows, err := f.mem.Index().Count(ctx, semantic.OwnerMemory, "bench-embed")
		if err != nil {
			b.Fatal(err)
		}
		if rows == 0 {
			list, err := f.db.QueryContext(ctx, `SELECT id, scope FROM memories`)
			if err != nil {
				b.Fatal(err)
			}
			type row struct{ id, scope string }
			var all []row
			for list.Next() {
				var x row
				if err := list.Scan(&x.id, &x.scope); err != nil {
					b.Fatal(err)
				}
				all = append(all, x)
			}
			list.Close()
			for _, x := range all {
				if err := f.mem.Index().Put(ctx, semantic.OwnerMemory, x.id, x.scope, "bench-embed", unit()); err != nil {
					b.Fatal(err)
				}
			}
		}
		queries := make([]string, 256)
		vecs := make([][]float32, len(queries))
		for i := range queries {
			queries[i] = sentence(r, z, f.vocab, 8+r.Intn(20))
			vecs[i] = unit()
		}
		measure(b, func(i int) error {
			mod := f.mods[i%len(f.mods)]
			got, err := f.mem.Retrieve(ctx, mod, queries[i%len(queries)], memory.RetrieveOptions{IncludeShared: true,
				TokenBudget: 1000, Limit: 20, QueryVector: vecs[i%len(vecs)], Model: "bench-embed", MinSimilarity: -1})
			if err != nil || len(got.Memories) == 0 {
				return fmt.Errorf("retrieve: %d, %v", len(got.Memories), err)
			}
			_, err = f.chat.Messages(ctx, mod, f.newest[mod], 20)
			return err
		})
	})
	search := func(lo, hi int) func(b *testing.B) {
		return func(b *testing.B) {
			r := rand.New(rand.NewSource(3))
			measure(b, func(i int) error {
				q := f.vocab[lo+r.Intn(hi-lo)]
				if i%4 == 0 { // two-term queries too
					q += " " + f.vocab[lo+r.Intn(hi-lo)]
				}
				filter := ""
				if i%2 == 1 {
					filter = f.mods[i%len(f.mods)]
				}
				_, err := f.chat.Search(ctx, q, filter, 20)
				return err
			})
		}
	}
	// Words a person would look for: not among the 100 most frequent.
	b.Run("Search", search(100, benchVocab))
	// Worst case: the most frequent words match most of the 100k messages.
	b.Run("SearchCommonWords", search(0, 20))
}
