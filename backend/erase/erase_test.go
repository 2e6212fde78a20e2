package erase_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"hearth/backend/chat"
	"hearth/backend/docs"
	"hearth/backend/exchange"
	"hearth/backend/memory"
	"hearth/backend/module"
	"hearth/backend/semantic"
	"hearth/backend/store"
	"hearth/backend/store/storetest"
)

// Canaries: tokens sharing no prefix with each other or the filler, so
// FTS5's prefix compression stores each whole; mixed case, because the
// index keeps them lowercased.
const (
	msgCanary = "Zqxmarzipanvault"
	memCanary = "Vyquokkaberrywhistle"
	docCanary = "Jubbergoosetrellis"
)

// profile is one fresh plain (unencrypted, so its files can be searched)
// profile holding a custom module "doomed" with a session, a message
// (msgCanary) and a memory (memCanary), and filler elsewhere.
type profile struct {
	db      *store.DB
	chat    *chat.Store
	memory  *memory.Service
	modules *module.Service
	session chat.Session
	message chat.Message
	mem     memory.Memory
	vecBlob []byte // the stored bytes of mem's vector
	docs    *docs.Service
	doc     docs.Document // holds docCanary
}

// canaryVector is a vector whose stored bytes (int8 components) appear
// nowhere else: a canary for the vector of the doomed memory.
func canaryVector() []float32 {
	v := make([]float32, 96)
	for i := range v {
		v[i] = float32((i*37+11)%251 - 125)
	}
	return v
}

func newProfile(t *testing.T) *profile {
	t.Helper()
	ctx := context.Background()
	db := storetest.OpenWith(t, storetest.Config{Options: store.Options{Plain: true}})
	p := &profile{db: db, chat: chat.NewStore(db, time.Now), memory: memory.NewService(db, time.Now), modules: module.NewService(db, time.Now)}
	if err := p.modules.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := p.modules.Create(ctx, module.Module{ID: "doomed", Name: "Doomed"}); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var err error
	p.session, err = p.chat.CreateSession(ctx, "doomed", "Trip")
	must(err)
	p.message, err = p.chat.AddMessage(ctx, "doomed", chat.Message{SessionID: p.session.ID, Role: "user", Content: "Remember the " + msgCanary + " code"})
	must(err)
	p.mem, err = p.memory.Add(ctx, "doomed", memory.Memory{Text: "Likes " + memCanary + " jam"})
	must(err)
	p.docs = docs.NewService(db, time.Now, docs.Options{})
	p.doc, err = p.docs.Add(ctx, "doomed", "jam.md", []byte("# Jam\n\nBoil the "+docCanary+" slowly."), docs.AddOptions{})
	must(err)
	_, err = p.docs.Add(ctx, "general", "bow.txt", []byte("Rosin the bow before scales."), docs.AddOptions{})
	must(err)
	// Filler that no delete touches keeps both indexes non-empty.
	kept, err := p.chat.CreateSession(ctx, "general", "Violin")
	must(err)
	_, err = p.chat.AddMessage(ctx, "general", chat.Message{SessionID: kept.ID, Role: "user", Content: "Scales in A minor"})
	must(err)
	violin, err := p.memory.Add(ctx, memory.SharedScope, memory.Memory{Text: "Plays the violin"})
	must(err)
	idx := semantic.New(db)
	must(idx.Put(ctx, semantic.OwnerMemory, p.mem.ID, "doomed", "m", canaryVector()))
	must(idx.Put(ctx, semantic.OwnerMemory, violin.ID, memory.SharedScope, "m", []float32{1, 2, 3}))
	p.vecBlob, err = semantic.Encode(canaryVector())
	must(err)
	return p
}

// vecTraces lists where the doomed memory's vector still is: its row,
// the decrypted pages, the database and WAL files.
func (p *profile) vecTraces(t *testing.T) []string {
	t.Helper()
	var where []string
	if p.count(t, `SELECT count(*) FROM vectors WHERE owner = 'memory' AND owner_id = ?`, p.mem.ID) > 0 {
		where = append(where, "vectors")
	}
	return append(where, storetest.BlobTraces(t, p.db, p.vecBlob[4:])...)
}

func (p *profile) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := p.db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// traces lists where canary still is: the search indexes, the decrypted
// pages, and the database and WAL files (storetest.Traces).
func (p *profile) traces(t *testing.T, canary string) []string {
	t.Helper()
	return storetest.Traces(t, p.db, canary, "messages_fts", "memories_fts", "chunks_fts")
}

// TestErase_EveryPathLeavesNoTrace runs every way the app deletes user
// text on a fresh profile (where nothing has switched FTS5 secure-delete
// on yet) and checks that the deleted words are in neither the search
// index, the database's pages, the database file nor the WAL, that the WAL
// was checkpointed and truncated, and that the delete was audited without
// its text. No checkpoint runs between the delete and the checks but the
// one the delete path itself makes.
func TestErase_EveryPathLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	both := []string{msgCanary, memCanary, docCanary}
	for _, tc := range []struct {
		name  string
		event string   // audit event
		gone  []string // canaries the delete removes
		del   func(p *profile) error
	}{
		{"chat.DeleteMessage", "message.delete", []string{msgCanary}, func(p *profile) error {
			return p.chat.DeleteMessage(ctx, "doomed", p.message.ID)
		}},
		{"chat.DeleteSession", "session.delete", []string{msgCanary}, func(p *profile) error {
			return p.chat.DeleteSession(ctx, "doomed", p.session.ID)
		}},
		{"memory.Forget", "memory.forget", []string{memCanary}, func(p *profile) error {
			return p.memory.Forget(ctx, "doomed", p.mem.ID)
		}},
		{"memory.ForgetModule", "memory.forget_module", []string{memCanary}, func(p *profile) error {
			return p.memory.ForgetModule(ctx, "doomed")
		}},
		{"memory.ForgetAll", "memory.forget_all", []string{memCanary}, func(p *profile) error {
			return p.memory.ForgetAll(ctx)
		}},
		{"memory.ApplyDirective", "memory.forget", []string{memCanary}, func(p *profile) error {
			_, err := p.memory.ApplyDirective(ctx, "doomed", memory.OpForget, memCanary, "", "")
			return err
		}},
		{"module.Delete", "module.delete", both, func(p *profile) error {
			return p.modules.Delete(ctx, "doomed")
		}},
		{"docs.Remove", "document.remove", []string{docCanary}, func(p *profile) error {
			return p.docs.Remove(ctx, "doomed", p.doc.ID)
		}},
		{"exchange.DeleteSession", "erase", []string{msgCanary}, func(p *profile) error {
			return exchange.DeleteSession(ctx, p.db, "doomed", p.session.ID)
		}},
		{"exchange.DeleteMemory", "erase", []string{memCanary}, func(p *profile) error {
			return exchange.DeleteMemory(ctx, p.db, "doomed", p.mem.ID)
		}},
		{"exchange.DeleteModuleMemories", "erase", []string{memCanary}, func(p *profile) error {
			_, err := exchange.DeleteModuleMemories(ctx, p.db, "doomed")
			return err
		}},
		{"exchange.DeleteModuleData", "erase", both, func(p *profile) error {
			_, err := exchange.DeleteModuleData(ctx, p.db, "doomed")
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProfile(t)
			for _, fts := range []string{"messages_fts", "memories_fts"} {
				if v := p.count(t, `SELECT coalesce((SELECT v FROM `+fts+`_config WHERE k = 'secure-delete'), 0)`); v != 0 {
					t.Fatalf("control: %s secure-delete is %d on a fresh profile; this test needs it off", fts, v)
				}
			}
			// Control: every scan finds the canaries before the delete.
			if _, err := p.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
				t.Fatal(err)
			}
			for _, c := range both {
				if got := strings.Join(p.traces(t, c), ","); !strings.Contains(got, "_fts") || !strings.Contains(got, "pages") || !strings.Contains(got, "hearth.db") {
					t.Fatalf("control: %s found only in %q", c, got)
				}
			}
			if got := strings.Join(p.vecTraces(t), ","); !strings.Contains(got, "vectors") || !strings.Contains(got, "pages") || !strings.Contains(got, "hearth.db") {
				t.Fatalf("control: the memory's vector found only in %q", got)
			}
			audits := p.count(t, `SELECT count(*) FROM audit_log WHERE event = ?`, tc.event)

			if err := tc.del(p); err != nil {
				t.Fatal(err)
			}

			for _, c := range tc.gone {
				if where := p.traces(t, c); len(where) > 0 {
					t.Errorf("deleted text %s is still in %v", c, where)
				}
				if where := p.vecTraces(t); c == memCanary && len(where) > 0 {
					t.Errorf("the deleted memory's vector is still in %v", where)
				}
			}
			if fi, err := os.Stat(p.db.Path() + "-wal"); err == nil && fi.Size() != 0 {
				t.Errorf("the WAL holds %d bytes after the delete: it was not checkpointed and truncated", fi.Size())
			}
			if n := p.count(t, `SELECT count(*) FROM audit_log WHERE event = ?`, tc.event); n != audits+1 {
				t.Errorf("audit entries %q: %d, want %d", tc.event, n, audits+1)
			}
			for _, c := range both {
				if n := p.count(t, `SELECT count(*) FROM audit_log WHERE instr(lower(detail), ?) > 0`, strings.ToLower(c)); n != 0 {
					t.Errorf("the audit log holds %s", c)
				}
			}
			// What the delete was not about stays, searchable.
			if n := p.count(t, `SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'rosin'`); n != 1 {
				t.Errorf("kept document searchable: %d", n)
			}
			if n := p.count(t, `SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'scales'`); n != 1 {
				t.Errorf("kept message searchable: %d", n)
			}
			if n := p.count(t, `SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'violin'`); n != 1 && tc.name != "memory.ForgetAll" {
				t.Errorf("kept shared memory searchable: %d", n)
			}
		})
	}
}
