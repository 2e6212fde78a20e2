package semantic

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"hearth/backend/store"
)

// Benchmark scale: one profile with 100k document chunks and 10k memories,
// all in one module (the worst case: scopes filter nothing).
const (
	benchChunks   = 100_000
	benchMemories = 10_000
	benchQueries  = 300
	benchK        = 20
)

type vecFixture struct {
	db      *store.DB
	idx     *Index
	queries [][]float32
	load    time.Duration // first search: reading every chunk vector into memory
	perVec  float64       // bytes on disk per stored vector (table and index pages)
}

var (
	vecFixtures  = map[int]*vecFixture{}
	vecFixtureMu sync.Mutex
)

// clustered makes n unit vectors around 500 topics, as real embeddings
// cluster by subject.
func clustered(r *rand.Rand, n, dim int, centers [][]float32) [][]float32 {
	out := make([][]float32, n)
	for i := range out {
		c := centers[r.Intn(len(centers))]
		v := make([]float32, dim)
		var norm float64
		for j := range v {
			v[j] = c[j] + float32(r.NormFloat64()*0.6/math.Sqrt(float64(dim)))
			norm += float64(v[j]) * float64(v[j])
		}
		for j := range v {
			v[j] /= float32(math.Sqrt(norm))
		}
		out[i] = v
	}
	return out
}

func benchFixture(b *testing.B, dim int) *vecFixture {
	b.Helper()
	vecFixtureMu.Lock()
	defer vecFixtureMu.Unlock()
	if f := vecFixtures[dim]; f != nil {
		return f
	}
	ctx := context.Background()
	dir, err := os_MkdirTemp()
	if err != nil {
		b.Fatal(err)
	}
	key := make([]byte, 32)
	db, err := store.Open(ctx, filepath.Join(dir, "hearth.db"), key, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewSource(int64(dim)))
	centers := clustered(r, 500, dim, [][]float32{make([]float32, dim)})
	for i := range centers { // spread the centres: random directions
		for j := range centers[i] {
			centers[i][j] = float32(r.NormFloat64())
		}
	}
	centers = clustered(r, 500, dim, centers)
	put := func(owner string, n int) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		for i, v := range clustered(r, n, dim, centers) {
			if err := put(ctx, tx, owner, fmt.Sprintf("%s-%06d", owner, i), "kitchen", "bench-model", v); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	put(OwnerChunk, benchChunks)
	put(OwnerMemory, benchMemories)
	f := &vecFixture{db: db, idx: New(db), queries: clustered(r, benchQueries, dim, centers)}
	var bytes int64
	if err := db.QueryRowContext(ctx, `SELECT sum(pgsize) FROM dbstat WHERE name IN ('vectors', 'vectors_model', 'sqlite_autoindex_vectors_1')`).Scan(&bytes); err != nil {
		b.Fatal(err)
	}
	f.perVec = float64(bytes) / (benchChunks + benchMemories)
	start := time.Now()
	if _, err := f.idx.Search(ctx, OwnerChunk, []string{"kitchen"}, "bench-model", f.queries[0], 1); err != nil {
		b.Fatal(err)
	}
	f.load = time.Since(start)
	if _, err := f.idx.Search(ctx, OwnerMemory, []string{"kitchen"}, "bench-model", f.queries[0], 1); err != nil {
		b.Fatal(err)
	}
	vecFixtures[dim] = f
	return f
}

func p95(ds []time.Duration) time.Duration {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)*95/100]
}

// BenchmarkTurnSearch is the vector part of retrieval for one turn at
// 100k chunks + 10k memories: one search over the chunks and one over the
// memories of the module and shared scopes (the query embedding
// excluded). It reports p95 in ms and the bytes one stored vector takes.
func BenchmarkTurnSearch(b *testing.B) {
	for _, dim := range []int{384, 768} {
		b.Run(fmt.Sprintf("turn/dim=%d", dim), func(b *testing.B) {
			f := benchFixture(b, dim)
			ctx := context.Background()
			scopes := []string{"kitchen", "shared"}
			var ds, cpu []time.Duration
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				q := f.queries[i%len(f.queries)]
				start, c0 := time.Now(), threadCPU()
				if _, err := f.idx.Search(ctx, OwnerChunk, scopes, "bench-model", q, benchK); err != nil {
					b.Fatal(err)
				}
				if _, err := f.idx.Search(ctx, OwnerMemory, scopes, "bench-model", q, benchK); err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(start))
				cpu = append(cpu, threadCPU()-c0)
			}
			b.ReportMetric(float64(p95(ds).Microseconds())/1000, "p95-ms")
			b.ReportMetric(float64(p95(cpu).Microseconds())/1000, "cpu-p95-ms")
			b.ReportMetric(float64(dim+4), "vec-bytes")
			b.ReportMetric(f.perVec, "disk-bytes/vec")
			b.ReportMetric(float64(f.load.Milliseconds()), "load-ms")
		})
		b.Run(fmt.Sprintf("recall/dim=%d", dim), func(b *testing.B) {
			f := benchFixture(b, dim)
			c, err := f.idx.cache(context.Background(), OwnerChunk)
			if err != nil {
				b.Fatal(err)
			}
			recall := 0.0
			for i := 0; i < b.N; i++ {
				qv, _ := quantise(f.queries[i%len(f.queries)])
				all := make([]int32, len(c.entries))
				for j := range all {
					all[j] = int32(j)
				}
				recall += overlap(search(c.entries, c.groups[group{"bench-model", "kitchen"}], qv, benchK), rank(c.entries, all, qv, benchK))
			}
			b.ReportMetric(recall/float64(b.N), "recall@20")
		})
		b.Run(fmt.Sprintf("brute-exact/dim=%d", dim), func(b *testing.B) {
			f := benchFixture(b, dim)
			c, err := f.idx.cache(context.Background(), OwnerChunk)
			if err != nil {
				b.Fatal(err)
			}
			all := make([]int32, len(c.entries))
			for j := range all {
				all[j] = int32(j)
			}
			var ds []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				qv, _ := quantise(f.queries[i%len(f.queries)])
				start := time.Now()
				rank(c.entries, all, qv, benchK)
				ds = append(ds, time.Since(start))
			}
			b.ReportMetric(float64(p95(ds).Microseconds())/1000, "p95-ms")
		})
	}
}

func overlap(a, b []Hit) float64 {
	in := map[string]bool{}
	for _, h := range b {
		in[h.ID] = true
	}
	n := 0
	for _, h := range a {
		if in[h.ID] {
			n++
		}
	}
	return float64(n) / float64(len(b))
}
