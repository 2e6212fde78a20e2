package api

import "hearth/backend/chat"

// The payload of each event sent to the window. frontend/src/api/events.gen.ts
// is generated from these structs (go test ./backend/api -run
// TestEventPayloadsTS -update-events), so the window's types cannot drift
// from what Go sends. A `ts` tag narrows a string to the values it takes.

// ChatDelta is more of a streaming reply. Apply in order: Reset (the reply
// so far was thinking), then Reasoning, then Text.
type ChatDelta struct {
	TurnID    string `json:"turnId"`
	SessionID string `json:"sessionId"`
	Text      string `json:"text"`
	Reasoning string `json:"reasoning,omitempty"`
	Reset     bool   `json:"reset,omitempty"`
	// MessageID is the message a Continue extends.
	MessageID string `json:"messageId,omitempty"`
}

// ChatWait says the server asked to wait (a model loading, a rate limit).
type ChatWait struct {
	TurnID    string `json:"turnId"`
	SessionID string `json:"sessionId"`
	Text      string `json:"text"`
}

// ChatDone carries the stored reply (always set).
type ChatDone struct {
	TurnID    string        `json:"turnId"`
	SessionID string        `json:"sessionId"`
	Message   *chat.Message `json:"message" ts:"Message"`
}

// ChatError carries the turn's error sentence and what was stored, if anything.
type ChatError struct {
	TurnID    string        `json:"turnId"`
	SessionID string        `json:"sessionId"`
	Error     string        `json:"error"`
	Message   *chat.Message `json:"message"`
}

// ChatTitle names a session.
type ChatTitle struct {
	SessionID string `json:"sessionId"`
	Title     string `json:"title"`
}

// MemoryExtracted follows a turn's memory extraction (changed or not): the
// window refreshes that module's memories and notice.
type MemoryExtracted struct {
	ModuleID string `json:"moduleId"`
}

// ProfileNotice tells the person, once, about damage found in the open profile.
type ProfileNotice struct {
	ProfileID string `json:"profileId"`
	Kind      string `json:"kind" ts:"'damaged' | 'warning'"`
	Text      string `json:"text"`
}

// ProfileLocked says the open profile was locked and why.
type ProfileLocked struct {
	Reason string `json:"reason" ts:"'user' | 'idle' | 'switch' | 'delete' | 'rotate'"`
}

// ExportProgress counts an export's rows.
type ExportProgress struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}
