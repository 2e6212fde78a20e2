package chatgpt_test

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"hearth/backend/apperr"
	"hearth/backend/exchange/chatgpt"
)

func parseAll(t *testing.T, data string, lim chatgpt.Limits) ([]chatgpt.Conversation, error) {
	t.Helper()
	var out []chatgpt.Conversation
	err := chatgpt.Parse(strings.NewReader(data), lim, func(c *chatgpt.Conversation) error {
		out = append(out, *c)
		return nil
	})
	return out, err
}

const T = int64(1712000000000)

func TestParse_Sample(t *testing.T) {
	data, err := os.ReadFile("../testdata/chatgpt/conversations.json")
	if err != nil {
		t.Fatal(err)
	}
	convs, err := parseAll(t, string(data), chatgpt.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	type msg = chatgpt.Message
	want := []chatgpt.Conversation{
		{ID: "c-sourdough", Title: "Sourdough starter help", CreatedAt: T, UpdatedAt: T + 900_000, Messages: []msg{
			{Role: "user", Content: "My starter smells like acetone after 5 days. Is it dead?", CreatedAt: T + 30_000},
			{Role: "assistant", Content: "No — acetone means it is hungry. Feed it 1:1:1 twice a day.", Model: "gpt-4o", CreatedAt: T + 50_000},
			{Role: "user", Content: "Thanks! 🍞", CreatedAt: T + 60_000},
			{Role: "assistant", Content: "You're welcome.\n\nHappy baking.", Model: "gpt-4o", CreatedAt: T + 70_000},
		}},
		{ID: "c-sales", Title: "Plot sales data", CreatedAt: T + 1_000_000, UpdatedAt: T + 1_500_000, Messages: []msg{
			{Role: "user", Content: "[image]\n\nHere is a photo of my sales table. Plot it?", CreatedAt: T + 1_010_000},
			{Role: "assistant", Content: "Here is the chart: sales rise each quarter.", Model: "gpt-4o", CreatedAt: T + 1_040_000},
		}},
		{ID: "c-voice", Title: "Weekend weather", CreatedAt: T + 2_000_000, UpdatedAt: T + 2_100_000, Messages: []msg{
			{Role: "user", Content: "What's the weather in Lyon this weekend?", CreatedAt: T + 2_010_000},
			{Role: "assistant", Content: "Sunny, around 24 °C on Saturday; showers on Sunday.", Model: "o3", CreatedAt: T + 2_050_000},
		}},
		// c-empty has nothing visible and is skipped.
		{ID: "c-old", Title: "", CreatedAt: T + 4_000_000, Messages: []msg{
			{Role: "user", Content: "Say hi", CreatedAt: T + 4_000_000},
			{Role: "assistant", Content: "Hi!", CreatedAt: T + 4_000_000},
		}},
	}
	if !reflect.DeepEqual(convs, want) {
		t.Errorf("got\n%+v\nwant\n%+v", convs, want)
	}
	for _, hidden := range []string{"ORIGINAL-BRANCH", "DISCARDED-REGEN", "HIDDEN-REASONING", "TOOL-OUTPUT", "matplotlib", "Be brief", "You are ChatGPT"} {
		for _, c := range convs {
			for _, m := range c.Messages {
				if strings.Contains(m.Content, hidden) {
					t.Errorf("%s leaked into %s", hidden, c.ID)
				}
			}
		}
	}
}

func TestParse_Errors(t *testing.T) {
	node := func(id, parent, role, part string) string {
		p := "null"
		if parent != "" {
			p = `"` + parent + `"`
		}
		return `"` + id + `":{"id":"` + id + `","parent":` + p + `,"children":[],"message":{"author":{"role":"` + role +
			`"},"content":{"content_type":"text","parts":[` + part + `]}}}`
	}
	ok := `[{"title":"t","conversation_id":"c1","current_node":"b","mapping":{` + node("a", "", "user", `"hi"`) + `,` + node("b", "a", "assistant", `"yo"`) + `}}]`
	small := chatgpt.DefaultLimits()
	small.MaxConversations = 2
	small.MaxNodes = 3
	small.MaxConversationBytes = 4096
	small.MaxTextBytes = 100
	if c, err := parseAll(t, ok, small); err != nil || len(c) != 1 || len(c[0].Messages) != 2 {
		t.Fatalf("control: %v %v", c, err)
	}
	for _, tc := range []struct {
		name, in string
		kind     error
	}{
		{"NotAList", `{"title":"x"}`, chatgpt.ErrInvalid},
		{"Empty", ``, chatgpt.ErrInvalid},
		{"Truncated", ok[:len(ok)/2], chatgpt.ErrInvalid},
		{"TrailingData", ok + `[]`, chatgpt.ErrInvalid},
		{"BadUTF8", strings.Replace(ok, "hi", "h\xffi", 1), chatgpt.ErrInvalid},
		{"WrongTypeTitle", strings.Replace(ok, `"title":"t"`, `"title":5`, 1), chatgpt.ErrInvalid},
		{"WrongTypeMapping", strings.Replace(ok, `"mapping":{`, `"mapping":[],"x":{`, 1), chatgpt.ErrInvalid},
		{"WrongTypePart", strings.Replace(ok, `"hi"`, `42`, 1), chatgpt.ErrInvalid},
		{"WrongTypeParts", strings.Replace(ok, `"parts":["hi"]`, `"parts":"hi"`, 1), chatgpt.ErrInvalid},
		{"MissingMapping", `[{"title":"t","current_node":"b"}]`, chatgpt.ErrInvalid},
		{"CurrentNodeMissing", strings.Replace(ok, `"current_node":"b"`, `"current_node":"zz"`, 1), chatgpt.ErrInvalid},
		{"Loop", strings.Replace(ok, `"parent":null`, `"parent":"b"`, 1), chatgpt.ErrInvalid},
		{"NodeIDMismatch", strings.Replace(ok, `"id":"b"`, `"id":"a"`, 1), chatgpt.ErrInvalid},
		{"DuplicateConversation", `[` + ok[1:len(ok)-1] + `,` + ok[1:len(ok)-1] + `]`, chatgpt.ErrInvalid},
		{"TooManyConversations", `[` + strings.Repeat(`{"mapping":{}},`, 2) + `{"mapping":{}}]`, chatgpt.ErrTooLarge},
		{"TooManyNodes", `[{"current_node":"b","mapping":{` + node("a", "", "user", `"hi"`) + `,` + node("b", "a", "assistant", `"yo"`) +
			`,` + node("c", "b", "user", `"x"`) + `,` + node("d", "c", "user", `"y"`) + `}}]`, chatgpt.ErrTooLarge},
		{"ConversationTooLarge", strings.Replace(ok, `"hi"`, `"`+strings.Repeat("x", 5000)+`"`, 1), chatgpt.ErrTooLarge},
		{"MessageTooLong", strings.Replace(ok, `"hi"`, `"`+strings.Repeat("x", 200)+`"`, 1), chatgpt.ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseAll(t, tc.in, small)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("want %v, got %v", tc.kind, err)
			}
			var e *apperr.Error
			if !errors.As(err, &e) || !strings.HasSuffix(e.Message, ".") || e.Code != apperr.Invalid {
				t.Errorf("not a clear sentence: %v", err)
			}
		})
	}
}
