//go:build unix

package exchange

import (
	"os"
	"path/filepath"
	"syscall"
)

// holdTemp opens the export's temporary file a second time and takes an
// exclusive advisory lock on it, so that another export's clean-up
// (removeStaleTemps) leaves it alone while this export runs. The returned
// function releases it; call it after the rename.
func holdTemp(path string) (release func()) {
	f, err := os.Open(path)
	if err != nil {
		return func() {}
	}
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		f.Close()
		return func() {}
	}
	return func() { f.Close() }
}

// removeStaleTemps removes the temporary files of exports that were killed
// before they finished (.hearth-export-*.tmp in dir that no running export
// holds): they are partial archives of readable message text.
func removeStaleTemps(dir string) {
	paths, err := filepath.Glob(filepath.Join(dir, ".hearth-export-*.tmp"))
	if err != nil {
		return
	}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
			os.Remove(p)
		}
		f.Close()
	}
}
