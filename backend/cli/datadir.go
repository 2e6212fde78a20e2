package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"hearth/backend/apperr"
)

// PrepareDataDir creates the data folder 0700 if it is missing and narrows
// an existing one that others can read or enter (a folder made by hand,
// or by a tool with a wide umask) to 0700. The window and the command line
// both call it at start. If the folder cannot be narrowed the returned
// warning says so in one sentence (the app still runs: every file inside
// is encrypted or owner-only, but others can see which profiles exist).
func PrepareDataDir(dir string) (warning string, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", dataDirError("create", dir, err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		return "", dataDirError("check", dir, err)
	}
	perm := info.Mode().Perm()
	if perm&0o077 == 0 {
		return "", nil
	}
	if err := os.Chmod(dir, perm&0o700); err != nil {
		return fmt.Sprintf("the data folder %s can be read by other users (mode %04o) and could not be narrowed to 0700: %v", dir, perm, err), nil
	}
	return "", nil
}

// dataDirError words a data folder that cannot be made or read: there is
// no log yet to hold the cause, so the sentence names the folder and the
// system's reason ("permission denied").
func dataDirError(op, dir string, err error) error {
	reason := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		reason = pe.Err.Error()
	}
	return apperr.Wrap(apperr.Internal, fmt.Errorf("%s data dir %s: %w", op, dir, err),
		fmt.Sprintf("Hearth cannot use the data folder %s (%s); choose another with --data-dir or HEARTH_DATA_DIR.", dir, reason))
}
