// Package chat keeps a module's sessions and messages, searches them, and
// runs a turn: store the user's message first, assemble the prompt, stream
// the reply, store it (complete, interrupted or error).
package chat

import "errors"

// ErrNotFound is returned for a session or message outside the caller's module.
var ErrNotFound = errors.New("session not found")

// Message statuses.
const (
	StatusComplete    = "complete"
	StatusInterrupted = "interrupted"
	StatusError       = "error"
)

// Session is one conversation of one module.
type Session struct {
	ID        string `json:"id"`
	ModuleID  string `json:"moduleId"`
	Title     string `json:"title"`
	CreatedAt int64  `json:"createdAt"` // unix ms
	UpdatedAt int64  `json:"updatedAt"` // unix ms
	Temporary bool   `json:"temporary"` // never stored
}

// Message is one stored message.
type Message struct {
	ID               string   `json:"id"`
	SessionID        string   `json:"sessionId"`
	ModuleID         string   `json:"moduleId"`
	Role             string   `json:"role"` // system | user | assistant
	Content          string   `json:"content"`
	Status           string   `json:"status"`
	Error            string   `json:"error,omitempty"` // one user-facing sentence
	Model            string   `json:"model,omitempty"`
	PromptTokens     int      `json:"promptTokens"`
	CompletionTokens int      `json:"completionTokens"`
	UsedMemories     []string `json:"usedMemories"` // memory ids put in the prompt
	HeldBack         int      `json:"heldBack"`     // sensitive memories (and passages) withheld
	// UsedPassages are the ids of the document passages put in the prompt
	// (package docs); only ids are kept, so removing a document leaves no
	// trace of it here.
	UsedPassages []string `json:"usedPassages,omitempty"`
	// Reasoning is the model's thinking for this reply. It is shown while
	// the turn runs and returned with it, but never stored: it is not part
	// of the conversation (never history, title or memory) and may echo
	// <private> text, so it does not outlive the window that showed it.
	Reasoning string `json:"reasoning,omitempty"`
	// Truncated: the model stopped at its length limit (status interrupted,
	// so Continue is offered).
	Truncated bool `json:"truncated,omitempty"`
	// KeywordsOnly: this reply's memories (and passages) were found by
	// keywords alone because the embedding server did not answer. Shown
	// with the reply while the turn runs; not stored.
	KeywordsOnly bool  `json:"keywordsOnly,omitempty"`
	CreatedAt    int64 `json:"createdAt"` // unix ms
}

// Hit is one search result.
type Hit struct {
	SessionID    string  `json:"sessionId"`
	SessionTitle string  `json:"sessionTitle"`
	ModuleID     string  `json:"moduleId"`
	MessageID    string  `json:"messageId"`
	Role         string  `json:"role"`
	Snippet      string  `json:"snippet"` // hits wrapped in \x02 … \x03
	Score        float64 `json:"score"`
	CreatedAt    int64   `json:"createdAt"`
}
