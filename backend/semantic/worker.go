package semantic

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"hearth/backend/store"
)

// Item is one text that needs a vector.
type Item struct {
	ID, Scope, Text string
}

// Source lists one owner's items that have no vector for a model. Pending
// must leave out what may not be sent to the embedding endpoint (sensitive
// text when the endpoint is not local), or the worker would ask for it
// forever.
type Source interface {
	Owner() string
	Pending(ctx context.Context, model string, limit int) ([]Item, error)
}

// Checker is implemented by a Source whose items can change or vanish
// while they are being embedded: the worker stores a vector only if
// Current says, in the same transaction, that the item is still as it was
// read (same text and scope). Without it a vector of a deleted memory
// could outlive it.
type Checker interface {
	Current(ctx context.Context, q Querier, it Item) (bool, error)
}

// Counter is implemented by a Source that can say how many items it has
// in all (those that may be embedded), for progress.
type Counter interface {
	Total(ctx context.Context) (int, error)
}

// Progress is how far embedding for Model has come. Offline means the last
// attempt failed (Problem says why, in a sentence for the user); the worker
// tries again later.
type Progress struct {
	Model   string `json:"model"`
	Done    int    `json:"done"`
	Total   int    `json:"total"`
	Offline bool   `json:"offline"`
	Problem string `json:"problem,omitempty"`
	Running bool   `json:"running"` // a pass is embedding now
}

// Worker timing. Retry backs off from RetryMin to RetryMax while the
// endpoint is down; Poll is how often it looks for new items otherwise.
type WorkerOptions struct {
	Batch    int
	Poll     time.Duration
	RetryMin time.Duration
	RetryMax time.Duration
	Timeout  time.Duration // one embedding call
	Pause    time.Duration // between batches, so chat keeps the CPU
	Model    func(ctx context.Context) (string, error)
	Problem  func(err error) string // a user sentence for an embedding error
}

func (o *WorkerOptions) defaults() {
	if o.Batch <= 0 {
		o.Batch = 32
	}
	if o.Poll <= 0 {
		o.Poll = 20 * time.Second
	}
	if o.RetryMin <= 0 {
		o.RetryMin = 5 * time.Second
	}
	if o.RetryMax <= 0 {
		o.RetryMax = 5 * time.Minute
	}
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Minute
	}
	if o.Pause < 0 {
		o.Pause = 0
	}
	if o.Problem == nil {
		o.Problem = Problem
	}
}

// Worker embeds, in the background, whatever its sources hold that has no
// vector for the profile's embedding model. It never holds a lock or a
// transaction while it waits for the endpoint, so chat never waits for it.
type Worker struct {
	db         *store.DB
	idx        *Index
	emb        Embedder
	sources    []Source
	log        *slog.Logger
	onProgress func(Progress)
	opt        WorkerOptions
	kick       chan struct{}

	mu   sync.Mutex
	last Progress
}

// NewWorker returns a worker; Run starts it. opt.Model says the profile's
// embedding model ("" = retrieval by meaning is off; nil = emb's Model
// method, as [Profile] has); emb embeds with it.
func NewWorker(db *store.DB, idx *Index, emb Embedder, sources []Source, log *slog.Logger, onProgress func(Progress), opt WorkerOptions) *Worker {
	if opt.Model == nil {
		if m, ok := emb.(interface {
			Model(ctx context.Context) (string, error)
		}); ok {
			opt.Model = m.Model
		} else {
			opt.Model = func(context.Context) (string, error) { return "", nil }
		}
	}
	opt.defaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if onProgress == nil {
		onProgress = func(Progress) {}
	}
	return &Worker{db: db, idx: idx, emb: emb, sources: sources, log: log, onProgress: onProgress, opt: opt, kick: make(chan struct{}, 1)}
}

// Kick makes a waiting worker look for work now (a new memory, a changed
// model, an endpoint that answered again). It never blocks.
func (w *Worker) Kick() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// Status is the latest progress.
func (w *Worker) Status() Progress {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.last
}

func (w *Worker) report(p Progress) {
	w.mu.Lock()
	w.last = p
	w.mu.Unlock()
	w.onProgress(p)
}

// Run embeds until ctx ends. It first reads every stored vector into the
// index's memory (1-3 s at 100k vectors), so the first turn after unlock
// does not wait for that.
func (w *Worker) Run(ctx context.Context) {
	for _, src := range w.sources {
		if _, err := w.idx.cache(ctx, src.Owner()); err != nil && ctx.Err() == nil {
			w.log.Warn("loading vectors failed", "owner", src.Owner(), "err", err)
		}
	}
	retry := w.opt.RetryMin
	for {
		err := w.Pass(ctx)
		wait := w.opt.Poll
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			wait = retry
			retry = min(retry*2, w.opt.RetryMax)
		default:
			retry = w.opt.RetryMin
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-w.kick:
			t.Stop()
		case <-t.C:
		}
	}
}

// errModelChanged ends a pass whose model was changed under it.
var errModelChanged = errors.New("embedding model changed")

// Pass embeds everything pending for the current model, batch by batch,
// and reports progress. It returns the embedding error that stopped it
// (the endpoint is down), or nil when nothing is left.
func (w *Worker) Pass(ctx context.Context) error {
	model, err := w.opt.Model(ctx)
	if err != nil {
		return fmt.Errorf("embedding model: %w", err)
	}
	if model == "" {
		w.report(Progress{})
		return nil
	}
	p := w.progress(ctx, model)
	p.Running = true
	w.report(p)
	for _, src := range w.sources {
		for {
			n, err := w.batch(ctx, src, model)
			if errors.Is(err, errModelChanged) {
				w.Kick()
				return nil
			}
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				p := w.progress(ctx, model)
				p.Offline, p.Problem = true, w.opt.Problem(err)
				w.report(p)
				w.log.Warn("embedding paused", "owner", src.Owner(), "err", err)
				return err
			}
			if n == 0 {
				break
			}
			p := w.progress(ctx, model)
			p.Running = true
			w.report(p)
			if w.opt.Pause > 0 {
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(w.opt.Pause):
				}
			}
		}
	}
	w.report(w.progress(ctx, model))
	return nil
}

// batch embeds up to opt.Batch pending items of src and stores their
// vectors; it returns how many it stored.
func (w *Worker) batch(ctx context.Context, src Source, model string) (int, error) {
	items, err := src.Pending(ctx, model, w.opt.Batch)
	if err != nil {
		return 0, fmt.Errorf("pending %s: %w", src.Owner(), err)
	}
	if len(items) == 0 {
		return 0, nil
	}
	texts := make([]string, len(items))
	for i, it := range items {
		texts[i] = it.Text
	}
	ectx, cancel := context.WithTimeout(ctx, w.opt.Timeout)
	vecs, err := w.emb.Embed(ectx, texts)
	cancel()
	if err != nil {
		return 0, err
	}
	if len(vecs) != len(items) {
		return 0, fmt.Errorf("embed: %d vectors for %d texts", len(vecs), len(items))
	}
	if now, err := w.opt.Model(ctx); err != nil || now != model {
		return 0, errModelChanged
	}
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store vectors: %w", err)
	}
	defer tx.Rollback()
	check, _ := src.(Checker)
	stored := 0
	for i, it := range items {
		if check != nil {
			ok, err := check.Current(ctx, tx, it)
			if err != nil {
				return 0, fmt.Errorf("store vectors: %w", err)
			}
			if !ok {
				continue // changed or gone while it was embedded; the next pass sees it again
			}
		}
		if err := put(ctx, tx, src.Owner(), it.ID, it.Scope, model, vecs[i]); err != nil {
			if errors.Is(err, ErrBadVector) {
				w.log.Warn("embedding endpoint returned a bad vector", "owner", src.Owner())
				continue
			}
			return 0, err
		}
		stored++
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store vectors: %w", err)
	}
	if stored == 0 {
		// Every item changed under us or came back unusable: stop this
		// source for now rather than ask for the same batch again.
		return 0, nil
	}
	return stored, nil
}

// Measure counts, without embedding anything, how far the current model's
// vectors have come (for a status shown where no worker runs).
func (w *Worker) Measure(ctx context.Context) (Progress, error) {
	model, err := w.opt.Model(ctx)
	if err != nil || model == "" {
		return Progress{}, err
	}
	return w.progress(ctx, model), nil
}

// progress counts vectors of model against what the sources hold.
func (w *Worker) progress(ctx context.Context, model string) Progress {
	p := Progress{Model: model}
	for _, src := range w.sources {
		done, err := w.idx.Count(ctx, src.Owner(), model)
		if err != nil {
			continue
		}
		p.Done += done
		if c, ok := src.(Counter); ok {
			if t, err := c.Total(ctx); err == nil {
				p.Total += max(t, done)
				continue
			}
		}
		p.Total += done
	}
	return p
}
