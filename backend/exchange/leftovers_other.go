//go:build !unix

package exchange

// Without flock a running export cannot be told from a killed one, so
// nothing is removed here.
func holdTemp(string) func() { return func() {} }

func removeStaleTemps(string) {}
