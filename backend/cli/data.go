package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"hearth/backend/household"
	"hearth/backend/memory"
)

func cmdModule(ctx context.Context, r *runner, args []string) error {
	if len(args) == 0 || args[0] != "list" {
		return usagef("usage: hearth module list --profile P")
	}
	fs := newFlags("module list", r.env)
	who := fs.String("profile", "", "profile name or id")
	all := fs.Bool("all", false, "include archived modules")
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	ws, _, err := r.open(ctx, *who, false)
	if err != nil {
		return err
	}
	mods, err := ws.Modules.List(ctx, *all)
	if err != nil {
		return err
	}
	counts, err := ws.Memory.Counts(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(r.env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tMEMORIES\tDESCRIPTION")
	for _, m := range mods {
		name := m.Icon + " " + m.Name
		if m.Archived {
			name += " (archived)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", m.ID, strings.TrimSpace(name), counts[m.ID], m.Description)
	}
	return tw.Flush()
}

// moduleID resolves --module (id or display name) in the open profile.
func moduleID(ctx context.Context, ws *household.Workspace, idOrName string) (string, error) {
	if idOrName == "" {
		return "", usagef("--module is required")
	}
	m, err := ws.Modules.Resolve(ctx, idOrName)
	if err != nil {
		return "", err
	}
	return m.ID, nil
}

func cmdSession(ctx context.Context, r *runner, args []string) error {
	if len(args) == 0 || args[0] != "list" {
		return usagef("usage: hearth session list --profile P --module M")
	}
	fs := newFlags("session list", r.env)
	who := fs.String("profile", "", "profile name or id")
	mod := fs.String("module", "", "module id or name")
	limit := fs.Int("limit", 50, "how many, newest first")
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	ws, _, err := r.open(ctx, *who, false)
	if err != nil {
		return err
	}
	mid, err := moduleID(ctx, ws, *mod)
	if err != nil {
		return err
	}
	ss, err := ws.Chats.ListSessions(ctx, mid, *limit, 0)
	if err != nil {
		return err
	}
	if len(ss) == 0 {
		r.printf("No sessions in %s yet.\n", mid)
		return nil
	}
	tw := tabwriter.NewWriter(r.env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tUPDATED\tTITLE")
	for _, s := range ss {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.ID, time.UnixMilli(s.UpdatedAt).Format("2006-01-02 15:04"), s.Title)
	}
	return tw.Flush()
}

func cmdMemory(ctx context.Context, r *runner, args []string) error {
	if len(args) == 0 {
		return usagef("memory needs a subcommand: list, search, add, forget, share")
	}
	sub := args[0]
	fs := newFlags("memory "+sub, r.env)
	who := fs.String("profile", "", "profile name or id")
	mod := fs.String("module", "", "module id or name")
	shared := fs.Bool("shared", false, "the profile-wide shared memories")
	kind := fs.String("kind", memory.KindFact, "fact|preference|instruction (add)")
	sens := fs.String("sensitivity", memory.Normal, "normal|private|sensitive (add)")
	fs.Usage = usageLine(fs, "hearth memory "+sub+" --profile P (--module M | --shared) [flags] TEXT|QUERY|ID|-")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if (*mod == "") == !*shared {
		return usagef("memory %s needs exactly one of --module M or --shared", sub)
	}
	ws, _, err := r.open(ctx, *who, false)
	if err != nil {
		return err
	}
	scope := memory.SharedScope
	if !*shared {
		if scope, err = moduleID(ctx, ws, *mod); err != nil {
			return err
		}
	}
	arg := strings.TrimSpace(strings.Join(pos, " "))
	if sub == "add" || sub == "search" {
		if arg, err = r.textArg(pos); err != nil {
			return err
		}
	}
	switch sub {
	case "list":
		ms, err := ws.Memory.List(ctx, scope, 1000, 0)
		if err != nil {
			return err
		}
		printMemories(r, ms)
		if scope != memory.SharedScope {
			if h, err := ws.Memory.ExtractionHealth(ctx, scope); err == nil && h.Failing {
				fmt.Fprintf(r.env.Stderr, "(no memories could be saved from the last %d replies in this module: %s)\n",
					h.Failures, extractionCause(h.LastFailureKind))
			}
		}
	case "search":
		if arg == "" {
			return usagef("memory search needs a QUERY (or - to read it from standard input)")
		}
		ms, err := ws.Memory.Search(ctx, scope, arg, 50)
		if err != nil {
			return err
		}
		printMemories(r, ms)
	case "add":
		if arg == "" {
			return usagef("memory add needs the TEXT to remember (or - to read it from standard input)")
		}
		if err := ws.Family.CheckMemoryWrite(); err != nil {
			return err
		}
		m, err := ws.Memory.Add(ctx, scope, memory.Memory{Text: arg, Kind: *kind, Sensitivity: *sens})
		if err != nil {
			return err
		}
		r.printf("Remembered in %s.\n%s\n", scope, m.ID)
	case "forget":
		if arg == "" {
			return usagef("memory forget needs a memory ID")
		}
		if err := ws.Memory.Forget(ctx, scope, arg); err != nil {
			return err
		}
		r.printf("Forgot %s.\n", arg)
	case "share":
		if arg == "" {
			return usagef("memory share needs a memory ID")
		}
		if *shared {
			m, err := ws.Memory.Unshare(ctx, arg)
			if err != nil {
				return err
			}
			r.printf("%s is private to %s again.\n", m.ID, m.Scope)
			return nil
		}
		m, err := ws.Memory.Share(ctx, scope, arg)
		if err != nil {
			return err
		}
		r.printf("%s is now shared with every module that reads shared memory.\n", m.ID)
	default:
		return usagef("unknown memory subcommand %q", sub)
	}
	return nil
}

func printMemories(r *runner, ms []memory.Memory) {
	for _, m := range ms {
		flag := ""
		if m.Sensitivity != memory.Normal {
			flag = " [" + m.Sensitivity + "]"
		}
		r.printf("%s\t%s%s\n", m.ID, oneLine(m.Text), flag)
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func cmdSearch(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("search", r.env)
	who := fs.String("profile", "", "profile name or id")
	mod := fs.String("module", "", "only this module")
	limit := fs.Int("limit", 20, "how many hits")
	fs.Usage = usageLine(fs, "hearth search --profile P [--module M] [flags] QUERY|-")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	q, err := r.textArg(pos)
	if err != nil {
		return err
	}
	if q == "" {
		return usagef("search needs a QUERY (or - to read it from standard input)")
	}
	ws, _, err := r.open(ctx, *who, false)
	if err != nil {
		return err
	}
	mid := ""
	if *mod != "" {
		if mid, err = moduleID(ctx, ws, *mod); err != nil {
			return err
		}
	}
	hits, err := ws.Chats.Search(ctx, q, mid, *limit)
	if err != nil {
		return err
	}
	if len(hits) == 0 {
		r.printf("No matches.\n")
		return nil
	}
	for _, h := range hits {
		snip := strings.NewReplacer("\x02", "[", "\x03", "]").Replace(oneLine(h.Snippet))
		r.printf("%s\t%s\t%s\t%s: %s\n", h.ModuleID, h.SessionID, h.SessionTitle, h.Role, snip)
	}
	return nil
}

// extractionCause says why memory extraction keeps failing, in the words
// the memory panel uses.
func extractionCause(kind string) string {
	if kind == memory.FailServer {
		return "the model server did not answer in time or returned an error; check the endpoint"
	}
	return "the model's replies were not in the expected format; try a larger model for this module"
}
