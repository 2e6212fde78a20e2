package llmtest

import "fmt"

// mistralWire is api.mistral.ai: 32-hex ids without a prefix, no
// system_fingerprint or logprobs, usage always in the finish chunk
// ("Usage data is included by default", dnakov/anon-kode#53), and no
// thinking field (thinking goes inline). Its request validation is strict:
// see mistralParams.
type mistralWire struct{}

func (mistralWire) newID(seq int) string         { return fmt.Sprintf("%032x", seq) }
func (mistralWire) chatPath(p string) bool       { return p == "/v1/chat/completions" }
func (mistralWire) modelsPath(p string) bool     { return p == "/v1/models" }
func (mistralWire) modelList(ms []string) string { return openAIModelList(ms, "mistralai") }

func (mistralWire) notFound(string, string) (int, string, string) {
	return 404, "application/json", obj(kv{"detail", jstr("Not Found")})
}

// errorBody: Mistral's {"object":"error","message",…} form (the 422 shape
// of dnakov/anon-kode#53 with a plain message; the unknown model of
// tmc/langchaingo#1233); 401 is {"detail":"Unauthorized"}
// (nextcloud/integration_openai#332, agent0ai/agent-zero#539).
func (mistralWire) errorBody(f failure) (int, string, string) {
	switch f.kind {
	case failAuth:
		return 401, "application/json", obj(kv{"detail", jstr("Unauthorized")})
	case failModel:
		return 400, "application/json", mistralError(jstr("Invalid model: "+f.model), "invalid_model", jstr("1500"))
	}
	return f.status, "application/json", mistralError(jstr(f.message), "invalid_request_error", jnull)
}

func mistralError(message, typ, code string) string {
	return obj(kv{"object", jstr("error")}, kv{"message", message}, kv{"type", jstr(typ)}, kv{"param", jnull}, kv{"code", code})
}

func (mistralWire) thinkField() string { return "" }

func (mistralWire) chunk(m *meta, choices string, extra ...kv) string {
	return obj(append([]kv{{"id", jstr(m.id)}, {"object", jstr("chat.completion.chunk")}, {"created", jint(int(m.created))},
		{"model", jstr(m.model)}, {"choices", choices}}, extra...)...)
}

func (w mistralWire) choice(m *meta, delta, finish string, extra ...kv) string {
	return w.chunk(m, arr(obj(kv{"index", "0"}, kv{"delta", delta}, kv{"finish_reason", finish})), extra...)
}

func (w mistralWire) open(m *meta, _ bool) string {
	return w.choice(m, obj(kv{"role", jstr("assistant")}, kv{"content", jstr("")}), jnull)
}

func (w mistralWire) content(m *meta, text string, _ bool) string {
	return w.choice(m, obj(kv{"content", jstr(text)}), jnull)
}

func (w mistralWire) reasoning(m *meta, text string, first bool) string {
	return w.content(m, text, first)
}

func (w mistralWire) finish(m *meta, reason string, u *usage) []string {
	var extra []kv
	if u != nil {
		c := u.completion + u.reasoning
		extra = append(extra, kv{"usage", obj(kv{"prompt_tokens", jint(u.prompt)}, kv{"total_tokens", jint(u.prompt + c)}, kv{"completion_tokens", jint(c)})})
	}
	return []string{data(w.choice(m, obj(kv{"content", jstr("")}), jstr(reason), extra...)), doneLine}
}

// midError: Mistral documents no in-stream error frame; its error object as
// a data event, then the stream ends.
func (mistralWire) midError(_ *meta, msg string) ([]string, bool) {
	return []string{data(mistralError(jstr(msg), "internal_error", jnull))}, false
}

func (mistralWire) keepAlive() string  { return ": ping" }
func (mistralWire) streamType() string { return "text/event-stream; charset=utf-8" }
