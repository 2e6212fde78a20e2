package llmtest

import "fmt"

// vllmWire is vLLM's OpenAI-compatible server (pydantic models, so keys
// follow the model's field order and unset fields are left out). Thinking
// is delta.reasoning_content with a reasoning parser enabled
// (vllm-project/vllm#12473; docs.vllm.ai "OpenAI Chat Completion With
// Reasoning Streaming"). Error bodies are the flat {"object":"error",…}
// form (vllm-project/vllm#3485; runpod-workers/worker-vllm#57).
type vllmWire struct{}

func (vllmWire) newID(seq int) string         { return "chatcmpl-" + fmt.Sprintf("%032x", seq) }
func (vllmWire) chatPath(p string) bool       { return p == "/v1/chat/completions" }
func (vllmWire) modelsPath(p string) bool     { return p == "/v1/models" }
func (vllmWire) modelList(ms []string) string { return openAIModelList(ms, "vllm") }

// notFound: FastAPI's default.
func (vllmWire) notFound(string, string) (int, string, string) {
	return 404, "application/json", obj(kv{"detail", jstr("Not Found")})
}

func (vllmWire) errorBody(f failure) (int, string, string) {
	msg, typ := f.message, "BadRequestError"
	switch {
	case f.kind == failAuth: // vLLM's --api-key middleware
		return 401, "application/json", obj(kv{"error", jstr("Unauthorized")})
	case f.kind == failModel:
		msg, typ = "The model `"+f.model+"` does not exist.", "NotFoundError"
	case f.status == 404:
		typ = "NotFoundError"
	case f.status >= 500:
		typ = "InternalServerError"
	}
	return f.status, "application/json", vllmError(msg, typ, f.status)
}

func vllmError(msg, typ string, code int) string {
	return obj(kv{"object", jstr("error")}, kv{"message", jstr(msg)}, kv{"type", jstr(typ)}, kv{"param", jnull}, kv{"code", jint(code)})
}

func (vllmWire) thinkField() string { return "reasoning_content" }

func (vllmWire) chunk(m *meta, choices string, extra ...kv) string {
	return obj(append([]kv{{"id", jstr(m.id)}, {"object", jstr("chat.completion.chunk")}, {"created", jint(int(m.created))},
		{"model", jstr(m.model)}, {"choices", choices}}, extra...)...)
}

func (w vllmWire) choice(m *meta, delta string) string {
	return w.chunk(m, arr(obj(kv{"index", "0"}, kv{"delta", delta}, kv{"logprobs", jnull}, kv{"finish_reason", jnull})))
}

func (w vllmWire) open(m *meta, _ bool) string {
	return w.choice(m, obj(kv{"role", jstr("assistant")}, kv{"content", jstr("")}))
}

func (w vllmWire) content(m *meta, text string, _ bool) string {
	return w.choice(m, obj(kv{"content", jstr(text)}))
}

func (w vllmWire) reasoning(m *meta, text string, _ bool) string {
	return w.choice(m, obj(kv{m.reasoningField, jstr(text)}))
}

// finish: the last choice carries vLLM's extra "stop_reason"; usage (with
// include_usage) has its own chunk with empty choices, in vLLM's
// prompt/total/completion order.
func (w vllmWire) finish(m *meta, reason string, u *usage) []string {
	fin := obj(kv{"index", "0"}, kv{"delta", obj(kv{"content", jstr("")})}, kv{"logprobs", jnull},
		kv{"finish_reason", jstr(reason)}, kv{"stop_reason", jnull})
	out := []string{data(w.chunk(m, arr(fin)))}
	if u != nil && m.includeUsage {
		c := u.completion + u.reasoning
		us := obj(kv{"prompt_tokens", jint(u.prompt)}, kv{"total_tokens", jint(u.prompt + c)}, kv{"completion_tokens", jint(c)})
		out = append(out, data(w.chunk(m, "[]", kv{"usage", us})))
	}
	return append(out, doneLine)
}

// midError: vLLM's create_streaming_error_response — the error response
// json.dumps'ed (Python separators) under "error", then [DONE].
func (vllmWire) midError(_ *meta, msg string) ([]string, bool) {
	inner := pyObj(kv{"object", jstr("error")}, kv{"message", jstr(msg)}, kv{"type", jstr("BadRequestError")},
		kv{"param", jnull}, kv{"code", "400"})
	return []string{data(pyObj(kv{"error", inner}))}, true
}

func (vllmWire) keepAlive() string  { return ": ping" }
func (vllmWire) streamType() string { return "text/event-stream; charset=utf-8" }
