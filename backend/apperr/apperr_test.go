package apperr_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"hearth/backend/apperr"
)

func TestCodeAndMessage(t *testing.T) {
	cause := errors.New("open /home/x/hearth.db: permission denied")
	worded := apperr.Wrap(apperr.NotFound, cause, "That conversation was not found in this module.")
	waiting := &apperr.Error{Code: apperr.LockedOut, Message: "Wait.", Wait: 30 * time.Second}
	for _, tt := range []struct {
		name     string
		err      error
		code     string
		msg      string
		wait     time.Duration
		internal bool
	}{
		{name: "Nil", err: nil, code: "", msg: ""},
		{name: "Worded", err: worded, code: apperr.NotFound, msg: "That conversation was not found in this module."},
		{name: "WrappedKeepsCode", err: fmt.Errorf("list sessions: %w", fmt.Errorf("module tutor: %w", worded)),
			code: apperr.NotFound, msg: "That conversation was not found in this module."},
		{name: "JoinedKeepsCode", err: errors.Join(errors.New("close"), worded), code: apperr.NotFound,
			msg: "That conversation was not found in this module."},
		{name: "Wait", err: fmt.Errorf("unlock: %w", waiting), code: apperr.LockedOut, msg: "Wait.", wait: 30 * time.Second},
		{name: "Unknown", err: fmt.Errorf("open /home/x/secret: permission denied"), code: apperr.Internal, msg: apperr.InternalMessage, internal: true},
		{name: "UnknownWrapsSentinel", err: fmt.Errorf("read: %w", cause), code: apperr.Internal, msg: apperr.InternalMessage, internal: true},
		{name: "OutermostWins", err: apperr.Wrap(apperr.Invalid, worded, "Outer."), code: apperr.Invalid, msg: "Outer."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := apperr.Code(tt.err); got != tt.code {
				t.Errorf("Code = %q, want %q", got, tt.code)
			}
			if got := apperr.Message(tt.err); got != tt.msg {
				t.Errorf("Message = %q, want %q", got, tt.msg)
			}
			if got := apperr.WaitOf(tt.err); got != tt.wait {
				t.Errorf("WaitOf = %v, want %v", got, tt.wait)
			}
			if tt.err != nil && strings.Contains(apperr.Message(tt.err), "/home/x") {
				t.Errorf("the message shows the internal cause: %q", apperr.Message(tt.err))
			}
			if tt.internal && !errors.Is(apperr.From(tt.err), tt.err) {
				t.Errorf("From(err) does not keep err as its cause")
			}
		})
	}
}

func TestErrorIsWhatTheLogSees(t *testing.T) {
	cause := errors.New("sql: no rows")
	e := apperr.Wrap(apperr.NotFound, cause, "No such memory.")
	if e.Error() != "sql: no rows" || !errors.Is(e, cause) {
		t.Fatalf("Error() = %q, Is(cause) = %v", e.Error(), errors.Is(e, cause))
	}
	if e := apperr.New(apperr.Usage, "Name a profile with --profile."); e.Error() != "Name a profile with --profile." {
		t.Fatalf("without a cause, Error() = %q", e.Error())
	}
}

func TestReport(t *testing.T) {
	ctx := context.Background()
	t.Run("UnknownIsLoggedWithItsCause", func(t *testing.T) {
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, nil))
		e := apperr.Report(ctx, log, "memory.add", fmt.Errorf("open /home/x/secret: permission denied"))
		if e.Message != apperr.InternalMessage || e.Code != apperr.Internal {
			t.Fatalf("shown %q (%s)", e.Message, e.Code)
		}
		if !strings.Contains(buf.String(), "open /home/x/secret: permission denied") || !strings.Contains(buf.String(), "op=memory.add") {
			t.Fatalf("log lacks the cause: %q", buf.String())
		}
	})
	t.Run("WordedInternalLogsItsCauseNotItsSentence", func(t *testing.T) {
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, nil))
		e := apperr.Report(ctx, log, "chat.send", apperr.Wrap(apperr.Internal, errors.New("chat: server (HTTP 500)"), "The server said: your text here."))
		if e.Message != "The server said: your text here." {
			t.Fatalf("shown %q", e.Message)
		}
		if !strings.Contains(buf.String(), "HTTP 500") || strings.Contains(buf.String(), "your text here") {
			t.Fatalf("log = %q", buf.String())
		}
	})
	t.Run("WordedForThePersonIsNotLogged", func(t *testing.T) {
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, nil))
		apperr.Report(ctx, log, "profiles.unlock", fmt.Errorf("unlock: %w", apperr.New(apperr.WrongSecret, "That is not right.")))
		if buf.Len() != 0 {
			t.Fatalf("logged %q", buf.String())
		}
	})
	t.Run("Nil", func(t *testing.T) {
		if apperr.Report(ctx, nil, "x", nil) != nil {
			t.Fatal("Report(nil) is not nil")
		}
	})
}

func TestSentence(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"  a name is taken ": "A name is taken.",
		"done.":              "Done.",
		"really?":            "Really?",
		"éclair":             "Éclair.",
	} {
		if got := apperr.Sentence(in); got != want {
			t.Errorf("Sentence(%q) = %q, want %q", in, got, want)
		}
	}
}
