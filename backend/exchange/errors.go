package exchange

import (
	"errors"
	"fmt"

	"hearth/backend/apperr"
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

// errf is a failure of kind worded for the person: an [*apperr.Error]
// whose cause matches both kind and cause with errors.Is. A wrong
// passphrase has code apperr.WrongSecret; every other kind apperr.Invalid.
func errf(kind, cause error, format string, args ...any) *apperr.Error {
	code := apperr.Invalid
	if kind == ErrWrongPassphrase {
		code = apperr.WrongSecret
	}
	err := kind
	if cause != nil {
		err = fmt.Errorf("%w: %w", kind, cause)
	}
	return apperr.Wrap(code, err, fmt.Sprintf(format, args...))
}

// invalid reports a malformed archive at where (an entry name, maybe with a
// position) for why.
func invalid(cause error, where, why string, args ...any) *apperr.Error {
	return errf(ErrInvalid, cause, "The archive is damaged or not a Hearth export: %s: %s.", where, fmt.Sprintf(why, args...))
}
