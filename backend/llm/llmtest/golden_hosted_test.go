package llmtest_test

import (
	"testing"

	"hearth/backend/llm/llmtest"
)

// Mistral refuses what it does not know with a pydantic 422: stream_options
// key by key (dnakov/anon-kode#53) and max_completion_tokens (the body of
// editor-code-assistant/eca#231, verbatim).
func TestMistral_Refuses422(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectMistral, "mistral-small-latest")
	got := chat(t, srv, "mistral-small-latest", `"stream_options":{"include_usage":true}`)
	wantStatus(t, got, 422, "application/json")
	same(t, "stream_options", got.body, `{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","stream_options","include_usage"],"msg":"Extra inputs are not permitted","input":true}]},"type":"invalid_request_error","param":null,"code":null}`)

	got = chat(t, srv, "mistral-small-latest", `"max_completion_tokens":32000`)
	wantStatus(t, got, 422, "application/json")
	same(t, "max_completion_tokens", got.body, `{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","max_completion_tokens"],"msg":"Extra inputs are not permitted","input":32000}]},"type":"invalid_request_error","param":null,"code":null}`)

	if n := srv.Pending(); n != 0 {
		t.Fatalf("pending %d", n)
	}
	srv.Script(llmtest.Reply{Text: "Hi", ChunkRunes: 100})
	got = chat(t, srv, "mistral-small-latest", `"max_tokens":32`)
	head := `{"id":"00000000000000000000000000000001","object":"chat.completion.chunk","created":1700000000,"model":"mistral-small-latest",`
	same(t, "retry without them", got.body, events(
		"data: "+head+`"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}`,
		"data: "+head+`"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}`,
		"data: "+head+`"choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"total_tokens":6,"completion_tokens":1}}`,
		"data: [DONE]",
	))
	if srv.Pending() != 0 {
		t.Error("the scripted reply was not used by the accepted request")
	}
	// An unknown model (tmc/langchaingo#1233, mistralai/mistral-vibe#617).
	got = chat(t, srv, "mistral-medium-3.5", "")
	wantStatus(t, got, 400, "application/json")
	same(t, "model", got.body, `{"object":"error","message":"Invalid model: mistral-medium-3.5","type":"invalid_model","param":null,"code":"1500"}`)
}

// OpenRouter: keep-alive comments (its streaming reference), the chunk of
// huggingface/responses.js#19 with delta.reasoning, and usage last.
func TestOpenRouter_KeepAlivesAndReasoning(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectOpenRouter, "deepseek/deepseek-r1")
	srv.Script(llmtest.Reply{Text: "Hi", Reasoning: ", so I need", KeepAlives: 2, ChunkRunes: 100})
	got := chat(t, srv, "deepseek/deepseek-r1", "")
	wantStatus(t, got, 200, "text/event-stream")
	head := `{"id":"gen-1700000000-AAAAAAAAAAAAAAAAAAAB","provider":"OpenAI","model":"deepseek/deepseek-r1","object":"chat.completion.chunk","created":1700000000,`
	same(t, "stream", got.body, events(
		": OPENROUTER PROCESSING",
		"data: "+head+`"choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":", so I need","reasoning_details":[]},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}`,
		": OPENROUTER PROCESSING",
		"data: "+head+`"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}`,
		"data: "+head+`"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop","native_finish_reason":"stop","logprobs":null}]}`,
		"data: "+head+`"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null,"native_finish_reason":null,"logprobs":null}],"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}`,
		"data: [DONE]",
	))
}

// OpenRouter's documented mid-stream error: a chunk with a top-level error
// and finish_reason "error", after which the stream ends.
func TestOpenRouter_MidStreamError(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectOpenRouter, "openai/gpt-4o")
	srv.Script(llmtest.Reply{Text: "abcdefgh", MidStreamError: "Provider disconnected unexpectedly"})
	got := chat(t, srv, "openai/gpt-4o", "")
	same(t, "stream", got.body, events(
		`data: {"id":"gen-1700000000-AAAAAAAAAAAAAAAAAAAB","provider":"OpenAI","model":"openai/gpt-4o","object":"chat.completion.chunk","created":1700000000,"choices":[{"index":0,"delta":{"role":"assistant","content":"abcd"},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}`,
		`data: {"id":"gen-1700000000-AAAAAAAAAAAAAAAAAAAB","object":"chat.completion.chunk","created":1700000000,"model":"openai/gpt-4o","provider":"OpenAI","error":{"code":"server_error","message":"Provider disconnected unexpectedly"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}`,
	))
	if got := chat(t, srv, "nope/model", ""); got.status != 400 || got.body != `{"error":{"code":400,"message":"nope/model is not a valid model ID"}}` {
		t.Errorf("unknown model: %d %s", got.status, got.body)
	}
}

// DeepSeek: ": keep-alive" comments (api-docs.deepseek.com rate limit
// page) and deepseek-reasoner's chunks, whose reasoning delta is the one
// quoted in ggml-org/llama.cpp#13867.
func TestDeepSeek_ReasonerStream(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectDeepSeek, "deepseek-reasoner")
	srv.Script(llmtest.Reply{Text: "Hi", Reasoning: "Okay", KeepAlives: 1, ChunkRunes: 100})
	got := chat(t, srv, "deepseek-reasoner", `"stream_options":{"include_usage":true}`)
	head := `{"id":"00000000-0000-4000-8000-000000000001","object":"chat.completion.chunk","created":1700000000,"model":"deepseek-reasoner","system_fingerprint":"fp_8802369eaa_prod0623_fp8_kvcache",`
	same(t, "stream", got.body, events(
		": keep-alive",
		"data: "+head+`"choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":""},"logprobs":null,"finish_reason":null}]}`,
		"data: "+head+`"choices":[{"index":0,"delta":{"content":null,"reasoning_content":"Okay"},"logprobs":null,"finish_reason":null}]}`,
		"data: "+head+`"choices":[{"index":0,"delta":{"content":"Hi","reasoning_content":null},"logprobs":null,"finish_reason":null}]}`,
		"data: "+head+`"choices":[{"index":0,"delta":{"content":"","reasoning_content":null},"logprobs":null,"finish_reason":"stop"}]}`,
		"data: "+head+`"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":1},"prompt_cache_hit_tokens":0,"prompt_cache_miss_tokens":5}}`,
		"data: [DONE]",
	))
}
