//go:build linux

package profile

import "golang.org/x/sys/unix"

// exchangeDirs swaps the folders a and b in one step (renameat2 with
// RENAME_EXCHANGE): at every moment b is either the old folder or the new.
func exchangeDirs(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if err == unix.ENOSYS || err == unix.EINVAL {
		return exchangeByRenames(a, b)
	}
	return err
}
