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

// TestFamily_AdoptAndHandover walks the window's two other ways a child
// changes hands: Ann takes over supervision of Bob's existing profile with
// Bob's own PIN (a wrong one first), then hands Bob to Cat, whose profile
// opens from the keychain, with Cat's recovery key (a wrong one first);
// only then can Ann's profile be deleted.
func TestFamily_AdoptAndHandover(t *testing.T) {
	b, _ := newBackend(t)
	mk := func(name, prot, secret string) api.CreateResult {
		t.Helper()
		r, err := b.Profiles.Create(api.CreateRequest{Name: name, Protection: prot, Secret: secret})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	ann, bob, cat := mk("Ann", "pin", "ann-pin-1"), mk("Bob", "pin", "bob-pin-1"), mk("Cat", "keychain", "")
	if _, err := b.Profiles.Unlock(ann.Profile.ID, "ann-pin-1"); err != nil {
		t.Fatal(err)
	}
	rules := api.PolicyDTO{Modules: []string{"tutor"}, Daily: 40, Memory: true}

	_, err := b.Family.Adopt(api.AdoptRequest{Profile: bob.Profile.ID, Secret: "not-bobs-pin", Policy: rules})
	if err == nil || !strings.HasPrefix(err.Error(), "[wrong-secret] ") || !strings.Contains(err.Error(), "not right") {
		t.Fatalf("adopt with a wrong secret: %v", err)
	}
	if st, err := b.Family.Status(); err != nil || len(st.Children) != 0 {
		t.Fatalf("a wrong secret still made a child: %+v %v", st, err)
	}
	if _, err := b.Family.Adopt(api.AdoptRequest{Profile: ann.Profile.ID, Secret: "ann-pin-1", Policy: rules}); err == nil ||
		!strings.Contains(err.Error(), "cannot supervise itself") {
		t.Fatalf("adopt oneself: %v", err)
	}
	got, err := b.Family.Adopt(api.AdoptRequest{Profile: bob.Profile.ID, Secret: "bob-pin-1", Policy: rules})
	if err != nil || got.ID != bob.Profile.ID {
		t.Fatalf("adopt: %+v %v", got, err)
	}
	st, err := b.Family.Status()
	if err != nil || len(st.Children) != 1 || st.Children[0].Name != "Bob" || !slices.Equal(st.Children[0].Policy.Modules, []string{"tutor"}) {
		t.Fatalf("guardian status after adopt: %+v %v", st, err)
	}
	if _, err := b.Profiles.Delete("Ann"); err == nil || !strings.Contains(err.Error(), "supervises Bob") ||
		!strings.Contains(err.Error(), "Hand each child to another guardian") {
		t.Fatalf("deleting a guardian with a child does not point to handing over: %v", err)
	}

	if err := b.Family.Handover(bob.Profile.ID, cat.Profile.ID, "AAAA-BBBB"); err == nil || !strings.HasPrefix(err.Error(), "[wrong-secret] ") {
		t.Fatalf("handover with a wrong secret: %v", err)
	}
	if st, err := b.Family.Status(); err != nil || len(st.Children) != 1 {
		t.Fatalf("a wrong secret still handed Bob over: %+v %v", st, err)
	}
	if err := b.Family.Handover(bob.Profile.ID, bob.Profile.ID, "bob-pin-1"); err == nil || !strings.Contains(err.Error(), "Choose another guardian") {
		t.Fatalf("handover to the child itself: %v", err)
	}
	if err := b.Family.Handover(bob.Profile.ID, cat.Profile.ID, cat.RecoveryKey); err != nil {
		t.Fatal(err)
	}
	if st, err := b.Family.Status(); err != nil || len(st.Children) != 0 {
		t.Fatalf("Ann still lists Bob after the handover: %+v %v", st, err)
	}
	if _, err := b.Profiles.Delete("Ann"); err != nil {
		t.Fatalf("deleting Ann after handing Bob over: %v", err)
	}

	if _, err := b.Profiles.Unlock(cat.Profile.ID, ""); err != nil {
		t.Fatal(err)
	}
	if st, err := b.Family.Status(); err != nil || len(st.Children) != 1 || st.Children[0].Name != "Bob" || st.Children[0].Policy.Daily != 40 {
		t.Fatalf("Cat's children: %+v %v", st, err)
	}
	b.Profiles.Lock()
	if _, err := b.Profiles.Unlock(bob.Profile.ID, "bob-pin-1"); err != nil {
		t.Fatalf("Bob's profile after the handover: %v", err)
	}
	if st, err := b.Family.Status(); err != nil || st.Rules == nil || st.Rules.GuardianName != "Cat" || st.Rules.Policy.Daily != 40 {
		t.Fatalf("Bob's rules after the handover: %+v %v", st.Rules, err)
	}
}
