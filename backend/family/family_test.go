package family_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hearth/backend/chat"
	"hearth/backend/family"
	"hearth/backend/household"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
	"hearth/backend/module"
	"hearth/backend/profile"
	"hearth/backend/vault"
)

// home is a real data dir with encrypted profiles and a test clock.
type home struct {
	t   *testing.T
	c   *household.Household
	dir string
	now time.Time
}

func newHousehold(t *testing.T) *home {
	h := &home{t: t, dir: t.TempDir(), now: time.Date(2026, 11, 30, 12, 0, 0, 0, time.Local)}
	h.c = household.New(household.Config{DataDir: h.dir, Keychain: keychaintest.New(), KDF: vault.LowSecurityKDFParams(),
		Now: func() time.Time { return h.now }})
	t.Cleanup(func() { h.c.Close(context.Background()) })
	return h
}

// guardianAndChild creates Ann and her child Sam with policy p; Ann is open.
func (h *home) guardianAndChild(p family.Policy) (family.Guardian, string) {
	ctx := context.Background()
	ann, _, err := h.c.CreateProfile(ctx, profileReq("Ann", "ann-pin-1"))
	if err != nil {
		h.t.Fatal(err)
	}
	ws, _, err := h.c.Unlock(ctx, ann.ID, "ann-pin-1")
	if err != nil {
		h.t.Fatal(err)
	}
	g := family.Guardian{Profile: ws.Profile, DB: ws.DB}
	sam, _, err := h.c.Family.CreateChild(ctx, g, family.ChildRequest{Name: "Sam", Protection: vault.ModePIN, Secret: "sam-pin-1", Policy: p})
	if err != nil {
		h.t.Fatal(err)
	}
	return g, sam.ID
}

func TestGuardianKeysNeverOnDiskInTheClear(t *testing.T) {
	h := newHousehold(t)
	ctx := context.Background()
	g, _ := h.guardianAndChild(family.Policy{})
	var seed []byte
	var ident string
	if err := g.DB.QueryRowContext(ctx, `SELECT sign_key, age_identity FROM family_guardian`).Scan(&seed, &ident); err != nil {
		t.Fatal(err)
	}
	if len(seed) != 32 || !strings.HasPrefix(ident, "AGE-SECRET-KEY-1") {
		t.Fatalf("guardian keys: %d-byte seed, identity %.16s", len(seed), ident)
	}
	h.c.Close(ctx)
	filepath.WalkDir(h.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(path)
		if bytes.Contains(b, seed) || bytes.Contains(b, []byte(ident)) || bytes.Contains(b, []byte(strings.ToLower(ident))) {
			t.Errorf("%s holds a guardian key in the clear", path)
		}
		return nil
	})
}

func TestTurnsInsideQuietHoursAreRefused(t *testing.T) {
	h := newHousehold(t)
	ctx := context.Background()
	srv := llmtest.NewServer(t, "fake-model")
	_, samID := h.guardianAndChild(family.Policy{Modules: []string{"tutor"}, Endpoints: []string{"local"}, Quiet: "21:00-07:00"})
	ws, _, err := h.c.Unlock(ctx, samID, "sam-pin-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Endpoints.Add(ctx, llm.EndpointInput{Name: "home", BaseURL: srv.URL, DefaultModel: "fake-model"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Engine.Send(ctx, chat.SendRequest{ModuleID: "tutor", Text: "before bedtime"}); err != nil {
		t.Fatal(err)
	}
	h.now = time.Date(2026, 11, 30, 21, 0, 0, 0, time.Local) // the profile stayed open into quiet hours
	n := len(srv.Requests())
	_, err = ws.Engine.Send(ctx, chat.SendRequest{ModuleID: "tutor", Text: "after bedtime"})
	if !errors.Is(err, family.ErrQuietHours) {
		t.Fatalf("a turn inside quiet hours: %v", err)
	}
	if len(srv.Requests()) != n {
		t.Fatal("a request reached the model inside quiet hours")
	}
}

func TestEngineRefusesAModuleEndpointOutsideThePolicy(t *testing.T) {
	h := newHousehold(t)
	ctx := context.Background()
	srv := llmtest.NewServer(t, "fake-model")
	_, samID := h.guardianAndChild(family.Policy{Modules: []string{"tutor"}, Endpoints: []string{"home"}})
	ws, _, err := h.c.Unlock(ctx, samID, "sam-pin-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Endpoints.Add(ctx, llm.EndpointInput{Name: "home", BaseURL: srv.URL, DefaultModel: "fake-model"}); err != nil {
		t.Fatal(err)
	}
	other, err := ws.Endpoints.Add(ctx, llm.EndpointInput{Name: "other", BaseURL: srv.URL, DefaultModel: "fake-model"})
	if err != nil {
		t.Fatal(err)
	}
	mod, err := ws.Modules.Get(ctx, "tutor")
	if err != nil {
		t.Fatal(err)
	}
	mod.EndpointID = other.ID
	if _, err := ws.Modules.Update(ctx, mod); err != nil {
		t.Fatal(err)
	}
	n := len(srv.Requests())
	if _, err := ws.Engine.Send(ctx, chat.SendRequest{ModuleID: "tutor", Text: "hello"}); !errors.Is(err, family.ErrNotAllowed) {
		t.Fatalf("module endpoint outside the policy: %v", err)
	}
	if len(srv.Requests()) != n {
		t.Fatal("the refused endpoint was called")
	}
	if _, err := ws.Modules.Get(ctx, "kitchen"); err == nil {
		t.Fatal("a module outside the policy opens")
	}
	if _, err := ws.Modules.Create(ctx, module.New("Games")); err == nil {
		t.Fatal("a supervised child created a module")
	}
}

func profileReq(name, pin string) profile.CreateRequest {
	return profile.CreateRequest{Name: name, Protection: vault.ModePIN, Secret: pin}
}
