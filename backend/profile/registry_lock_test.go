package profile_test

import (
	"fmt"
	"sync"
	"testing"

	"hearth/backend/keychain/keychaintest"
	"hearth/backend/profile"
	"hearth/backend/vault"
)

// Two Managers over one data dir stand for the window and a CLI command.
// Each reads profiles.json, spends a while creating a profile, and writes
// the list back; without the registry lock one would overwrite the
// other's new entry. Every profile created must be listed.
func TestManager_ConcurrentProcesses(t *testing.T) {
	e := newEnv(t, keychaintest.New())
	managers := []*profile.Manager{e.m, e.manager(t)}
	const each = 4
	var wg sync.WaitGroup
	errs := make(chan error, len(managers)*each)
	for mi, m := range managers {
		for i := range each {
			wg.Add(1)
			go func() {
				defer wg.Done()
				name := fmt.Sprintf("member %d-%d", mi, i)
				_, _, err := m.Create(ctx, profile.CreateRequest{Name: name, Protection: vault.ModePassphrase, Secret: secrets[vault.ModePassphrase]})
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := e.manager(t).List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(managers)*each {
		t.Fatalf("%d profiles listed, want %d: an update was lost", len(got), len(managers)*each)
	}
}
