package api

import (
	"context"
	"strings"

	"hearth/backend/semantic"
)

// Embedding is the open profile's retrieval by meaning: which model
// embeds memories and documents (and at which endpoint), and how far the
// background worker has come.
type Embedding struct{ b *Backend }

// EmbeddingStatus is the setting and the worker's progress. Problem is a
// sentence when the last attempt failed (the worker retries by itself).
type EmbeddingStatus struct {
	Model      string `json:"model"`      // "" = off: keywords only
	EndpointID string `json:"endpointId"` // "" = the default endpoint
	Done       int    `json:"done"`
	Total      int    `json:"total"`
	Running    bool   `json:"running"`
	Offline    bool   `json:"offline"`
	Problem    string `json:"problem"`
}

// Status reports the setting and the progress of embedding.
func (e *Embedding) Status() (EmbeddingStatus, error) {
	ws, err := e.b.workspace()
	if err != nil {
		return EmbeddingStatus{}, err
	}
	ctx := context.Background()
	set, err := ws.Embedder.Setting(ctx)
	if err != nil {
		return EmbeddingStatus{}, e.b.fail("embedding.status", err)
	}
	out := EmbeddingStatus{Model: set.Model, EndpointID: set.EndpointID}
	if set.Model == "" {
		return out, nil
	}
	p := ws.Embedding.Status()
	if p.Model != set.Model { // the worker has not reported on this model yet
		if p, err = ws.Embedding.Measure(ctx); err != nil {
			return EmbeddingStatus{}, e.b.fail("embedding.status", err)
		}
		p.Running = true // a changed model is embedded next
	}
	out.Done, out.Total, out.Running, out.Offline, out.Problem = p.Done, p.Total, p.Running, p.Offline, p.Problem
	return out, nil
}

// SetModel chooses the embedding model ("" turns retrieval by meaning
// off) and the endpoint serving it ("" = the default); the worker starts
// re-embedding in the background at once. Chat is never blocked.
func (e *Embedding) SetModel(endpointID, model string) (EmbeddingStatus, error) {
	ws, err := e.b.workspace()
	if err != nil {
		return EmbeddingStatus{}, err
	}
	model = strings.TrimSpace(model)
	if len(model) > 200 {
		return EmbeddingStatus{}, invalid("That model name is too long.")
	}
	ctx := context.Background()
	if endpointID != "" {
		if _, err := ws.Endpoints.Get(ctx, endpointID); err != nil {
			return EmbeddingStatus{}, e.b.fail("embedding.set", err)
		}
	}
	if err := semantic.SaveSetting(ctx, ws.DB, semantic.Setting{EndpointID: endpointID, Model: model}); err != nil {
		return EmbeddingStatus{}, e.b.fail("embedding.set", err)
	}
	ws.Embedding.Kick()
	return e.Status()
}
