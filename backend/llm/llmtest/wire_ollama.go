package llmtest

import "strconv"

// ollamaWire is Ollama's OpenAI-compatible /v1 (a Go server). Chunk shape
// — every delta repeats "role", no logprobs, "system_fingerprint":
// "fp_ollama", short numeric ids — from recorded streams in
// g0t4/ask-openai.nvim (lua/ask-openai/backends/sse_parse_notes.md) and
// mjt-services/api-service-2025 (src/type/OpenAiChunk.ts). Thinking goes in
// delta.reasoning next to an empty content (dirac-run/dirac#227, Ollama
// 0.34; Crosstalk-Solutions/project-nomad#1065). Strings are escaped the way
// Go's encoding/json does, so "<think>" is "\u003cthink\u003e" on the wire.
type ollamaWire struct{}

func (ollamaWire) newID(seq int) string         { return "chatcmpl-" + strconv.Itoa(seq) }
func (ollamaWire) chatPath(p string) bool       { return p == "/v1/chat/completions" }
func (ollamaWire) modelsPath(p string) bool     { return p == "/v1/models" }
func (ollamaWire) modelList(ms []string) string { return openAIModelList(ms, "library") }

// notFound: Gin's default plain-text answer (a base URL without /v1).
func (ollamaWire) notFound(string, string) (int, string, string) {
	return 404, "text/plain", "404 page not found"
}

// errorBody: {"error":{message,type,param,code}} written compactly by Gin.
// The model message and its "api_error" type are as reported in
// netease-youdao/QAnything#555 and abi/screenshot-to-code#354.
func (ollamaWire) errorBody(f failure) (int, string, string) {
	typ, msg := "api_error", f.message
	if f.status == 400 {
		typ = "invalid_request_error"
	}
	switch f.kind {
	case failModel:
		msg = `model "` + f.model + `" not found, try pulling it first`
	case failAuth:
		msg = "unauthorized"
	}
	return f.status, "application/json; charset=utf-8", ollamaError(msg, typ)
}

func ollamaError(msg, typ string) string {
	return obj(kv{"error", obj(kv{"message", goStr(msg)}, kv{"type", goStr(typ)}, kv{"param", jnull}, kv{"code", jnull})})
}

func (ollamaWire) thinkField() string { return "reasoning" }

func (ollamaWire) chunk(m *meta, choices string, extra ...kv) string {
	members := append([]kv{{"id", goStr(m.id)}, {"object", goStr("chat.completion.chunk")}, {"created", jint(int(m.created))},
		{"model", goStr(m.model)}, {"system_fingerprint", goStr("fp_ollama")}, {"choices", choices}}, extra...)
	return obj(members...)
}

func (w ollamaWire) delta(m *meta, content, reasoning string, finish string) string {
	d := []kv{{"role", goStr("assistant")}, {"content", goStr(content)}}
	if reasoning != "" {
		d = append(d, kv{m.reasoningField, goStr(reasoning)})
	}
	return w.chunk(m, arr(obj(kv{"index", "0"}, kv{"delta", obj(d...)}, kv{"finish_reason", finish})))
}

func (ollamaWire) open(*meta, bool) string { return "" }

func (w ollamaWire) content(m *meta, text string, _ bool) string {
	return w.delta(m, text, "", jnull)
}

func (w ollamaWire) reasoning(m *meta, text string, _ bool) string {
	return w.delta(m, "", text, jnull)
}

// finish: the last chunk still carries the role and an empty content; the
// usage chunk (with include_usage) has empty choices.
func (w ollamaWire) finish(m *meta, reason string, u *usage) []string {
	out := []string{data(w.delta(m, "", "", goStr(reason)))}
	if u != nil && m.includeUsage {
		out = append(out, data(w.chunk(m, "[]", kv{"usage", plainUsage(*u)})))
	}
	return append(out, doneLine)
}

// midError: Ollama documents no in-stream error frame; its error object is
// sent as a data event and the stream ends.
func (ollamaWire) midError(_ *meta, msg string) ([]string, bool) {
	return []string{data(ollamaError(msg, "api_error"))}, false
}

// keepAlive: Ollama sends none; ": ping" is the common proxy form.
func (ollamaWire) keepAlive() string  { return ": ping" }
func (ollamaWire) streamType() string { return "text/event-stream" }

// plainUsage is {"prompt_tokens","completion_tokens","total_tokens"}.
func plainUsage(u usage) string {
	c := u.completion + u.reasoning
	return obj(kv{"prompt_tokens", jint(u.prompt)}, kv{"completion_tokens", jint(c)}, kv{"total_tokens", jint(u.prompt + c)})
}
