package api_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hearth/backend/api"
	"hearth/backend/family"
)

func TestFamily_Window(t *testing.T) {
	b, _ := newBackend(t)
	ann, err := b.Profiles.Create(api.CreateRequest{Name: "Ann", Protection: "pin", Secret: "ann-pin-1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Profiles.Unlock(ann.Profile.ID, "ann-pin-1"); err != nil {
		t.Fatal(err)
	}
	sam, err := b.Family.CreateChild(api.CreateChildRequest{Name: "Sam", Protection: "pin", Secret: "sam-pin-1",
		Policy: api.PolicyDTO{Modules: []string{"tutor"}, Endpoints: []string{"local"}, Quiet: "21:00-07:00"}})
	if err != nil {
		t.Fatal(err)
	}
	if sam.RecoveryKey == "" {
		t.Fatal("no recovery key for the child")
	}
	st, err := b.Family.Status()
	if err != nil || len(st.Children) != 1 || st.Children[0].Name != "Sam" || st.Rules != nil {
		t.Fatalf("guardian status: %+v %v", st, err)
	}

	if _, err := b.Profiles.Unlock(sam.Profile.ID, "sam-pin-1"); err != nil {
		t.Fatal(err)
	}
	st, err = b.Family.Status()
	if err != nil || st.Rules == nil || st.Rules.GuardianName != "Ann" || !slices.Contains(st.Rules.Rules, "Modules you can use: tutor.") {
		t.Fatalf("child status: %+v %v", st.Rules, err)
	}
	mods, err := b.Modules.List(false)
	if err != nil || len(mods) != 1 || mods[0].ID != "tutor" {
		t.Fatalf("child's modules: %+v %v", mods, err)
	}
	if _, err := b.Family.CreateChild(api.CreateChildRequest{Name: "Other", Protection: "pin", Secret: "other-pin-1"}); err != nil {
		// A child may be a guardian too; nothing forbids it. Only check it works.
		t.Fatal(err)
	}

	// A deleted policy file: the unlock says so, naming the guardian.
	b.Profiles.Lock()
	os.Remove(filepath.Join(b.Core().ProfileDir(sam.Profile.ID), family.PolicyFileName))
	_, err = b.Profiles.Unlock(sam.Profile.ID, "sam-pin-1")
	if err == nil || !strings.Contains(err.Error(), "set by Ann") || !strings.Contains(err.Error(), "Ann unlocks Hearth") {
		t.Fatalf("unlock without a policy file: %v", err)
	}
	if _, err := b.Profiles.Unlock(ann.Profile.ID, "ann-pin-1"); err != nil {
		t.Fatal(err)
	}
	if lines, err := b.Family.ReadChats(sam.Profile.ID); err == nil || !strings.Contains(err.Error(), "private") {
		t.Fatalf("the guardian read a child's chats without it being chosen: %v %v", lines, err)
	}
	if _, err := b.Family.SetPolicy(sam.Profile.ID, api.PolicyDTO{Modules: []string{"tutor", "kitchen"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Profiles.Delete("Ann"); err == nil || !strings.Contains(err.Error(), "supervises Sam") {
		t.Fatalf("deleting a guardian with a child: %v", err)
	}
	if err := b.Family.ResetPIN(sam.Profile.ID, "sam-new-pin"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Profiles.Unlock(sam.Profile.ID, "sam-new-pin"); err != nil {
		t.Fatalf("the guardian's restored rules and new PIN: %v", err)
	}
}
