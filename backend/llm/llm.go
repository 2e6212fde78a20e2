// Package llm talks to OpenAI-compatible servers (OpenAI, Ollama, llama.cpp,
// LM Studio, vLLM) through go-openai: endpoints stored in the profile
// database, model lists, connection tests, a cached reachability status and
// streaming completions with every network fault mapped to one clear
// sentence.
package llm

import (
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"
)

// Endpoint is one configured server. The API key never leaves the backend:
// DTOs carry HasAPIKey only.
type Endpoint struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	BaseURL      string `json:"baseUrl"`
	DefaultModel string `json:"defaultModel"`
	HasAPIKey    bool   `json:"hasApiKey"`
	Local        bool   `json:"local"` // host is loopback: sensitive memories may go there
	CreatedAt    int64  `json:"createdAt"`
	apiKey       string
}

// APIKey returns the secret for the client; never put it in a DTO or log.
func (e Endpoint) APIKey() string { return e.apiKey }

// WithAPIKey returns a copy carrying key (used by the repository).
func (e Endpoint) WithAPIKey(key string) Endpoint {
	e.apiKey = key
	e.HasAPIKey = key != ""
	return e
}

// String keeps the key out of %v and %+v formatting.
func (e Endpoint) String() string { return "endpoint " + e.Name + " (" + e.BaseURL + ")" }

// GoString keeps the key out of %#v formatting.
func (e Endpoint) GoString() string { return e.String() }

// LogValue keeps the key out of slog output.
func (e Endpoint) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", e.ID), slog.String("name", e.Name), slog.Bool("local", e.Local))
}

// Suggestion is a built-in endpoint the UI offers to add.
type Suggestion struct {
	Name    string `json:"name"`
	BaseURL string `json:"baseUrl"`
	Local   bool   `json:"local"`
	NeedKey bool   `json:"needKey"`
}

// Suggestions are the built-in endpoints offered when adding one.
func Suggestions() []Suggestion {
	return []Suggestion{
		{Name: "Local (Ollama)", BaseURL: "http://127.0.0.1:11434/v1", Local: true},
		{Name: "OpenAI", BaseURL: "https://api.openai.com/v1", NeedKey: true},
	}
}

// IsLocalURL reports whether baseURL's host is a loopback address literal
// (127.0.0.0/8, ::1, IPv4-mapped 127/8) or exactly "localhost". It looks
// at the URL only, never at what the name resolves to or where a
// connection lands: the sensitive-memory rule must not depend on the
// network. Only plain "localhost" is answered by the hosts file; Go's
// resolver sends "localhost." (absolute), "127.0.0.1." and "*.localhost"
// to DNS, which could point them anywhere, so they are not local.
func IsLocalURL(baseURL string) bool {
	u, err := url.Parse(baseURL)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Message is one chat message sent to the model.
type Message struct {
	Role    string `json:"role"` // system | user | assistant
	Content string `json:"content"`
}

// Request is one completion request, independent of any server's
// dialect: the client turns it into what the model family and the server
// accept (see [IsReasoningModel]).
type Request struct {
	Model       string
	Messages    []Message
	Temperature float32 // 0 = server default; never sent to reasoning models
	MaxTokens   int     // 0 = server default; max_completion_tokens for reasoning models
	// ReasoningEffort ("minimal" … "high", "" = server default) is sent to
	// reasoning models only.
	ReasoningEffort string
	// OnWait, if set, hears of each automatic wait before a retry (rate
	// limit, model loading), so the caller can show it.
	// err is worded by [Describe] and matches an [*Error] with errors.As.
	OnWait func(err error, wait time.Duration)
}

// Delta is one step of a streamed reply, applied in this order: Reset
// moves everything received as answer so far over to the thinking (a
// DeepSeek-R1 style reply, whose thinking shows as answer until its
// closing tag), then Reasoning is appended to the thinking and Text to the
// answer.
type Delta struct {
	Text      string `json:"text,omitempty"`
	Reasoning string `json:"reasoning,omitempty"`
	Reset     bool   `json:"reset,omitempty"`
}

// Result is what a stream produced. On error Text still holds the part
// received before the fault, so nothing already shown is lost.
type Result struct {
	Text             string `json:"text"`      // the answer
	Reasoning        string `json:"reasoning"` // the model's thinking, apart from the answer
	Model            string `json:"model"`
	FinishReason     string `json:"finishReason"`
	PromptTokens     int    `json:"promptTokens"`
	CompletionTokens int    `json:"completionTokens"`
	Truncated        bool   `json:"truncated"` // finish_reason "length" or the reply cap was reached
}
