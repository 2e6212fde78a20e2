package chat

// Event types sent to the UI while a turn runs.
const (
	EventStart = "start" // the user's message is stored (Message); TurnID is known
	EventDelta = "delta" // more reply (Text) and thinking (Reasoning; Reset moves the reply so far to it), at most ~60 per second
	EventWait  = "wait"  // the server asked to wait (loading the model, rate limit); Text says so
	EventDone  = "done"  // the reply is stored (Message: complete or interrupted by Stop)
	EventError = "error" // the turn failed; Text is the user sentence, Message the stored reply if any
	EventTitle = "title" // the new session got its title (Text)
	// EventExtracted: memory extraction after the turn finished (worked or
	// not), so a memory panel showing ModuleID can refresh its list and its
	// extraction notice.
	EventExtracted = "extracted"
)

// Event is one streamed notification of a turn. The app forwards it as a
// Wails event; the CLI prints Text of delta events.
type Event struct {
	Type      string   `json:"type"`
	TurnID    string   `json:"turnId"`
	SessionID string   `json:"sessionId"`
	ModuleID  string   `json:"moduleId"`
	MessageID string   `json:"messageId,omitempty"` // for Continue: the message being extended
	Text      string   `json:"text,omitempty"`
	Reasoning string   `json:"reasoning,omitempty"` // delta: more thinking, never part of the reply
	Reset     bool     `json:"reset,omitempty"`     // delta: the reply so far was thinking (applied first)
	Message   *Message `json:"message,omitempty"`
}
