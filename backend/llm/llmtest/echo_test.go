package llmtest

import (
	"strings"
	"testing"
)

func TestEchoReply_CitesPassages(t *testing.T) {
	var r Request
	r.Chat.Model = "fake-model"
	r.Chat.Messages = append(r.Chat.Messages,
		Message{Role: "system", Content: "You cook.\n\nPassages from documents the user gave you:\n\n[P1] recipes.md, Soups > Lentil soup\nSimmer the lentils for twenty-two minutes."},
		Message{Role: "user", Content: "How long?"})
	got := EchoReply(r)
	if !strings.Contains(got, "From your documents:\n\n- [P1] recipes.md, Soups > Lentil soup: Simmer the lentils for twenty-two minutes.") {
		t.Fatalf("reply does not cite the passage:\n%s", got)
	}
	r.Chat.Messages[0].Content = "You cook."
	if got := EchoReply(r); strings.Contains(got, "From your documents") {
		t.Fatalf("reply cites passages it was not given:\n%s", got)
	}
}
