package llm

import (
	"strings"
	"sync"

	openai "github.com/sashabaranov/go-openai"
)

// Reasoning effort values a module may choose; "" leaves it to the server.
var ReasoningEfforts = []string{"", "minimal", "low", "medium", "high"}

// ValidReasoningEffort reports whether s is one of ReasoningEfforts.
func ValidReasoningEffort(s string) bool {
	for _, e := range ReasoningEfforts {
		if s == e {
			return true
		}
	}
	return false
}

// IsReasoningModel reports whether model belongs to OpenAI's reasoning
// families (o1, o3, o4, gpt-5, gpt-6 and their variants), also behind a
// router prefix such as OpenRouter's "openai/o3-mini". These models accept
// no temperature or top_p other than the default and take
// max_completion_tokens instead of max_tokens: OpenAI answers 400 to the
// others, and go-openai refuses them before sending.
func IsReasoningModel(model string) bool {
	m := strings.ToLower(strings.TrimSpace(model))
	if i := strings.LastIndexByte(m, '/'); i >= 0 {
		m = m[i+1:]
	}
	for _, p := range []string{"o1", "o3", "o4", "gpt-5", "gpt-6"} {
		if m == p || strings.HasPrefix(m, p+"-") || strings.HasPrefix(m, p+".") {
			return true
		}
	}
	return false
}

// Parameters a server may refuse, which the client then stops sending.
const (
	paramStreamOptions   = "stream_options"
	paramTemperature     = "temperature"
	paramTopP            = "top_p"
	paramMaxTokens       = "max_tokens"
	paramMaxCompletion   = "max_completion_tokens"
	paramReasoningEffort = "reasoning_effort"
)

var knownParams = []string{paramStreamOptions, paramTemperature, paramTopP, paramMaxCompletion, paramMaxTokens, paramReasoningEffort}

// quirks remembers, per endpoint, which parameters its server refused, so
// the next request leaves them out instead of failing first.
type quirks struct {
	mu sync.Mutex
	m  map[string]map[string]bool // base URL (+ model for model parameters) -> refused
}

func quirkKey(base, model, param string) string {
	if param == paramStreamOptions {
		return base // a server-wide feature
	}
	return base + "\x00" + model
}

func (q *quirks) refused(base, model, param string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.m[quirkKey(base, model, param)][param]
}

func (q *quirks) remember(base, model, param string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.m == nil {
		q.m = map[string]map[string]bool{}
	}
	k := quirkKey(base, model, param)
	if q.m[k] == nil {
		q.m[k] = map[string]bool{}
	}
	q.m[k][param] = true
}

// buildRequest turns req into the wire request for ep's server, by model
// family and by what the server refused before.
func (c *Client) buildRequest(ep Endpoint, req Request) openai.ChatCompletionRequest {
	base := ep.BaseURL
	refused := func(p string) bool { return c.quirks.refused(base, req.Model, p) }
	o := openai.ChatCompletionRequest{Model: req.Model, Stream: true}
	for _, m := range req.Messages {
		o.Messages = append(o.Messages, openai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	reasoning := IsReasoningModel(req.Model)
	if !reasoning && req.Temperature > 0 && !refused(paramTemperature) {
		o.Temperature = req.Temperature
	}
	if req.MaxTokens > 0 {
		switch {
		case (reasoning || refused(paramMaxTokens)) && !refused(paramMaxCompletion):
			o.MaxCompletionTokens = req.MaxTokens
		case !reasoning && !refused(paramMaxTokens):
			o.MaxTokens = req.MaxTokens
		}
	}
	if req.ReasoningEffort != "" && reasoning && !refused(paramReasoningEffort) {
		o.ReasoningEffort = req.ReasoningEffort
	}
	if !refused(paramStreamOptions) {
		o.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	}
	return o
}

// refusedParam names the parameter a 400/422 refused, if it is one the
// request carried and the client can leave out.
func refusedParam(f *serverFault, sent openai.ChatCompletionRequest) string {
	if f == nil || (f.Status != 400 && f.Status != 422) {
		return ""
	}
	carried := map[string]bool{
		paramStreamOptions:   sent.StreamOptions != nil,
		paramTemperature:     sent.Temperature != 0,
		paramTopP:            sent.TopP != 0,
		paramMaxTokens:       sent.MaxTokens != 0,
		paramMaxCompletion:   sent.MaxCompletionTokens != 0,
		paramReasoningEffort: sent.ReasoningEffort != "",
	}
	if carried[f.Param] {
		return f.Param
	}
	// The earliest parameter the message names: "Unsupported parameter:
	// 'max_tokens' … Use 'max_completion_tokens' instead." names max_tokens.
	text := strings.ToLower(f.Message + " " + f.Body)
	best, at := "", len(text)+1
	for _, p := range knownParams {
		if i := strings.Index(text, p); i >= 0 && carried[p] && i < at {
			best, at = p, i
		}
	}
	return best
}
