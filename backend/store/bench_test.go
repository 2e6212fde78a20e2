package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hearth/backend/store"
)

// Benchmarks compare the encrypting VFS with the plain unix VFS on the
// operations Hearth does most. See BENCHMARKS.md for results and the
// command that reproduces them.

var benchVariants = []struct {
	name string
	opts store.Options
}{
	{"plain", store.Options{Plain: true}},
	{"encrypted", store.Options{}},
}

// words is a small vocabulary; text draws from it with a skewed
// distribution so FTS terms have realistic, uneven posting lists.
var words = func() []string {
	base := strings.Fields(`garden tomato compost seedling prune rose spring water soil basil recipe oven flour butter
	sugar dough bake knead yeast bread essay draft paragraph thesis outline grammar verb noun clause algebra equation
	fraction triangle homework exam chapter history river mountain journey budget invoice travel ticket museum piano
	scale chord melody rhythm lesson cough fever doctor vitamin sleep running knee stretch`)
	var w []string
	for i := range 2000 {
		w = append(w, fmt.Sprintf("%s%d", base[i%len(base)], i/len(base)))
	}
	return append(base, w...)
}()

func sentence(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		// Quadratic skew: low indexes (the plain words) are common.
		x := r.Float64()
		b.WriteString(words[int(x*x*float64(len(words)))])
	}
	return b.String()
}

func openBench(b *testing.B, opts store.Options) *store.DB {
	b.Helper()
	db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "hearth.db"), testKey(11), opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := seed(context.Background(), db); err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkTurnWrite inserts one chat turn (user + assistant message, FTS
// rows, session touch) per iteration, committed; synchronous=NORMAL as in
// the app, and synchronous=FULL (an fsync per commit) for comparison.
func BenchmarkTurnWrite(b *testing.B) {
	ctx := context.Background()
	variants := benchVariants
	for _, v := range benchVariants {
		v.name += "-syncfull"
		v.opts.SyncFull = true
		variants = append(variants, v)
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			db := openBench(b, v.opts)
			r := rand.New(rand.NewPCG(1, 2))
			user, assistant := sentence(r, 30), sentence(r, 180)
			b.ResetTimer()
			for range b.N {
				if err := insertTurn(ctx, db, store.NewID(), user, assistant); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

const (
	corpusMessages = 100_000
	corpusSessions = 1_000
)

// buildCorpus fills db with 100k messages in 1,000 sessions.
func buildCorpus(b *testing.B, db *store.DB) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(7, 7))
	now := time.Now().UnixMilli()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	for s := range corpusSessions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions(id, module_id, created_at, updated_at) VALUES (?, ?, ?, ?)`, fmt.Sprintf("s%d", s), moduleID, now, now); err != nil {
			b.Fatal(err)
		}
	}
	for i := range corpusMessages {
		role, n := "user", 20
		if i%2 == 1 {
			role, n = "assistant", 90
		}
		// Conversations happen a session at a time: each session's turns
		// are mostly consecutive, with one in ten going to another session.
		s := i / (corpusMessages / corpusSessions)
		if r.IntN(10) == 0 {
			s = r.IntN(corpusSessions)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO messages(id, session_id, module_id, role, content, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			fmt.Sprintf("m%d", i), fmt.Sprintf("s%d", s), moduleID, role, sentence(r, n), now); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO messages_fts(messages_fts) VALUES ('optimize')`); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRead builds a 100k-message profile per variant, then measures an
// FTS search (top 20 by rank, with snippets) and loading a session's last
// 50 messages.
func BenchmarkRead(b *testing.B) {
	ctx := context.Background()
	for _, v := range benchVariants {
		db := openBench(b, v.opts)
		buildCorpus(b, db)

		b.Run("FTSSearch/"+v.name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(3, 4))
			b.ResetTimer()
			for range b.N {
				q := words[r.IntN(60)] + " " + words[r.IntN(60)]
				rows, err := db.QueryContext(ctx, `SELECT m.id, snippet(messages_fts, 0, '[', ']', '…', 12)
					FROM messages_fts JOIN messages m ON m.seq = messages_fts.rowid
					WHERE messages_fts MATCH ? AND m.module_id = ? ORDER BY rank LIMIT 20`, q, moduleID)
				if err != nil {
					b.Fatal(err)
				}
				drain(b, rows)
			}
		})
		b.Run("LoadLast50/"+v.name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(5, 6))
			b.ResetTimer()
			for range b.N {
				rows, err := db.QueryContext(ctx, `SELECT id, role, content, created_at FROM messages
					WHERE session_id = ? AND +module_id = ? ORDER BY seq DESC LIMIT 50`, fmt.Sprintf("s%d", r.IntN(corpusSessions)), moduleID)
				if err != nil {
					b.Fatal(err)
				}
				drain(b, rows)
			}
		})
	}
}

func drain(b *testing.B, rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) {
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	if n == 0 {
		b.Fatal("no rows")
	}
}
