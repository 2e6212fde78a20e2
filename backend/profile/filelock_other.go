//go:build !unix

package profile

import "time"

// lockFile is a no-op where flock does not exist: Hearth builds and tests
// on Linux only so far, where the unix version applies.
func lockFile(string, time.Duration) (func(), error) { return func() {}, nil }
