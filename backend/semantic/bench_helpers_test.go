package semantic

import "os"

// os_MkdirTemp is a temporary folder for the benchmark fixture, shared by
// the sub-benchmarks (b.TempDir would vanish with the first).
func os_MkdirTemp() (string, error) { return os.MkdirTemp("", "hearth-semantic-bench-") }
