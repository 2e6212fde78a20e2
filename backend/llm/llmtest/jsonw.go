package llmtest

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Real servers differ in key order and escaping, and a byte-for-byte fake
// must too, so wire frames are built from ordered key/value pairs instead
// of Go maps (which encoding/json sorts).

// kv is one member of a JSON object; v is already-encoded JSON.
type kv struct{ k, v string }

// obj writes the members in the order given, compactly.
func obj(members ...kv) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(jstr(m.k))
		b.WriteByte(':')
		b.WriteString(m.v)
	}
	b.WriteByte('}')
	return b.String()
}

// pyObj writes the members the way Python's json.dumps does by default
// (", " and ": " separators), as vLLM's and OpenAI's in-stream error frames
// are written.
func pyObj(members ...kv) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(jstr(m.k))
		b.WriteString(": ")
		b.WriteString(m.v)
	}
	b.WriteByte('}')
	return b.String()
}

// arr writes a JSON array of already-encoded values.
func arr(vals ...string) string { return "[" + strings.Join(vals, ",") + "]" }

// jstr encodes s as a JSON string without HTML escaping (what Python,
// nlohmann::json and most servers write).
func jstr(s string) string { return encodeString(s, false) }

// goStr encodes s as Go's json.Marshal does: <, > and & become \u003c,
// \u003e and \u0026 (what Ollama, a Go server, writes).
func goStr(s string) string { return encodeString(s, true) }

func encodeString(s string, escapeHTML bool) string {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(escapeHTML)
	_ = e.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

func jint(n int) string { return strconv.Itoa(n) }

const jnull = "null"
