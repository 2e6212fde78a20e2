package llmtest

import "fmt"

// deepseekWire is api.deepseek.com. Chunks carry a UUID id, a
// system_fingerprint and "logprobs":null; deepseek-reasoner streams its
// thinking in delta.reasoning_content with "content":null beside it
// (api-docs.deepseek.com reasoning model guide; the official chunk quoted
// in ggml-org/llama.cpp#13867). While busy the server sends ": keep-alive"
// SSE comments (api-docs.deepseek.com/quick_start/rate_limit).
type deepseekWire struct{}

func (deepseekWire) newID(seq int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012x", seq)
}

func (deepseekWire) chatPath(p string) bool {
	return p == "/chat/completions" || p == "/v1/chat/completions"
}
func (deepseekWire) modelsPath(p string) bool     { return p == "/models" || p == "/v1/models" }
func (deepseekWire) modelList(ms []string) string { return openAIModelList(ms, "deepseek") }

func (w deepseekWire) notFound(string, string) (int, string, string) {
	return 404, "application/json", deepseekError("Not Found", "invalid_request_error")
}

// errorBody: DeepSeek's OpenAI-like error object, "code" always
// "invalid_request_error": 401 as quoted in BerriAI/litellm#10403 and
// continuedev/continue#10056, 402 in Aider-AI/aider#4851; 400 "Model Not
// Exist" from its error codes page.
func (deepseekWire) errorBody(f failure) (int, string, string) {
	msg, typ := f.message, "invalid_request_error"
	switch f.kind {
	case failAuth:
		msg, typ = "Authentication Fails, Your api key: ****"+lastFour(f.key)+" is invalid", "authentication_error"
		if f.key == "" {
			msg = "Authentication Fails (auth header format should be Bearer sk-...)"
		}
	case failModel:
		f.status, msg = 400, "Model Not Exist"
	case failQuota:
		f.status, msg, typ = 402, "Insufficient Balance", "unknown_error"
	}
	if f.status >= 500 && f.kind == failGeneric {
		typ = "server_error"
	}
	return f.status, "application/json", deepseekError(msg, typ)
}

func deepseekError(msg, typ string) string {
	return obj(kv{"error", obj(kv{"message", jstr(msg)}, kv{"type", jstr(typ)}, kv{"param", jnull}, kv{"code", jstr("invalid_request_error")})})
}

func (deepseekWire) thinkField() string { return "reasoning_content" }

const deepseekFingerprint = "fp_8802369eaa_prod0623_fp8_kvcache"

func (deepseekWire) chunk(m *meta, choices string, extra ...kv) string {
	return obj(append([]kv{{"id", jstr(m.id)}, {"object", jstr("chat.completion.chunk")}, {"created", jint(int(m.created))},
		{"model", jstr(m.model)}, {"system_fingerprint", jstr(deepseekFingerprint)}, {"choices", choices}}, extra...)...)
}

func (w deepseekWire) choice(m *meta, delta, finish string) string {
	return w.chunk(m, arr(obj(kv{"index", "0"}, kv{"delta", delta}, kv{"logprobs", jnull}, kv{"finish_reason", finish})))
}

// open: deepseek-reasoner opens with an empty reasoning_content and a null
// content; deepseek-chat with an empty content.
func (w deepseekWire) open(m *meta, thinking bool) string {
	if thinking {
		return w.choice(m, obj(kv{"role", jstr("assistant")}, kv{"content", jnull}, kv{m.reasoningField, jstr("")}), jnull)
	}
	return w.choice(m, obj(kv{"role", jstr("assistant")}, kv{"content", jstr("")}), jnull)
}

func (w deepseekWire) content(m *meta, text string, _ bool) string {
	if m.fieldThinking {
		return w.choice(m, obj(kv{"content", jstr(text)}, kv{m.reasoningField, jnull}), jnull)
	}
	return w.choice(m, obj(kv{"content", jstr(text)}), jnull)
}

func (w deepseekWire) reasoning(m *meta, text string, _ bool) string {
	return w.choice(m, obj(kv{"content", jnull}, kv{m.reasoningField, jstr(text)}), jnull)
}

func (w deepseekWire) finish(m *meta, reason string, u *usage) []string {
	d := obj(kv{"content", jstr("")})
	if m.fieldThinking {
		d = obj(kv{"content", jstr("")}, kv{m.reasoningField, jnull})
	}
	out := []string{data(w.choice(m, d, jstr(reason)))}
	if u != nil && m.includeUsage {
		c := u.completion + u.reasoning
		members := []kv{{"prompt_tokens", jint(u.prompt)}, {"completion_tokens", jint(c)}, {"total_tokens", jint(u.prompt + c)},
			{"prompt_tokens_details", obj(kv{"cached_tokens", "0"})}}
		if m.fieldThinking {
			members = append(members, kv{"completion_tokens_details", obj(kv{"reasoning_tokens", jint(u.reasoning)})})
		}
		members = append(members, kv{"prompt_cache_hit_tokens", "0"}, kv{"prompt_cache_miss_tokens", jint(u.prompt)})
		out = append(out, data(w.chunk(m, "[]", kv{"usage", obj(members...)})))
	}
	return append(out, doneLine)
}

// midError: DeepSeek documents no in-stream error frame; its error object
// as a data event, then the stream ends.
func (deepseekWire) midError(_ *meta, msg string) ([]string, bool) {
	return []string{data(deepseekError(msg, "server_error"))}, false
}

func (deepseekWire) keepAlive() string  { return ": keep-alive" }
func (deepseekWire) streamType() string { return "text/event-stream; charset=utf-8" }
