package cryptovfs

import (
	"errors"
	"io/fs"
	"os"
)

// ownerOnly is the mode of every file of a profile's database. SQLite's
// unix VFS creates a new database with 0644 (less the umask) and gives its
// journal, WAL and shared-memory file the database's mode; the bytes are
// encrypted, but their sizes and times are still nobody else's business,
// and another user must not be able to copy them for offline work.
const ownerOnly fs.FileMode = 0o600

// tightenFile prepares path before SQLite opens it: a main database that
// does not exist yet is created empty with mode 0600 (so SQLite, which
// copies the database's mode to its -journal, -wal and -shm, never makes
// a readable file), and an existing file readable by others is narrowed
// to 0600 (databases made by earlier versions). For a main database the
// -shm file is narrowed too: SQLite opens it without this VFS. Failure is
// not fatal: SQLite's own open reports a path that cannot be used.
func tightenFile(path string, mainDB, create bool) {
	paths := []string{path}
	if mainDB {
		paths = append(paths, path+"-shm")
		if create {
			if f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, ownerOnly); err == nil {
				f.Close()
			}
		}
	}
	for _, p := range paths {
		info, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) || err != nil || !info.Mode().IsRegular() {
			continue
		}
		if info.Mode().Perm()&0o077 != 0 {
			_ = os.Chmod(p, info.Mode().Perm()&ownerOnly)
		}
	}
}
