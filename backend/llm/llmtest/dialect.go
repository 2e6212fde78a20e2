package llmtest

import (
	"fmt"
	"strings"
)

// Dialect is the model server whose wire format the fake speaks. Every
// dialect streams OpenAI-style chat.completion.chunk events, but each
// server differs in the bytes: key order, id shape, where the role and
// usage go, how thinking is streamed, how a stream fails mid-way, what an
// error body looks like and which request parameters it refuses. The
// wire_*.go files hold one dialect each, with the documents and issues
// each shape was taken from.
type Dialect string

// Dialects the fake speaks.
const (
	DialectOpenAI     Dialect = "openai"     // api.openai.com, incl. reasoning models (o1/o3/o4/gpt-5)
	DialectOllama     Dialect = "ollama"     // Ollama's OpenAI-compatible /v1
	DialectLlamaCpp   Dialect = "llamacpp"   // llama.cpp's llama-server
	DialectLMStudio   Dialect = "lmstudio"   // LM Studio's local server
	DialectVLLM       Dialect = "vllm"       // vLLM's OpenAI-compatible server
	DialectMistral    Dialect = "mistral"    // api.mistral.ai
	DialectOpenRouter Dialect = "openrouter" // openrouter.ai/api/v1
	DialectDeepSeek   Dialect = "deepseek"   // api.deepseek.com
)

// Dialects lists every dialect, in a stable order.
func Dialects() []Dialect {
	return []Dialect{DialectOpenAI, DialectOllama, DialectLlamaCpp, DialectLMStudio,
		DialectVLLM, DialectMistral, DialectOpenRouter, DialectDeepSeek}
}

// ParseDialect returns the dialect named s ("" is DialectOpenAI).
func ParseDialect(s string) (Dialect, error) {
	if s == "" {
		return DialectOpenAI, nil
	}
	for _, d := range Dialects() {
		if string(d) == strings.ToLower(s) {
			return d, nil
		}
	}
	return "", fmt.Errorf("unknown dialect %q", s)
}

// ThinkStyle is how a reply's Reasoning goes over the wire.
type ThinkStyle int

// Think styles.
const (
	// ThinkDefault is the dialect's usual way: its own delta field where it
	// has one (reasoning_content: llama.cpp, vLLM, DeepSeek; reasoning:
	// Ollama, LM Studio, OpenRouter), inline <think> for Mistral, and
	// nothing at all for OpenAI, whose chat completions never stream a
	// reasoning model's thinking.
	ThinkDefault ThinkStyle = iota
	// ThinkField streams the thinking in the dialect's own delta field
	// (falls back to ThinkInline for a dialect that has none).
	ThinkField
	// ThinkInline puts "<think>\n…\n</think>\n\n" before the answer inside
	// content (Qwen3 and others when the server does not split thinking).
	ThinkInline
	// ThinkR1 starts content with the thinking and marks its end only with
	// "\n</think>\n\n": DeepSeek-R1's chat template already put "<think>\n"
	// in the prompt, so the opening tag never appears in the reply.
	ThinkR1
)

// meta is what every chunk of one streamed reply shares.
type meta struct {
	id             string
	model          string
	created        int64
	includeUsage   bool   // the request asked for stream_options.include_usage
	obfuscate      bool   // OpenAI: stream_options.include_obfuscation not false
	fieldThinking  bool   // the reply streams thinking in the dialect's field
	reasoningField string // that field's name
	frames         int    // data frames written so far (OpenAI's obfuscation padding)
}

// usage is the token count of one reply.
type usage struct{ prompt, completion, reasoning int }

// failure is an error answer, before the dialect gives it its shape.
type failure struct {
	status  int
	kind    failKind
	message string   // the dialect's wording is used when empty
	key     string   // the bearer token sent, "" if none (failAuth)
	model   string   // the requested model (failModel)
	models  []string // the models the server offers (failModel)
}

type failKind int

const (
	failGeneric failKind = iota
	failAuth             // missing or wrong API key
	failModel            // unknown model
	failQuota            // quota or credit used up
	failLoading          // the model is still loading
)

// wire is one dialect's bytes.
type wire interface {
	// newID is the completion id of the seq'th streamed reply.
	newID(seq int) string
	// chatPath and modelsPath report whether the server serves path.
	chatPath(path string) bool
	modelsPath(path string) bool
	// notFound answers a path the server does not serve.
	notFound(method, path string) (status int, contentType, body string)
	// modelList is the body of GET /models.
	modelList(models []string) string
	// errorBody shapes an error answer.
	errorBody(f failure) (status int, contentType, body string)
	// thinkField is the delta field the server streams thinking in ("" if none).
	thinkField() string
	// open is the data payload that starts a stream before any text ("" if none).
	open(m *meta, reasoning bool) string
	// content and reasoning are the payloads of one text delta.
	content(m *meta, text string, first bool) string
	reasoning(m *meta, text string, first bool) string
	// finish ends a stream normally: the finish chunk, then any usage
	// chunk (u is nil when the reply has none to send), then [DONE].
	finish(m *meta, reason string, u *usage) []string
	// midError is the frame lines a stream ends with when generation fails
	// after text was sent, and whether "data: [DONE]" follows.
	midError(m *meta, msg string) (lines []string, done bool)
	// keepAlive is the server's SSE keep-alive comment line.
	keepAlive() string
	// streamType is the Content-Type of an event stream.
	streamType() string
}

// anyModeler is a wire whose server may answer with the model it has
// loaded, whatever model the request names (llama.cpp always, LM Studio
// when one model is loaded).
type anyModeler interface{ anyModel(models []string) bool }

func wireFor(d Dialect) wire {
	switch d {
	case DialectOllama:
		return ollamaWire{}
	case DialectLlamaCpp:
		return llamaWire{}
	case DialectLMStudio:
		return lmstudioWire{}
	case DialectVLLM:
		return vllmWire{}
	case DialectMistral:
		return mistralWire{}
	case DialectOpenRouter:
		return openrouterWire{}
	case DialectDeepSeek:
		return deepseekWire{}
	default:
		return openaiWire{}
	}
}

// data is one SSE data line.
func data(payload string) string { return "data: " + payload }

const doneLine = "data: [DONE]"

// pad returns s left-padded with zeros to n characters (deterministic ids).
func pad(n, seq int) string { return fmt.Sprintf("%0*d", n, seq) }

// String is the dialect's name as the -dialect flag takes it.
func (d Dialect) String() string { return string(d) }
