// Package cli is Hearth's command line: the same binary and the same backend
// as the window, with no display needed. Secrets come from HEARTH_*
// environment variables or a no-echo prompt on a terminal, never from flags
// (flags are visible in ps).
//
// Exit codes: 0 ok, 1 error, 2 usage, 3 wrong secret, 4 keychain unavailable.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"time"

	"hearth/backend/apperr"
	"hearth/backend/keychain"
	"hearth/backend/vault"
)

// Exit codes.
const (
	ExitOK          = 0
	ExitError       = 1
	ExitUsage       = 2
	ExitWrongSecret = 3
	ExitKeychain    = 4
)

// Env is what a command may touch of the outside world.
type Env struct {
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
	Getenv  func(string) string
	Version string
	// Prompt reads a secret without echo; nil means "no terminal".
	Prompt func(label string) (string, error)
	// Keychain overrides the OS keychain (tests and fault injection).
	Keychain keychain.Keychain
	// KDF overrides the Argon2id parameters of new key slots; zero means
	// the production parameters. Only tests and binaries built with the
	// hearthtest tag set it: nothing in the environment can.
	KDF vault.KDFParams
	// Now is the clock (time.Now if nil); tests set it, nothing in the
	// environment can.
	Now func() time.Time
}

// usagef is a mistake in the command's words: code apperr.Usage, exit 2.
func usagef(format string, a ...any) error {
	return apperr.New(apperr.Usage, fmt.Sprintf(format, a...))
}

type command struct {
	summary string
	run     func(ctx context.Context, r *runner, args []string) error
}

// commandTable maps each subcommand to its handler (one file per area).
func commandTable() map[string]command {
	return map[string]command{
		"version":        {"print the version", cmdVersion},
		"doctor":         {"check data dir, keychain, WebKit/GTK and LLM endpoints", cmdDoctor},
		"profile":        {"list|create|rename|protect|rotate-key|delete|unlock household profiles", cmdProfile},
		"module":         {"list a profile's modules", cmdModule},
		"session":        {"list a module's sessions", cmdSession},
		"memory":         {"list|search|add|forget|share memories", cmdMemory},
		"doc":            {"add|list|remove the documents a module reads from", cmdDoc},
		"search":         {"search a profile's sessions", cmdSearch},
		"endpoint":       {"list|add|set-key|models|test|remove LLM endpoints", cmdEndpoint},
		"embed":          {"status|set-model|off|run: the embedding model for retrieval by meaning", cmdEmbed},
		"chat":           {"send a message (- reads it from stdin) and stream the reply", cmdChat},
		"export":         {"export a profile to a .zip or encrypted .hearth file", cmdExport},
		"import":         {"import a .zip or .hearth export", cmdImport},
		"family":         {"list|create-child|policy show|set|reset-pin|release|rules: family mode", cmdFamily},
		"import-chatgpt": {"import a ChatGPT conversations.json into a module", cmdImportChatGPT},
	}
}

// Run runs the command line and returns the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	// Everything printed passes through the terminal sanitiser (sanitize.go);
	// only the progress line, our own words and numbers, keeps its \r.
	rawStderr := env.Stderr
	stdoutTTY := isTerminal(env.Stdout)
	env.Stdout, env.Stderr = newSafeWriter(env.Stdout), newSafeWriter(env.Stderr)
	start, err := ParseStart(args, env.Getenv)
	if err != nil {
		code, msg := describe(err)
		fmt.Fprintln(env.Stderr, "hearth: "+msg)
		return code
	}
	dataDir, rest := start.DataDir, start.Args
	table := commandTable()
	if len(rest) == 0 || rest[0] == "help" {
		printHelp(env.Stdout, table)
		return ExitOK
	}
	cmd, ok := table[rest[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "hearth: unknown command %q (try 'hearth help')\n", rest[0])
		return ExitUsage
	}
	r := &runner{env: env, dataDir: dataDir, progressOut: rawStderr, stdoutTTY: stdoutTTY}
	defer r.close(ctx)
	err = cmd.run(ctx, r, rest[1:])
	if err == nil {
		return ExitOK
	}
	code, msg := r.fail(ctx, rest[0], err)
	fmt.Fprintln(env.Stderr, "hearth: "+msg)
	return code
}

func printHelp(w io.Writer, table map[string]command) {
	fmt.Fprintln(w, "Usage: hearth [--data-dir DIR] COMMAND [flags]")
	fmt.Fprintln(w, "       hearth            (no command) opens the window")
	fmt.Fprintln(w, "\nCommands:")
	names := make([]string, 0, len(table))
	for n := range table {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-15s %s\n", n, table[n].summary)
	}
	fmt.Fprintln(w, "\nSecrets come from HEARTH_PIN, HEARTH_PASSPHRASE, HEARTH_RECOVERY_KEY, HEARTH_API_KEY,")
	fmt.Fprintln(w, "HEARTH_EXPORT_PASSPHRASE or a no-echo prompt; never from flags.")
	fmt.Fprintln(w, "Text for chat, memory add, memory search and search can be - to read it from")
	fmt.Fprintln(w, "standard input: words on the command line are visible to other users (ps).")
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 error, 2 usage, 3 wrong secret, 4 keychain unavailable.")
}

// newFlags makes a FlagSet that reports errors as usage errors, not exits.
func newFlags(name string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet("hearth "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

// parse parses flags, allowing them before and after positional words.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, usagef("see the flags above")
			}
			return nil, apperr.Wrap(apperr.Usage, err, err.Error())
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func cmdVersion(_ context.Context, r *runner, args []string) error {
	if len(args) > 0 {
		return usagef("version takes no arguments")
	}
	fmt.Fprintln(r.env.Stdout, "hearth", r.env.Version)
	return nil
}
