package chat_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"hearth/backend/chat"
	"hearth/backend/memory"
	"hearth/backend/module"
)

// TestEngine_SharedMemoryPolicy guards isolation rule 3 on the wire: a
// shared memory reaches a module's prompt only when that module's policy
// reads shared memory, and no memory at all when it does not use memory.
// Each case sends the same question that retrieves the shared memory by
// keyword, so only the policy decides.
func TestEngine_SharedMemoryPolicy(t *testing.T) {
	ctx := context.Background()
	const (
		sharedSecret = "Brisketmarmalade" // only in the shared memory, never in a question
		ownSecret    = "Quillfeather"     // only in the module's own memory
	)
	for _, tc := range []struct {
		name       string
		policy     module.Policy
		wantShared bool
		wantOwn    bool
	}{
		{"ReadShared", module.Policy{UseMemory: true, ReadShared: true}, true, true},
		{"NoShared", module.Policy{UseMemory: true, ReadShared: false}, false, true},
		{"NoMemory", module.Policy{UseMemory: false, ReadShared: true}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOpts{})
			h.setPolicy(t, "tutor", tc.policy)
			shared := h.remember(t, memory.SharedScope, "The household pangolin is called "+sharedSecret, memory.Normal)
			own := h.remember(t, "tutor", "The learner's pangolin essay is titled "+ownSecret, memory.Normal)

			first, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "tutor", Text: "what about the pangolin?"})
			if err != nil {
				t.Fatal(err)
			}
			// Regenerate builds its prompt again; it must obey the same policy.
			again, err := h.eng.Regenerate(ctx, "tutor", first.Session.ID)
			if err != nil {
				t.Fatal(err)
			}
			bodies := h.turnBodies()
			if len(bodies) != 2 {
				t.Fatalf("%d turn requests, want 2", len(bodies))
			}
			for i, res := range []chat.TurnResult{first, again} {
				body := bodies[i]
				if got := strings.Contains(body, sharedSecret); got != tc.wantShared {
					t.Errorf("turn %d: shared memory in the prompt = %v, want %v", i, got, tc.wantShared)
				}
				if got := strings.Contains(body, ownSecret); got != tc.wantOwn {
					t.Errorf("turn %d: the module's own memory in the prompt = %v, want %v", i, got, tc.wantOwn)
				}
				if got := slices.Contains(res.Reply.UsedMemories, shared.ID); got != tc.wantShared {
					t.Errorf("turn %d: shared memory listed as used = %v, want %v", i, got, tc.wantShared)
				}
				if got := slices.Contains(res.Reply.UsedMemories, own.ID); got != tc.wantOwn {
					t.Errorf("turn %d: own memory listed as used = %v, want %v", i, got, tc.wantOwn)
				}
			}
			// The stored reply says the same as the wire.
			msgs := h.messages(t, "tutor", first.Session.ID)
			if got := slices.Contains(msgs[len(msgs)-1].UsedMemories, shared.ID); got != tc.wantShared {
				t.Errorf("stored reply lists the shared memory = %v, want %v", got, tc.wantShared)
			}
		})
	}
}
