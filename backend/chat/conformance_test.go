package chat_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hearth/backend/chat"
	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
	"hearth/backend/memory"
	"hearth/backend/module"
	"hearth/backend/store/storetest"
)

// The conformance suite drives the real engine (encrypted profile, memory,
// titles, endpoint status) against the project's fake server speaking
// each server's dialect byte for byte, and writes what it found as the
// compatibility table in docs/compatibility.md. The table is generated,
// not written: `go test ./backend/chat -run TestConformance -update-compat`
// rewrites it, and the plain test fails when the committed table differs.
var updateCompat = flag.Bool("update-compat", false, "rewrite docs/compatibility.md from the conformance suite")

// confEnv is one profile talking to one dialect's fake server.
type confEnv struct {
	srv    *llmtest.Server
	eng    *chat.Engine
	mem    *memory.Service
	st     *chat.Store
	status *llm.Status
	ep     llm.Endpoint
	events *eventLog
}

func newConfEnv(t *testing.T, d llmtest.Dialect, model string) *confEnv {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	mods := module.NewService(db, time.Now)
	if err := mods.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	e := &confEnv{srv: llmtest.NewDialectServer(t, d, model), mem: memory.NewService(db, time.Now),
		st: chat.NewStore(db, time.Now), events: &eventLog{}}
	eps := llm.NewEndpoints(db, time.Now)
	var err error
	e.ep, err = eps.Add(ctx, llm.EndpointInput{Name: string(d), BaseURL: e.srv.URL, DefaultModel: model})
	if err != nil {
		t.Fatal(err)
	}
	client := llm.NewClient(llm.ClientOptions{LoadPoll: 20 * time.Millisecond, StallTimeout: 5 * time.Second})
	e.status = llm.NewStatus(llm.StatusOptions{Resolve: eps.Resolve, Probe: client.Test})
	t.Cleanup(e.status.Close)
	e.eng = chat.NewEngine(chat.EngineDeps{Store: e.st, Modules: mods, Memory: e.mem, Endpoints: eps, Client: client,
		Status: e.status, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Emit: e.events.add})
	return e
}

func isTitleReq(r llmtest.Request) bool {
	return len(r.Chat.Messages) > 0 && strings.HasPrefix(r.Chat.Messages[0].Content, "Write a short title")
}

func isExtractReq(r llmtest.Request) bool {
	return len(r.Chat.Messages) > 0 && strings.HasPrefix(r.Chat.Messages[0].Content, "You maintain a short list")
}

func isTurnReq(r llmtest.Request) bool { return !isTitleReq(r) && !isExtractReq(r) }

func (e *confEnv) send(t *testing.T, text string) (chat.TurnResult, error) {
	t.Helper()
	return e.eng.Send(context.Background(), chat.SendRequest{ModuleID: "kitchen", Text: text})
}

func (e *confEnv) memories(t *testing.T) []string {
	t.Helper()
	ms, err := e.mem.List(context.Background(), "kitchen", 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		out = append(out, m.Text)
	}
	return out
}

func (e *confEnv) stored(t *testing.T, sessionID string) []chat.Message {
	t.Helper()
	msgs, err := e.st.Messages(context.Background(), "kitchen", sessionID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// behaviour is one column of the table: a scenario run against a dialect.
type behaviour struct {
	name string
	// applies says whether the dialect has this behaviour at all ("" = yes,
	// otherwise the reason shown in the table).
	applies func(d llmtest.Dialect) string
	run     func(t *testing.T, d llmtest.Dialect)
}

func always(llmtest.Dialect) string { return "" }

// thinkingDialects send thinking in their own field or inline.
func thinkingApplies(d llmtest.Dialect) string {
	if d == llmtest.DialectOpenAI {
		return "not sent by OpenAI"
	}
	return ""
}

const extraction = `{"operations":[{"op":"ADD","text":"The user is vegetarian","kind":"fact"}]}`

var behaviours = []behaviour{
	{name: "Reply, title, memory", applies: always, run: func(t *testing.T, d llmtest.Dialect) {
		e := newConfEnv(t, d, modelFor(d))
		e.srv.Script(
			llmtest.Reply{Match: isTurnReq, Text: "Try a mushroom risotto tonight."},
			llmtest.Reply{Match: isTitleReq, Text: "Vegetarian dinner ideas"},
			llmtest.Reply{Match: isExtractReq, Text: extraction},
		)
		res, err := e.send(t, "I'm vegetarian. What should I cook tonight?")
		if err != nil {
			t.Fatalf("send: %v", err)
		}
		msgs := e.stored(t, res.Session.ID)
		if len(msgs) != 2 || msgs[1].Content != "Try a mushroom risotto tonight." || msgs[1].Status != chat.StatusComplete {
			t.Fatalf("stored %+v", msgs)
		}
		if res.Session.Title != "Vegetarian dinner ideas" {
			t.Fatalf("title %q", res.Session.Title)
		}
		if got := e.memories(t); len(got) != 1 || got[0] != "The user is vegetarian" {
			t.Fatalf("memories %q", got)
		}
		if last := e.events.all(); last[len(last)-1].Type != chat.EventExtracted || last[len(last)-1].ModuleID != "kitchen" {
			t.Fatalf("the window is not told that extraction ran: %+v", last[len(last)-1])
		}
		if s := e.status.Get(e.ep.ID); s.State != llm.StateOnline {
			t.Fatalf("status %+v", s)
		}
	}},
	{name: "Thinking kept apart", applies: thinkingApplies, run: func(t *testing.T, d llmtest.Dialect) {
		for _, style := range []llmtest.ThinkStyle{llmtest.ThinkDefault, llmtest.ThinkInline, llmtest.ThinkR1} {
			e := newConfEnv(t, d, modelFor(d))
			e.srv.Script(
				llmtest.Reply{Match: isTurnReq, Reasoning: "The user eats no meat, so suggest a vegetable dish.", Think: style, Text: "Try a mushroom risotto."},
				llmtest.Reply{Match: isTitleReq, Reasoning: "A short title about dinner.", Think: style, Text: "Vegetarian dinner ideas"},
				llmtest.Reply{Match: isExtractReq, Reasoning: "The user said they are vegetarian.", Think: style, Text: extraction},
				llmtest.Reply{Match: isTurnReq, Reasoning: "Dessert now.", Think: style, Text: "Poached pears."},
			)
			res, err := e.send(t, "I'm vegetarian. What should I cook tonight?")
			if err != nil {
				t.Fatalf("style %d: send: %v", style, err)
			}
			if res.Reply.Content != "Try a mushroom risotto." || !strings.Contains(res.Reply.Reasoning, "suggest a vegetable dish") {
				t.Fatalf("style %d: reply %q thinking %q", style, res.Reply.Content, res.Reply.Reasoning)
			}
			msgs := e.stored(t, res.Session.ID)
			if strings.Contains(msgs[1].Content, "vegetable dish") || strings.Contains(msgs[1].Content, "think>") {
				t.Fatalf("style %d: thinking stored as the reply: %q", style, msgs[1].Content)
			}
			if res.Session.Title != "Vegetarian dinner ideas" {
				t.Fatalf("style %d: title %q", style, res.Session.Title)
			}
			if got := e.memories(t); len(got) != 1 {
				t.Fatalf("style %d: memories %q", style, got)
			}
			var thought strings.Builder
			for _, ev := range e.events.all() {
				if ev.Type == chat.EventDelta && ev.TurnID == res.TurnID {
					thought.WriteString(ev.Reasoning)
				}
			}
			if thought.Len() == 0 && style != llmtest.ThinkR1 {
				t.Fatalf("style %d: no thinking streamed", style)
			}
			if _, err := e.eng.Send(context.Background(), chat.SendRequest{ModuleID: "kitchen", SessionID: res.Session.ID, Text: "And dessert?"}); err != nil {
				t.Fatalf("style %d: second turn: %v", style, err)
			}
			for _, r := range e.srv.ChatRequests() {
				if strings.Contains(string(r.Body), "vegetable dish") {
					t.Fatalf("style %d: thinking was sent back to the server", style)
				}
			}
		}
	}},
	{name: "Keep-alives, CR/CRLF", applies: always, run: func(t *testing.T, d llmtest.Dialect) {
		for _, le := range []string{"\r\n", "\r"} {
			e := newConfEnv(t, d, modelFor(d))
			e.srv.Script(llmtest.Reply{Match: isTurnReq, Text: "Lentil soup keeps well.", KeepAlives: 400, LineEnding: le})
			res, err := e.send(t, "Something to batch cook?")
			if err != nil || e.stored(t, res.Session.ID)[1].Content != "Lentil soup keeps well." {
				t.Fatalf("line ending %q: %v", le, err)
			}
		}
	}},
	{name: "Mid-stream error kept", applies: always, run: func(t *testing.T, d llmtest.Dialect) {
		e := newConfEnv(t, d, modelFor(d))
		e.srv.Script(llmtest.Reply{Match: isTurnReq, Text: "First you chop the onions, then you", MidStreamError: "the request exceeds the available context size"})
		res, err := e.send(t, "How do I make soup?")
		if err == nil {
			t.Fatal("no error")
		}
		msgs := e.stored(t, res.Session.ID)
		reply := msgs[len(msgs)-1]
		if reply.Role != "assistant" || reply.Status != chat.StatusInterrupted || reply.Content == "" {
			t.Fatalf("stored %+v", reply)
		}
		if !strings.Contains(reply.Error, "exceeds the available context size") {
			t.Fatalf("the server's sentence is lost: %q", reply.Error)
		}
	}},
	{name: "Length cut, Continue", applies: always, run: func(t *testing.T, d llmtest.Dialect) {
		e := newConfEnv(t, d, modelFor(d))
		e.srv.Script(llmtest.Reply{Match: isTurnReq, Text: "Step one: boil", FinishReason: "length"},
			llmtest.Reply{Match: isTurnReq, Text: " the water."})
		res, err := e.send(t, "Pasta?")
		if err != nil {
			t.Fatalf("send: %v", err)
		}
		if !res.Reply.Truncated || res.Reply.Status != chat.StatusInterrupted || res.Reply.Error != chat.TruncatedSentence {
			t.Fatalf("reply %+v", res.Reply)
		}
		if len(e.memories(t)) != 0 {
			t.Fatal("memories made from a cut reply")
		}
		if _, err := e.eng.Continue(context.Background(), "kitchen", res.Session.ID); err != nil {
			t.Fatalf("continue: %v", err)
		}
		msgs := e.stored(t, res.Session.ID)
		if got := msgs[len(msgs)-1]; got.Content != "Step one: boil the water." || got.Status != chat.StatusComplete {
			t.Fatalf("continued %+v", got)
		}
	}},
	{name: "Model loading waited for", applies: always, run: func(t *testing.T, d llmtest.Dialect) {
		e := newConfEnv(t, d, modelFor(d))
		e.srv.SetLoading(2)
		e.srv.SetLoadDelay(300 * time.Millisecond)
		e.srv.Script(llmtest.Reply{Match: isTurnReq, Text: "Ready now."})
		res, err := e.send(t, "Hello?")
		if err != nil || res.Reply.Content != "Ready now." {
			t.Fatalf("reply %+v err %v", res.Reply, err)
		}
	}},
	{name: "Quota used up", applies: always, run: func(t *testing.T, d llmtest.Dialect) {
		e := newConfEnv(t, d, modelFor(d))
		e.srv.SetQuotaExceeded(true)
		res, err := e.send(t, "Hello?")
		if err == nil {
			t.Fatal("no error")
		}
		if s := e.status.Get(e.ep.ID); s.State != llm.StateQuota {
			t.Fatalf("status %+v", s)
		}
		if msgs := e.stored(t, res.Session.ID); msgs[0].Content != "Hello?" {
			t.Fatalf("user message lost: %+v", msgs)
		}
	}},
}

// modelFor picks a model that shows each dialect's own rules: OpenAI's
// newest reasoning model refuses temperature and max_tokens.
func modelFor(d llmtest.Dialect) string {
	switch d {
	case llmtest.DialectOpenAI:
		return "gpt-5.2"
	case llmtest.DialectMistral:
		return "mistral-small-latest"
	case llmtest.DialectDeepSeek:
		return "deepseek-reasoner"
	case llmtest.DialectOpenRouter:
		return "deepseek/deepseek-r1"
	}
	return "qwen3:8b"
}

func TestConformance(t *testing.T) {
	type cell struct{ d, b, v string }
	var mu sync.Mutex
	var cells []cell
	for _, d := range llmtest.Dialects() {
		for _, b := range behaviours {
			t.Run(string(d)+"/"+b.name, func(t *testing.T) {
				why := b.applies(d)
				defer func() { // also after t.Fatal
					v := "✓"
					switch {
					case why != "":
						v = "– (" + why + ")"
					case t.Failed():
						v = "✗"
					}
					mu.Lock()
					cells = append(cells, cell{string(d), b.name, v})
					mu.Unlock()
				}()
				if why == "" {
					b.run(t, d)
				}
			})
		}
	}
	got := compatTable(cells)
	path := filepath.Join("..", "..", "docs", "compatibility.md")
	if *updateCompat {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil || string(want) != got {
		t.Errorf("docs/compatibility.md is not what the suite found; run: go test ./backend/chat -run TestConformance -update-compat\n%s", got)
	}
}

func compatTable[C interface{ ~struct{ d, b, v string } }](cells []C) string {
	var b strings.Builder
	b.WriteString("# Model server compatibility\n\n")
	b.WriteString("Generated by `TestConformance` in `backend/chat/conformance_test.go` (run by `make test`):\n")
	b.WriteString("the real chat engine, encrypted profile, memory extraction and endpoint status against the\n")
	b.WriteString("project's fake server (`backend/llm/llmtest`) speaking each server's documented wire format.\n")
	b.WriteString("Do not edit by hand; `go test ./backend/chat -run TestConformance -update-compat` rewrites it.\n\n")
	var dialects []string
	seen := map[string]bool{}
	val := map[string]string{}
	for _, c := range cells {
		s := struct{ d, b, v string }(c)
		if !seen[s.d] {
			seen[s.d] = true
			dialects = append(dialects, s.d)
		}
		val[s.d+"\x00"+s.b] = s.v
	}
	b.WriteString("| Server | Model used |")
	for _, bh := range behaviours {
		b.WriteString(" " + bh.name + " |")
	}
	b.WriteString("\n|---|---|")
	for range behaviours {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, d := range dialects {
		fmt.Fprintf(&b, "| %s | `%s` |", serverName(d), modelFor(llmtest.Dialect(d)))
		for _, bh := range behaviours {
			b.WriteString(" " + val[d+"\x00"+bh.name] + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\nWhat each column checks:\n\n")
	b.WriteString("- **Reply, title, memory**: the reply is stored complete, the session gets the model's title, the extracted memory is saved, the endpoint shows Online.\n")
	b.WriteString("- **Thinking kept apart**: in the server's own thinking field, inline `<think>…</think>` and the DeepSeek-R1 form (only `</think>`), thinking is streamed as thinking, never stored as the reply, never sent back as history, never in the title or memory.\n")
	b.WriteString("- **Keep-alives, CR/CRLF**: 400 keep-alive comments in the server's form, with CRLF and with lone-CR line endings.\n")
	b.WriteString("- **Mid-stream error kept**: the server's own error frame mid-reply: the partial reply is stored as interrupted with the server's sentence.\n")
	b.WriteString("- **Length cut, Continue**: `finish_reason: \"length\"` is stored as interrupted with a notice, no memory is made from it, Continue completes it.\n")
	b.WriteString("- **Model loading waited for**: llama.cpp's 503 \"Loading model\" is retried until the model is ready; other servers hold the answer while they load.\n")
	b.WriteString("- **Quota used up**: the server's own out-of-quota/credit answer shows as \"Quota used up\" and the user's message is kept.\n")
	return b.String()
}

func serverName(d string) string {
	return map[string]string{"openai": "OpenAI", "ollama": "Ollama", "llamacpp": "llama.cpp server", "lmstudio": "LM Studio",
		"vllm": "vLLM", "mistral": "Mistral", "openrouter": "OpenRouter", "deepseek": "DeepSeek"}[d]
}
