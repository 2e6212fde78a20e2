package llm_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"hearth/backend/apperr"
	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
)

// cos is the cosine of two vectors.
func cos(a, b []float32) float64 { return llmtest.Cosine(a, b) }

func TestClient_Embed_Dialects(t *testing.T) {
	for _, d := range []llmtest.Dialect{llmtest.DialectOpenAI, llmtest.DialectOllama, llmtest.DialectLlamaCpp,
		llmtest.DialectLMStudio, llmtest.DialectVLLM} {
		t.Run(string(d), func(t *testing.T) {
			srv := llmtest.NewDialectServer(t, d)
			texts := []string{"I'm vegetarian", "plan a meat-free dinner", "the wifi password is on the router"}
			vecs, err := llm.NewClient(llm.ClientOptions{}).Embed(context.Background(), endpoint(srv.URL), llmtest.DefaultEmbedModel, texts)
			if err != nil {
				t.Fatalf("Embed: %v", err)
			}
			if len(vecs) != 3 || len(vecs[0]) != llmtest.EmbedDims {
				t.Fatalf("got %d vectors of %d", len(vecs), len(vecs[0]))
			}
			if near, far := cos(vecs[0], vecs[1]), cos(vecs[0], vecs[2]); near < 0.5 || far > 0.2 {
				t.Fatalf("vegetarian~meat-free = %.2f (want ≥ 0.5), vegetarian~wifi = %.2f (want ≤ 0.2)", near, far)
			}
			reqs := srv.EmbedRequests()
			if len(reqs) != 1 || reqs[0].Model != llmtest.DefaultEmbedModel || len(reqs[0].Input) != 3 {
				t.Fatalf("requests = %+v", reqs)
			}
		})
	}
}

func TestClient_Embed_Faults(t *testing.T) {
	ctx := context.Background()
	c := llm.NewClient(llm.ClientOptions{})
	t.Run("ModelMissing", func(t *testing.T) {
		for _, d := range []llmtest.Dialect{llmtest.DialectOpenAI, llmtest.DialectOllama} {
			srv := llmtest.NewDialectServer(t, d)
			_, err := c.Embed(ctx, endpoint(srv.URL), "nomic-embed-text", []string{"x"})
			if llm.KindOf(err) != llm.KindModelNotFound || !strings.Contains(apperr.Message(err), "nomic-embed-text") {
				t.Fatalf("%s: err = %v (%s)", d, err, apperr.Message(err))
			}
		}
	})
	t.Run("Down", func(t *testing.T) {
		srv := llmtest.NewServer(t)
		srv.SetEmbeddingsDown(true)
		_, err := c.Embed(ctx, endpoint(srv.URL), llmtest.DefaultEmbedModel, []string{"x"})
		if llm.KindOf(err) != llm.KindServer {
			t.Fatalf("err = %v, want server", err)
		}
		// chat still works
		if _, err := c.Stream(ctx, endpoint(srv.URL), chatReq("hi"), nil); err != nil {
			t.Fatalf("chat with embeddings down: %v", err)
		}
	})
	t.Run("Refused", func(t *testing.T) {
		_, err := c.Embed(ctx, endpoint(llmtest.ClosedURL(t)), llmtest.DefaultEmbedModel, []string{"x"})
		if llm.KindOf(err) != llm.KindConnectionRefused {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("KeyRefused", func(t *testing.T) {
		srv := llmtest.NewServer(t)
		srv.RequireKey("sk-right")
		ep := endpoint(srv.URL).WithAPIKey("sk-wrong-key-123456")
		_, err := c.Embed(ctx, ep, llmtest.DefaultEmbedModel, []string{"x"})
		if llm.KindOf(err) != llm.KindAuth || strings.Contains(apperr.Message(err), "sk-wrong-key-123456") {
			t.Fatalf("err = %v (%s)", err, apperr.Message(err))
		}
	})
	t.Run("LlamaCppPoolingNone", func(t *testing.T) {
		// llama-server with a model without pooling refuses OAI embeddings (docker/for-mac#7670).
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(400)
			w.Write([]byte(`{"error":{"code":400,"message":"Pooling type 'none' is not OAI compatible. Please use a different pooling type","type":"invalid_request_error"}}`))
		}))
		defer hs.Close()
		_, err := c.Embed(ctx, endpoint(hs.URL+"/v1"), "m", []string{"x"})
		if llm.KindOf(err) != llm.KindRejected || !strings.Contains(apperr.Message(err), "Pooling type") {
			t.Fatalf("err = %v (%s)", err, apperr.Message(err))
		}
	})
	t.Run("WrongCount", func(t *testing.T) {
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,0.2]}],"model":"m"}`))
		}))
		defer hs.Close()
		_, err := c.Embed(ctx, endpoint(hs.URL+"/v1"), "m", []string{"x", "y"})
		if llm.KindOf(err) != llm.KindMalformed && llm.KindOf(err) != llm.KindUnknown {
			t.Fatalf("err = %v", err)
		}
		if err == nil {
			t.Fatal("two texts, one vector: no error")
		}
	})
	t.Run("OutOfOrderAndBase64", func(t *testing.T) {
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			// index 1 first; index 0 as base64 of float32 LE [1, 0]
			w.Write([]byte(`{"object":"list","data":[{"object":"embedding","index":1,"embedding":[0,1]},{"object":"embedding","index":0,"embedding":"AACAPwAAAAA="}],"model":"m"}`))
		}))
		defer hs.Close()
		vecs, err := c.Embed(ctx, endpoint(hs.URL+"/v1"), "m", []string{"x", "y"})
		if err != nil || vecs[0][0] != 1 || vecs[1][1] != 1 {
			t.Fatalf("vecs = %v, err = %v", vecs, err)
		}
	})
}

func TestClient_Embed_OllamaNative(t *testing.T) {
	// A base URL pointing at Ollama's native API (…/api) answers
	// {"embeddings":[[…]]} at /api/embed; Embed reads that shape too.
	srv := llmtest.NewDialectServer(t, llmtest.DialectOllama)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.URL.Path = "/api/embed"
		srv.Handler.ServeHTTP(w, r)
	}))
	defer hs.Close()
	vecs, err := llm.NewClient(llm.ClientOptions{}).Embed(context.Background(), endpoint(hs.URL+"/api"), llmtest.DefaultEmbedModel, []string{"bedtime", "sleep"})
	if err != nil {
		t.Fatal(err)
	}
	if cos(vecs[0], vecs[1]) < 0.9 {
		t.Fatalf("bedtime~sleep = %.2f", cos(vecs[0], vecs[1]))
	}
}
