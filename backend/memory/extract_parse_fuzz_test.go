package memory

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseOps feeds arbitrary replies to the extraction reader. It must
// never panic, and whatever it accepts must pass the strict content rules:
// known ops and kinds, ids only from the list shown, bounded count and text.
// A valid reply must read the same when wrapped in prose.
func FuzzParseOps(f *testing.F) {
	for _, s := range []string{
		`{"operations":[{"op":"ADD","text":"Is vegetarian","kind":"preference"}]}`,
		"```json\n{\"operations\":[{\"op\":\"UPDATE\",\"id\":1,\"text\":\"Has three children\"}]}\n```",
		"<think>\nmaybe {\"op\":\"DELETE\"}\n</think>\n[{\"op\":\"DELETE\",\"id\":\"2\"}]",
		"Okay.\n</think>\n{'operations': [{'op': 'add', 'text': \"Doesn't eat meat\",},],}",
		"{\n  // note\n  \"operations\": [{\"op\":\"NONE\"}]\n}",
		`{"result":{"operations":[{"op":"ADD","text":"x","confidence":0.5}]}}`,
		`{"analysis":"x"} {"op":"ADD","text":"y"}`,
		`{"operations":[{"op":"ADD","text":"a"},{"op":"ADD","text":"b`,
		"NONE",
		`[{"op":"DELETE","id":1},{"op":"DELETE","id":"1"}]`,
		`Here's [a note] {and} 'quotes' "too" {"operations":null}`,
		`{"operations":[{"op":"ADD","id":null,"text":"\u00e9t\u00e9","kind":null}]}`,
	} {
		f.Add(s)
	}
	ids := map[string]string{"1": "mem-one", "2": "mem-two"}
	real := map[string]bool{"mem-one": true, "mem-two": true}
	f.Fuzz(func(t *testing.T, reply string) {
		ops, err := parseOps(reply, ids)
		if err != nil {
			if ops != nil {
				t.Fatalf("ops with an error: %v", ops)
			}
			return
		}
		if len(ops) > maxExtractOps {
			t.Fatalf("%d ops", len(ops))
		}
		seen := map[string]bool{}
		for _, op := range ops {
			switch op.Op {
			case "ADD":
				if op.ID != "" {
					t.Fatalf("ADD with id %q", op.ID)
				}
			case "UPDATE", "DELETE":
				if !real[op.ID] || seen[op.ID] {
					t.Fatalf("%s of id %q (seen %v)", op.Op, op.ID, seen[op.ID])
				}
				seen[op.ID] = true
			default:
				t.Fatalf("op %q accepted", op.Op)
			}
			if op.Kind != "" && checkKind(op.Kind) != nil {
				t.Fatalf("kind %q accepted", op.Kind)
			}
			if op.Op != "DELETE" {
				if n := utf8.RuneCountInString(op.Text); n == 0 || n > MaxTextLen || strings.TrimSpace(op.Text) != op.Text {
					t.Fatalf("text of %d runes accepted: %q", n, op.Text)
				}
			}
		}
		// A valid JSON reply of a known shape reads the same inside prose.
		if strings.Contains(strings.ToLower(reply), "think") || !json.Valid([]byte(reply)) {
			return
		}
		if _, ok := opsOf([]byte(reply), 1); !ok {
			return
		}
		wrapped, err := parseOps("Here is the update:\n```json\n"+reply+"\n```\nDone.", ids)
		if err != nil || !reflect.DeepEqual(wrapped, ops) {
			t.Fatalf("wrapped reply read differently: %v, %v; bare: %v", wrapped, err, ops)
		}
	})
}
