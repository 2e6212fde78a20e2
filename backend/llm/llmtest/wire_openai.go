package llmtest

import (
	"bytes"
	"encoding/json"
	"strings"
)

// openaiWire is api.openai.com. Chunk shape (key order, service_tier,
// system_fingerprint, role chunk with "content":"" and "refusal":null,
// "usage":null on every chunk when include_usage is set) from a recorded
// gpt-4.1 stream (coder/aibridge fixtures/openai/chatcompletions/
// stream_error.txtar) and the "obfuscation" padding field from
// ENTERPILOT/GoModel#46's recorded stream and openai/openai-node#2423
// (omitted when stream_options.include_obfuscation is false).
type openaiWire struct{}

func (openaiWire) newID(seq int) string { return "chatcmpl-" + pad(29, seq) }

// The suffix match keeps the historic leniency of this fake (tests point
// at ".../v1/v1"); api.openai.com itself only serves /v1/....
func (openaiWire) chatPath(p string) bool   { return strings.HasSuffix(p, "/chat/completions") }
func (openaiWire) modelsPath(p string) bool { return strings.HasSuffix(p, "/models") }

func (w openaiWire) notFound(method, path string) (int, string, string) {
	return w.errorBody(failure{status: 404, message: "Invalid URL (" + method + " " + path + ")"})
}

func (openaiWire) modelList(models []string) string { return openAIModelList(models, "system") }

// errorBody: OpenAI's error object, pretty-printed as the API sends it
// (the raw 401 body in Taiko3615/RenPyChatGPTExample#2).
// Wordings: 401 and 404 from the API's own messages; 429
// insufficient_quota from ChatGPTNextWeb/NextChat#3123 and puter#1977.
func (openaiWire) errorBody(f failure) (int, string, string) {
	typ, code, msg := "invalid_request_error", jnull, f.message
	if f.status >= 500 {
		typ = "server_error"
	}
	switch f.kind {
	case failAuth:
		if f.key == "" {
			msg = "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys."
			break
		}
		msg, code = "Incorrect API key provided: "+openAIMask(f.key)+". You can find your API key at https://platform.openai.com/account/api-keys.", jstr("invalid_api_key")
	case failModel:
		msg, code = "The model `"+f.model+"` does not exist or you do not have access to it.", jstr("model_not_found")
	case failQuota:
		typ, code = "insufficient_quota", jstr("insufficient_quota")
		msg = "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors."
	}
	return f.status, "application/json; charset=utf-8", openAIError(msg, typ, jnull, code)
}

// openAIMask keeps a key's first eight and last four characters, as in the
// messages quoted in continuedev/continue#9634 and
// nextcloud/integration_openai#194.
func openAIMask(k string) string {
	if len(k) <= 12 {
		return strings.Repeat("*", max(len(k)-4, 0)) + lastFour(k)
	}
	return k[:8] + strings.Repeat("*", len(k)-12) + lastFour(k)
}

// openAIError is {"error":{message,type,param,code}} indented by four
// spaces with a final newline, as api.openai.com writes it.
func openAIError(msg, typ, param, code string) string {
	compact := obj(kv{"error", obj(kv{"message", jstr(msg)}, kv{"type", jstr(typ)}, kv{"param", param}, kv{"code", code})})
	return indent(compact, "    ") + "\n"
}

func indent(compact, by string) string {
	var out bytes.Buffer
	if err := json.Indent(&out, []byte(compact), "", by); err != nil {
		return compact
	}
	return out.String()
}

func (openaiWire) thinkField() string { return "" }

func (w openaiWire) chunk(m *meta, choices string, usageJSON string) string {
	members := []kv{{"id", jstr(m.id)}, {"object", jstr("chat.completion.chunk")}, {"created", jint(int(m.created))},
		{"model", jstr(m.model)}, {"service_tier", jstr("default")}, {"system_fingerprint", jstr(openAIFingerprint)},
		{"choices", choices}}
	if m.includeUsage {
		if usageJSON == "" {
			usageJSON = jnull
		}
		members = append(members, kv{"usage", usageJSON})
	}
	if m.obfuscate {
		members = append(members, kv{"obfuscation", jstr(obfuscation(m.frames))})
	}
	m.frames++
	return obj(members...)
}

const openAIFingerprint = "fp_f0a1e2d3c4"

// obfuscation is deterministic stand-in padding (the API's is random).
func obfuscation(n int) string {
	const letters = "kJ0wmdEACZGFlRK2aBv"
	return letters[:1+(n*7)%len(letters)]
}

func (w openaiWire) choice(delta, finish string) string {
	return obj(kv{"index", "0"}, kv{"delta", delta}, kv{"logprobs", jnull}, kv{"finish_reason", finish})
}

func (w openaiWire) open(m *meta, _ bool) string {
	return w.chunk(m, arr(w.choice(obj(kv{"role", jstr("assistant")}, kv{"content", jstr("")}, kv{"refusal", jnull}), jnull)), "")
}

func (w openaiWire) content(m *meta, text string, _ bool) string {
	return w.chunk(m, arr(w.choice(obj(kv{"content", jstr(text)}), jnull)), "")
}

func (w openaiWire) reasoning(m *meta, text string, first bool) string {
	return w.content(m, text, first)
}

func (w openaiWire) finish(m *meta, reason string, u *usage) []string {
	out := []string{data(w.chunk(m, arr(w.choice("{}", jstr(reason))), ""))}
	if u != nil && m.includeUsage {
		details := obj(kv{"cached_tokens", "0"}, kv{"audio_tokens", "0"})
		cdetails := obj(kv{"reasoning_tokens", jint(u.reasoning)}, kv{"audio_tokens", "0"},
			kv{"accepted_prediction_tokens", "0"}, kv{"rejected_prediction_tokens", "0"})
		us := obj(kv{"prompt_tokens", jint(u.prompt)}, kv{"completion_tokens", jint(u.completion + u.reasoning)},
			kv{"total_tokens", jint(u.prompt + u.completion + u.reasoning)},
			kv{"prompt_tokens_details", details}, kv{"completion_tokens_details", cdetails})
		out = append(out, data(w.chunk(m, "[]", us)))
	}
	return append(out, doneLine)
}

// midError: the recorded frame in coder/aibridge stream_error.txtar — a
// Python-style error object, and the stream simply ends (no [DONE]).
func (openaiWire) midError(_ *meta, msg string) ([]string, bool) {
	return []string{data(pyObj(kv{"error", pyObj(kv{"message", jstr(msg)}, kv{"type", jstr("server_error")})}))}, false
}

// keepAlive: api.openai.com sends none on chat completions; ": ping" is
// what proxies in front of it send (issue 12 reports them).
func (openaiWire) keepAlive() string  { return ": ping" }
func (openaiWire) streamType() string { return "text/event-stream; charset=utf-8" }

// openAIModelList is GET /v1/models's body, shared by the servers that
// copy it.
func openAIModelList(models []string, ownedBy string) string {
	var data []string
	for _, id := range models {
		data = append(data, obj(kv{"id", jstr(id)}, kv{"object", jstr("model")}, kv{"created", "1700000000"}, kv{"owned_by", jstr(ownedBy)}))
	}
	return obj(kv{"object", jstr("list")}, kv{"data", arr(data...)})
}
