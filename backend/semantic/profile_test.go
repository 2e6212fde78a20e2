package semantic_test

import (
	"context"
	"testing"
	"time"

	"hearth/backend/llm"
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
