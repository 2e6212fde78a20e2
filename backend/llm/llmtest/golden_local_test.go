package llmtest_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"hearth/backend/llm/llmtest"
)

// Ollama: chunk shape of g0t4/ask-openai.nvim's recorded /v1 stream,
// thinking in delta.reasoning beside an empty content (dirac-run/dirac#227).
func TestOllama_ReasoningField(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectOllama, "qwen3:8b")
	srv.Script(llmtest.Reply{Text: "Hi", Reasoning: "We need", ChunkRunes: 100})
	got := chat(t, srv, "qwen3:8b", `"stream_options":{"include_usage":true}`)
	wantStatus(t, got, 200, "text/event-stream")
	head := `{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"qwen3:8b","system_fingerprint":"fp_ollama",`
	same(t, "stream", got.body, events(
		"data: "+head+`"choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"We need"},"finish_reason":null}]}`,
		"data: "+head+`"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}`,
		"data: "+head+`"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}`,
		"data: "+head+`"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}`,
		"data: [DONE]",
	))
}

// Ollama is a Go server: json.Marshal escapes <, > and &, so inline
// thinking arrives as \u003cthink\u003e.
func TestOllama_InlineThinkEscapedLikeGo(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectOllama, "qwen3:8b")
	srv.Script(llmtest.Reply{Text: "Hi", Reasoning: "Hmm", Think: llmtest.ThinkInline, ChunkRunes: 100})
	got := chat(t, srv, "qwen3:8b", "")
	head := `{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"qwen3:8b","system_fingerprint":"fp_ollama",`
	delta := func(s string) string {
		return "data: " + head + `"choices":[{"index":0,"delta":{"role":"assistant","content":"` + s + `"},"finish_reason":null}]}`
	}
	same(t, "stream", got.body, events(
		delta(`\u003cthink\u003e`), delta(`\nHmm\n`), delta(`\u003c/think\u003e`), delta(`\n\nHi`),
		"data: "+head+`"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}`,
		"data: [DONE]",
	))
}

// Ollama's answers to a missing model (netease-youdao/QAnything#555) and to
// a base URL without /v1 (Gin's plain-text 404).
func TestOllama_Errors(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectOllama, "qwen3:8b")
	got := chat(t, srv, "llama3", "")
	wantStatus(t, got, 404, "application/json; charset=utf-8")
	same(t, "model", got.body, `{"error":{"message":"model \"llama3\" not found, try pulling it first","type":"api_error","param":null,"code":null}}`)

	noV1 := &llmtest.Server{Handler: srv.Handler, HTTP: srv.HTTP, URL: srv.HTTP.URL}
	got = chat(t, noV1, "qwen3:8b", "")
	wantStatus(t, got, 404, "text/plain")
	same(t, "path", got.body, "404 page not found")
}

// A model Ollama still loads holds the response headers back.
func TestOllama_SlowLoad(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectOllama, "qwen3:8b")
	srv.SetLoading(1)
	const load = 600 * time.Millisecond
	srv.SetLoadDelay(load)
	start := time.Now()
	got := chat(t, srv, "qwen3:8b", "")
	if d := time.Since(start); d < load || got.status != 200 {
		t.Errorf("first request: status %d after %v, want 200 after >= %v", got.status, d, load)
	}
	start = time.Now()
	if got := chat(t, srv, "qwen3:8b", ""); got.status != 200 || time.Since(start) >= load {
		t.Errorf("second request: status %d after %v, want 200 without the load delay", got.status, time.Since(start))
	}
}

// llama.cpp: chunk keys in llama-server's order with the opening
// "content":null role chunk (ggml-org/llama.cpp#14268), reasoning_content
// (openai-php/client#780), the usage chunk with empty choices sent by
// default (ggml-org/llama.cpp#15444). It serves its loaded model whatever
// the request names.
func TestLlamaCpp_Stream(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectLlamaCpp, "qwen3-8b.gguf")
	srv.Script(llmtest.Reply{Text: "Hi", Reasoning: "Think", ChunkRunes: 100})
	got := chat(t, srv, "anything", "")
	wantStatus(t, got, 200, "text/event-stream")
	tail := `"created":1700000000,"id":"chatcmpl-00000000000000000000000000000001","model":"anything","system_fingerprint":"b6543-4f3e2d1c0","object":"chat.completion.chunk"`
	same(t, "stream", got.body, events(
		`data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],`+tail+`}`,
		`data: {"choices":[{"finish_reason":null,"index":0,"delta":{"reasoning_content":"Think"}}],`+tail+`}`,
		`data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Hi"}}],`+tail+`}`,
		`data: {"choices":[{"finish_reason":"stop","index":0,"delta":{}}],`+tail+`}`,
		`data: {"choices":[],`+tail+`,"usage":{"completion_tokens":3,"prompt_tokens":5,"total_tokens":8}}`,
		"data: [DONE]",
	))
}

// llama.cpp's "error:" SSE field after a failure mid-generation, then
// [DONE] (the frame quoted in coddy-project/coddy-agent#106).
func TestLlamaCpp_MidStreamError(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectLlamaCpp)
	msg := "the request exceeds the available context size. try increasing the context size or enable context shift"
	srv.Script(llmtest.Reply{Text: "abcdefgh", MidStreamError: msg})
	got := chat(t, srv, "m", "")
	tail := `"created":1700000000,"id":"chatcmpl-00000000000000000000000000000001","model":"m","system_fingerprint":"b6543-4f3e2d1c0","object":"chat.completion.chunk"`
	same(t, "stream", got.body, events(
		`data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],`+tail+`}`,
		`data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"abcd"}}],`+tail+`}`,
		`error: {"code":400,"message":"`+msg+`","type":"invalid_request_error"}`,
		"data: [DONE]",
	))
}

// llama.cpp's 503 while the model loads (mostlygeek/llama-swap#146).
func TestLlamaCpp_LoadingModel(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectLlamaCpp)
	srv.SetLoading(2)
	for i := 0; i < 2; i++ {
		got := chat(t, srv, "m", "")
		wantStatus(t, got, 503, "application/json; charset=utf-8")
		same(t, "body", got.body, `{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}`)
	}
	if got := chat(t, srv, "m", ""); got.status != 200 {
		t.Errorf("after loading: status %d", got.status)
	}
}

// DeepSeek-R1's form: the thinking starts the content with no opening tag
// and "</think>" alone marks its end.
func TestLlamaCpp_R1Think(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectLlamaCpp)
	srv.Script(llmtest.Reply{Text: "Hi", Reasoning: "Okay", Think: llmtest.ThinkR1, ChunkRunes: 100})
	got := chat(t, srv, "m", "")
	tail := `"created":1700000000,"id":"chatcmpl-00000000000000000000000000000001","model":"m","system_fingerprint":"b6543-4f3e2d1c0","object":"chat.completion.chunk"`
	same(t, "stream", got.body, events(
		`data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],`+tail+`}`,
		`data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Okay\n"}}],`+tail+`}`,
		`data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"</think>"}}],`+tail+`}`,
		`data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"\n\nHi"}}],`+tail+`}`,
		`data: {"choices":[{"finish_reason":"stop","index":0,"delta":{}}],`+tail+`}`,
		`data: {"choices":[],`+tail+`,"usage":{"completion_tokens":2,"prompt_tokens":5,"total_tokens":7}}`,
		"data: [DONE]",
	))
}

// LM Studio: the recorded chunk of lmstudio-ai/lmstudio-bug-tracker#378
// (fingerprint = model, role in every delta), with 0.3.23's
// delta.reasoning; and its 200 answer to an unknown endpoint.
func TestLMStudio_Stream(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectLMStudio, "qwen3-8b")
	srv.Script(llmtest.Reply{Text: "Hi", Reasoning: "le", ChunkRunes: 100})
	got := chat(t, srv, "qwen3-8b", "")
	head := `{"id":"chatcmpl-aaaaaaaaaaaaaaaaaaaab","object":"chat.completion.chunk","created":1700000000,"model":"qwen3-8b","system_fingerprint":"qwen3-8b",`
	same(t, "stream", got.body, events(
		"data: "+head+`"choices":[{"index":0,"delta":{"role":"assistant","reasoning":"le"},"logprobs":null,"finish_reason":null}]}`,
		"data: "+head+`"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"logprobs":null,"finish_reason":null}]}`,
		"data: "+head+`"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}`,
		"data: [DONE]",
	))
	noV1 := &llmtest.Server{Handler: srv.Handler, HTTP: srv.HTTP, URL: srv.HTTP.URL}
	got = chat(t, noV1, "qwen3-8b", "")
	wantStatus(t, got, http.StatusOK, "")
	same(t, "unknown endpoint", got.body, `{"error":"Unexpected endpoint or method. (POST /chat/completions)"}`)
}

// vLLM: pydantic chunks with reasoning_content and "stop_reason", usage in
// prompt/total/completion order, and the flat error object of
// vllm-project/vllm#3485.
func TestVLLM_StreamAndErrors(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectVLLM, "Qwen/Qwen3-8B")
	srv.Script(llmtest.Reply{Text: "Hi", Reasoning: "Hmm", ChunkRunes: 100})
	got := chat(t, srv, "Qwen/Qwen3-8B", `"stream_options":{"include_usage":true}`)
	wantStatus(t, got, 200, "text/event-stream; charset=utf-8")
	head := `{"id":"chatcmpl-00000000000000000000000000000001","object":"chat.completion.chunk","created":1700000000,"model":"Qwen/Qwen3-8B",`
	same(t, "stream", got.body, events(
		"data: "+head+`"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}`,
		"data: "+head+`"choices":[{"index":0,"delta":{"reasoning_content":"Hmm"},"logprobs":null,"finish_reason":null}]}`,
		"data: "+head+`"choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}]}`,
		"data: "+head+`"choices":[{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":"stop","stop_reason":null}]}`,
		"data: "+head+`"choices":[],"usage":{"prompt_tokens":5,"total_tokens":7,"completion_tokens":2}}`,
		"data: [DONE]",
	))
	got = chat(t, srv, "Qwen1.5-14B-Chat-GPTQ-Int8", "")
	wantStatus(t, got, 404, "application/json")
	same(t, "model", got.body, "{\"object\":\"error\",\"message\":\"The model `Qwen1.5-14B-Chat-GPTQ-Int8` does not exist.\",\"type\":\"NotFoundError\",\"param\":null,\"code\":404}")
}

// LM Studio names the models it has when asked for another
// (gitbutlerapp/gitbutler#8706), but with one model loaded it answers with
// that one whatever the request says (lmstudio-ai/lmstudio-bug-tracker#619).
func TestLMStudio_ModelNotFound(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectLMStudio, "gemma-3-27b-it-qat", "qwen3-32b")
	got := chat(t, srv, "default", "")
	wantStatus(t, got, 404, "application/json; charset=utf-8")
	same(t, "body", got.body, "{\n"+
		"    \"error\": {\n"+
		"        \"message\": \"Model \\\"default\\\" not found. Please specify a valid model.\\n\\nYour models:\\n\\ngemma-3-27b-it-qat\\nqwen3-32b\",\n"+
		"        \"type\": \"invalid_request_error\",\n"+
		"        \"param\": \"model\",\n"+
		"        \"code\": \"model_not_found\"\n"+
		"    }\n"+
		"}")
	one := llmtest.NewDialectServer(t, llmtest.DialectLMStudio, "gemma-3-1b-it-qat:2")
	if got := chat(t, one, "any-model-name", ""); got.status != 200 || !contains(got.body, `"model":"gemma-3-1b-it-qat:2"`) {
		t.Errorf("one model loaded: %d %s", got.status, got.body)
	}
}

// llama-server's ping: colon-only comment frames before the first chunk,
// as shown in ggml-org/llama.cpp#24013.
func TestLlamaCpp_Ping(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectLlamaCpp)
	srv.Script(llmtest.Reply{Text: "Hi", KeepAlives: 3, ChunkRunes: 100, NoUsage: true})
	got := chat(t, srv, "m", "")
	tail := `"created":1700000000,"id":"chatcmpl-00000000000000000000000000000001","model":"m","system_fingerprint":"b6543-4f3e2d1c0","object":"chat.completion.chunk"`
	same(t, "stream", got.body, events(":", ":", ":",
		`data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],`+tail+`}`,
		`data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Hi"}}],`+tail+`}`,
		`data: {"choices":[{"finish_reason":"stop","index":0,"delta":{}}],`+tail+`}`,
		"data: [DONE]",
	))
}

// Older LM Studio streamed reasoning_content, with the role beside it
// (lmstudio-ai/lmstudio-bug-tracker#378, 0.3.9).
func TestLMStudio_OldReasoningField(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectLMStudio, "deepseek-r1-distill-llama-8b")
	srv.Script(llmtest.Reply{Reasoning: "le", ReasoningField: "reasoning_content", ChunkRunes: 100})
	got := chat(t, srv, "deepseek-r1-distill-llama-8b", "")
	want := `data: {"id":"chatcmpl-aaaaaaaaaaaaaaaaaaaab","object":"chat.completion.chunk","created":1700000000,"model":"deepseek-r1-distill-llama-8b","system_fingerprint":"deepseek-r1-distill-llama-8b","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"le"},"logprobs":null,"finish_reason":null}]}` + "\n\n"
	if !strings.HasPrefix(got.body, want) {
		t.Errorf("stream %q\nwant it to start with %q", got.body, want)
	}
}
