package llm_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"hearth/backend/apperr"
	"hearth/backend/llm"
)

// rawServer answers every chat request with the next scripted raw answer
// (status, headers, exact body bytes) and records the request bodies. It
// is for the wire details the client must cope with, byte for byte; the
// conformance suite drives whole dialects through llmtest.
type rawServer struct {
	mu      sync.Mutex
	answers []rawAnswer
	bodies  []map[string]any
	URL     string
}

type rawAnswer struct {
	status int
	ctype  string
	header map[string]string
	body   string
}

func sse(body string) rawAnswer {
	return rawAnswer{status: 200, ctype: "text/event-stream", body: body}
}

func newRawServer(t *testing.T, answers ...rawAnswer) *rawServer {
	t.Helper()
	rs := &rawServer{answers: answers}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		rs.mu.Lock()
		rs.bodies = append(rs.bodies, m)
		var a rawAnswer
		if len(rs.answers) > 0 {
			a, rs.answers = rs.answers[0], rs.answers[1:]
		} else {
			a = sse("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
		}
		rs.mu.Unlock()
		for k, v := range a.header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", a.ctype)
		w.WriteHeader(a.status)
		_, _ = io.WriteString(w, a.body)
	}))
	t.Cleanup(srv.Close)
	rs.URL = srv.URL + "/v1"
	return rs
}

func (rs *rawServer) sent() []map[string]any {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return append([]map[string]any(nil), rs.bodies...)
}

func chunk(content string) string {
	b, _ := json.Marshal(map[string]any{"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
		"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": content}, "finish_reason": nil}}})
	return "data: " + string(b) + "\n\n"
}

const stopChunk = `data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}` + "\n\n"

func stream(t *testing.T, url string, req llm.Request, opts llm.ClientOptions) (llm.Result, []llm.Delta, error) {
	t.Helper()
	if req.Model == "" {
		req.Model = "m"
	}
	if req.Messages == nil {
		req.Messages = []llm.Message{{Role: "user", Content: "hi"}}
	}
	var deltas []llm.Delta
	res, err := llm.NewClient(opts).Stream(context.Background(), endpoint(url), req, func(d llm.Delta) { deltas = append(deltas, d) })
	return res, deltas, err
}

func TestWire_LineEndingsAndKeepAlives(t *testing.T) {
	body := chunk("Hel") + chunk("lo") + stopChunk + "data: [DONE]\n\n"
	for name, conv := range map[string]func(string) string{
		"LF":   func(s string) string { return s },
		"CRLF": func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") },
		"CR":   func(s string) string { return strings.ReplaceAll(s, "\n", "\r") },
		"ManyKeepAlives": func(s string) string {
			// OpenRouter sends ": OPENROUTER PROCESSING" while a provider is slow;
			// go-openai gave up after 300 such lines.
			return strings.Repeat(": OPENROUTER PROCESSING\n\n", 1000) + strings.Replace(s, "\n\n", "\n\n"+strings.Repeat(": ping\n", 500)+"\n", 1)
		},
	} {
		t.Run(name, func(t *testing.T) {
			rs := newRawServer(t, sse(conv(body)))
			res, _, err := stream(t, rs.URL, llm.Request{}, llm.ClientOptions{})
			if err != nil || res.Text != "Hello" || res.FinishReason != "stop" {
				t.Fatalf("res = %+v, err = %v", res, err)
			}
		})
	}
}

func TestWire_Thinking(t *testing.T) {
	cases := []struct {
		name, body      string
		answer, thought string
	}{
		{name: "ReasoningContent", // llama.cpp, DeepSeek, vLLM
			body: `data: {"choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"Let me think."},"finish_reason":null}]}` + "\n\n" +
				chunk("Four.") + stopChunk + "data: [DONE]\n\n",
			answer: "Four.", thought: "Let me think."},
		{name: "ReasoningField", // Ollama, OpenRouter
			body: `data: {"choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Hmm, "},"finish_reason":null}]}` + "\n\n" +
				`data: {"choices":[{"index":0,"delta":{"content":"","reasoning":"two plus two."},"finish_reason":null}]}` + "\n\n" +
				chunk("Four.") + stopChunk + "data: [DONE]\n\n",
			answer: "Four.", thought: "Hmm, two plus two."},
		{name: "InlineThink",
			body:   chunk("<thi") + chunk("nk>\nOkay, the user") + chunk(" asks.\n</th") + chunk("ink>\n\nFour.") + stopChunk + "data: [DONE]\n\n",
			answer: "Four.", thought: "\nOkay, the user asks.\n"},
		{name: "R1CloseOnly", // the chat template opened the block; only </think> arrives
			body:   chunk("Okay, two") + chunk(" plus two.") + chunk("</think>") + chunk("\n\nFour.") + stopChunk + "data: [DONE]\n\n",
			answer: "Four.", thought: "Okay, two plus two."},
		{name: "UnclosedAtEnd",
			body:   chunk("<think>still going") + `data: {"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}` + "\n\ndata: [DONE]\n\n",
			answer: "", thought: "still going"},
		{name: "NoThinking",
			body:   chunk("Plain <b>answer</b> with a < sign.") + stopChunk + "data: [DONE]\n\n",
			answer: "Plain <b>answer</b> with a < sign.", thought: ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := newRawServer(t, sse(c.body))
			res, deltas, err := stream(t, rs.URL, llm.Request{}, llm.ClientOptions{})
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if res.Text != c.answer || res.Reasoning != c.thought {
				t.Fatalf("answer %q thought %q, want %q / %q", res.Text, res.Reasoning, c.answer, c.thought)
			}
			// Replaying the deltas as the UI does gives the same split.
			var answer, thought string
			for _, d := range deltas {
				if d.Reset {
					thought, answer = thought+answer, ""
				}
				thought += d.Reasoning
				answer += d.Text
			}
			if answer != c.answer || thought != c.thought {
				t.Fatalf("replayed deltas: answer %q thought %q", answer, thought)
			}
		})
	}
	if got := llm.StripThinking("<think>a</think>\n\nb"); got != "b" {
		t.Fatalf("StripThinking = %q", got)
	}
}

func TestWire_MidStreamErrors(t *testing.T) {
	t.Run("OpenRouterErrorChunk", func(t *testing.T) {
		// https://openrouter.ai/docs/api-reference/streaming: error + finish_reason "error".
		body := chunk("Partial ") + `data: {"id":"cmpl-abc123","object":"chat.completion.chunk","created":1234567890,"model":"openai/gpt-4o","provider":"openai","error":{"code":"server_error","message":"Provider disconnected unexpectedly"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}` + "\n\n"
		rs := newRawServer(t, sse(body))
		res, _, err := stream(t, rs.URL, llm.Request{}, llm.ClientOptions{})
		if llm.KindOf(err) != llm.KindServer || res.Text != "Partial " || !strings.Contains(apperr.Message(err), "Provider disconnected unexpectedly") {
			t.Fatalf("res %+v err %v / %q", res, err, apperr.Message(err))
		}
	})
	t.Run("LlamaCppErrorLine", func(t *testing.T) {
		body := chunk("Partial ") + `error: {"code":400,"message":"the request exceeds the available context size. try increasing the context size or enable context shift","type":"invalid_request_error"}` + "\n\ndata: [DONE]\n\n"
		rs := newRawServer(t, sse(body))
		res, _, err := stream(t, rs.URL, llm.Request{}, llm.ClientOptions{})
		if err == nil || res.Text != "Partial " || !strings.Contains(apperr.Message(err), "exceeds the available context size") {
			t.Fatalf("res %+v err %v / %q", res, err, apperr.Message(err))
		}
	})
	t.Run("LlamaCppDataError", func(t *testing.T) {
		body := chunk("Partial ") + `data: {"error":{"code":500,"message":"Context size has been exceeded.","type":"server_error"}}` + "\n\n"
		rs := newRawServer(t, sse(body))
		_, _, err := stream(t, rs.URL, llm.Request{}, llm.ClientOptions{})
		if !strings.Contains(apperr.Message(err), "Context size has been exceeded") {
			t.Fatalf("err %v / %q", err, apperr.Message(err))
		}
	})
	t.Run("LengthIsTruncated", func(t *testing.T) {
		body := chunk("Cut") + `data: {"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}` + "\n\ndata: [DONE]\n\n"
		rs := newRawServer(t, sse(body))
		res, _, err := stream(t, rs.URL, llm.Request{}, llm.ClientOptions{})
		if err != nil || !res.Truncated || res.FinishReason != "length" || res.Text != "Cut" {
			t.Fatalf("res %+v err %v", res, err)
		}
	})
}

func TestWire_RequestByModelFamily(t *testing.T) {
	for _, model := range []string{"gpt-5.2", "gpt-5", "gpt-5-mini", "gpt-5-nano", "o3", "o4-mini", "o1", "openai/o3-mini"} {
		t.Run(model, func(t *testing.T) {
			rs := newRawServer(t)
			_, _, err := stream(t, rs.URL, llm.Request{Model: model, Temperature: 0.7, MaxTokens: 32, ReasoningEffort: "low"}, llm.ClientOptions{})
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			b := rs.sent()[0]
			if _, ok := b["temperature"]; ok {
				t.Errorf("temperature sent to %s", model)
			}
			if _, ok := b["max_tokens"]; ok {
				t.Errorf("max_tokens sent to %s", model)
			}
			if b["max_completion_tokens"] != float64(32) || b["reasoning_effort"] != "low" {
				t.Errorf("body = %v", b)
			}
			// What we send passes go-openai's own check for these families.
			var req openai.ChatCompletionRequest
			raw, _ := json.Marshal(b)
			_ = json.Unmarshal(raw, &req)
			if err := openai.NewReasoningValidator().Validate(req); err != nil {
				t.Errorf("go-openai refuses the request: %v", err)
			}
		})
	}
	t.Run("ChatModelKeepsTemperature", func(t *testing.T) {
		rs := newRawServer(t)
		if _, _, err := stream(t, rs.URL, llm.Request{Model: "gpt-4o", Temperature: 0.7, MaxTokens: 32, ReasoningEffort: "low"}, llm.ClientOptions{}); err != nil {
			t.Fatal(err)
		}
		b := rs.sent()[0]
		if b["temperature"] == nil || b["max_tokens"] != float64(32) || b["reasoning_effort"] != nil {
			t.Fatalf("body = %v", b)
		}
	})
}

func TestWire_RefusedParameters(t *testing.T) {
	t.Run("MistralStreamOptions422", func(t *testing.T) {
		// Mistral validates with pydantic: an unknown field is a 422 naming it in loc.
		refusal := rawAnswer{status: 422, ctype: "application/json", body: `{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","stream_options"],"msg":"Extra inputs are not permitted","input":{"include_usage":true}}]},"type":"invalid_request_message_error","param":null,"code":null}`}
		rs := newRawServer(t, refusal)
		c := llm.NewClient(llm.ClientOptions{})
		for i := 0; i < 2; i++ {
			if _, err := c.Stream(context.Background(), endpoint(rs.URL), llm.Request{Model: "mistral-small-latest", Messages: []llm.Message{{Role: "user", Content: "hi"}}}, nil); err != nil {
				t.Fatalf("turn %d: %v", i, err)
			}
		}
		sent := rs.sent()
		if len(sent) != 3 || sent[0]["stream_options"] == nil || sent[1]["stream_options"] != nil || sent[2]["stream_options"] != nil {
			t.Fatalf("want one refusal, then remembered: %v", sent)
		}
	})
	t.Run("UnknownReasoningNameRefusesTemperature", func(t *testing.T) {
		// A proxy's own name for a reasoning model: OpenAI's 400 names the parameter.
		refusal := rawAnswer{status: 400, ctype: "application/json", body: `{"error":{"message":"Unsupported value: 'temperature' does not support 0.7 with this model. Only the default (1) value is supported.","type":"invalid_request_error","param":"temperature","code":"unsupported_value"}}`}
		maxTok := rawAnswer{status: 400, ctype: "application/json", body: `{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}`}
		rs := newRawServer(t, refusal, maxTok)
		_, _, err := stream(t, rs.URL, llm.Request{Model: "house-reasoner", Temperature: 0.7, MaxTokens: 50}, llm.ClientOptions{})
		if err != nil {
			t.Fatal(err)
		}
		last := rs.sent()[2]
		if last["temperature"] != nil || last["max_tokens"] != nil || last["max_completion_tokens"] != float64(50) {
			t.Fatalf("third request %v", last)
		}
	})
	t.Run("OtherRejectionIsShown", func(t *testing.T) {
		rs := newRawServer(t, rawAnswer{status: 400, ctype: "application/json", body: `{"error":{"message":"This model's maximum context length is 8 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}`})
		_, _, err := stream(t, rs.URL, llm.Request{}, llm.ClientOptions{})
		if llm.KindOf(err) != llm.KindRejected || !strings.Contains(apperr.Message(err), "maximum context length") || len(rs.sent()) != 1 {
			t.Fatalf("err %v, %d requests", err, len(rs.sent()))
		}
	})
}

func TestWire_ErrorClasses(t *testing.T) {
	js := func(status int, body string) rawAnswer {
		return rawAnswer{status: status, ctype: "application/json", body: body}
	}
	cases := []struct {
		name  string
		ans   rawAnswer
		key   string
		kind  llm.Kind
		state string
		say   string
	}{
		{"QuotaIsNotARateLimit", js(429, `{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}`),
			"sk-x", llm.KindQuota, llm.StateQuota, "quota"},
		{"OpenRouterNoCredit", js(402, `{"error":{"code":402,"message":"Insufficient credits"}}`), "sk-x", llm.KindQuota, llm.StateQuota, "credit"},
		{"NeedsKey", js(401, `{"error":{"message":"You didn't provide an API key.","type":"invalid_request_error","param":null,"code":null}}`), "", llm.KindAuth, llm.StateNeedsKey, "needs an API key"},
		{"KeyRefused", js(401, `{"error":{"message":"Incorrect API key provided: sk-x.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`), "sk-x", llm.KindAuth, llm.StateKeyRefused, "refused the API key"},
		{"ModelMissing", js(404, `{"error":{"message":"model \"qwen3:8b\" not found, try pulling it first","type":"api_error","param":null,"code":null}}`), "", llm.KindModelNotFound, llm.StateModelMissing, "not available"},
		{"WrongPath", rawAnswer{status: 404, ctype: "text/plain", body: "404 page not found"}, "", llm.KindBadAddress, llm.StateBadAddress, "/v1"},
		{"VLLMError", js(400, `{"object":"error","message":"This model's maximum context length is 4096 tokens.","type":"BadRequestError","param":null,"code":400}`), "", llm.KindRejected, llm.StateOnline, "maximum context length"},
		{"ServerError", js(500, `{"error":{"message":"boom","type":"server_error"}}`), "", llm.KindServer, llm.StateServerError, "HTTP 500"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := newRawServer(t, c.ans)
			ep := endpoint(rs.URL).WithAPIKey(c.key)
			_, err := llm.NewClient(llm.ClientOptions{}).Stream(context.Background(), ep, llm.Request{Model: "m", Messages: []llm.Message{{Role: "user", Content: "hi"}}}, nil)
			if llm.KindOf(err) != c.kind || llm.StateOf(err) != c.state || !strings.Contains(apperr.Message(err), c.say) {
				t.Fatalf("kind %s state %s msg %q", llm.KindOf(err), llm.StateOf(err), apperr.Message(err))
			}
			if c.key != "" && strings.Contains(apperr.Message(err), c.key) {
				t.Fatalf("key in message %q", apperr.Message(err))
			}
			if n := len(rs.sent()); n != 1 {
				t.Fatalf("%d requests, want 1 (no retry)", n)
			}
		})
	}
}

func TestWire_LoadingModelIsWaitedFor(t *testing.T) {
	loading := rawAnswer{status: 503, ctype: "application/json", body: `{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}`}
	t.Run("LoadsInTime", func(t *testing.T) {
		rs := newRawServer(t, loading, loading)
		var waits []llm.Kind
		req := llm.Request{OnWait: func(err error, _ time.Duration) { waits = append(waits, llm.KindOf(err)) }}
		res, _, err := stream(t, rs.URL, req, llm.ClientOptions{LoadPoll: 10 * time.Millisecond})
		if err != nil || res.Text != "ok" || fmt.Sprint(waits) != "[loading loading]" {
			t.Fatalf("res %+v err %v waits %v", res, err, waits)
		}
	})
	t.Run("GivesUp", func(t *testing.T) {
		rs := newRawServer(t, loading, loading, loading, loading, loading, loading, loading, loading)
		_, _, err := stream(t, rs.URL, llm.Request{}, llm.ClientOptions{LoadPoll: 10 * time.Millisecond, LoadWait: 30 * time.Millisecond})
		if llm.KindOf(err) != llm.KindLoading || llm.StateOf(err) != llm.StateLoading || !strings.Contains(apperr.Message(err), "loading the model; Hearth waited") {
			t.Fatalf("err %v / %q", err, apperr.Message(err))
		}
	})
}

func TestWire_NonStreamedAnswer(t *testing.T) {
	// A server that ignores "stream": true answers with one chat.completion.
	rs := newRawServer(t, rawAnswer{status: 200, ctype: "application/json", body: `{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"<think>hm</think>Whole."},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}`})
	res, _, err := stream(t, rs.URL, llm.Request{}, llm.ClientOptions{})
	if err != nil || res.Text != "Whole." || res.Reasoning != "hm" || res.CompletionTokens != 2 {
		t.Fatalf("res %+v err %v", res, err)
	}
}

func TestWire_NonStreamedErrorRedactsTheKey(t *testing.T) {
	// A server that ignored "stream" and answered 200 with an error object
	// echoing the key: the key is redacted as in a streamed error.
	rs := newRawServer(t, rawAnswer{status: 200, ctype: "application/json", body: `{"error":{"message":"Key sk-secret-123 has no access to this model.","type":"invalid_request_error"}}`})
	ep := endpoint(rs.URL).WithAPIKey("sk-secret-123")
	_, err := llm.NewClient(llm.ClientOptions{}).Stream(context.Background(), ep, llm.Request{Model: "m", Messages: []llm.Message{{Role: "user", Content: "hi"}}}, nil)
	msg := apperr.Message(err)
	if err == nil || strings.Contains(msg, "sk-secret-123") || !strings.Contains(msg, "has no access") {
		t.Fatalf("err %v / %q", err, msg)
	}
}
