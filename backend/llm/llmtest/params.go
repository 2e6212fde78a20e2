package llmtest

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
)

// rejection is a server's refusal of a request's parameters, sent before
// any reply is generated (so it never uses up a scripted Reply).
type rejection struct {
	status      int
	contentType string
	body        string
}

// checkParams applies the parameter rules of dialect d to a chat request
// body and returns the server's answer when it refuses one, else nil.
func checkParams(d Dialect, model string, body []byte) *rejection {
	var raw map[string]json.RawMessage
	if json.Unmarshal(body, &raw) != nil {
		return nil
	}
	switch d {
	case DialectOpenAI:
		return openAIParams(model, raw)
	case DialectMistral:
		return mistralParams(raw)
	}
	return nil
}

// IsReasoningModel reports whether OpenAI treats model as a reasoning
// model (o1, o3, o4, gpt-5, gpt-6 families), which refuses temperature,
// top_p and max_tokens.
func IsReasoningModel(model string) bool {
	for _, p := range []string{"o1", "o3", "o4", "gpt-5", "gpt-6"} {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}

// openAIParams: a reasoning model answers 400 to max_tokens
// (unsupported_parameter; koosoli/ESPHomeDesigner#379,
// griptape-ai/ComfyUI-Griptape#312, ITSpecialist111/ai_automation_suggester#38)
// and to a temperature other than 1 (unsupported_value, echoing the value
// as sent; gabrii/Cursor-Azure-GPT-5#33, johny-b/llmcomp#69,
// OpenHands/OpenHands#4131). max_completion_tokens and reasoning_effort
// are accepted. Checked in that order; the API names one parameter per
// answer.
func openAIParams(model string, raw map[string]json.RawMessage) *rejection {
	present := func(k string) (string, bool) {
		v, ok := raw[k]
		if !ok || string(v) == "null" {
			return "", false
		}
		return string(v), true
	}
	bad := func(msg, param, code string) *rejection {
		return &rejection{400, "application/json; charset=utf-8", openAIError(msg, "invalid_request_error", jstr(param), jstr(code))}
	}
	if !IsReasoningModel(model) {
		if _, ok := present("reasoning_effort"); ok {
			return bad("Unsupported parameter: 'reasoning_effort' is not supported with this model.", "reasoning_effort", "unsupported_parameter")
		}
		return nil
	}
	if _, ok := present("max_tokens"); ok {
		return bad("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", "max_tokens", "unsupported_parameter")
	}
	for _, p := range []string{"temperature", "top_p"} {
		if v, ok := present(p); ok && !isOne(v) {
			return bad("Unsupported value: '"+p+"' does not support "+v+" with this model. Only the default (1) value is supported.", p, "unsupported_value")
		}
	}
	return nil
}

func isOne(v string) bool {
	var f float64
	return json.Unmarshal([]byte(v), &f) == nil && f == 1
}

// mistralParams: Mistral's pydantic validation forbids fields it does not
// know and answers 422 with a "detail" list, one entry per field, each
// with its "loc" path. stream_options is refused key by key
// (dnakov/anon-kode#53: loc ["body","stream_options","include_usage"]),
// max_completion_tokens whole (editor-code-assistant/eca#231).
func mistralParams(raw map[string]json.RawMessage) *rejection {
	var details []string
	forbid := func(input json.RawMessage, loc ...string) {
		var l []string
		for _, s := range append([]string{"body"}, loc...) {
			l = append(l, jstr(s))
		}
		details = append(details, obj(kv{"type", jstr("extra_forbidden")}, kv{"loc", arr(l...)},
			kv{"msg", jstr("Extra inputs are not permitted")}, kv{"input", compact(input)}))
	}
	if v, ok := raw["max_completion_tokens"]; ok {
		forbid(v, "max_completion_tokens")
	}
	var opts map[string]json.RawMessage
	if json.Unmarshal(raw["stream_options"], &opts) == nil {
		keys := make([]string, 0, len(opts))
		for k := range opts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			forbid(opts[k], "stream_options", k)
		}
	}
	if len(details) == 0 {
		return nil
	}
	msg := obj(kv{"detail", arr(details...)})
	return &rejection{422, "application/json", mistralError(msg, "invalid_request_error", jnull)}
}

func compact(v json.RawMessage) string {
	var out bytes.Buffer
	if json.Compact(&out, v) != nil {
		return string(v)
	}
	return out.String()
}
