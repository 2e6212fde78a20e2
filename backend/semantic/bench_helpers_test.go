package semantic

import (
	"os"
	"testing"
)

// fixtureDirs are the benchmark fixtures' folders, shared by the
// sub-benchmarks (b.TempDir would vanish with the first) and removed when
// the test binary ends.
var fixtureDirs []string

func os_MkdirTemp() (string, error) {
	dir, err := os.MkdirTemp("", "hearth-semantic-bench-")
	if err == nil {
		fixtureDirs = append(fixtureDirs, dir)
	}
	return dir, err
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range vecFixtures {
		f.db.Close()
	}
	for _, dir := range fixtureDirs {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}
