package llmtest

import "strings"

// lmstudioWire is LM Studio's local server. Chunk shape — id
// "chatcmpl-" plus 21 lowercase characters, "system_fingerprint" equal to
// the model, the role repeated in every delta, "logprobs":null — from the
// recorded stream in lmstudio-ai/lmstudio-bug-tracker#378. Thinking is
// delta.reasoning since 0.3.23 (lmstudio-ai/lmstudio-bug-tracker#894;
// reasoning_content before). With a single model loaded it ignores the
// requested model name (lmstudio-ai/lmstudio-bug-tracker#619).
type lmstudioWire struct{}

func (lmstudioWire) anyModel(models []string) bool { return len(models) == 1 }

func (lmstudioWire) newID(seq int) string {
	return "chatcmpl-" + strings.Map(func(r rune) rune { return 'a' + (r - '0') }, pad(21, seq))
}
func (lmstudioWire) chatPath(p string) bool       { return p == "/v1/chat/completions" }
func (lmstudioWire) modelsPath(p string) bool     { return p == "/v1/models" }
func (lmstudioWire) modelList(ms []string) string { return openAIModelList(ms, "organization_owner") }

// notFound: LM Studio answers an unknown endpoint with 200 and an error
// string ("Unexpected endpoint or method. (GET /). Returning 200 anyway" in
// its log, lmstudio-ai/lmstudio-bug-tracker#1879).
func (lmstudioWire) notFound(method, path string) (int, string, string) {
	return 200, "application/json; charset=utf-8", obj(kv{"error", jstr("Unexpected endpoint or method. (" + method + " " + path + ")")})
}

// errorBody: an OpenAI-style error object indented by four spaces; the
// unknown-model wording lists the models (gitbutlerapp/gitbutler#8706).
func (lmstudioWire) errorBody(f failure) (int, string, string) {
	msg, param, code := f.message, jnull, jnull
	switch f.kind {
	case failModel:
		msg = "Model \"" + f.model + "\" not found. Please specify a valid model.\n\nYour models:\n\n" + strings.Join(f.models, "\n")
		param, code = jstr("model"), jstr("model_not_found")
	case failAuth:
		msg = "Invalid API key"
	}
	typ := "invalid_request_error"
	if f.status >= 500 {
		typ = "server_error"
	}
	body := obj(kv{"error", obj(kv{"message", jstr(msg)}, kv{"type", jstr(typ)}, kv{"param", param}, kv{"code", code})})
	return f.status, "application/json; charset=utf-8", indent(body, "    ")
}

func (lmstudioWire) thinkField() string { return "reasoning" }

func (lmstudioWire) chunk(m *meta, choices string, extra ...kv) string {
	return obj(append([]kv{{"id", jstr(m.id)}, {"object", jstr("chat.completion.chunk")}, {"created", jint(int(m.created))},
		{"model", jstr(m.model)}, {"system_fingerprint", jstr(m.model)}, {"choices", choices}}, extra...)...)
}

func (w lmstudioWire) choice(m *meta, delta, finish string) string {
	return w.chunk(m, arr(obj(kv{"index", "0"}, kv{"delta", delta}, kv{"logprobs", jnull}, kv{"finish_reason", finish})))
}

func (lmstudioWire) open(*meta, bool) string { return "" }

func (w lmstudioWire) content(m *meta, text string, _ bool) string {
	return w.choice(m, obj(kv{"role", jstr("assistant")}, kv{"content", jstr(text)}), jnull)
}

func (w lmstudioWire) reasoning(m *meta, text string, _ bool) string {
	return w.choice(m, obj(kv{"role", jstr("assistant")}, kv{m.reasoningField, jstr(text)}), jnull)
}

func (w lmstudioWire) finish(m *meta, reason string, u *usage) []string {
	out := []string{data(w.choice(m, "{}", jstr(reason)))}
	if u != nil && m.includeUsage {
		out = append(out, data(w.chunk(m, "[]", kv{"usage", plainUsage(*u)})))
	}
	return append(out, doneLine)
}

// midError: LM Studio documents no in-stream error frame; an OpenAI-style
// error object as a data event, then the stream ends.
func (lmstudioWire) midError(_ *meta, msg string) ([]string, bool) {
	return []string{data(obj(kv{"error", obj(kv{"message", jstr(msg)}, kv{"type", jstr("server_error")}, kv{"param", jnull}, kv{"code", jnull})}))}, false
}

func (lmstudioWire) keepAlive() string  { return ": ping" }
func (lmstudioWire) streamType() string { return "text/event-stream" }
