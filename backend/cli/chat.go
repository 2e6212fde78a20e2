package cli

import (
	"context"
	"fmt"
	"io"

	"golang.org/x/term"

	"hearth/backend/apperr"
	"hearth/backend/chat"
)

func cmdChat(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("chat", r.env)
	who := fs.String("profile", "", "profile name or id")
	mod := fs.String("module", "", "module id or name")
	epName := fs.String("endpoint", "", "endpoint name (default: the module's)")
	model := fs.String("model", "", "model (default: the module's or endpoint's)")
	session := fs.String("session", "", "continue this session")
	newSession := fs.Bool("new", false, "start a new session (the default)")
	temporary := fs.Bool("temporary", false, "a temporary chat: never stored, never remembered")
	thinking := fs.Bool("thinking", false, "also print a reasoning model's thinking (to standard error)")
	fs.Usage = usageLine(fs, "hearth chat --profile P --module M [flags] MESSAGE|-")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	text, err := r.textArg(pos)
	if err != nil {
		return err
	}
	if text == "" {
		return usagef("chat needs a MESSAGE (or - to read it from standard input)")
	}
	n := 0
	for _, b := range []bool{*session != "", *newSession, *temporary} {
		if b {
			n++
		}
	}
	if n > 1 {
		return usagef("use only one of --session, --new and --temporary")
	}
	ws, _, err := r.open(ctx, *who, false)
	if err != nil {
		return err
	}
	mid, err := moduleID(ctx, ws, *mod)
	if err != nil {
		return err
	}
	epID := ""
	if *epName != "" {
		ep, err := ws.Endpoints.GetByName(ctx, *epName)
		if err != nil {
			return err
		}
		epID = ep.ID
	}
	wrote, thought := false, false
	r.onEvent = func(e chat.Event) {
		switch e.Type {
		case chat.EventWait:
			fmt.Fprintf(r.env.Stderr, "(%s)\n", e.Text)
		case chat.EventDelta:
			if e.Reasoning != "" || e.Reset {
				if !thought && !*thinking {
					fmt.Fprintln(r.env.Stderr, "(thinking…)")
				}
				thought = true
				if *thinking {
					fmt.Fprint(r.env.Stderr, e.Reasoning)
				}
			}
			if e.Reset && wrote {
				// A DeepSeek-R1 style reply: what was shown was thinking.
				fmt.Fprintln(r.env.Stderr, "\n(the text above was the model's thinking; the answer follows)")
			}
			if e.Text != "" && r.stdoutTTY {
				if thought && *thinking && !wrote {
					fmt.Fprintln(r.env.Stderr)
				}
				fmt.Fprint(r.env.Stdout, e.Text)
				wrote = true
			}
		}
	}
	res, err := ws.Engine.Send(ctx, chat.SendRequest{ModuleID: mid, SessionID: *session, Temporary: *temporary,
		Text: text, EndpointID: epID, Model: *model})
	if !r.stdoutTTY && res.Reply.Content != "" {
		fmt.Fprint(r.env.Stdout, res.Reply.Content)
		wrote = true
	}
	if wrote {
		fmt.Fprintln(r.env.Stdout)
	}
	if res.Directive != nil {
		fmt.Fprintf(r.env.Stderr, "(memory: %s, %d changed)\n", res.Directive.Op, res.Directive.Count)
	}
	if res.Reply.KeywordsOnly {
		fmt.Fprintf(r.env.Stderr, "(%s)\n", chat.KeywordsOnlyNote)
	}
	if res.Reply.HeldBack > 0 {
		fmt.Fprintf(r.env.Stderr, "(%d sensitive memories or passages were held back from this non-local endpoint)\n", res.Reply.HeldBack)
	}
	printSources(ctx, r, ws, mid, res.Reply.UsedPassages)
	if res.Session.ID != "" && !res.Session.Temporary {
		fmt.Fprintf(r.env.Stderr, "session: %s\n", res.Session.ID)
	}
	if err != nil {
		if res.User.ID != "" {
			return apperr.Wrap(apperr.Internal, err, describeMsg(err)+" Your message was saved.")
		}
		return err
	}
	switch {
	case res.Reply.Truncated:
		fmt.Fprintf(r.env.Stderr, "(%s The partial reply was saved; continue it in the window.)\n", chat.TruncatedSentence)
	case res.Reply.Status == chat.StatusInterrupted:
		fmt.Fprintln(r.env.Stderr, "(the reply was interrupted; the partial reply was saved)")
	}
	return nil
}

func describeMsg(err error) string {
	_, msg := describe(err)
	return msg
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}
