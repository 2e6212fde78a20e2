package semantic_test

import (
	"context"
	"testing"
	"time"

	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
	"hearth/backend/semantic"
)

// TestSetting_RemovedEndpointFallsBackToDefault: removing the endpoint
// that serves embeddings leaves the model chosen and embeds at the default
// endpoint, as modules do.
func TestSetting_RemovedEndpointFallsBackToDefault(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	eps := llm.NewEndpoints(db, time.Now)
	if _, err := eps.Add(ctx, llm.EndpointInput{Name: "home", BaseURL: "http://127.0.0.1:11434/v1"}); err != nil {
		t.Fatal(err)
	}
	other, err := eps.Add(ctx, llm.EndpointInput{Name: "embedder", BaseURL: "http://127.0.0.1:8080/v1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := semantic.SaveSetting(ctx, db, semantic.Setting{EndpointID: other.ID, Model: "nomic-embed-text"}); err != nil {
		t.Fatal(err)
	}
	if err := eps.Remove(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
	got, err := semantic.LoadSetting(ctx, db)
	if err != nil || got != (semantic.Setting{Model: "nomic-embed-text"}) {
		t.Fatalf("setting after removing its endpoint: %+v %v", got, err)
	}
}

// TestProfile_QueryPausesAfterATimeout: once a query timed out, the next
// turns do not wait for the same silent server again; the pause ends
// when the server embeds again.
func TestProfile_QueryPausesAfterATimeout(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	srv := llmtest.NewServer(t)
	eps := llm.NewEndpoints(db, time.Now)
	ep, err := eps.Add(ctx, llm.EndpointInput{Name: "fake", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if err := semantic.SaveSetting(ctx, db, semantic.Setting{EndpointID: ep.ID, Model: llmtest.DefaultEmbedModel}); err != nil {
		t.Fatal(err)
	}
	p := semantic.NewProfile(db, eps, llm.NewClient(llm.ClientOptions{}))
	srv.SetEmbedDelay(30 * time.Second)
	query := func() error {
		qctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		_, _, err := p.Query(qctx, "plan a meat-free dinner")
		return err
	}
	if err := query(); llm.KindOf(err) != llm.KindTimeout {
		t.Fatalf("first query: %v, want a timeout", err)
	}
	start := time.Now()
	if err := query(); err == nil || time.Since(start) > 100*time.Millisecond {
		t.Fatalf("second query: %v after %v, want an error at once", err, time.Since(start))
	}
	if n := len(srv.EmbedRequests()); n != 1 {
		t.Fatalf("the server got %d requests, want 1 (the paused query sends nothing)", n)
	}
	srv.SetEmbedDelay(0)
	if _, err := p.Embed(ctx, []string{"bedtime"}); err != nil { // the worker's catch-up
		t.Fatal(err)
	}
	if err := query(); err != nil {
		t.Fatalf("query after the server answered again: %v", err)
	}
}
