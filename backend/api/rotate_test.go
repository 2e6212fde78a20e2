package api_test

import (
	"testing"

	"hearth/backend/api"
)

// Rotating the open profile's key keeps it open, keeps its data, and
// returns a new recovery key that opens it; the old one no longer does.
func TestProfiles_RotateKey(t *testing.T) {
	b, _ := newBackend(t)
	alice, err := b.Profiles.Create(api.CreateRequest{Name: "Alice", Protection: "pin", Secret: "246824"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Profiles.Unlock(alice.Profile.ID, "246824"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Profiles.RotateKey("000000", ""); err == nil {
		t.Fatal("a wrong current PIN rotated the key")
	}
	// A refused rotation (a PIN too short) leaves the profile open.
	if _, err := b.Profiles.RotateKey("246824", "1234"); err == nil {
		t.Fatal("a 4-digit new PIN was accepted")
	}
	if cur := b.Profiles.Current(); cur == nil || cur.ID != alice.Profile.ID {
		t.Fatalf("a refused rotation left the profile closed: %+v", cur)
	}
	res, err := b.Profiles.RotateKey("246824", "135792")
	if err != nil {
		t.Fatal(err)
	}
	if res.RecoveryKey == "" || res.RecoveryKey == alice.RecoveryKey || !res.Profile.IsOpen {
		t.Fatalf("rotate: %+v", res)
	}
	if cur := b.Profiles.Current(); cur == nil || cur.ID != alice.Profile.ID {
		t.Fatalf("not reopened: %+v", cur)
	}
	b.Profiles.Lock()
	if _, err := b.Profiles.UnlockWithRecovery(alice.Profile.ID, alice.RecoveryKey); err == nil {
		t.Fatal("the old recovery key still opens the profile")
	}
	if _, err := b.Profiles.UnlockWithRecovery(alice.Profile.ID, res.RecoveryKey); err != nil {
		t.Fatalf("new recovery key: %v", err)
	}
	b.Profiles.Lock()
	if _, err := b.Profiles.Unlock(alice.Profile.ID, "135792"); err != nil {
		t.Fatalf("new PIN: %v", err)
	}
}
