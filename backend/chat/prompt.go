package chat

import (
	"strings"
	"unicode/utf8"

	"hearth/backend/llm"
	"hearth/backend/memory"
)

// DefaultContextTokens is the prompt budget: system prompt, memories,
// history and the new message together. Conservative, so small local
// models (4–8k context) still have room to answer.
const DefaultContextTokens = 6000

const memoryPreamble = "What you remember about the user from earlier conversations (use it when relevant, do not recite it):"

// tokens estimates a message's cost: ~4 characters per token plus framing.
func tokens(s string) int { return (utf8.RuneCountInString(s)+3)/4 + 4 }

// systemPrompt joins the module's prompt and the retrieved memories.
func systemPrompt(modulePrompt string, mems []memory.Memory) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(modulePrompt))
	if len(mems) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(memoryPreamble)
		for _, m := range mems {
			b.WriteString("\n- ")
			b.WriteString(strings.Join(strings.Fields(m.Text), " "))
		}
	}
	return b.String()
}

// assemble builds the request messages: the system prompt, then as much of
// history (newest kept first) as fits in budget, then tail, which is always
// sent (the new message, or a partial reply and the request to continue).
// Failed replies carry no text and are skipped.
func assemble(system string, history []Message, tail []llm.Message, budget int) []llm.Message {
	if budget <= 0 {
		budget = DefaultContextTokens
	}
	used := 0
	if system != "" {
		used += tokens(system)
	}
	for _, m := range tail {
		used += tokens(m.Content)
	}
	var kept []llm.Message
	for i := len(history) - 1; i >= 0; i-- {
		m := history[i]
		if m.Role == "assistant" {
			// Thinking is never history; replies stored before Hearth split
			// it out may still carry an inline <think> block.
			m.Content = llm.StripThinking(m.Content)
		}
		if m.Content == "" || m.Status == StatusError || (m.Role != "user" && m.Role != "assistant") {
			continue
		}
		t := tokens(m.Content)
		if used+t > budget {
			break
		}
		used += t
		kept = append(kept, llm.Message{Role: m.Role, Content: m.Content})
	}
	out := make([]llm.Message, 0, len(kept)+len(tail)+1)
	if system != "" {
		out = append(out, llm.Message{Role: "system", Content: system})
	}
	for i := len(kept) - 1; i >= 0; i-- {
		out = append(out, kept[i])
	}
	return append(out, tail...)
}
