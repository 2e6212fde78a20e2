package llm

import (
	"context"
	"errors"

	"hearth/backend/apperr"
)

const noModelSentence = "No model is chosen; pick a model for this module or endpoint."

// Describe words an error of this package for a person: a classified
// [*Error] (its sentence names the host, the status, the server's own
// words with the key redacted) or one of the sentinels. It returns nil for
// an error that is not this package's; the caller's table words those.
// Every error a [Client] method returns is already worded this way.
func Describe(err error) *apperr.Error {
	var ae *apperr.Error
	var e *Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &e):
		return apperr.Wrap(apperr.Internal, err, e.sentence())
	case errors.Is(err, ErrNoEndpoint):
		return apperr.Wrap(apperr.Internal, err, "No model server is set up yet; add an endpoint first.")
	case errors.Is(err, ErrNoModel):
		return apperr.Wrap(apperr.Internal, err, noModelSentence)
	case errors.Is(err, ErrNotFound):
		return apperr.Wrap(apperr.NotFound, err, "That endpoint no longer exists; choose another one.")
	case errors.Is(err, ErrNameTaken):
		return apperr.Wrap(apperr.Invalid, err, "An endpoint with this name already exists.")
	case errors.Is(err, ErrNameMissing):
		return apperr.Wrap(apperr.Invalid, err, "An endpoint needs a name.")
	case errors.Is(err, ErrBadURL):
		return apperr.Wrap(apperr.Invalid, err, "The endpoint's address must look like http(s)://host[:port][/path], without a user name or password.")
	case errors.Is(err, context.Canceled):
		return apperr.Wrap(apperr.Internal, err, "Stopped.")
	}
	return nil
}

// worded is err as a Client method returns it: worded by Describe when it
// is this package's, unchanged otherwise.
func worded(err error) error {
	if e := Describe(err); e != nil {
		return e
	}
	return err
}
