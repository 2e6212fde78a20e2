package semantic

import (
	"container/heap"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"hearth/backend/store"
)

// Hit is one search result: the owner's id and its cosine similarity to the
// query (to quantisation), in [-1, 1].
type Hit struct {
	ID    string
	Score float32
}

// Index stores vectors in the profile database and searches them.
// Searches read from an in-memory snapshot of one owner's vectors,
// reloaded when vector_gen says the table changed; it is safe for
// concurrent use.
type Index struct {
	db         *store.DB
	stmts      *store.Stmts
	asyncAbove int // asyncReloadAbove; tests lower it
	mu         sync.Mutex
	caches     map[string]*ownerCache
}

type entry struct {
	id, scope, model string
	v                quantised
	sk               []uint64 // sign bits of v, for the prefilter
}

// snapshot is one owner's vectors as of generation gen; never modified.
type snapshot struct {
	gen     int64
	entries []entry
	groups  map[group][]int32 // entries by model and scope
}

type group struct{ model, scope string }

// ownerCache holds an owner's current snapshot. A snapshot of more than
// asyncReloadAbove vectors (document chunks, typically) is replaced in the
// background when the table changes, and searches use the old one until
// then (a re-embedding bumps the generation after every batch; reloading
// 100k vectors synchronously would stall each turn for seconds). Smaller
// ones are reloaded before the search, so a memory added a moment ago is
// found. Hits are ids: callers read the rows back with their scope named
// in SQL, so a stale snapshot can miss a new vector but never leak a row.
type ownerCache struct {
	load      sync.Mutex // one load at a time
	mu        sync.Mutex
	snap      *snapshot
	reloading bool
}

const asyncReloadAbove = 20_000

// New returns the index over db.
func New(db *store.DB) *Index {
	return &Index{db: db, stmts: store.NewStmts(db.DB), asyncAbove: asyncReloadAbove, caches: map[string]*ownerCache{}}
}

// Querier is a profile database or one of its transactions.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Put stores (or replaces) the vector of one memory or chunk.
func (x *Index) Put(ctx context.Context, owner, ownerID, scope, model string, vec []float32) error {
	return put(ctx, x.db, owner, ownerID, scope, model, vec)
}

func put(ctx context.Context, q Querier, owner, ownerID, scope, model string, vec []float32) error {
	if owner == "" || ownerID == "" || scope == "" || model == "" {
		return fmt.Errorf("put vector: owner, id, scope and model are required")
	}
	b, err := Encode(vec)
	if err != nil {
		return fmt.Errorf("put vector: %w", err)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO vectors(owner, owner_id, scope, model, vec) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT(owner, owner_id) DO UPDATE SET scope = excluded.scope, model = excluded.model, vec = excluded.vec`,
		owner, ownerID, scope, model, b); err != nil {
		return fmt.Errorf("put vector: %w", err)
	}
	return nil
}

// Delete removes the vector of one memory or chunk (none is not an error).
func (x *Index) Delete(ctx context.Context, owner, ownerID string) error {
	if _, err := x.db.ExecContext(ctx, `DELETE FROM vectors WHERE owner = ? AND owner_id = ?`, owner, ownerID); err != nil {
		return fmt.Errorf("delete vector: %w", err)
	}
	return nil
}

// Count is how many of owner's vectors were made by model.
func (x *Index) Count(ctx context.Context, owner, model string) (int, error) {
	var n int
	if err := x.db.QueryRowContext(ctx, `SELECT count(*) FROM vectors WHERE owner = ? AND model = ?`, owner, model).Scan(&n); err != nil {
		return 0, fmt.Errorf("count vectors: %w", err)
	}
	return n, nil
}

// Search returns up to k of owner's vectors in scopes made by model, most
// similar to query first. Vectors of other scopes or models are never hits.
func (x *Index) Search(ctx context.Context, owner string, scopes []string, model string, query []float32, k int) ([]Hit, error) {
	if k <= 0 || len(scopes) == 0 || model == "" {
		return []Hit{}, nil
	}
	qv, err := quantise(query)
	if err != nil {
		return nil, fmt.Errorf("search vectors: query: %w", err)
	}
	snap, err := x.cache(ctx, owner)
	if err != nil {
		return nil, err
	}
	var match []int32
	for _, sc := range scopes {
		match = append(match, snap.groups[group{model, sc}]...)
	}
	return search(snap.entries, match, qv, k), nil
}

// cache returns owner's current snapshot of vectors (see ownerCache).
func (x *Index) cache(ctx context.Context, owner string) (*snapshot, error) {
	x.mu.Lock()
	c := x.caches[owner]
	if c == nil {
		c = &ownerCache{}
		x.caches[owner] = c
	}
	x.mu.Unlock()
	var gen int64
	err := x.stmts.QueryRow(ctx, `SELECT gen FROM vector_gen WHERE owner = ?`, owner).Scan(&gen)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("search vectors: %w", err)
	}
	c.mu.Lock()
	snap := c.snap
	if snap != nil && snap.gen != gen && len(snap.entries) > x.asyncAbove {
		if !c.reloading {
			c.reloading = true
			go func() {
				_, err := x.reload(context.Background(), owner, c, gen)
				c.mu.Lock()
				c.reloading = false
				c.mu.Unlock()
				_ = err // the next search tries again
			}()
		}
		c.mu.Unlock()
		return snap, nil
	}
	c.mu.Unlock()
	if snap != nil && snap.gen == gen {
		return snap, nil
	}
	return x.reload(ctx, owner, c, gen)
}

// reload reads owner's vectors into a new snapshot unless one at least as
// new as gen is already there. A generation bumped while it reads only
// makes a later search load again.
func (x *Index) reload(ctx context.Context, owner string, c *ownerCache, gen int64) (*snapshot, error) {
	c.load.Lock()
	defer c.load.Unlock()
	c.mu.Lock()
	snap := c.snap
	c.mu.Unlock()
	if snap != nil && snap.gen == gen {
		return snap, nil
	}
	entries, err := x.load(ctx, owner)
	if err != nil {
		return nil, err
	}
	snap = &snapshot{gen: gen, entries: entries, groups: map[group][]int32{}}
	for i, e := range entries {
		g := group{e.model, e.scope}
		snap.groups[g] = append(snap.groups[g], int32(i))
	}
	c.mu.Lock()
	c.snap = snap
	c.mu.Unlock()
	return snap, nil
}

// load reads every vector of owner. A generation bumped while it reads only
// makes the next search load again.
func (x *Index) load(ctx context.Context, owner string) ([]entry, error) {
	rows, err := x.db.QueryContext(ctx, `SELECT owner_id, scope, model, vec FROM vectors WHERE owner = ?`, owner)
	if err != nil {
		return nil, fmt.Errorf("load vectors: %w", err)
	}
	defer rows.Close()
	var out []entry
	models := map[string]string{} // one string per model and scope, not per row
	var b []byte
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.id, &e.scope, &e.model, &b); err != nil {
			return nil, fmt.Errorf("load vectors: %w", err)
		}
		if s, ok := models[e.model]; ok {
			e.model = s
		} else {
			models[e.model] = e.model
		}
		if s, ok := models["\x00"+e.scope]; ok {
			e.scope = s
		} else {
			models["\x00"+e.scope] = e.scope
		}
		if e.v, err = decode(b); err != nil {
			continue // a damaged vector is skipped; the item stays findable by keywords
		}
		e.sk = sketchOf(e.v.q)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load vectors: %w", err)
	}
	return out, nil
}

// rank compares q with the entries at idx and keeps the k best.
func rank(entries []entry, idx []int32, q quantised, k int) []Hit {
	h := &hitHeap{}
	for _, i := range idx {
		e := &entries[i]
		s := float32(dot8(q.q, e.v.q)) * q.scale * e.v.scale
		if h.Len() < k {
			heap.Push(h, Hit{ID: e.id, Score: s})
		} else if s > (*h)[0].Score {
			(*h)[0] = Hit{ID: e.id, Score: s}
			heap.Fix(h, 0)
		}
	}
	out := make([]Hit, h.Len())
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(Hit)
	}
	return out
}

// hitHeap is a min-heap on Score (ties: the larger id is worse), so its
// root is the worst of the best k.
type hitHeap []Hit

func (h hitHeap) Len() int { return len(h) }
func (h hitHeap) Less(i, j int) bool {
	if h[i].Score != h[j].Score {
		return h[i].Score < h[j].Score
	}
	return h[i].ID > h[j].ID
}
func (h hitHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)   { *h = append(*h, x.(Hit)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
