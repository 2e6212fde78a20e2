package semantic

import (
	"syscall"
	"time"
)

// threadCPU is the CPU time of the calling OS thread (the benchmark locks
// itself to one), so a p95 can be read apart from other processes' load
// on a shared machine.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
