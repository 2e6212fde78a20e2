package keychain

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
)

// Probe checks that kc works end to end: it stores a throwaway item, reads
// it back, and deletes it. It returns nil, an error matching ErrUnavailable
// (with the reason), or another error describing what misbehaved.
// hearth doctor uses it.
func Probe(ctx context.Context, kc Keychain) error {
	account := "probe/" + rand.Text()
	want := rand.Text()
	if err := kc.Set(ctx, account, want); err != nil {
		return fmt.Errorf("keychain probe: store item: %w", err)
	}
	got, err := kc.Get(ctx, account)
	if err != nil {
		_ = kc.Delete(ctx, account)
		return fmt.Errorf("keychain probe: read item back: %w", err)
	}
	if got != want {
		_ = kc.Delete(ctx, account)
		return errors.New("keychain probe: the item read back differs from the one stored")
	}
	if err := kc.Delete(ctx, account); err != nil {
		return fmt.Errorf("keychain probe: delete item: %w", err)
	}
	if _, err := kc.Get(ctx, account); !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("keychain probe: item still present after delete: %v", err)
	}
	return nil
}
