package llm_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"hearth/backend/apperr"
	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
)

func endpoint(url string) llm.Endpoint {
	return llm.Endpoint{ID: "ep", Name: "test", BaseURL: url, DefaultModel: "fake-model", Local: llm.IsLocalURL(url)}
}

func chatReq(text string) llm.Request {
	return llm.Request{Messages: []llm.Message{{Role: "user", Content: text}}}
}

func TestClient_Stream(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		srv := llmtest.NewServer(t)
		srv.Script(llmtest.Reply{Text: "Hello **there**, friend."})
		var deltas []string
		res, err := llm.NewClient(llm.ClientOptions{}).Stream(context.Background(), endpoint(srv.URL), chatReq("hi"),
			func(d llm.Delta) { deltas = append(deltas, d.Text) })
		if err != nil {
			t.Fatalf("Stream: %v", err)
		}
		if res.Text != "Hello **there**, friend." || strings.Join(deltas, "") != res.Text || len(deltas) < 2 {
			t.Fatalf("text %q deltas %q", res.Text, deltas)
		}
		if res.FinishReason != "stop" || res.PromptTokens == 0 || res.CompletionTokens == 0 || res.Truncated {
			t.Fatalf("result %+v", res)
		}
		reqs := srv.ChatRequests()
		if len(reqs) != 1 || !reqs[0].Chat.Stream || reqs[0].Chat.Options == nil || !reqs[0].Chat.Options.IncludeUsage {
			t.Fatalf("request %+v", reqs)
		}
	})
	t.Run("APIKeySentAsBearer", func(t *testing.T) {
		srv := llmtest.NewServer(t)
		srv.RequireKey("sk-test-123")
		ep := endpoint(srv.URL).WithAPIKey("sk-test-123")
		if _, err := llm.NewClient(llm.ClientOptions{}).Stream(context.Background(), ep, chatReq("hi"), nil); err != nil {
			t.Fatalf("Stream: %v", err)
		}
	})
	t.Run("StreamOptionsRejected", func(t *testing.T) {
		srv := llmtest.NewServer(t)
		srv.Script(llmtest.Reply{Status: 400, ErrorMessage: "unknown field stream_options"}, llmtest.Reply{Text: "ok"})
		c := llm.NewClient(llm.ClientOptions{})
		res, err := c.Stream(context.Background(), endpoint(srv.URL), chatReq("hi"), nil)
		if err != nil || res.Text != "ok" {
			t.Fatalf("Stream: %q %v", res.Text, err)
		}
		if _, err := c.Stream(context.Background(), endpoint(srv.URL), chatReq("again"), nil); err != nil {
			t.Fatal(err)
		}
		reqs := srv.ChatRequests()
		if len(reqs) != 3 || reqs[1].Chat.Options != nil || reqs[2].Chat.Options != nil {
			t.Fatalf("want a resend without stream_options, remembered: %d requests", len(reqs))
		}
	})
	t.Run("RateLimitedThenOK", func(t *testing.T) {
		srv := llmtest.NewServer(t)
		srv.Script(llmtest.Reply{Status: 429, RetryAfter: "1"}, llmtest.Reply{Text: "after the wait"})
		res, err := llm.NewClient(llm.ClientOptions{}).Stream(context.Background(), endpoint(srv.URL), chatReq("hi"), nil)
		if err != nil || res.Text != "after the wait" {
			t.Fatalf("Stream: %q %v", res.Text, err)
		}
		if n := len(srv.ChatRequests()); n != 2 {
			t.Fatalf("requests = %d, want 2", n)
		}
	})
	t.Run("RateLimitedTwice", func(t *testing.T) {
		srv := llmtest.NewServer(t)
		srv.Script(llmtest.Reply{Status: 429, RetryAfter: "0"}, llmtest.Reply{Status: 429, RetryAfter: "7"}, llmtest.Reply{Text: "never"})
		_, err := llm.NewClient(llm.ClientOptions{}).Stream(context.Background(), endpoint(srv.URL), chatReq("hi"), nil)
		var e *llm.Error
		if !errors.As(err, &e) || e.Kind != llm.KindRateLimited || e.RetryAfter != 7*time.Second {
			t.Fatalf("err = %v", err)
		}
		if n := len(srv.ChatRequests()); n != 2 {
			t.Fatalf("requests = %d, want exactly one retry", n)
		}
		if got := apperr.Message(err); !strings.Contains(got, "7 seconds") {
			t.Fatalf("message = %q", got)
		}
	})
	t.Run("RateLimitedWaitTooLong", func(t *testing.T) {
		srv := llmtest.NewServer(t)
		srv.Script(llmtest.Reply{Status: 429, RetryAfter: "3600"})
		_, err := llm.NewClient(llm.ClientOptions{}).Stream(context.Background(), endpoint(srv.URL), chatReq("hi"), nil)
		if llm.KindOf(err) != llm.KindRateLimited || len(srv.ChatRequests()) != 1 {
			t.Fatalf("err = %v after %d requests", err, len(srv.ChatRequests()))
		}
	})
	t.Run("ErrNoModel", func(t *testing.T) {
		ep := endpoint("http://127.0.0.1:1/v1")
		ep.DefaultModel = ""
		_, err := llm.NewClient(llm.ClientOptions{}).Stream(context.Background(), ep, chatReq("hi"), nil)
		if llm.KindOf(err) != llm.KindConfig || !errors.Is(err, llm.ErrNoModel) {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestClient_StreamFaults drives every fault of the issue through a real
// loopback server and checks the kind, the partial text and the sentence.
func TestClient_StreamFaults(t *testing.T) {
	long := strings.Repeat("partial words ", 20)
	tests := []struct {
		name    string
		setup   func(t *testing.T) (llm.Endpoint, *http.Client)
		opts    llm.ClientOptions
		kind    llm.Kind
		partial bool   // some text arrived before the fault
		say     string // in the sentence shown (apperr.Message)
	}{
		{name: "ConnectionRefused", kind: llm.KindConnectionRefused, say: "is the model server running",
			setup: func(t *testing.T) (llm.Endpoint, *http.Client) { return endpoint(llmtest.ClosedURL(t)), nil }},
		{name: "DNS", kind: llm.KindDNS, say: "hearth-test.invalid could not be found",
			setup: func(t *testing.T) (llm.Endpoint, *http.Client) {
				return endpoint("http://hearth-test.invalid/v1"), llmtest.NoDNSClient()
			}},
		{name: "TLS", kind: llm.KindTLS, say: "certificate",
			setup: func(t *testing.T) (llm.Endpoint, *http.Client) { return endpoint(llmtest.NewTLSServer(t).URL), nil }},
		{name: "Unauthorized", kind: llm.KindAuth, say: "refused the API key (HTTP 401)",
			setup: func(t *testing.T) (llm.Endpoint, *http.Client) {
				srv := llmtest.NewServer(t)
				srv.RequireKey("right-key")
				return endpoint(srv.URL).WithAPIKey("wrong-key"), nil
			}},
		{name: "Forbidden", kind: llm.KindAuth, say: "HTTP 403", setup: scripted(llmtest.Reply{Status: 403})},
		{name: "ModelNotFound", kind: llm.KindModelNotFound, say: `"no-such-model" is not available`,
			setup: func(t *testing.T) (llm.Endpoint, *http.Client) {
				ep := endpoint(llmtest.NewServer(t).URL)
				ep.DefaultModel = "no-such-model"
				return ep, nil
			}},
		{name: "ServerError", kind: llm.KindServer, say: "internal error (HTTP 503)", setup: scripted(llmtest.Reply{Status: 503})},
		{name: "BadRequest", kind: llm.KindRejected, say: "maximum context length",
			setup: scripted(llmtest.Reply{Status: 400, ErrorMessage: "This model's maximum context length is 8 tokens"})},
		{name: "RequestTimeout", kind: llm.KindTimeout, say: "did not answer in time", opts: llm.ClientOptions{RequestTimeout: 300 * time.Millisecond},
			setup: scripted(llmtest.Reply{Fault: llmtest.FaultHang})},
		{name: "Stalled", kind: llm.KindStalled, partial: true, say: "stopped arriving", opts: llm.ClientOptions{StallTimeout: 300 * time.Millisecond},
			setup: scripted(llmtest.Reply{Text: long, Fault: llmtest.FaultStall})},
		{name: "Dropped", kind: llm.KindDropped, partial: true, say: "connection was lost",
			setup: scripted(llmtest.Reply{Text: long, Fault: llmtest.FaultDrop})},
		{name: "MalformedJSON", kind: llm.KindMalformed, partial: true, say: "could not understand",
			setup: scripted(llmtest.Reply{Text: long, Fault: llmtest.FaultMalformedJSON})},
		{name: "NotSSE", kind: llm.KindMalformed, say: "could not understand",
			setup: scripted(llmtest.Reply{Fault: llmtest.FaultNotSSE})},
		{name: "ErrorFrame", kind: llm.KindServer, partial: true, say: "reported an error",
			setup: scripted(llmtest.Reply{Text: long, Fault: llmtest.FaultErrorFrame})},
		{name: "TooLarge", kind: llm.KindTooLarge, partial: true, say: "far larger", opts: llm.ClientOptions{MaxReplyBytes: 1000},
			setup: scripted(llmtest.Reply{Text: strings.Repeat("é big ", 2000), ChunkRunes: 50})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, hc := tt.setup(t)
			opts := tt.opts
			opts.HTTPClient = hc
			var streamed strings.Builder
			res, err := llm.NewClient(opts).Stream(context.Background(), ep, chatReq("hello"), func(d llm.Delta) { streamed.WriteString(d.Text) })
			var e *llm.Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v (%T), want *llm.Error", err, err)
			}
			if e.Kind != tt.kind {
				t.Fatalf("kind = %s, want %s (err %v)", e.Kind, tt.kind, err)
			}
			if got := apperr.Message(err); !strings.Contains(got, tt.say) {
				t.Fatalf("message = %q, want it to contain %q", got, tt.say)
			}
			if res.Text != streamed.String() {
				t.Fatalf("result text %q differs from streamed %q", res.Text, streamed.String())
			}
			if tt.partial != (res.Text != "") {
				t.Fatalf("partial text = %q, want partial=%v", res.Text, tt.partial)
			}
			if tt.kind == llm.KindTooLarge && (!res.Truncated || len(res.Text) > 1000 || !strings.HasPrefix(strings.Repeat("é big ", 2000), res.Text)) {
				t.Fatalf("truncated=%v len=%d", res.Truncated, len(res.Text))
			}
		})
	}
}

func scripted(r llmtest.Reply) func(t *testing.T) (llm.Endpoint, *http.Client) {
	return func(t *testing.T) (llm.Endpoint, *http.Client) {
		srv := llmtest.NewServer(t)
		srv.Script(r)
		return endpoint(srv.URL), nil
	}
}

func TestClient_StreamCanceled(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Script(llmtest.Reply{Text: strings.Repeat("word ", 100), Fault: llmtest.FaultStall})
	ctx, cancel := context.WithCancel(context.Background())
	res, err := llm.NewClient(llm.ClientOptions{}).Stream(ctx, endpoint(srv.URL), chatReq("hi"), func(llm.Delta) { cancel() })
	if llm.KindOf(err) != llm.KindCanceled || apperr.Message(err) != "Stopped." {
		t.Fatalf("err = %v", err)
	}
	if res.Text == "" {
		t.Fatal("partial text lost on cancel")
	}
}

func TestClient_Models(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		srv := llmtest.NewServer(t, "b-model", "a-model")
		got, err := llm.NewClient(llm.ClientOptions{}).Models(context.Background(), endpoint(srv.URL))
		if err != nil || strings.Join(got, ",") != "a-model,b-model" {
			t.Fatalf("Models = %v, %v", got, err)
		}
	})
	t.Run("NotOpenAI", func(t *testing.T) {
		srv := llmtest.NewServer(t)
		srv.SetModelsStatus(404)
		_, err := llm.NewClient(llm.ClientOptions{}).Models(context.Background(), endpoint(srv.URL))
		if llm.KindOf(err) != llm.KindBadAddress || !strings.Contains(apperr.Message(err), "base URL") {
			t.Fatalf("err = %v / %q", err, apperr.Message(err))
		}
	})
}

func TestClient_Test(t *testing.T) {
	srv := llmtest.NewServer(t, "llama3:latest")
	c := llm.NewClient(llm.ClientOptions{})
	t.Run("OK", func(t *testing.T) {
		ep := endpoint(srv.URL)
		ep.DefaultModel = "llama3" // Ollama's implicit tag
		if err := c.Test(context.Background(), ep); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrModelMissing", func(t *testing.T) {
		ep := endpoint(srv.URL)
		ep.DefaultModel = "gpt-9"
		if err := c.Test(context.Background(), ep); llm.KindOf(err) != llm.KindModelNotFound {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrRefused", func(t *testing.T) {
		if err := c.Test(context.Background(), endpoint(llmtest.ClosedURL(t))); llm.KindOf(err) != llm.KindConnectionRefused {
			t.Fatalf("err = %v", err)
		}
	})
}
