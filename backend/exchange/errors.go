package exchange

import (
	"errors"
	"fmt"
)

// Kinds of failure, checked with errors.Is on any error this package returns.
var (
	ErrInvalid         = errors.New("invalid input")           // malformed archive, JSON or field
	ErrTooLarge        = errors.New("input too large")         // a size or count limit was hit
	ErrUnsafe          = errors.New("unsafe archive")          // zip-slip names, zip bombs
	ErrNewerVersion    = errors.New("made by a newer version") // format or schema newer than this app
	ErrWrongPassphrase = errors.New("wrong passphrase")        // a bundle that does not decrypt
	ErrUnknownFormat   = errors.New("unknown file format")     // neither bundle nor archive
	ErrModuleNotFound  = errors.New("module not found")        // the named module does not exist
	ErrBadRequest      = errors.New("bad request")             // a caller error (format, missing passphrase)
	ErrDamaged         = errors.New("database damaged")        // export refused: the database fails its integrity check
)

// Error is a failure with one sentence a person can act on. Error returns
// that sentence; the cause (for logs) is reachable through errors.Unwrap,
// together with the Kind sentinel.
type Error struct {
	Kind error  // one of the Err* sentinels above
	Msg  string // one sentence for the user; never contains message or memory text
	Err  error  // underlying cause, may be nil
}

func (e *Error) Error() string { return e.Msg }

// Unwrap exposes both the kind and the cause to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// UserMessage is the sentence to show for err: the Msg of an [*Error], or a
// generic sentence for anything else (whose details belong in the log).
func UserMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg
	}
	return "Something went wrong; see the log for details."
}

func errf(kind, cause error, format string, args ...any) *Error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...), Err: cause}
}

// invalid reports a malformed archive at where (an entry name, maybe with a
// position) for why.
func invalid(cause error, where, why string, args ...any) *Error {
	return &Error{Kind: ErrInvalid, Msg: fmt.Sprintf("The archive is damaged or not a Hearth export: %s: %s.", where, fmt.Sprintf(why, args...)), Err: cause}
}
