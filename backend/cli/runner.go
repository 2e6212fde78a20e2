package cli

import (
	"context"
	"errors"
	"fmt"
)

// runner carries one invocation's state: the data dir and, once needed, the
// backend opened over it.
type runner struct {
	env     Env
	dataDir string
	closers []func(context.Context)
}

func (r *runner) close(ctx context.Context) {
	for i := len(r.closers) - 1; i >= 0; i-- {
		r.closers[i](ctx)
	}
}

func (r *runner) printf(format string, a ...any) { fmt.Fprintf(r.env.Stdout, format, a...) }

// describe maps an error to an exit code and one clear sentence.
func describe(err error) (int, string) {
	var u usageError
	if errors.As(err, &u) {
		return ExitUsage, u.msg
	}
	return ExitError, err.Error()
}
