package apperr

import (
	"context"
	"log/slog"
)

// Report is what an edge (a bound method, a command) does with a failure:
// it returns the error to show and, when its code is Internal (nobody
// worded it, or a fault such as a model server's that the log should
// keep), logs the cause at warning level under op. Errors carry no
// secrets or message text (the packages that make them guarantee it), so
// the cause is safe to log. log may be nil.
func Report(ctx context.Context, log *slog.Logger, op string, err error) *Error {
	e := From(err)
	if e == nil || e.Code != Internal || log == nil {
		return e
	}
	log.WarnContext(ctx, "request failed", "op", op, "err", err) // an *Error logs as its cause
	return e
}
