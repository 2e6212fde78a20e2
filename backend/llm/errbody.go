package llm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// serverFault is what a server said when it refused a request or broke off
// a stream, in whichever shape it says it.
type serverFault struct {
	Status  int    // HTTP status; 0 inside a stream
	Message string // the server's own sentence
	Code    string // "insufficient_quota", "model_not_found", "503", …
	Type    string // "invalid_request_error", "unavailable_error", …
	Param   string // the parameter named, when the server names one
	Body    string // the raw body when it was not JSON (bounded)
}

func (f *serverFault) Error() string {
	if f.Status != 0 {
		return fmt.Sprintf("server answered HTTP %d", f.Status)
	}
	return "server reported an error inside the stream"
}

// parseFault reads an error body in every shape the servers we support
// send:
//
//	{"error":{"message":…,"type":…,"param":…,"code":…}}      OpenAI, OpenRouter, Ollama /v1, llama.cpp, LM Studio
//	{"error":"…"}                                              Ollama native, some proxies
//	{"object":"error","message":…,"type":…,"param":…,"code":…}  vLLM, Mistral
//	{"object":"error","message":{"detail":[{"loc":…,"msg":…}]}} Mistral 422 (pydantic)
//	{"detail":"…"} / {"detail":[{"loc":…,"msg":…}]}             FastAPI-based servers
//	{"message":"…"}                                            others
//	plain text ("404 page not found")
//
// Codes may be strings or numbers; a message may be a list of strings.
func parseFault(status int, body []byte) *serverFault {
	f := &serverFault{Status: status}
	body = bytes.TrimSpace(body)
	var top map[string]json.RawMessage
	if len(body) == 0 || json.Unmarshal(body, &top) != nil {
		f.Body = string(body) // bounded where it is shown (redact)
		return f
	}
	if raw, ok := top["error"]; ok {
		var inner map[string]json.RawMessage
		if json.Unmarshal(raw, &inner) == nil {
			fillFault(f, inner)
		} else {
			f.Message = textOf(raw)
		}
	}
	if f.Message == "" {
		fillFault(f, top)
	}
	if f.Message == "" {
		if raw, ok := top["detail"]; ok {
			f.Message, f.Param = detailText(raw)
		}
	}
	if f.Message == "" {
		f.Body = string(body) // bounded where it is shown (redact)
	}
	return f
}

func fillFault(f *serverFault, m map[string]json.RawMessage) {
	if raw, ok := m["message"]; ok {
		var nested map[string]json.RawMessage
		if json.Unmarshal(raw, &nested) == nil && nested["detail"] != nil {
			f.Message, f.Param = detailText(nested["detail"])
		} else {
			f.Message = textOf(raw)
		}
	}
	if f.Code == "" {
		f.Code = textOf(m["code"])
	}
	if f.Type == "" {
		f.Type = textOf(m["type"])
	}
	if f.Param == "" {
		f.Param = textOf(m["param"])
	}
}

// detailText reads a FastAPI/pydantic "detail": a string, or a list of
// {"loc":["body","stream_options"],"msg":"Extra inputs are not permitted"}.
func detailText(raw json.RawMessage) (msg, param string) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, ""
	}
	var items []struct {
		Loc []any  `json:"loc"`
		Msg string `json:"msg"`
	}
	if json.Unmarshal(raw, &items) != nil {
		return textOf(raw), ""
	}
	var parts []string
	for _, it := range items {
		field := ""
		if n := len(it.Loc); n > 0 {
			field = fmt.Sprint(it.Loc[n-1])
			if param == "" && n >= 2 && fmt.Sprint(it.Loc[0]) == "body" {
				param = fmt.Sprint(it.Loc[1])
			}
		}
		if field != "" {
			parts = append(parts, field+": "+it.Msg)
		} else {
			parts = append(parts, it.Msg)
		}
	}
	return strings.Join(parts, "; "), param
}

// textOf renders a JSON string, number or list of strings as text; null
// and anything else as "".
func textOf(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, " ")
	}
	return ""
}

// says reports whether the fault names word in its code, type, param or
// message (case-insensitive).
func (f *serverFault) says(word string) bool {
	w := strings.ToLower(word)
	for _, s := range []string{f.Code, f.Type, f.Param, f.Message, f.Body} {
		if strings.Contains(strings.ToLower(s), w) {
			return true
		}
	}
	return false
}
