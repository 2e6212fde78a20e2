package chat

import (
	"context"
	"errors"
	"time"

	"hearth/backend/semantic"
)

// KeywordsOnlyNote is what a turn says when it could not search by
// meaning: the reply was written with memories found by keywords alone.
const KeywordsOnlyNote = "Searched by keywords only: the embedding server is not reachable."

// DefaultEmbedTimeout bounds embedding a turn's query: a turn never waits
// longer than this for the embedding server before it falls back to
// keywords.
const DefaultEmbedTimeout = 4 * time.Second

// QueryEmbedder embeds a turn's query for retrieval by meaning
// (*semantic.Profile). It returns semantic.ErrOff when the profile has no
// embedding model.
type QueryEmbedder interface {
	Query(ctx context.Context, text string) ([]float32, string, error)
}

// embedQuery embeds t.query once per turn into t.queryVec and t.queryModel
// (memories and document passages are searched with the same vector). It
// reports whether retrieval falls back to keywords because embedding
// failed; a profile without an embedding model is not a fallback.
func (e *Engine) embedQuery(ctx context.Context, t *turn) (keywordsOnly bool) {
	if e.d.Embedder == nil || t.query == "" {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, e.cfg.EmbedTimeout)
	defer cancel()
	vec, model, err := e.d.Embedder.Query(ctx, t.query)
	switch {
	case errors.Is(err, semantic.ErrOff):
		return false
	case err != nil:
		e.d.Logger.Warn("embedding the query failed; searching by keywords", "module", t.mod.ID, "err", err)
		return true
	}
	t.queryVec, t.queryModel = vec, model
	return false
}
