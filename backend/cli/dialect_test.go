package cli_test

import (
	"strings"
	"testing"

	"hearth/backend/cli"
	"hearth/backend/llm/llmtest"
)

// The command line against servers speaking their own dialects: a thinking
// model's reply on stdout without its thinking, and `endpoint test` naming
// the state a user can act on.
func TestRun_ChatDialects(t *testing.T) {
	h := newHearth(t)
	h.ok(nil, "profile", "create", "--name", "Eve")

	t.Run("ThinkingModel", func(t *testing.T) {
		srv := llmtest.NewDialectServer(t, llmtest.DialectOllama, "qwen3:8b")
		h.ok(nil, "endpoint", "add", "--profile", "Eve", "--name", "ollama", "--url", srv.URL, "--model", "qwen3:8b")
		for _, style := range []llmtest.ThinkStyle{llmtest.ThinkField, llmtest.ThinkInline, llmtest.ThinkR1} {
			srv.Script(llmtest.Reply{Match: llmtest.MatchUser("lentils"), Reasoning: "The user wants lentils; keep it short.", Think: style, Text: "Lentil dal with rice."})
			code, out, errs := h.run(nil, "chat", "--profile", "Eve", "--module", "kitchen", "--endpoint", "ollama", "a dinner with lentils")
			if code != 0 || strings.TrimSpace(out) != "Lentil dal with rice." {
				t.Fatalf("style %d: exit %d stdout %q stderr %q", style, code, out, errs)
			}
			if strings.Contains(out+errs, "keep it short") || (style != llmtest.ThinkR1 && !strings.Contains(errs, "(thinking…)")) {
				t.Fatalf("style %d: stdout %q stderr %q", style, out, errs)
			}
		}
		srv.Script(llmtest.Reply{Match: llmtest.MatchUser("lentils"), Reasoning: "Short answer.", Text: "Dal."})
		_, out, errs := h.run(nil, "chat", "--profile", "Eve", "--module", "kitchen", "--endpoint", "ollama", "--thinking", "lentils again")
		if strings.TrimSpace(out) != "Dal." || !strings.Contains(errs, "Short answer.") {
			t.Fatalf("--thinking: stdout %q stderr %q", out, errs)
		}
	})

	t.Run("LengthCut", func(t *testing.T) {
		srv := llmtest.NewDialectServer(t, llmtest.DialectLlamaCpp, "qwen3:8b")
		h.ok(nil, "endpoint", "add", "--profile", "Eve", "--name", "llama", "--url", srv.URL, "--model", "qwen3:8b")
		srv.Script(llmtest.Reply{Match: llmtest.MatchUser("soup"), Text: "First chop", FinishReason: "length"})
		code, out, errs := h.run(nil, "chat", "--profile", "Eve", "--module", "kitchen", "--endpoint", "llama", "soup please")
		if code != 0 || !strings.Contains(out, "First chop") || !strings.Contains(errs, "length limit") {
			t.Fatalf("exit %d stdout %q stderr %q", code, out, errs)
		}
	})

	t.Run("EndpointTestStates", func(t *testing.T) {
		srv := llmtest.NewDialectServer(t, llmtest.DialectOpenAI, "gpt-5.2")
		h.ok(nil, "endpoint", "add", "--profile", "Eve", "--name", "openai", "--url", srv.URL, "--model", "gpt-5.2")
		// A reasoning model with the app's module defaults: the request must not
		// be refused before or by the server.
		if out := h.ok(nil, "endpoint", "test", "--profile", "Eve", "--name", "openai"); !strings.Contains(out, "OK") {
			t.Fatalf("test: %q", out)
		}
		code, out, errs := h.run(nil, "chat", "--profile", "Eve", "--module", "kitchen", "--endpoint", "openai", "hello there")
		if code != 0 || strings.TrimSpace(out) == "" {
			t.Fatalf("gpt-5.2 chat: exit %d %q %q", code, out, errs)
		}
		srv.SetQuotaExceeded(true)
		code, _, errs = h.run(nil, "endpoint", "test", "--profile", "Eve", "--name", "openai")
		if code != cli.ExitError || !strings.Contains(errs, "quota") {
			t.Fatalf("quota: exit %d %q", code, errs)
		}
	})
}

// memory list says when extraction keeps failing for the module, as the
// memory panel does.
func TestRun_MemoryListSaysExtractionFails(t *testing.T) {
	h := newHearth(t)
	h.ok(nil, "profile", "create", "--name", "Fay")
	srv := llmtest.NewDialectServer(t, llmtest.DialectOllama, "llama3.2:1b")
	h.ok(nil, "endpoint", "add", "--profile", "Fay", "--name", "ollama", "--url", srv.URL, "--model", "llama3.2:1b")
	if _, _, errs := h.run(nil, "memory", "list", "--profile", "Fay", "--module", "kitchen"); strings.Contains(errs, "no memories could be saved") {
		t.Fatalf("notice before any failure: %q", errs)
	}
	for i := 0; i < 3; i++ {
		srv.Script(llmtest.Reply{Match: func(r llmtest.Request) bool {
			return len(r.Chat.Messages) > 0 && strings.HasPrefix(r.Chat.Messages[0].Content, "You maintain a short list")
		}, Text: "Sure! I will remember that you like soup."})
		h.ok(nil, "chat", "--profile", "Fay", "--module", "kitchen", "I like soup")
	}
	_, _, errs := h.run(nil, "memory", "list", "--profile", "Fay", "--module", "kitchen")
	if !strings.Contains(errs, "no memories could be saved from the last 3 replies") || !strings.Contains(errs, "larger model") {
		t.Fatalf("stderr %q", errs)
	}
}
