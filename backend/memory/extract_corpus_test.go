package memory_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"hearth/backend/memory"
)

// replyCase is one reply a model gave to the extraction prompt, with the
// module's memories expected afterwards (nil: the reply is rejected and
// nothing changes). Every case starts from one memory, "Has two children",
// which the model sees as id "1".
type replyCase struct {
	name  string
	reply string
	want  []string
}

const (
	addVeg   = `{"op":"ADD","text":"Is vegetarian","kind":"preference"}`
	opsVeg   = `{"operations":[` + addVeg + `]}`
	children = "Has two children"
)

var veg = []string{children, "Is vegetarian"}

// replyCorpus holds the shapes small local models (qwen3, llama3.2, gemma,
// phi, mistral, deepseek-r1) give to the extraction prompt in practice.
var replyCorpus = []replyCase{
	{"PlainJSON", opsVeg, veg},
	{"FenceJSON", "```json\n" + opsVeg + "\n```", veg},
	{"FenceBare", "```\n" + opsVeg + "\n```\n", veg},
	{"TextBefore", "Here is the JSON:\n" + opsVeg, veg},
	{"TextAfter", opsVeg + "\n\nI added a memory because the user said they don't eat meat.", veg},
	{"ChattyFence", "Sure! Based on the exchange, here's the update:\n\n```json\n{\n  \"operations\": [\n    " + addVeg +
		"\n  ]\n}\n```\n\nLet me know if you'd like any changes!", veg},
	{"ThinkPrefix", "<think>\nThe user says they don't eat meat. A draft: {\"operations\":[{\"op\":\"ADD\",\"text\":\"Eats no meat\"}]}. " +
		"Better wording below.\n</think>\n\n" + opsVeg, veg},
	{"ThinkEmpty", "<think>\n\n</think>\n\n" + opsVeg, veg},
	{"ThinkCloseOnlyR1", "Okay, the user mentioned they're vegetarian, so I should add that { as a preference }.\n</think>\n\n```json\n" + opsVeg + "\n```", veg},
	{"TrailingComma", `{"operations":[{"op":"ADD","text":"Is vegetarian","kind":"preference",},]}`, veg},
	{"TrailingCommaPretty", "{\n  \"operations\": [\n    {\n      \"op\": \"ADD\",\n      \"text\": \"Is vegetarian\",\n      \"kind\": \"preference\",\n    },\n  ],\n}", veg},
	{"ExtraFieldConfidence", `{"operations":[{"op":"ADD","text":"Is vegetarian","kind":"preference","confidence":0.92}],"reasoning":"stated by the user"}`, veg},
	{"NumericIDUpdate", `{"operations":[{"op":"UPDATE","id":1,"text":"Has three children","kind":"fact"}]}`, []string{"Has three children"}},
	{"NumericIDDelete", `{"operations":[{"op":"DELETE","id":1}]}`, []string{}},
	{"StringIDUpdate", `{"operations":[{"op":"UPDATE","id":"1","text":"Has three children"}]}`, []string{"Has three children"}},
	{"BareArray", "[" + addVeg + "]", veg},
	{"BareArrayFenced", "```json\n[\n  " + addVeg + "\n]\n```", veg},
	{"SingleQuotes", `{'operations': [{'op': 'ADD', 'text': 'Is vegetarian', 'kind': 'preference'}]}`, veg},
	{"SingleQuotesMixed", `{'operations': [{'op': 'ADD', 'text': "Doesn't eat meat", 'kind': 'preference'}]}`, []string{children, "Doesn't eat meat"}},
	{"PythonDict", `{'operations': [{'op': 'ADD', 'id': None, 'text': 'Is vegetarian', 'kind': 'preference', 'certain': True}]}`, veg},
	{"PythonWordsInText", `{'operations': [{'op': 'ADD', 'text': 'Says None of the above, True story', 'kind': None}]}`, []string{children, "Says None of the above, True story"}},
	{"LowercaseOp", `{"operations":[{"op":"add","text":"Is vegetarian","kind":"Preference"}]}`, veg},
	{"EmptyOperations", `{"operations": []}`, []string{children}},
	{"NoneWord", "NONE", []string{children}},
	{"NoneOp", `{"operations":[{"op":"NONE"}]}`, []string{children}},
	{"NestedInKey", `{"memory_update": {"operations": [` + addVeg + `]}}`, veg},
	{"TwoObjectsFirstWins", opsVeg + "\n" + `{"operations":[{"op":"ADD","text":"Likes tofu"}]}`, veg},
	{"OtherObjectFirst", `{"analysis": "The user is vegetarian."}` + "\n" + opsVeg, veg},
	{"Unicode", `{"operations":[{"op":"ADD","text":"Liebt Crème brûlée 🍮 und Käse","kind":"preference"}]}`, []string{children, "Liebt Crème brûlée 🍮 und Käse"}},
	{"UnicodeEscaped", `{"operations":[{"op":"ADD","text":"Lives in Malm\u00f6","kind":"fact"}]}`, []string{children, "Lives in Malmö"}},
	{"SingleOpObject", addVeg, veg},
	{"NullFields", `{"operations":[{"op":"ADD","id":null,"text":"Is vegetarian","kind":null}]}`, veg},
	{"BracketsInProse", "Based on [the exchange] (and {context}), the update is: " + opsVeg, veg},
	{"ApostropheInBrackets", "Here's the update [I didn't change the rest]:\n" + opsVeg, veg},
	{"LineComments", "{\n  \"operations\": [\n    // the user stated this\n    " + addVeg + "\n  ]\n}", veg},
	{"CRLF", strings.ReplaceAll("```json\n{\n\"operations\": [\n"+addVeg+"\n]\n}\n```", "\n", "\r\n"), veg},
	{"OperationsNull", `{"operations": null}`, []string{children}},

	// Tolerance is about syntax, never about content: these still change nothing.
	{"RejectUnknownID", `{"operations":[{"op":"DELETE","id":7}]}`, nil},
	{"RejectFloatID", `{"operations":[{"op":"DELETE","id":1.5}]}`, nil},
	{"RejectBadKind", `{"operations":[{"op":"ADD","text":"Is vegetarian","kind":"gossip"}]}`, nil},
	{"RejectUnknownOp", `{"operations":[{"op":"MERGE","id":1}]}`, nil},
	{"RejectAddWithID", `{"operations":[{"op":"ADD","id":1,"text":"Is vegetarian"}]}`, nil},
	{"RejectTruncated", `{"operations":[{"op":"ADD","text":"Is veg`, nil},
	{"RejectTruncatedAfterOne", `{"operations":[` + addVeg + `,{"op":"DELETE","id":1},{"op":"ADD","text":"Likes`, nil},
	{"RejectBrokenOuter", `{"operations":[` + addVeg + `,{"op":"DELETE",id:1}]}`, nil},
	{"RejectThinkOnly", "<think>\nThe user is vegetarian, so {\"operations\":[" + addVeg + "]} would be right, but", nil},
	{"RejectJSONOnlyInThink", "<think>" + opsVeg + "</think>\nI am not sure anything should change.", nil},
	{"RejectProse", "The user is vegetarian; I would remember that.", nil},
	{"RejectEmpty", "", nil},
	{"RejectWrongShape", `{"memories": ["Is vegetarian"], "count": 1}`, nil},
	{"RejectArrayOfStrings", `["Is vegetarian"]`, nil},
	{"RejectStringOp", `{"operations":["ADD Is vegetarian"]}`, nil},
	{"RejectTooMany", `{"operations":[` + strings.Repeat(`{"op":"ADD","text":"x"},`, 20) + `{"op":"ADD","text":"x"}]}`, nil},
	{"RejectFirstValidBadContent", `{"operations":[{"op":"DELETE","id":9}]}` + "\n" + opsVeg, nil},
}

func TestService_ExtractReplyCorpus(t *testing.T) {
	ctx := context.Background()
	for _, c := range replyCorpus {
		t.Run(c.name, func(t *testing.T) {
			s := newService(t)
			mustAdd(t, s, "kitchen", children)
			f := &fakeCompleter{reply: c.reply}
			n, err := s.Extract(ctx, "kitchen", f, "We eat no meat at home.", "Noted.", "sess", "msg")
			if !strings.Contains(f.user, `"id":"1","text":"`+children+`"`) {
				t.Fatalf("the model was not shown id 1: %s", f.user)
			}
			got := texts(t, s, "kitchen")
			if c.want == nil {
				if !errors.Is(err, memory.ErrBadExtraction) || n != 0 {
					t.Fatalf("want a rejection, got %d, %v", n, err)
				}
				if !slices.Equal(got, []string{children}) {
					t.Fatalf("a rejected reply changed memories: %q", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("rejected: %v", err)
			}
			want := slices.Clone(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("memories %q, want %q", got, want)
			}
		})
	}
}

func texts(t *testing.T, s *memory.Service, scope string) []string {
	t.Helper()
	ms, err := s.List(context.Background(), scope, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, m := range ms {
		out = append(out, m.Text)
	}
	slices.Sort(out)
	return out
}
