package household

import (
	"context"

	"hearth/backend/chat"
	"hearth/backend/docs"
	"hearth/backend/memory"
	"hearth/backend/semantic"
)

// wireEmbedding gives ws retrieval by meaning: the profile's embedder
// (the chat engine embeds each turn's query with it) and the background
// worker that embeds memories (and document chunks, as their sources are
// added here), started when Config.BackgroundEmbedding is set. The worker
// stops with the workspace (ws.close).
func (c *Household) wireEmbedding(ws *Workspace) {
	// Through the family rules: a child allowed only some servers sends its
	// memories and messages to no other for embedding either.
	ws.Embedder = semantic.NewProfile(ws.DB, ws.Family.Endpoints(ws.Endpoints), c.Client)
	sources := []semantic.Source{memory.NewVectorSource(ws.Memory, ws.Embedder.Local), docs.NewVectorSource(ws.Docs, ws.Embedder.Local)}
	ws.Embedding = semantic.NewWorker(ws.DB, ws.Memory.Index(), ws.Embedder, sources, c.cfg.Logger,
		c.cfg.OnEmbedProgress, semantic.WorkerOptions{})
	if !c.cfg.BackgroundEmbedding {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		ws.Embedding.Run(ctx)
	}()
	ws.stopEmbedding = func() {
		cancel()
		<-done
	}
}

// close stops the workspace's background work before its database closes.
func (ws *Workspace) close() {
	if ws.stopEmbedding != nil {
		ws.stopEmbedding()
	}
	ws.Status.Close()
}

// kickEmbeddingAfter wraps a chat event sink so the worker embeds new or
// changed memories right after a turn's extraction instead of at its next
// poll. A nil sink stays a sink that drops events.
func (ws *Workspace) kickEmbeddingAfter(emit func(chat.Event)) func(chat.Event) {
	return func(e chat.Event) {
		if emit != nil {
			emit(e)
		}
		if e.Type == chat.EventExtracted || (e.Type == chat.EventDone && e.Message != nil) {
			ws.Embedding.Kick()
		}
	}
}
