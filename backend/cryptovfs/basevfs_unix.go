//go:build unix

package cryptovfs

// baseVFS is the SQLite VFS this package wraps: the operating system's own.
const baseVFS = "unix"
