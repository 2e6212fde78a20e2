package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"hearth/backend/docs"
	"hearth/backend/docs/extract"
	"hearth/backend/household"
)

// cmdDoc is `hearth doc add|list|remove --profile P --module M [FILE|ID]`:
// the documents a module reads from. The file's text is kept only inside
// the profile's encrypted database.
func cmdDoc(ctx context.Context, r *runner, args []string) error {
	if len(args) == 0 {
		return usagef("doc needs a subcommand: add, list, remove")
	}
	sub := args[0]
	fs := newFlags("doc "+sub, r.env)
	who := fs.String("profile", "", "profile name or id")
	mod := fs.String("module", "", "module id or name")
	shared := fs.Bool("shared", false, "add: share with every module that reads shared memory; list: only shared documents")
	sensitive := fs.Bool("sensitive", false, "add: never send its passages to a non-local endpoint")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: hearth doc %s --profile P --module M [--shared] [--sensitive] [FILE|ID]\n\nFlags:\n", sub)
		fs.PrintDefaults()
	}
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	arg := strings.TrimSpace(strings.Join(pos, " "))
	switch sub {
	case "add":
		if arg == "" {
			return usagef("doc add needs the FILE to add")
		}
	case "remove":
		if arg == "" {
			return usagef("doc remove needs a document ID (see hearth doc list)")
		}
	case "list":
		if arg != "" {
			return usagef("doc list takes no FILE or ID")
		}
	default:
		return usagef("unknown doc subcommand %q", sub)
	}
	var data []byte
	if sub == "add" { // read before opening the profile: a bad path changes nothing
		if data, err = readDocument(arg); err != nil {
			return err
		}
	}
	ws, _, err := r.open(ctx, *who, false)
	if err != nil {
		return err
	}
	moduleID, err := moduleID(ctx, ws, *mod)
	if err != nil {
		return err
	}
	switch sub {
	case "add":
		d, err := ws.Docs.Add(ctx, moduleID, filepath.Base(arg), data, docs.AddOptions{Shared: *shared, Sensitive: *sensitive})
		if err != nil {
			return err
		}
		where := "module " + moduleID
		if d.Shared() {
			where = "the shared documents"
		}
		r.printf("Added %s to %s (%s).\n%s\n", d.Name, where, plural(d.Chunks, "passage", "passages"), d.ID)
	case "list":
		list, err := ws.Docs.List(ctx, moduleID)
		if err != nil {
			return err
		}
		printDocuments(r.env.Stdout, list, *shared)
	case "remove":
		if err := ws.Docs.Remove(ctx, moduleID, arg); err != nil {
			return err
		}
		r.printf("Removed %s with its passages.\n", arg)
	}
	return nil
}

// readDocument reads a file to add, refusing one too large before reading it.
func readDocument(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("cannot read %s: %v", path, unwrapPathErr(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, usagef("cannot read %s: %v", path, unwrapPathErr(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, usagef("%s is not a file", path)
	}
	if fi.Size() > extract.MaxFileBytes {
		return nil, usagef("%s is too large: documents may be at most %d MB", path, extract.MaxFileBytes>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, extract.MaxFileBytes+1))
	if err != nil {
		return nil, usagef("cannot read %s: %v", path, unwrapPathErr(err))
	}
	return data, nil
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func printDocuments(w io.Writer, list []docs.Document, onlyShared bool) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tADDED\tKIND\tPASSAGES\tFLAGS\tNAME")
	for _, d := range list {
		if onlyShared && !d.Shared() {
			continue
		}
		var flags []string
		if d.Shared() {
			flags = append(flags, "shared")
		}
		if d.Sensitivity == docs.Sensitive {
			flags = append(flags, "sensitive")
		}
		if len(flags) == 0 {
			flags = []string{"-"}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", d.ID, time.UnixMilli(d.CreatedAt).Format("2006-01-02 15:04"),
			d.Kind, d.Chunks, strings.Join(flags, ","), d.Name)
	}
	tw.Flush()
}

// printSources says, on standard error, which document passages a reply
// was given: one citation (document, page or heading) a line, numbered as
// in the prompt.
func printSources(ctx context.Context, r *runner, ws *household.Workspace, moduleID string, ids []string) {
	for i, id := range ids {
		p, err := ws.Docs.Passage(ctx, moduleID, id, true)
		if err != nil {
			continue // removed meanwhile
		}
		cite := p.DocumentName
		if w := p.Where(); w != "" {
			cite += ", " + w
		}
		fmt.Fprintf(r.env.Stderr, "(source [P%d]: %s)\n", i+1, cite)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
