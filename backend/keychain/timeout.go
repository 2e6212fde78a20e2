package keychain

import (
	"context"
	"fmt"
	"time"
)

// timeoutKeychain bounds every call of an inner Keychain.
type timeoutKeychain struct {
	inner   Keychain
	timeout time.Duration
}

var _ Keychain = (*timeoutKeychain)(nil)

// WithTimeout wraps kc so that no call takes longer than timeout
// (DefaultTimeout if <= 0) or outlives ctx. Each call runs on its own
// goroutine; if it has not returned in time the caller gets an
// ErrUnavailable error and the goroutine is left to finish on its own,
// because a blocked D-Bus call cannot be interrupted. A Set or Delete that
// timed out may still take effect later: treat its outcome as unknown.
func WithTimeout(kc Keychain, timeout time.Duration) Keychain {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &timeoutKeychain{inner: kc, timeout: timeout}
}

func (k *timeoutKeychain) Get(ctx context.Context, account string) (string, error) {
	var secret string
	err := k.run(ctx, "get", func(ctx context.Context) error {
		s, err := k.inner.Get(ctx, account)
		secret = s
		return err
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

func (k *timeoutKeychain) Set(ctx context.Context, account, secret string) error {
	return k.run(ctx, "set", func(ctx context.Context) error { return k.inner.Set(ctx, account, secret) })
}

func (k *timeoutKeychain) Delete(ctx context.Context, account string) error {
	return k.run(ctx, "delete", func(ctx context.Context) error { return k.inner.Delete(ctx, account) })
}

// run calls fn on a goroutine and waits for it, the timeout, or ctx.
// The result is only read from the channel, so the goroutine's writes
// (secret in Get) happen-before the read; on timeout they are discarded.
func (k *timeoutKeychain) run(parent context.Context, op string, fn func(context.Context) error) error {
	if err := parent.Err(); err != nil {
		return fmt.Errorf("keychain %s: %w", op, err)
	}
	ctx, cancel := context.WithTimeout(parent, k.timeout)
	defer cancel()
	done := make(chan error, 1) // buffered: a late result must not block the goroutine
	go func() { done <- fn(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		if err := parent.Err(); err != nil {
			return fmt.Errorf("keychain %s: %w", op, err)
		}
		return fmt.Errorf("keychain %s: %w", op, Unavailable(
			fmt.Sprintf("the keychain did not answer within %s (an unlock prompt may be waiting, or D-Bus is hung)", k.timeout),
			ctx.Err()))
	}
}
