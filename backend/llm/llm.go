// Package llm talks to OpenAI-compatible servers (OpenAI, Ollama, llama.cpp,
// LM Studio, vLLM) through go-openai: endpoints stored in the profile
// database, model lists, connection tests, a cached reachability status and
// streaming completions with every network fault mapped to one clear
// sentence.
package llm

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
