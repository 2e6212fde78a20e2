package memory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Reading an extraction reply is tolerant about syntax and strict about
// content. Small local models wrap the JSON in prose or code fences, think
// aloud first (<think>…</think>, or DeepSeek-R1's bare "…</think>"), leave
// trailing commas, use single quotes, add fields such as "confidence",
// write ids as numbers, or send the operations as a bare array. The reader
// takes the first JSON value of the expected shape after the thinking (or
// the bare word NONE); what the operations may do is then validated as
// strictly as ever by parseOps: ids only from the list shown, known ops
// and kinds, bounded count and text, the whole reply or nothing.

// maxCandidates bounds how many top-level '{' / '[' spans are tried, so a
// reply full of brackets costs at most 2*maxCandidates linear scans.
const maxCandidates = 32

var (
	// thinkCloseRE finds the end of a thinking block; everything before the
	// last one is thinking (this also covers R1's form with no opening tag).
	thinkCloseRE = regexp.MustCompile(`(?i)</think(?:ing)?>`)
	// thinkOpenRE finds an opened thinking block that never closed: the
	// reply was cut off while thinking, and nothing after it is an answer.
	thinkOpenRE = regexp.MustCompile(`(?i)<think(?:ing)?>`)
	// noneRE is a reply that says only "nothing to change".
	noneRE = regexp.MustCompile("(?i)^[`\"'*\\s]*none[.!`\"'*\\s]*$")
)

// stripThinking returns the part of reply after any thinking.
func stripThinking(reply string) string {
	if locs := thinkCloseRE.FindAllStringIndex(reply, -1); locs != nil {
		reply = reply[locs[len(locs)-1][1]:]
	}
	if loc := thinkOpenRE.FindStringIndex(reply); loc != nil {
		reply = reply[:loc[0]]
	}
	return reply
}

// rawOp is one operation as a model writes it: unknown fields are ignored,
// and id, text and kind may be strings, integers or null.
type rawOp struct {
	Op   looseString `json:"op"`
	ID   looseString `json:"id"`
	Text looseString `json:"text"`
	Kind looseString `json:"kind"`
}

// looseString accepts a JSON string, an integer (models often copy the
// short ids "1", "2" as numbers) or null.
type looseString string

func (l *looseString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return fmt.Errorf("empty value")
	case string(b) == "null":
		*l = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = looseString(s)
	default:
		n, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil {
			return fmt.Errorf("not a string or an integer")
		}
		*l = looseString(strconv.FormatInt(n, 10))
	}
	return nil
}

// decodeReply finds the operations in a reply: the first JSON value of a
// known shape after any thinking, or the bare word NONE.
func decodeReply(reply string) ([]rawOp, error) {
	if len(reply) > maxExtractReply {
		return nil, rejected("reply too long")
	}
	reply = stripThinking(reply)
	if noneRE.MatchString(reply) {
		return nil, nil
	}
	// Only top-level spans are candidates: a value nested in a broken one
	// (say, the first operation of a reply cut off mid-list) is never
	// taken on its own, so a reply is applied whole or not at all.
	for i, tried := 0, 0; i < len(reply) && tried < maxCandidates; i++ {
		if reply[i] != '{' && reply[i] != '[' {
			continue
		}
		tried++
		end := balancedEnd(reply, i, true)
		if end < 0 {
			end = balancedEnd(reply, i, false) // an apostrophe in prose
		}
		if end < 0 {
			break // cut off: the rest is inside an unclosed value
		}
		raw := []byte(reply[i:end])
		if !json.Valid(raw) {
			raw = repairJSON(raw)
		}
		if json.Valid(raw) {
			if ops, ok := opsOf(raw, 1); ok {
				return ops, nil
			}
		}
		i = end - 1 // not the reply: look after it
	}
	return nil, rejected("no operations found in the reply")
}

// opsOf reads operations from a valid JSON value: {"operations": [...]},
// a bare array of operations, a single operation, or (up to depth times)
// an object with one key wrapping one of those.
func opsOf(raw []byte, depth int) ([]rawOp, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, false
	}
	if raw[0] == '[' {
		var ops []rawOp
		if json.Unmarshal(raw, &ops) != nil || !allHaveOp(ops) {
			return nil, false
		}
		return ops, true
	}
	var obj map[string]json.RawMessage
	if raw[0] != '{' || json.Unmarshal(raw, &obj) != nil {
		return nil, false
	}
	keys := slices.Sorted(maps.Keys(obj)) // the same reading every time
	for _, k := range keys {
		if v := obj[k]; strings.EqualFold(k, "operations") {
			if string(bytes.TrimSpace(v)) == "null" {
				return nil, true
			}
			var ops []rawOp
			if json.Unmarshal(v, &ops) != nil || !allHaveOp(ops) {
				return nil, false
			}
			return ops, true
		}
	}
	for _, k := range keys {
		if strings.EqualFold(k, "op") {
			var op rawOp
			if json.Unmarshal(raw, &op) != nil || op.Op == "" {
				return nil, false
			}
			return []rawOp{op}, true
		}
	}
	if len(obj) == 1 && depth > 0 {
		for _, v := range obj {
			return opsOf(v, depth-1)
		}
	}
	return nil, false
}

func allHaveOp(ops []rawOp) bool {
	for _, op := range ops {
		if op.Op == "" {
			return false
		}
	}
	return true
}

// balancedEnd returns the index just past the bracket closing the one at
// s[start], or -1. Brackets inside "double" quoted strings do not count,
// nor, if single is set, inside 'single' quoted ones (which repairJSON
// then fixes).
func balancedEnd(s string, start int, single bool) int {
	depth := 0
	var quote byte
	for i := start; i < len(s); i++ {
		c := s[i]
		if quote != 0 {
			switch c {
			case '\\':
				i++
			case quote:
				quote = 0
			}
			continue
		}
		switch c {
		case '"':
			quote = c
		case '\'':
			if single {
				quote = c
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// repairJSON fixes the slips small models make most, only for text that
// failed strict parsing: single-quoted strings become double-quoted
// (escaping any '"' inside), Python's None/True/False become JSON's, and
// commas before a closing bracket, as well as // line comments, are
// dropped. Text inside strings is kept as is.
func repairJSON(b []byte) []byte {
	out := make([]byte, 0, len(b)+8)
	var quote byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		if quote != 0 {
			switch {
			case c == '\\' && i+1 < len(b):
				if quote == '\'' && b[i+1] == '\'' {
					out = append(out, '\'') // \' is not a JSON escape
				} else {
					out = append(out, c, b[i+1])
				}
				i++
			case c == quote:
				out = append(out, '"')
				quote = 0
			case c == '"': // only reachable inside a single-quoted string
				out = append(out, '\\', '"')
			default:
				out = append(out, c)
			}
			continue
		}
		switch {
		case c == '"' || c == '\'':
			quote = c
			out = append(out, '"')
		case c == ',' && closesNext(b[i+1:]):
			// trailing comma: drop it
		case c == '/' && i+1 < len(b) && b[i+1] == '/':
			for i < len(b) && b[i] != '\n' {
				i++
			}
			i-- // keep the newline
		default:
			if py, js := pythonWord(b, i); py != "" {
				out = append(out, js...)
				i += len(py) - 1
				continue
			}
			out = append(out, c)
		}
	}
	return out
}

// closesNext reports whether the next significant byte of b (skipping
// whitespace and // comments) is a closing bracket.
func closesNext(b []byte) bool {
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		case c == '/' && i+1 < len(b) && b[i+1] == '/':
			for i < len(b) && b[i] != '\n' {
				i++
			}
		default:
			return c == '}' || c == ']'
		}
	}
	return false
}

// pythonWord returns the Python literal that is the whole word starting
// at b[i], if any, and its JSON spelling.
func pythonWord(b []byte, i int) (py, js string) {
	if i > 0 && isWordByte(b[i-1]) {
		return "", ""
	}
	rest := b[i:]
	for _, l := range [...][2]string{{"None", "null"}, {"True", "true"}, {"False", "false"}} {
		if bytes.HasPrefix(rest, []byte(l[0])) && (len(rest) == len(l[0]) || !isWordByte(rest[len(l[0])])) {
			return l[0], l[1]
		}
	}
	return "", ""
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
