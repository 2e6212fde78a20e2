// Hearth is a private desktop AI assistant for a household. With no
// arguments it opens the window; with a subcommand it runs the command line
// over the same backend and never touches GTK, so it works with no display.
package main

import (
	"context"
	"embed"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"hearth/backend/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	args := os.Args[1:]
	if cli.IsCommand(args) {
		attachConsole()
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		env := cli.Env{
			Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
			Getenv: os.Getenv, Version: version, Prompt: ttyPrompt(),
		}
		applyCLITestHooks(&env) // a no-op unless built with the hearthtest tag
		code := cli.Run(ctx, args, env)
		stop()
		os.Exit(code)
	}
	if err := runWindow(args); err != nil {
		fmt.Fprintln(os.Stderr, "hearth:", err)
		os.Exit(1)
	}
}

// ttyPrompt reads secrets without echo when stdin is a terminal; nil otherwise
// so commands say which HEARTH_* variable to set instead of hanging.
func ttyPrompt() func(string) (string, error) {
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return nil
	}
	return func(label string) (string, error) {
		fmt.Fprint(os.Stderr, label+": ")
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(os.Stderr)
		return string(b), err
	}
}
