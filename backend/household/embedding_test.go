package household_test

import (
	"context"
	"testing"
	"time"

	"hearth/backend/family"
	"hearth/backend/household"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
	"hearth/backend/memory"
	hprofile "hearth/backend/profile"
	"hearth/backend/semantic"
	"hearth/backend/vault"
)

// TestCore_EmbeddingObeysFamilyEndpoints: a child allowed only local
// servers cannot have its memories or messages embedded by another one,
// whatever its embedding setting says.
func TestCore_EmbeddingObeysFamilyEndpoints(t *testing.T) {
	ctx := context.Background()
	srv := llmtest.NewServer(t)
	c := household.New(household.Config{DataDir: t.TempDir(), Keychain: keychaintest.New(), KDF: vault.LowSecurityKDFParams(),
		HTTPClient: llmtest.RoutedClient(srv.Addr()), Now: time.Now})
	defer c.Close(ctx)
	ann, _, err := c.CreateProfile(ctx, hprofile.CreateRequest{Name: "Ann", Protection: vault.ModePIN, Secret: "ann-pin-1"})
	if err != nil {
		t.Fatal(err)
	}
	ws, _, err := c.Unlock(ctx, ann.ID, "ann-pin-1")
	if err != nil {
		t.Fatal(err)
	}
	kid, _, err := c.Family.CreateChild(ctx, family.Guardian{Profile: ws.Profile, DB: ws.DB}, family.ChildRequest{Name: "Sam",
		Protection: vault.ModePIN, Secret: "sam-pin-1", Policy: family.Policy{Endpoints: []string{"local"}}})
	if err != nil {
		t.Fatal(err)
	}
	ws, _, err = c.Unlock(ctx, kid.ID, "sam-pin-1")
	if err != nil {
		t.Fatal(err)
	}
	remote, err := ws.Endpoints.Add(ctx, llm.EndpointInput{Name: "cloud", BaseURL: "http://hearth-test.invalid/v1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := semantic.SaveSetting(ctx, ws.DB, semantic.Setting{EndpointID: remote.ID, Model: llmtest.DefaultEmbedModel}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Memory.Add(ctx, "tutor", memory.Memory{Text: "Sam is vegetarian"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ws.Embedder.Query(ctx, "plan a meat-free dinner"); err == nil {
		t.Fatal("a turn's query was embedded by a server the child may not use")
	}
	if err := ws.Embedding.Pass(ctx); err == nil {
		t.Fatal("memories were embedded by a server the child may not use")
	}
	if reqs := srv.EmbedRequests(); len(reqs) != 0 {
		t.Fatalf("the non-local server received %d embedding requests", len(reqs))
	}
}
