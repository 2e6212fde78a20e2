// Package keychaintest provides an in-memory keychain.Keychain for tests,
// with function fields for fault injection (an unavailable keychain, a call
// that hangs, an item deleted behind the app's back).
package keychaintest

import (
	"context"
	"sort"
	"sync"

	"hearth/backend/keychain"
)

// Fake is an in-memory keychain. The zero value is ready to use. If a
// function field is set, the matching method calls it instead of the map;
// the fields may be changed between calls (not concurrently with them).
type Fake struct {
	GetFunc    func(ctx context.Context, account string) (string, error)
	SetFunc    func(ctx context.Context, account, secret string) error
	DeleteFunc func(ctx context.Context, account string) error

	mu    sync.Mutex
	items map[string]string
}

var _ keychain.Keychain = (*Fake)(nil)

// New returns an empty Fake.
func New() *Fake { return &Fake{} }

func (f *Fake) Get(ctx context.Context, account string) (string, error) {
	if f.GetFunc != nil {
		return f.GetFunc(ctx, account)
	}
	return f.MemGet(account)
}

func (f *Fake) Set(ctx context.Context, account, secret string) error {
	if f.SetFunc != nil {
		return f.SetFunc(ctx, account, secret)
	}
	f.MemSet(account, secret)
	return nil
}

func (f *Fake) Delete(ctx context.Context, account string) error {
	if f.DeleteFunc != nil {
		return f.DeleteFunc(ctx, account)
	}
	return f.MemDelete(account)
}

// MemGet reads the in-memory store directly (bypassing the function fields).
func (f *Fake) MemGet(account string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.items[account]
	if !ok {
		return "", keychain.ErrNotFound
	}
	return s, nil
}

// MemSet writes the in-memory store directly.
func (f *Fake) MemSet(account, secret string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.items == nil {
		f.items = make(map[string]string)
	}
	f.items[account] = secret
}

// MemDelete deletes from the in-memory store directly ("behind the app's
// back" in tests).
func (f *Fake) MemDelete(account string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.items[account]; !ok {
		return keychain.ErrNotFound
	}
	delete(f.items, account)
	return nil
}

// Accounts lists the accounts held, sorted.
func (f *Fake) Accounts() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, 0, len(f.items))
	for a := range f.items {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// Unavailable makes every call fail with an ErrUnavailable error.
func (f *Fake) Unavailable(reason string) {
	err := keychain.Unavailable(reason, nil)
	f.GetFunc = func(context.Context, string) (string, error) { return "", err }
	f.SetFunc = func(context.Context, string, string) error { return err }
	f.DeleteFunc = func(context.Context, string) error { return err }
}

// Heal clears the function fields, so calls use the in-memory store again.
func (f *Fake) Heal() { f.GetFunc, f.SetFunc, f.DeleteFunc = nil, nil, nil }
