package llmtest

import "strings"

// openrouterWire is openrouter.ai/api/v1. Chunk shape — "gen-" ids, a
// "provider" key after the id, the role in every delta, thinking in
// delta.reasoning with "reasoning_details", "native_finish_reason" — from
// the recorded chunk in huggingface/responses.js#19; the finish chunk and
// the usage chunk after it (a choice with an empty delta, then "usage") as
// recorded in speakeasy-api/gram#921. Keep-alive comments
// ": OPENROUTER PROCESSING", usage in the final chunk, errors as
// {"error":{"code","message"}} and a mid-stream error as a chunk with a
// top-level "error" and finish_reason "error" are from OpenRouter's
// API reference (openrouter.ai/docs/api-reference/streaming and
// /errors-and-debugging; damianvtran/local-operator#223).
type openrouterWire struct{}

func (openrouterWire) newID(seq int) string {
	return "gen-1700000000-" + strings.Map(func(r rune) rune { return 'A' + (r - '0') }, pad(20, seq))
}
func (openrouterWire) chatPath(p string) bool       { return p == "/api/v1/chat/completions" }
func (openrouterWire) modelsPath(p string) bool     { return p == "/api/v1/models" }
func (openrouterWire) modelList(ms []string) string { return openAIModelList(ms, "openrouter") }

func (openrouterWire) notFound(string, string) (int, string, string) {
	return 404, "application/json", openrouterError(404, "Not Found")
}

func (openrouterWire) errorBody(f failure) (int, string, string) {
	msg := f.message
	switch f.kind {
	case failAuth:
		msg = "No auth credentials found"
	case failModel:
		f.status, msg = 400, f.model+" is not a valid model ID"
	case failQuota: // OpenRouter's credit error is a 402, not a 429
		f.status, msg = 402, "Insufficient credits. Add more using https://openrouter.ai/credits"
	}
	return f.status, "application/json", openrouterError(f.status, msg)
}

func openrouterError(code int, msg string) string {
	return obj(kv{"error", obj(kv{"code", jint(code)}, kv{"message", jstr(msg)})})
}

func (openrouterWire) thinkField() string { return "reasoning" }

const openrouterProvider = "OpenAI"

func (openrouterWire) chunk(m *meta, choices string, extra ...kv) string {
	return obj(append([]kv{{"id", jstr(m.id)}, {"provider", jstr(openrouterProvider)}, {"model", jstr(m.model)},
		{"object", jstr("chat.completion.chunk")}, {"created", jint(int(m.created))}, {"choices", choices}}, extra...)...)
}

func (openrouterWire) choice(delta, finish, native string) string {
	return obj(kv{"index", "0"}, kv{"delta", delta}, kv{"finish_reason", finish}, kv{"native_finish_reason", native}, kv{"logprobs", jnull})
}

func (openrouterWire) open(*meta, bool) string { return "" }

func (w openrouterWire) content(m *meta, text string, _ bool) string {
	return w.chunk(m, arr(w.choice(obj(kv{"role", jstr("assistant")}, kv{"content", jstr(text)}), jnull, jnull)))
}

func (w openrouterWire) reasoning(m *meta, text string, _ bool) string {
	d := obj(kv{"role", jstr("assistant")}, kv{"content", jstr("")}, kv{m.reasoningField, jstr(text)}, kv{"reasoning_details", "[]"})
	return w.chunk(m, arr(w.choice(d, jnull, jnull)))
}

func (w openrouterWire) finish(m *meta, reason string, u *usage) []string {
	empty := obj(kv{"role", jstr("assistant")}, kv{"content", jstr("")})
	out := []string{data(w.chunk(m, arr(w.choice(empty, jstr(reason), jstr(reason)))))}
	if u != nil {
		c := u.completion + u.reasoning
		us := obj(kv{"prompt_tokens", jint(u.prompt)}, kv{"completion_tokens", jint(c)}, kv{"total_tokens", jint(u.prompt + c)})
		out = append(out, data(w.chunk(m, arr(w.choice(empty, jnull, jnull)), kv{"usage", us})))
	}
	return append(out, doneLine)
}

// midError: the documented error chunk (key order id, object, created,
// model, provider, error, choices); the stream then ends.
func (openrouterWire) midError(m *meta, msg string) ([]string, bool) {
	ch := obj(kv{"index", "0"}, kv{"delta", obj(kv{"content", jstr("")})}, kv{"finish_reason", jstr("error")})
	frame := obj(kv{"id", jstr(m.id)}, kv{"object", jstr("chat.completion.chunk")}, kv{"created", jint(int(m.created))},
		kv{"model", jstr(m.model)}, kv{"provider", jstr(openrouterProvider)},
		kv{"error", obj(kv{"code", jstr("server_error")}, kv{"message", jstr(msg)})}, kv{"choices", arr(ch)})
	return []string{data(frame)}, false
}

func (openrouterWire) keepAlive() string  { return ": OPENROUTER PROCESSING" }
func (openrouterWire) streamType() string { return "text/event-stream" }
