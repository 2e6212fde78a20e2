package docs_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"hearth/backend/docs"
	"hearth/backend/store"
)

// fillChunks stores n chunks of ~60 words each in documents of 100 chunks,
// spread over 5 modules and the shared scope. Words follow a Zipf law over
// a 20,000-word vocabulary, as in prose: a few very common, most rare.
func fillChunks(b *testing.B, p *profile, n int) []string {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	zipf := rand.NewZipf(rng, 1.1, 1, 19_999)
	word := func() string { return fmt.Sprintf("w%d", zipf.Uint64()) }
	scopes := []string{"general", "tutor", "kitchen", "writer", "planner", docs.SharedScope}
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	insDoc, err := tx.PrepareContext(ctx, `INSERT INTO documents (id, scope, origin_module, name, kind, chunks, created_at) VALUES (?, ?, ?, ?, 'text', 100, 1)`)
	if err != nil {
		b.Fatal(err)
	}
	insChunk, err := tx.PrepareContext(ctx, `INSERT INTO chunks (id, document_id, scope, ord, text) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	var sample []string
	var doc, scope string
	for i := 0; i < n; i++ {
		if i%100 == 0 {
			doc, scope = store.NewID(), scopes[(i/100)%len(scopes)]
			if _, err := insDoc.ExecContext(ctx, doc, scope, "kitchen", fmt.Sprintf("doc-%d.txt", i/100)); err != nil {
				b.Fatal(err)
			}
		}
		ws := make([]string, 60)
		for j := range ws {
			ws[j] = word()
		}
		if i%1000 == 0 {
			sample = append(sample, strings.Join(ws[:8], " "))
		}
		if _, err := insChunk.ExecContext(ctx, store.NewID(), doc, scope, i%100, strings.Join(ws, " ")); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := p.db.ExecContext(ctx, `INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')`); err != nil {
		b.Fatal(err)
	}
	return sample
}

// BenchmarkRetrieve100kChunks is a turn's keyword retrieval of passages
// (the query vector is not part of it) in a profile holding 100,000 chunks:
// BM25 over the rarest words of an 8-word question, in one module plus the
// shared scope. It reports the 95th percentile as p95-ms.
func BenchmarkRetrieve100kChunks(b *testing.B) {
	ctx := context.Background()
	p := newProfile(b, false)
	questions := fillChunks(b, p, 100_000)
	var times []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		got, err := p.docs.Retrieve(ctx, "kitchen", questions[i%len(questions)], docs.RetrieveOptions{IncludeShared: true})
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		_ = got
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
}
