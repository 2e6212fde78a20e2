package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"hearth/backend/apperr"
	"hearth/backend/applog"
	"hearth/backend/chat"
	"hearth/backend/household"
	"hearth/backend/profile"
)

// runner carries one invocation's state: the data dir and, once needed, the
// backend opened over it.
type runner struct {
	env     Env
	dataDir string
	c       *household.Household
	log     *slog.Logger // hearth.log in the data dir, once opened
	logOnce bool         // the log was tried (it is not retried from concurrent doctor checks)
	closers []func(context.Context)
	// onEvent receives chat events of this invocation (the chat command).
	onEvent func(chat.Event)
	// progressOut is stderr before sanitising, for progress lines that
	// redraw themselves with \r; they carry only a fixed label and numbers.
	progressOut io.Writer
	// stdoutTTY: standard output is a terminal, so a reply is shown as it
	// streams; otherwise only the final reply is written (a pipe must not
	// receive thinking that a later delta reclassifies).
	stdoutTTY bool
}

func (r *runner) close(ctx context.Context) {
	for i := len(r.closers) - 1; i >= 0; i-- {
		r.closers[i](ctx)
	}
}

func (r *runner) printf(format string, a ...any) { fmt.Fprintf(r.env.Stdout, format, a...) }

// home opens the household over the data dir (once), logging to its log file.
func (r *runner) home() (*household.Household, error) {
	if r.c != nil {
		return r.c, nil
	}
	warning, err := PrepareDataDir(r.dataDir)
	if err != nil {
		return nil, err
	}
	if warning != "" {
		fmt.Fprintln(r.env.Stderr, "Warning: "+warning)
	}
	logger := r.logger()
	if logger == nil {
		logger = applog.Discard()
	}
	cfg := household.Config{DataDir: r.dataDir, Logger: logger, Keychain: r.env.Keychain, KDF: r.env.KDF, Now: r.env.Now, RebuildLostSlots: true, Emit: func(e chat.Event) {
		if r.onEvent != nil {
			r.onEvent(e)
		}
	}}
	r.c = household.New(cfg)
	r.closers = append(r.closers, func(ctx context.Context) { r.c.Close(ctx) })
	return r.c, nil
}

// open unlocks the profile named by nameOrID, reading its secret from the
// environment or the terminal, and returns its services.
func (r *runner) open(ctx context.Context, nameOrID string, recovery bool) (*household.Workspace, profile.Opened, error) {
	if nameOrID == "" {
		return nil, profile.Opened{}, usagef("--profile is required")
	}
	c, err := r.home()
	if err != nil {
		return nil, profile.Opened{}, err
	}
	p, err := c.FindProfile(ctx, nameOrID)
	if err != nil {
		return nil, profile.Opened{}, err
	}
	if recovery {
		key, err := r.secret("HEARTH_RECOVERY_KEY", "Recovery key")
		if err != nil {
			return nil, profile.Opened{}, err
		}
		ws, open, err := c.UnlockWithRecovery(ctx, p.ID, key)
		r.warn(open.Warnings)
		return ws, open, err
	}
	secret, err := r.secretFor(p.Protection, " for "+p.Name)
	if err != nil {
		return nil, profile.Opened{}, err
	}
	ws, open, err := c.Unlock(ctx, p.ID, secret)
	r.warn(open.Warnings)
	if open.NewRecoveryKey != "" {
		r.printRecovery(open.Profile, open.NewRecoveryKey)
	}
	return ws, open, err
}

// warn tells the user on stderr about damage found while opening.
func (r *runner) warn(warnings []string) {
	for _, w := range warnings {
		fmt.Fprintf(r.env.Stderr, "hearth: warning: %s\n", w)
	}
}

// logPath is the log file in the data dir (the window's too).
func (r *runner) logPath() string { return filepath.Join(r.dataDir, "hearth.log") }

// logger opens the log file once; nil while the data dir does not exist
// or the file cannot be opened.
func (r *runner) logger() *slog.Logger {
	if r.log != nil || r.logOnce {
		return r.log
	}
	if _, err := os.Stat(r.dataDir); err != nil {
		return nil // not yet: a later command step may create the folder
	}
	r.logOnce = true
	f, err := applog.OpenFile(r.logPath(), 0, 0)
	if err != nil {
		return nil
	}
	r.log = applog.New(f, slog.LevelInfo)
	r.closers = append(r.closers, func(context.Context) { f.Close() })
	return r.log
}

// fail is the command line's edge for a failed command: it words err
// (household.Describe), logs the cause of an error nobody worded to hearth.log
// and returns the exit code and the sentence to print.
func (r *runner) fail(ctx context.Context, op string, err error) (int, string) {
	log := r.logger()
	e := apperr.Report(ctx, log, op, household.Describe(err))
	code, msg := describe(e)
	if e.Message == apperr.InternalMessage && log != nil {
		msg = strings.TrimSuffix(msg, ".") + " (" + r.logPath() + ")."
	}
	return code, msg
}

// describe maps an error to an exit code and one clear sentence.
func describe(err error) (int, string) {
	e := household.Describe(err)
	switch e.Code {
	case apperr.Usage:
		return ExitUsage, e.Message
	case apperr.WrongSecret, apperr.LockedOut:
		return ExitWrongSecret, e.Message
	case apperr.Keychain:
		return ExitKeychain, e.Message
	}
	return ExitError, e.Message
}
