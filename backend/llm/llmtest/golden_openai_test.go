package llmtest_test

import (
	"encoding/json"
	"testing"

	"hearth/backend/llm/llmtest"
)

// OpenAI's chunks, as recorded from api.openai.com (coder/aibridge
// fixtures/openai/chatcompletions/stream_error.txtar; ENTERPILOT/GoModel#46
// for the obfuscation field), with the fake's id, clock and fingerprint.
const (
	oaiHead = `{"id":"chatcmpl-00000000000000000000000000001","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4.1","service_tier":"default","system_fingerprint":"fp_f0a1e2d3c4",`
	oaiRole = `"choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]`
)

func oaiContent(s string) string {
	return `"choices":[{"index":0,"delta":{"content":"` + s + `"},"logprobs":null,"finish_reason":null}]`
}

func TestOpenAI_MidStreamErrorAsRecorded(t *testing.T) {
	srv := llmtest.NewServer(t, "gpt-4.1")
	srv.Script(llmtest.Reply{Text: "The question is", MidStreamError: "The server had an error while processing your request. Sorry about that!"})
	got := chat(t, srv, "gpt-4.1", `"stream_options":{"include_usage":true,"include_obfuscation":false}`)
	wantStatus(t, got, 200, "text/event-stream; charset=utf-8")
	same(t, "stream", got.body, events(
		"data: "+oaiHead+oaiRole+`,"usage":null}`,
		"data: "+oaiHead+oaiContent("The ")+`,"usage":null}`,
		"data: "+oaiHead+oaiContent("ques")+`,"usage":null}`,
		`data: {"error": {"message": "The server had an error while processing your request. Sorry about that!", "type": "server_error"}}`,
	))
}

func TestOpenAI_ObfuscationByDefault(t *testing.T) {
	srv := llmtest.NewServer(t, "gpt-4.1")
	srv.Script(llmtest.Reply{Text: "Hello", ChunkRunes: 10})
	got := chat(t, srv, "gpt-4.1", "")
	same(t, "stream", got.body, events(
		"data: "+oaiHead+oaiRole+`,"obfuscation":"k"}`,
		"data: "+oaiHead+oaiContent("Hello")+`,"obfuscation":"kJ0wmdEA"}`,
		"data: "+oaiHead+`"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"obfuscation":"kJ0wmdEACZGFlRK"}`,
		"data: [DONE]",
	))
}

// The usage chunk: empty choices, totals with the detail objects of the
// API reference's CompletionUsage, right before [DONE].
func TestOpenAI_UsageChunkAndLength(t *testing.T) {
	srv := llmtest.NewServer(t, "gpt-4.1")
	srv.Script(llmtest.Reply{Text: "Hello", ChunkRunes: 10, FinishReason: "length"})
	got := chat(t, srv, "gpt-4.1", `"stream_options":{"include_usage":true,"include_obfuscation":false}`)
	same(t, "stream", got.body, events(
		"data: "+oaiHead+oaiRole+`,"usage":null}`,
		"data: "+oaiHead+oaiContent("Hello")+`,"usage":null}`,
		"data: "+oaiHead+`"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}],"usage":null}`,
		"data: "+oaiHead+`"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}`,
		"data: [DONE]",
	))
}

// A reasoning model's 400s, as api.openai.com writes them (bodies quoted in
// ITSpecialist111/ai_automation_suggester#38 and
// gabrii/Cursor-Azure-GPT-5#33), and what it accepts instead.
func TestOpenAI_ReasoningModelParameters(t *testing.T) {
	srv := llmtest.NewServer(t, "gpt-5.2", "o3", "gpt-4o")
	maxTokens := "{\n" +
		"    \"error\": {\n" +
		"        \"message\": \"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.\",\n" +
		"        \"type\": \"invalid_request_error\",\n" +
		"        \"param\": \"max_tokens\",\n" +
		"        \"code\": \"unsupported_parameter\"\n" +
		"    }\n" +
		"}\n"
	temperature := func(v string) string {
		return "{\n" +
			"    \"error\": {\n" +
			"        \"message\": \"Unsupported value: 'temperature' does not support " + v + " with this model. Only the default (1) value is supported.\",\n" +
			"        \"type\": \"invalid_request_error\",\n" +
			"        \"param\": \"temperature\",\n" +
			"        \"code\": \"unsupported_value\"\n" +
			"    }\n" +
			"}\n"
	}
	for _, tc := range []struct {
		name, model, extra string
		status             int
		body               string
	}{
		{"MaxTokens", "gpt-5.2", `"max_tokens":32`, 400, maxTokens},
		{"MaxTokensO3", "o3", `"max_tokens":32,"temperature":0.4`, 400, maxTokens},
		{"Temperature0", "gpt-5.2", `"temperature":0`, 400, temperature("0")},
		{"Temperature07", "o3", `"temperature":0.7`, 400, temperature("0.7")},
		{"TemperatureOne", "gpt-5.2", `"temperature":1,"max_completion_tokens":32,"reasoning_effort":"low"`, 200, ""},
		{"NotReasoning", "gpt-4o", `"temperature":0.7,"max_tokens":32`, 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := chat(t, srv, tc.model, tc.extra)
			wantStatus(t, got, tc.status, "")
			if tc.body != "" {
				same(t, "body", got.body, tc.body)
			}
		})
	}
	// Refused requests never reach generation, and every body is recorded raw.
	reqs := srv.ChatRequests()
	if len(reqs) != 6 {
		t.Fatalf("recorded %d requests, want 6", len(reqs))
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(reqs[4].Body, &raw); err != nil || string(raw["reasoning_effort"]) != `"low"` ||
		reqs[4].Chat.MaxCompletionTokens == nil || *reqs[4].Chat.MaxCompletionTokens != 32 || reqs[4].Chat.ReasoningEffort != "low" {
		t.Errorf("accepted request recorded as %s (%+v)", reqs[4].Body, reqs[4].Chat)
	}
}

// 429 insufficient_quota (ChatGPTNextWeb/NextChat#3123; the wording with
// the docs link from HeyPuter/puter#1977).
func TestOpenAI_QuotaExceeded(t *testing.T) {
	srv := llmtest.NewServer(t, "gpt-4.1")
	srv.SetQuotaExceeded(true)
	got := chat(t, srv, "gpt-4.1", "")
	wantStatus(t, got, 429, "application/json; charset=utf-8")
	same(t, "body", got.body, "{\n"+
		"    \"error\": {\n"+
		"        \"message\": \"You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.\",\n"+
		"        \"type\": \"insufficient_quota\",\n"+
		"        \"param\": null,\n"+
		"        \"code\": \"insufficient_quota\"\n"+
		"    }\n"+
		"}\n")
	srv.SetQuotaExceeded(false)
	if got := chat(t, srv, "gpt-4.1", ""); got.status != 200 {
		t.Errorf("after the quota is back: status %d", got.status)
	}
}

// OpenAI never streams a reasoning model's thinking on chat completions.
func TestOpenAI_ReasoningIsNotStreamed(t *testing.T) {
	srv := llmtest.NewServer(t, "o3")
	srv.Script(llmtest.Reply{Text: "Hi", Reasoning: "The user greets me."})
	got := chat(t, srv, "o3", `"stream_options":{"include_obfuscation":false}`)
	if want := oaiContent("Hi"); !contains(got.body, want) || contains(got.body, "greets") {
		t.Errorf("stream %q: want only the answer", got.body)
	}
}
