package cli_test

import (
	"strings"
	"testing"

	"hearth/backend/cli"
	"hearth/backend/llm/llmtest"
)

func TestRun_EmbedAndChatByMeaning(t *testing.T) {
	h := newHearth(t)
	srv := llmtest.NewServer(t, "fake-model")
	h.ok(nil, "profile", "create", "--name", "Eve")
	h.ok(nil, "endpoint", "add", "--profile", "Eve", "--name", "test", "--url", srv.URL, "--model", "fake-model")
	h.ok(nil, "memory", "add", "--profile", "Eve", "--module", "Kitchen", "I'm vegetarian")
	for _, text := range []string{"The wifi password is on the router", "Drives a blue car", "Plays the piano",
		"The boiler was serviced in March", "Prefers tea to coffee"} {
		for i := range 5 {
			h.ok(nil, "memory", "add", "--profile", "Eve", "--module", "Kitchen", text+strings.Repeat("!", i))
		}
	}
	if out := h.ok(nil, "embed", "status", "--profile", "Eve"); !strings.Contains(out, "none") {
		t.Fatalf("status before: %q", out)
	}
	if code, _, errs := h.run(nil, "embed", "set-model", "--profile", "Eve"); code != cli.ExitUsage {
		t.Fatalf("set-model without a model: %d %q", code, errs)
	}
	h.ok(nil, "embed", "set-model", "--profile", "Eve", "--endpoint", "test", llmtest.DefaultEmbedModel)
	if out := h.ok(nil, "embed", "status", "--profile", "Eve"); !strings.Contains(out, "embedded: 0 of 26") || !strings.Contains(out, "endpoint: test") {
		t.Fatalf("status after set-model: %q", out)
	}
	if out := h.ok(nil, "embed", "run", "--profile", "Eve"); !strings.Contains(out, "Embedded 26 of 26") {
		t.Fatalf("run: %q", out)
	}

	// The prompt of a turn about a meat-free dinner carries the memory found by meaning.
	lastPrompt := func() string {
		reqs := srv.ChatRequests()
		for i := len(reqs) - 1; i >= 0; i-- {
			if !strings.HasPrefix(reqs[i].Chat.Messages[0].Content, "Write a short title") &&
				!strings.HasPrefix(reqs[i].Chat.Messages[0].Content, "You maintain a short list") {
				return string(reqs[i].Body)
			}
		}
		return ""
	}
	code, _, errs := h.run(nil, "chat", "--profile", "Eve", "--module", "Kitchen", "plan a meat-free dinner")
	if code != 0 || !strings.Contains(lastPrompt(), "I'm vegetarian") || strings.Contains(errs, "keywords only") {
		t.Fatalf("chat by meaning: exit %d, stderr %q", code, errs)
	}
	srv.SetEmbeddingsDown(true)
	code, _, errs = h.run(nil, "chat", "--profile", "Eve", "--module", "Kitchen", "plan a meat-free lunch")
	if code != 0 || !strings.Contains(errs, "Searched by keywords only") || strings.Contains(lastPrompt(), "I'm vegetarian") {
		t.Fatalf("chat with embeddings down: exit %d, stderr %q", code, errs)
	}
	h.ok(nil, "memory", "add", "--profile", "Eve", "--module", "Kitchen", "Goes to bed at nine")
	if code, _, errs := h.run(nil, "embed", "run", "--profile", "Eve"); code != cli.ExitError || !strings.Contains(errs, "embedding") {
		t.Fatalf("run with embeddings down: %d %q", code, errs)
	}
	h.ok(nil, "embed", "off", "--profile", "Eve")
	if out := h.ok(nil, "embed", "status", "--profile", "Eve"); !strings.Contains(out, "none") {
		t.Fatalf("status after off: %q", out)
	}
}
