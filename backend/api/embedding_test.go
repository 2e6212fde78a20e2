package api_test

import (
	"testing"
	"time"

	"hearth/backend/api"
	"hearth/backend/llm/llmtest"
)

// TestEmbedding_BackgroundWorker: the window's embedding setting starts the
// background worker, which embeds memories as they are added, reports its
// progress, pauses while the server is down and catches up after.
func TestEmbedding_BackgroundWorker(t *testing.T) {
	b, _ := newBackend(t)
	srv := llmtest.NewServer(t, "fake-model")
	p, err := b.Profiles.Create(api.CreateRequest{Name: "Ann", Protection: "keychain"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Profiles.Unlock(p.Profile.ID, ""); err != nil {
		t.Fatal(err)
	}
	ep, err := b.Endpoints.Add("Test", srv.URL, "fake-model", "")
	if err != nil {
		t.Fatal(err)
	}
	if st, err := b.Embedding.Status(); err != nil || st.Model != "" {
		t.Fatalf("status before: %+v %v", st, err)
	}
	if _, err := b.Memory.Add("kitchen", "I'm vegetarian", "fact", "normal"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Embedding.SetModel(ep.ID, llmtest.DefaultEmbedModel); err != nil {
		t.Fatal(err)
	}
	waitFor := func(what string, ok func(api.EmbeddingStatus) bool) api.EmbeddingStatus {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			st, err := b.Embedding.Status()
			if err == nil && ok(st) {
				return st
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: last status %+v %v", what, st, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor("first memory embedded", func(s api.EmbeddingStatus) bool { return s.Done == 1 && s.Total == 1 && !s.Running })
	if _, err := b.Memory.Add("kitchen", "Goes to bed at nine", "fact", "normal"); err != nil {
		t.Fatal(err)
	}
	waitFor("added memory embedded", func(s api.EmbeddingStatus) bool { return s.Done == 2 && s.Total == 2 })

	srv.SetEmbeddingsDown(true)
	if _, err := b.Memory.Add("kitchen", "Owns a wok", "fact", "normal"); err != nil {
		t.Fatal(err)
	}
	st := waitFor("offline reported", func(s api.EmbeddingStatus) bool { return s.Offline })
	if st.Done != 2 || st.Total != 3 || st.Problem == "" {
		t.Fatalf("offline status %+v", st)
	}
	srv.SetEmbeddingsDown(false)
	if _, err := b.Embedding.SetModel(ep.ID, llmtest.DefaultEmbedModel); err != nil { // as the window's Retry does
		t.Fatal(err)
	}
	waitFor("caught up", func(s api.EmbeddingStatus) bool { return s.Done == 3 && s.Total == 3 && !s.Offline })

	if st, err := b.Embedding.SetModel("", ""); err != nil || st.Model != "" {
		t.Fatalf("off: %+v %v", st, err)
	}
}
