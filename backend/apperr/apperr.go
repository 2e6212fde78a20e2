// Package apperr is the one error a person sees: a code the window and the
// command line react to, one clear sentence, and the cause for the log.
//
// # Where a sentence comes from
//
// Domain packages return sentinels (checked with errors.Is) and typed
// errors; the table in backend/household/errors.go turns those into an [*Error].
// Where the sentence needs the domain's own data — a model server's reply,
// an import's line number — the domain package builds the [*Error] itself,
// and the table passes it through unchanged.
//
// # Anything else
//
// An error that is not an [*Error] is a fault nobody worded for a person:
// its text is a chain of internal causes (paths, SQL, package names). It
// reaches the person as [InternalMessage], never as its text, and the edge
// that shows it logs the cause ([Report]).
package apperr

import (
	"errors"
	"time"
)

// Codes the window (frontend/src/api/errors.ts) and the command line (exit
// codes) react to. The strings are part of the window's contract.
const (
	WrongSecret = "wrong-secret"         // a PIN, passphrase or recovery key is not right
	LockedOut   = "locked-out"           // too many wrong tries; Wait says how long
	Keychain    = "keychain-unavailable" // the OS keychain cannot be used
	Locked      = "locked"               // no profile is open
	NotFound    = "not-found"            // the thing asked for does not exist (here)
	Invalid     = "invalid"              // the request's input is not acceptable
	Usage       = "usage"                // a mistake in a command's words (CLI exit 2)
	Internal    = "error"                // anything else; the sentence may still be specific
)

// InternalMessage is what a person sees for an error nobody worded.
const InternalMessage = "Something went wrong; the details are in the log."

// Error is an error worded for a person. Message is what the person sees;
// Error() is what a log sees: the cause's text when there is a cause (so
// wording an error never adds to, or takes from, what is logged: a model
// server's own words may be in Message but are not in its cause), else
// Message.
type Error struct {
	Code    string        // one of the codes above
	Message string        // one sentence; never secrets, message or memory text
	Wait    time.Duration // for LockedOut (and a wrong secret that imposes a wait)
	Err     error         // the cause, may be nil; logged, never shown
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Err.Error()
	}
	return e.Message
}

// Unwrap exposes the cause to errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error with code and the sentence message.
func New(code, message string) *Error { return &Error{Code: code, Message: message} }

// Wrap returns an error with code and the sentence message, caused by cause.
func Wrap(code string, cause error, message string) *Error {
	return &Error{Code: code, Message: message, Err: cause}
}

// From returns the outermost *Error in err's chain, or, for an error that
// has none, an Internal error saying [InternalMessage] with err as cause.
// From(nil) is nil.
func From(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Message: InternalMessage, Err: err}
}

// Code is err's code: Internal for an error that is not an *Error, "" for nil.
func Code(err error) string {
	if err == nil {
		return ""
	}
	return From(err).Code
}

// Message is the sentence to show for err: [InternalMessage] for an error
// that is not an *Error, "" for nil.
func Message(err error) string {
	if err == nil {
		return ""
	}
	return From(err).Message
}

// WaitOf is how long err asks the person to wait before trying again.
func WaitOf(err error) time.Duration {
	if err == nil {
		return 0
	}
	return From(err).Wait
}
