// Package chatgpt reads the conversations.json of a ChatGPT data export.
//
// The file is a JSON list of conversations. Each has a title, create_time
// and update_time (unix seconds, fractional), a mapping from node id to
// {id, message, parent, children} and current_node, the leaf of the thread
// the user last saw. Editing a message or regenerating a reply adds a
// branch; [Parse] keeps only the visible thread (current_node back to the
// root through parent links), and of that only what a person saw: user and
// assistant text. System, tool and hidden messages, messages addressed to a
// tool, reasoning and empty parts are dropped; images become "[image]".
//
// Parsing is streaming (one conversation in memory at a time) and bounded
// by [Limits]; malformed input returns an [*apperr.Error] with one sentence.
package chatgpt

import (
	"errors"
	"fmt"

	"hearth/backend/apperr"
)

// Kinds of failure, checked with errors.Is.
var (
	ErrInvalid  = errors.New("invalid ChatGPT export")
	ErrTooLarge = errors.New("ChatGPT export too large")
)

// invalid and tooLarge word a failure for the person as an
// [*apperr.Error] (code apperr.Invalid) whose cause matches the kind.
func invalid(cause error, format string, args ...any) *apperr.Error {
	err := ErrInvalid
	if cause != nil {
		err = fmt.Errorf("%w: %w", ErrInvalid, cause)
	}
	return apperr.Wrap(apperr.Invalid, err, "The ChatGPT export is damaged or not a conversations.json: "+fmt.Sprintf(format, args...)+".")
}

func tooLarge(format string, args ...any) *apperr.Error {
	return apperr.Wrap(apperr.Invalid, ErrTooLarge, fmt.Sprintf(format, args...))
}

// Limits bound what Parse accepts.
type Limits struct {
	MaxBytes             int64 // the whole conversations.json
	MaxConversationBytes int64 // one conversation's JSON
	MaxConversations     int
	MaxNodes             int // nodes in one conversation's mapping
	MaxTextBytes         int // one message's text
}

// DefaultLimits fit a very heavy user's history.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:             4 << 30,
		MaxConversationBytes: 256 << 20,
		MaxConversations:     200_000,
		MaxNodes:             200_000,
		MaxTextBytes:         4 << 20,
	}
}

// Conversation is one flattened conversation.
type Conversation struct {
	ID        string // conversation_id (or id); may be ""
	Title     string
	CreatedAt int64 // unix ms; 0 if the export has none
	UpdatedAt int64 // unix ms; 0 if the export has none
	Messages  []Message
}

// Message is one visible message of the thread.
type Message struct {
	Role      string // "user" or "assistant"
	Content   string
	Model     string // model_slug, for assistant messages
	CreatedAt int64  // unix ms; 0 if unknown
}
