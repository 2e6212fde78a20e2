package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"hearth/backend/apperr"
	"hearth/backend/exchange"
	"hearth/backend/household"
)

func cmdExport(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("export", r.env)
	who := fs.String("profile", "", "profile name or id")
	mod := fs.String("module", "", "only this module")
	format := fs.String("format", "", "zip (readable, NOT encrypted) or hearth (encrypted with a passphrase)")
	out := fs.String("out", "", "file to write")
	force := fs.Bool("force", false, "export what can still be read even if the database is damaged")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" || (*format != "zip" && *format != "hearth") {
		return usagef("export needs --format zip|hearth and --out FILE")
	}
	pass := ""
	var err error
	if *format == "hearth" {
		if pass, err = r.newSecret("HEARTH_EXPORT_PASSPHRASE", "Export passphrase"); err != nil {
			return err
		}
		if len(pass) < 8 {
			return usagef("the export passphrase must have at least 8 characters")
		}
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
	if *force {
		// Say what is wrong with what is being exported anyway.
		if res, err := ws.DB.CheckIntegrity(ctx); err == nil && !res.OK() {
			fmt.Fprintf(r.env.Stderr, "hearth: warning: exporting a damaged database as asked (%s); rows that cannot be read stop the export, and damaged text is exported as it reads\n", strings.Join(res.Problems, "; "))
		}
	}
	st, err := exchange.ExportFile(ctx, ws.DB, *out, exchange.Format(*format), pass, exchange.ExportOptions{
		ModuleID: mid, ProfileName: ws.Profile.Name, Progress: r.progress("Exporting"), Force: *force,
	})
	fmt.Fprintln(r.env.Stderr)
	if err != nil {
		return err
	}
	r.printf("Exported %d modules, %d sessions, %d messages, %d memories (%d bytes) to %s\n",
		st.Modules, st.Sessions, st.Messages, st.Memories, st.Bytes, *out)
	if *format == "zip" {
		fmt.Fprintln(r.env.Stderr, "Warning: this .zip is NOT encrypted; anyone with the file can read it. Use --format hearth for an encrypted bundle.")
	}
	return nil
}

// progress prints a one-line percentage to stderr.
func (r *runner) progress(label string) func(done, total int) {
	last := -1
	return func(done, total int) {
		if total <= 0 {
			return
		}
		pct := done * 100 / total
		if pct != last {
			last = pct
			fmt.Fprintf(r.progressOut, "\r%s… %d%%", label, pct)
		}
	}
}

func cmdImport(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("import", r.env)
	in := fs.String("in", "", ".zip or .hearth file")
	asProfile := fs.String("as-profile", "", "create a new profile with this name")
	mode := fs.String("protection", "keychain", "protection of the new profile: keychain|pin|passphrase")
	into := fs.String("into-profile", "", "add to this existing profile")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *in == "" || (*asProfile == "") == (*into == "") {
		return usagef("import needs --in FILE and either --as-profile NAME or --into-profile P")
	}
	if _, err := os.Stat(*in); err != nil {
		return apperr.Wrap(apperr.Invalid, err, apperr.Sentence(fmt.Sprintf("cannot read %s: %v", *in, errors.Unwrap(err))))
	}
	pass := ""
	if household.IsBundle(*in) {
		var err error
		if pass, err = r.secret("HEARTH_EXPORT_PASSPHRASE", "Bundle passphrase"); err != nil {
			return err
		}
	}
	if *into != "" {
		ws, _, err := r.open(ctx, *into, false)
		if err != nil {
			return err
		}
		st, err := exchange.ImportFile(ctx, ws.DB, *in, pass, exchange.ImportOptions{Progress: r.progress("Importing")})
		fmt.Fprintln(r.env.Stderr)
		if err != nil {
			return err
		}
		r.printf("Imported into %s: %d modules, %d sessions, %d messages, %d memories (as new items; nothing was overwritten).\n",
			ws.Profile.Name, st.Modules, st.Sessions, st.Messages, st.Memories)
		return nil
	}
	return importAsProfile(ctx, r, *in, pass, *asProfile, *mode)
}

// importAsProfile creates a profile from the export; the profile is listed
// only once the import into it has finished, so a bad file or a killed
// command leaves nothing behind.
func importAsProfile(ctx context.Context, r *runner, in, pass, name, modeName string) error {
	req, err := r.newProfileRequest(name, modeName)
	if err != nil {
		return err
	}
	c, err := r.home()
	if err != nil {
		return err
	}
	p, recovery, st, err := c.ImportAsProfile(ctx, household.ImportRequest{Path: in, Passphrase: pass,
		Profile: req, Progress: r.progress("Importing")})
	fmt.Fprintln(r.env.Stderr)
	if err != nil {
		return err
	}
	r.printf("Created profile %q from the import: %d modules, %d sessions, %d messages, %d memories.\n",
		p.Name, st.Modules, st.Sessions, st.Messages, st.Memories)
	r.printRecovery(p, recovery)
	return nil
}

func cmdImportChatGPT(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("import-chatgpt", r.env)
	who := fs.String("profile", "", "profile name or id")
	mod := fs.String("module", "", "module to import into")
	in := fs.String("in", "", "conversations.json or the ZIP ChatGPT sent")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *in == "" || *mod == "" {
		return usagef("import-chatgpt needs --profile, --module and --in")
	}
	ws, _, err := r.open(ctx, *who, false)
	if err != nil {
		return err
	}
	mid, err := moduleID(ctx, ws, *mod)
	if err != nil {
		return err
	}
	n := 0
	st, err := exchange.ImportChatGPTFile(ctx, ws.DB, *in, mid, exchange.ChatGPTOptions{Progress: func(c int) {
		n = c
		fmt.Fprintf(r.progressOut, "\rImporting… %d conversations", n)
	}})
	fmt.Fprintln(r.env.Stderr)
	if err != nil {
		return err
	}
	r.printf("Imported %d conversations (%d messages) into %s.\n", st.Sessions, st.Messages, mid)
	return nil
}
