//go:build !linux

package profile

// exchangeDirs swaps the folders a and b with renames (no atomic exchange
// on this platform): interrupted between them, b is missing until the
// folder named a+".old" is renamed back by hand.
func exchangeDirs(a, b string) error { return exchangeByRenames(a, b) }
