package isolation_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"hearth/backend/chat"
	"hearth/backend/family"
	"hearth/backend/household"
	"hearth/backend/keychain/keychaintest"
	hprofile "hearth/backend/profile"
	"hearth/backend/vault"
)

// TestFamilyIsolation interleaves guardian and child operations over real
// encrypted profiles: children and the guardian write messages, the
// guardian changes policies and tries to read each child's chats, and
// everyone searches for everyone else's words. A guardian sees a child's
// chats only where reading was chosen at set-up, then exactly that
// child's; nobody's search finds another profile's words.
func TestFamilyIsolation(t *testing.T) {
	ctx := context.Background()
	s := seed(t)
	rng := rand.New(rand.NewPCG(s, s^0x51))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("reproduce with: go test ./backend/isolation -run TestFamilyIsolation -seed %d", s)
		}
	})
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.Local)
	c := household.New(household.Config{DataDir: t.TempDir(), Keychain: keychaintest.New(), KDF: vault.LowSecurityKDFParams(),
		Now: func() time.Time { return now }})
	defer c.Close(ctx)

	type person struct {
		id, pin, module string
		reads           bool              // the guardian may read (children)
		words           map[string]string // message words -> owner check
	}
	mk := func(name string) *person {
		p, _, err := c.CreateProfile(ctx, hprofile.CreateRequest{Name: name, Protection: vault.ModePIN, Secret: name + "-pin-1"})
		if err != nil {
			t.Fatal(err)
		}
		return &person{id: p.ID, pin: name + "-pin-1", module: "general", words: map[string]string{}}
	}
	ann := mk("Ann")
	openAs := func(p *person) *household.Workspace {
		ws, _, err := c.Unlock(ctx, p.id, p.pin)
		if err != nil {
			t.Fatalf("seed %d: unlock: %v", s, err)
		}
		return ws
	}
	guardian := func() family.Guardian {
		ws := openAs(ann)
		return family.Guardian{Profile: ws.Profile, DB: ws.DB}
	}
	var kids []*person
	for i, reads := range []bool{false, true, false} {
		name := fmt.Sprintf("Kid%d", i)
		k, _, err := c.Family.CreateChild(ctx, guardian(), family.ChildRequest{Name: name, Protection: vault.ModePIN,
			Secret: name + "-pin-1", Policy: family.Policy{Modules: []string{"tutor"}, GuardianReads: reads}})
		if err != nil {
			t.Fatal(err)
		}
		kids = append(kids, &person{id: k.ID, pin: name + "-pin-1", module: "tutor", reads: reads, words: map[string]string{}})
	}
	everyone := append([]*person{ann}, kids...)
	n := 0
	word := func() string { n++; return fmt.Sprintf("tok%dx%d", n, rng.IntN(1000)) }

	ops := 60
	if testing.Short() {
		ops = 20
	}
	for step := 0; step < ops; step++ {
		fail := func(format string, a ...any) {
			t.Helper()
			t.Fatalf("seed %d, step %d: %s", s, step, fmt.Sprintf(format, a...))
		}
		switch op := rng.IntN(5); op {
		case 0, 1: // someone writes a message
			p := everyone[rng.IntN(len(everyone))]
			ws := openAs(p)
			sess, err := ws.Chats.CreateSession(ctx, p.module, "")
			if err != nil {
				fail("create session: %v", err)
			}
			w := word()
			if _, err := ws.Chats.AddMessage(ctx, p.module, chat.Message{SessionID: sess.ID, Role: "user", Content: "hello " + w}); err != nil {
				fail("add message: %v", err)
			}
			p.words[w] = p.id
		case 2: // the guardian tries to read a child's chats
			k := kids[rng.IntN(len(kids))]
			lines, err := c.Family.ReadChats(ctx, guardian(), k.id)
			if !k.reads {
				if !errors.Is(err, family.ErrNotAllowed) || lines != nil {
					fail("guardian read a child's chats without it being chosen: %d lines, %v", len(lines), err)
				}
				continue
			}
			if err != nil {
				fail("read chats: %v", err)
			}
			var got []string
			for _, l := range lines {
				if l.Role == "user" {
					got = append(got, strings.TrimPrefix(l.Content, "hello "))
				}
			}
			var want []string
			for w := range k.words {
				want = append(want, w)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				fail("guardian read %v of a child who wrote %v", got, want)
			}
		case 3: // the guardian changes a policy, trying to turn reading on
			k := kids[rng.IntN(len(kids))]
			if _, err := c.Family.SetPolicy(ctx, guardian(), k.id, func(p *family.Policy) {
				p.Memory = !p.Memory
				p.GuardianReads = true
			}); err != nil {
				fail("set policy: %v", err)
			}
		case 4: // someone searches for another profile's words
			p := everyone[rng.IntN(len(everyone))]
			ws := openAs(p)
			for _, q := range everyone {
				if q == p {
					continue
				}
				for w := range q.words {
					hits, err := ws.Chats.Search(ctx, w, "", 5)
					if err != nil {
						fail("search: %v", err)
					}
					if len(hits) > 0 {
						fail("a profile's search found another profile's message")
					}
				}
			}
		}
	}
}
