//go:build unix

package store

import (
	"os"
	"syscall"
)

// shmDMS is the byte of the -shm file on which every connection to a WAL
// database holds a shared lock for as long as it is open (SQLite's unix
// VFS "dead man switch", UNIX_SHM_DMS).
const shmDMS = 128

// shmHeld reports whether another process has the database of shm open.
// POSIX locks of this process never conflict with our own query, which is
// why the caller also asks cryptovfs.InUse.
func shmHeld(shm string) bool {
	f, err := os.OpenFile(shm, os.O_RDONLY, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: shmDMS, Len: 1}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return true // cannot tell: leave the WAL to SQLite
	}
	return lk.Type != syscall.F_UNLCK
}
