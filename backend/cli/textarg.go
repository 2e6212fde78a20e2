package cli

import (
	"fmt"
	"io"
	"strings"

	"hearth/backend/apperr"
)

// maxStdinText bounds the text one command reads from standard input.
const maxStdinText = 1 << 20

// stdinNote is the help line of every command that takes text.
const stdinNote = "Give - instead of the text to read it from standard input: words on the\ncommand line are visible to every user of this computer (ps, /proc)."

// textArg is a command's text: its positional words joined, or, when the
// only word is "-", everything on standard input (up to 1 MiB), so private
// text never has to appear in the process's arguments.
func (r *runner) textArg(pos []string) (string, error) {
	if len(pos) != 1 || pos[0] != "-" {
		return strings.TrimSpace(strings.Join(pos, " ")), nil
	}
	if r.env.Stdin == nil {
		return "", usagef("- means standard input, but there is none")
	}
	b, err := io.ReadAll(io.LimitReader(r.env.Stdin, maxStdinText+1))
	if err != nil {
		return "", apperr.Wrap(apperr.Internal, fmt.Errorf("read standard input: %w", err), "Could not read standard input.")
	}
	if len(b) > maxStdinText {
		return "", usagef("standard input holds more than %d bytes", maxStdinText)
	}
	return strings.TrimSpace(string(b)), nil
}

// usageLine makes fs's --help start with how the command is called and
// where its text may come from.
func usageLine(fs interface {
	Name() string
	Output() io.Writer
	PrintDefaults()
}, line string) func() {
	return func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n%s\n\nFlags:\n", line, stdinNote)
		fs.PrintDefaults()
	}
}
