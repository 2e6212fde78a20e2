//go:build windows

package cryptovfs

// baseVFS is the SQLite VFS this package wraps: the operating system's own.
// On Windows that is "win32" (there is no "unix" VFS, so wrapping it by that
// name would fail every profile open); its files, locks and -shm mapping
// are reached through the same sqlite3_io_methods as on unix.
const baseVFS = "win32"
