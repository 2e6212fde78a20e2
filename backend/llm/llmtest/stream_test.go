package llmtest_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"hearth/backend/llm/llmtest"
)

// Every line of the stream, comments and error frames included, ends in
// the chosen line ending.
func TestLineEndings(t *testing.T) {
	for _, le := range []string{"\r\n", "\r"} {
		for _, d := range []llmtest.Dialect{llmtest.DialectOpenRouter, llmtest.DialectLlamaCpp} {
			t.Run(d.String()+"/"+strings.ReplaceAll(strings.ReplaceAll(le, "\r", "CR"), "\n", "LF"), func(t *testing.T) {
				srv := llmtest.NewDialectServer(t, d, "m")
				base := llmtest.Reply{Text: "abcdefgh", KeepAlives: 3, MidStreamError: "context size exceeded"}
				srv.Script(base)
				lf := chat(t, srv, "m", "").body
				base.LineEnding = le
				srv.Script(base)
				got := chat(t, srv, "m", "").body
				// The second reply has the next id; line endings are the only other difference.
				want := strings.ReplaceAll(lf, "\n", le)
				got = strings.ReplaceAll(got, srvID(d, 2), srvID(d, 1))
				same(t, "stream", got, want)
				if le == "\r" && strings.Contains(got, "\n") {
					t.Error("a LF in a CR-only stream")
				}
			})
		}
	}
}

func srvID(d llmtest.Dialect, n int) string {
	if d == llmtest.DialectOpenRouter {
		return "gen-1700000000-AAAAAAAAAAAAAAAAAAA" + string(rune('A'+n))
	}
	return "chatcmpl-0000000000000000000000000000000" + string(rune('0'+n))
}

// Keep-alive comments are spread before and between the chunks, never
// after the last one.
func TestKeepAlivesSpread(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectDeepSeek, "deepseek-chat")
	srv.Script(llmtest.Reply{Text: "abcdefghijkl", KeepAlives: 5})
	got := chat(t, srv, "deepseek-chat", "").body
	frames := strings.Split(strings.TrimSuffix(got, "\n\n"), "\n\n")
	var shape []string
	for _, f := range frames {
		switch {
		case f == ": keep-alive":
			shape = append(shape, "k")
		case strings.Contains(f, `"content":"`) && !strings.Contains(f, `"content":""`):
			shape = append(shape, "c")
		default:
			shape = append(shape, "-")
		}
	}
	// open chunk, 3 text chunks (abcd efgh ijkl), finish, [DONE]
	if s := strings.Join(shape, ""); s != "kk-ckkckc--" {
		t.Errorf("frames %q: shape %s, want kk-ckkckc--", got, s)
	}
}

// Thousands of keep-alives are allowed (go-openai gives up after 300
// non-data lines by default: issue 12's OpenRouter failure).
func TestManyKeepAlives(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectOpenRouter, "m")
	srv.Script(llmtest.Reply{Text: "Hi", KeepAlives: 2000})
	got := chat(t, srv, "m", "").body
	if n := strings.Count(got, ": OPENROUTER PROCESSING\n\n"); n != 2000 {
		t.Errorf("%d keep-alives, want 2000", n)
	}
}

// Each dialect's normal stream parses with the OpenAI client Hearth uses
// and carries the text intact; the dialect-specific fields (thinking,
// usage in odd places) do not break it.
func TestDialectsParseWithGoOpenAI(t *testing.T) {
	for _, d := range llmtest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv := llmtest.NewDialectServer(t, d, "m")
			text := "Héllo <b>wörld</b> & \"friends\"\n\n```go\nx := 1\n```"
			srv.Script(llmtest.Reply{Text: text, Reasoning: "thinking…", Think: llmtest.ThinkField})
			cfg := openai.DefaultConfig("k")
			cfg.BaseURL = srv.URL
			st, err := openai.NewClientWithConfig(cfg).CreateChatCompletionStream(context.Background(), openai.ChatCompletionRequest{
				Model: "m", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "hi"}}})
			if err != nil {
				t.Fatalf("stream: %v", err)
			}
			defer st.Close()
			var b strings.Builder
			for {
				r, err := st.Recv()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("recv: %v", err)
				}
				for _, c := range r.Choices {
					b.WriteString(c.Delta.Content)
				}
			}
			got := b.String()
			if d == llmtest.DialectMistral || d == llmtest.DialectOpenAI { // no thinking field: inline
				got = strings.TrimPrefix(got, "<think>\nthinking…\n</think>\n\n")
			}
			if got != text {
				t.Errorf("content %q, want %q", got, text)
			}
		})
	}
}

// RequireKey and SetQuotaExceeded answer in each dialect's shape.
func TestAuthAndQuotaPerDialect(t *testing.T) {
	for _, tc := range []struct {
		d            llmtest.Dialect
		auth         string
		quotaStatus  int
		quotaContain string
	}{
		{llmtest.DialectOpenAI, "Incorrect API key provided: sk-proj-****************abcd.", 429, `"insufficient_quota"`},
		{llmtest.DialectLlamaCpp, `{"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}}`, 429, `"insufficient_quota"`},
		{llmtest.DialectVLLM, `{"error":"Unauthorized"}`, 429, `"insufficient_quota"`},
		{llmtest.DialectOpenRouter, `{"error":{"code":401,"message":"No auth credentials found"}}`, 402, `{"error":{"code":402,"message":"Insufficient credits.`},
		{llmtest.DialectDeepSeek, `{"error":{"message":"Authentication Fails, Your api key: ****abcd is invalid","type":"authentication_error","param":null,"code":"invalid_request_error"}}`, 402, `{"error":{"message":"Insufficient Balance","type":"unknown_error","param":null,"code":"invalid_request_error"}}`},
		{llmtest.DialectMistral, `{"detail":"Unauthorized"}`, 429, `"insufficient_quota"`},
	} {
		t.Run(tc.d.String(), func(t *testing.T) {
			srv := llmtest.NewDialectServer(t, tc.d, "m")
			srv.RequireKey("right-key")
			if got := chat(t, srv, "m", ""); got.status != 401 { // no key at all
				t.Errorf("no key: %d %s", got.status, got.body)
			}
			req, _ := newAuthed(srv.URL+"/chat/completions", "sk-proj-wrongwrongwrong-abcd")
			got := do(t, req)
			if got.status != 401 || !strings.Contains(got.body, tc.auth) {
				t.Errorf("auth: %d %s, want 401 with %s", got.status, got.body, tc.auth)
			}
			srv.RequireKey("")
			srv.SetQuotaExceeded(true)
			got = chat(t, srv, "m", "")
			if got.status != tc.quotaStatus || !strings.Contains(got.body, tc.quotaContain) {
				t.Errorf("quota: %d %s", got.status, got.body)
			}
		})
	}
}

// The existing faults still work in every dialect.
func TestFaultsInDialects(t *testing.T) {
	for _, d := range llmtest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv := llmtest.NewDialectServer(t, d, "m")
			srv.Script(llmtest.Reply{Text: "abcdefgh", Fault: llmtest.FaultMalformedJSON})
			got := chat(t, srv, "m", "").body
			if !strings.HasSuffix(got, `"content":"oops"`+"\n\n") || strings.Contains(got, "[DONE]") {
				t.Errorf("malformed: %q", got)
			}
			srv.Script(llmtest.Reply{Text: "abcdefgh", Fault: llmtest.FaultErrorFrame})
			got = chat(t, srv, "m", "").body
			if !strings.Contains(got, "The model crashed while generating.") || strings.Contains(got, "efgh") {
				t.Errorf("error frame: %q", got)
			}
		})
	}
}

// SetEchoStyle makes every unscripted reply think, in the dialect's way.
func TestEchoStyle(t *testing.T) {
	srv := llmtest.NewDialectServer(t, llmtest.DialectVLLM, "m")
	srv.SetEchoStyle(llmtest.Reply{Reasoning: "Thinking it over.", KeepAlives: 1, LineEnding: "\r\n"})
	got := chat(t, srv, "m", "").body
	if !strings.HasPrefix(got, ": ping\r\n\r\n") || !strings.Contains(got, `"reasoning_content":"Thin`) ||
		!strings.Contains(got, `"content":"Echo"`) || strings.Contains(got, "\n\n") {
		t.Errorf("echo with thinking: %q", got)
	}
	srv.SetEchoStyle(llmtest.Reply{})
	if got := chat(t, srv, "m", "").body; strings.Contains(got, "reasoning_content") || strings.Contains(got, "\r") {
		t.Errorf("plain echo: %q", got)
	}
}
