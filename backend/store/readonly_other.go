//go:build !unix

package store

// readOnly cannot ask the system here; a read-only folder then fails to
// open as before.
func readOnly(string) bool { return false }
