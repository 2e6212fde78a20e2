//go:build unix

package store

import (
	"path/filepath"
	"syscall"
)

const accessW = 2 // W_OK

// readOnly reports whether the database at path cannot be written: its
// folder or the file refuses writes (a read-only copy, a read-only mount).
func readOnly(path string) bool {
	return syscall.Access(filepath.Dir(path), accessW) != nil || syscall.Access(path, accessW) != nil
}
