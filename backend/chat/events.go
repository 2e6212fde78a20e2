package chat

// Event types sent to the UI while a turn runs.
const (
	EventStart = "start" // the user's message is stored (Message); TurnID is known
	EventDelta = "delta" // more reply text (Text), batched to at most ~60 per second
	EventDone  = "done"  // the reply is stored (Message: complete or interrupted by Stop)
	EventError = "error" // the turn failed; Text is the user sentence, Message the stored reply if any
	EventTitle = "title" // the new session got its title (Text)
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
	Message   *Message `json:"message,omitempty"`
}
