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
	if cited := citedPassages(r); len(cited) > 0 {
		// Answer "from the documents" the way a model would: cite each
		// passage it was given with the start of its text.
		b.WriteString("\nFrom your documents:\n\n")
		for _, c := range cited {
			b.WriteString("- " + c + "\n")
		}
	}
	return b.String()
}

// citedPassages finds the document passages Hearth put in the system
// prompt ("[P1] name, where" then the passage's text) and returns each as
// "[P1] name, where: first line of the text".
func citedPassages(r Request) []string {
	if len(r.Chat.Messages) == 0 || r.Chat.Messages[0].Role != "system" {
		return nil
	}
	lines := strings.Split(r.Chat.Messages[0].Content, "\n")
	var out []string
	for i, l := range lines {
		if !strings.HasPrefix(l, "[P") || !strings.Contains(l, "] ") || i+1 >= len(lines) {
			continue
		}
		text := strings.TrimSpace(lines[i+1])
		if utf8.RuneCountInString(text) > 160 {
			text = string([]rune(text)[:160]) + "…"
		}
		out = append(out, l+": "+text)
	}
	return out
}
