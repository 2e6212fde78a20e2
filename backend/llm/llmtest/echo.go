package llmtest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// EchoReply is the deterministic markdown answer to an unscripted request:
// a short first line (usable as a title), the last user message quoted,
// and a few facts about the request, so UI tests can assert on it.
func EchoReply(r Request) string {
	last := strings.TrimSpace(r.LastUser())
	words := strings.Fields(last)
	head := words
	if len(head) > 6 {
		head = head[:6]
	}
	quoted := last
	if utf8.RuneCountInString(quoted) > 400 {
		quoted = string([]rune(quoted)[:400]) + "…"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Echo: %s\n\n", strings.Join(head, " "))
	b.WriteString("You wrote:\n\n")
	for _, line := range strings.Split(quoted, "\n") {
		b.WriteString("> " + line + "\n")
	}
	fmt.Fprintf(&b, "\n- **words:** %d\n- **messages in request:** %d\n- **model:** `%s`\n\n",
		len(words), len(r.Chat.Messages), r.Chat.Model)
	b.WriteString("```text\n" + strings.ToUpper(strings.Join(head, " ")) + "\n```\n")
	return b.String()
}
