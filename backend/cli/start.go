package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"hearth/backend/apperr"
)

// Start is what the words before a command decide, for the window and the
// command line alike: which data folder, and whether a command runs.
type Start struct {
	// DataDir is --data-dir DIR or --data-dir=DIR, else HEARTH_DATA_DIR,
	// else the user's config folder (DefaultDataDir).
	DataDir string
	// Args are the command and its words; empty opens the window.
	Args []string
}

// Window reports whether this start opens the window (no command).
func (s Start) Window() bool { return len(s.Args) == 0 }

// ParseStart reads the global flags (--data-dir, -h/--help/help) in front
// of args (without the program name) and resolves the data folder. It is
// the one parser of global flags: main uses it to choose the window or the
// command line and Run uses it again for the command. A mistake in the
// flags is a usage error (exit 2).
func ParseStart(args []string, getenv func(string) string) (Start, error) {
	var s Start
flags:
	for len(args) > 0 {
		a := args[0]
		switch {
		case a == "--data-dir" || a == "-data-dir":
			if len(args) < 2 {
				return Start{}, usagef("--data-dir needs a folder")
			}
			s.DataDir = args[1]
			args = args[2:]
		case strings.HasPrefix(a, "--data-dir=") || strings.HasPrefix(a, "-data-dir="):
			s.DataDir = a[strings.Index(a, "=")+1:]
			if s.DataDir == "" {
				return Start{}, usagef("--data-dir needs a folder")
			}
			args = args[1:]
		case a == "-h" || a == "--help" || a == "help":
			s.Args = []string{"help"}
			break flags
		default:
			s.Args = args
			break flags
		}
	}
	if s.DataDir == "" {
		d, err := DefaultDataDir(getenv)
		if err != nil {
			return Start{}, err
		}
		s.DataDir = d
	}
	return s, nil
}

// IsCommand reports whether args (without the program name) ask for the
// command line rather than the window. A mistake in the global flags is
// the command line's to report.
func IsCommand(args []string) bool {
	s, err := ParseStart(args, os.Getenv)
	return apperr.Code(err) == apperr.Usage || (err == nil && !s.Window())
}

// DefaultDataDir is HEARTH_DATA_DIR, or os.UserConfigDir()/Hearth.
func DefaultDataDir(getenv func(string) string) (string, error) {
	if d := getenv("HEARTH_DATA_DIR"); d != "" {
		return d, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", apperr.Wrap(apperr.Internal, fmt.Errorf("find the config folder: %w", err),
			"Hearth cannot find this user's config folder; choose a data folder with --data-dir or HEARTH_DATA_DIR.")
	}
	return filepath.Join(base, "Hearth"), nil
}
