package llmtest

// llamaWire is llama.cpp's llama-server. Chunk shape — keys in the order
// choices, created, id, model, system_fingerprint ("b<build>-<commit>"),
// object; "finish_reason" first in a choice; an opening role chunk with
// "content":null — from ggml-org/llama.cpp#14268 and openai-php/client#780
// (which also shows delta.reasoning_content). Usage comes in a chunk of its
// own with empty choices, sent by default (ggml-org/llama.cpp#15444).
// The server answers for whatever model it has loaded, whatever the
// request's model says.
type llamaWire struct{}

func (llamaWire) anyModel([]string) bool { return true }

func (llamaWire) newID(seq int) string { return "chatcmpl-" + pad(32, seq) }

func (llamaWire) chatPath(p string) bool {
	return p == "/v1/chat/completions" || p == "/chat/completions"
}
func (llamaWire) modelsPath(p string) bool     { return p == "/v1/models" || p == "/models" }
func (llamaWire) modelList(ms []string) string { return openAIModelList(ms, "llamacpp") }

func (w llamaWire) notFound(string, string) (int, string, string) {
	return 404, "application/json; charset=utf-8", llamaError(404, "File Not Found", "not_found_error")
}

// errorBody: {"error":{"code","message","type"}}. The 503 while loading is
// {"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}
// (mostlygeek/llama-swap#146).
func (llamaWire) errorBody(f failure) (int, string, string) {
	msg, typ := f.message, "server_error"
	switch {
	case f.kind == failLoading:
		f.status, msg, typ = 503, "Loading model", "unavailable_error"
	case f.kind == failAuth:
		msg, typ = "Invalid API Key", "authentication_error"
	case f.status == 400:
		typ = "invalid_request_error"
	case f.status == 401:
		typ = "authentication_error"
	case f.status == 403:
		typ = "permission_error"
	case f.status == 404:
		typ = "not_found_error"
	case f.status == 501:
		typ = "not_supported_error"
	case f.status == 503:
		typ = "unavailable_error"
	}
	return f.status, "application/json; charset=utf-8", llamaError(f.status, msg, typ)
}

func llamaError(code int, msg, typ string) string {
	return obj(kv{"error", obj(kv{"code", jint(code)}, kv{"message", jstr(msg)}, kv{"type", jstr(typ)})})
}

func (llamaWire) thinkField() string { return "reasoning_content" }

const llamaFingerprint = "b6543-4f3e2d1c0"

func (llamaWire) chunk(m *meta, choices string, extra ...kv) string {
	members := append([]kv{{"choices", choices}, {"created", jint(int(m.created))}, {"id", jstr(m.id)},
		{"model", jstr(m.model)}, {"system_fingerprint", jstr(llamaFingerprint)}, {"object", jstr("chat.completion.chunk")}}, extra...)
	return obj(members...)
}

func (w llamaWire) choice(m *meta, delta, finish string) string {
	return w.chunk(m, arr(obj(kv{"finish_reason", finish}, kv{"index", "0"}, kv{"delta", delta})))
}

func (w llamaWire) open(m *meta, _ bool) string {
	return w.choice(m, obj(kv{"role", jstr("assistant")}, kv{"content", jnull}), jnull)
}

func (w llamaWire) content(m *meta, text string, _ bool) string {
	return w.choice(m, obj(kv{"content", jstr(text)}), jnull)
}

func (w llamaWire) reasoning(m *meta, text string, _ bool) string {
	return w.choice(m, obj(kv{m.reasoningField, jstr(text)}), jnull)
}

func (w llamaWire) finish(m *meta, reason string, u *usage) []string {
	out := []string{data(w.choice(m, "{}", jstr(reason)))}
	if u != nil {
		c := u.completion + u.reasoning
		us := obj(kv{"completion_tokens", jint(c)}, kv{"prompt_tokens", jint(u.prompt)}, kv{"total_tokens", jint(u.prompt + c)})
		out = append(out, data(w.chunk(m, "[]", kv{"usage", us})))
	}
	return append(out, doneLine)
}

// midError: llama-server builds of 2025 report a failure after the stream
// started as a non-standard "error:" SSE field, then send [DONE]
// (coddy-project/coddy-agent#106, which quotes the context-size frame;
// ggml-org/llama.cpp#16109 later moved it into a data line).
func (llamaWire) midError(_ *meta, msg string) ([]string, bool) {
	return []string{"error: " + obj(kv{"code", "400"}, kv{"message", jstr(msg)}, kv{"type", jstr("invalid_request_error")})}, true
}

// keepAlive: llama-server's SSE ping is a bare colon while the prompt is
// processed (ggml-org/llama.cpp#24013, ollama/ollama#16443,
// mistralai/mistral-vibe#776).
func (llamaWire) keepAlive() string  { return ":" }
func (llamaWire) streamType() string { return "text/event-stream" }
