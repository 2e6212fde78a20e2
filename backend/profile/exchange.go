package profile

import (
	"fmt"
	"os"
)

// exchangeByRenames swaps folders a and b in three renames, through
// a+".old". It is the fallback where no atomic exchange exists.
func exchangeByRenames(a, b string) error {
	tmp := a + ".old"
	if err := os.Rename(b, tmp); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		if rerr := os.Rename(tmp, b); rerr != nil {
			return fmt.Errorf("%w (and putting the old folder back failed: %v)", err, rerr)
		}
		return err
	}
	return os.Rename(tmp, a)
}
