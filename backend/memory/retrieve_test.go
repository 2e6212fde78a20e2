package memory_test

import (
	"context"
	"strings"
	"testing"

	"hearth/backend/memory"
)

func TestService_Retrieve(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	peanut := mustAdd(t, s, "kitchen", "Allergic to peanuts")
	mustAdd(t, s, "kitchen", "Owns a wok")
	shared, _ := s.Add(ctx, memory.SharedScope, memory.Memory{Text: "Family of four with peanuts banned at school", OriginModule: "kitchen"})
	secret, _ := s.Add(ctx, "kitchen", memory.Memory{Text: "Takes peanut allergy medication daily peanuts", Sensitivity: memory.Sensitive})
	other := mustAdd(t, s, "tutor", "peanuts are legumes")

	ids := func(r memory.Retrieved) string {
		var out []string
		for _, m := range r.Memories {
			out = append(out, m.ID)
		}
		return strings.Join(out, ",")
	}
	t.Run("RelevantFirst", func(t *testing.T) {
		r, err := s.Retrieve(ctx, "kitchen", "a dessert with peanuts?", memory.RetrieveOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Memories) == 0 || r.Memories[0].ID != peanut.ID {
			t.Fatalf("got %s", ids(r))
		}
		if strings.Contains(ids(r), shared.ID) || strings.Contains(ids(r), other.ID) {
			t.Errorf("shared or other module's memory without permission: %s", ids(r))
		}
		if strings.Contains(ids(r), secret.ID) || r.HeldBack != 1 {
			t.Errorf("sensitive memory not held back: %s, heldBack %d", ids(r), r.HeldBack)
		}
	})
	t.Run("SharedAndSensitiveAllowed", func(t *testing.T) {
		r, err := s.Retrieve(ctx, "kitchen", "peanuts", memory.RetrieveOptions{IncludeShared: true, AllowSensitive: true})
		if err != nil {
			t.Fatal(err)
		}
		got := ids(r)
		if !strings.Contains(got, shared.ID) || !strings.Contains(got, secret.ID) || r.HeldBack != 0 || strings.Contains(got, other.ID) {
			t.Fatalf("got %s heldBack %d", got, r.HeldBack)
		}
	})
	t.Run("BudgetAndLimit", func(t *testing.T) {
		r, _ := s.Retrieve(ctx, "kitchen", "peanuts", memory.RetrieveOptions{Limit: 1})
		if len(r.Memories) != 1 {
			t.Errorf("limit: %d", len(r.Memories))
		}
		r, _ = s.Retrieve(ctx, "kitchen", "peanuts", memory.RetrieveOptions{TokenBudget: memory.Tokens(peanut.Text)})
		if len(r.Memories) != 1 || r.Memories[0].ID != peanut.ID {
			t.Errorf("budget: %s", ids(r))
		}
	})
	t.Run("EmptyQueryUsesRecency", func(t *testing.T) {
		r, _ := s.Retrieve(ctx, "kitchen", "", memory.RetrieveOptions{})
		if len(r.Memories) != 2 {
			t.Errorf("got %s", ids(r))
		}
	})
}
