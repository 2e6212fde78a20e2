//go:build !linux

package semantic

import "time"

// threadCPU is not measured here (see cpu_linux_test.go).
func threadCPU() time.Duration { return 0 }
