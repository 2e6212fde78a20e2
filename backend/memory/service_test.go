package memory_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"hearth/backend/memory"
	"hearth/backend/module"
	"hearth/backend/store"
	"hearth/backend/store/storetest"
)

func clock() func() time.Time {
	t := time.UnixMilli(1_700_000_000_000)
	return func() time.Time { t = t.Add(time.Millisecond); return t }
}

func openDB(t testing.TB, opts store.Options) *store.DB {
	t.Helper()
	ctx := context.Background()
	db := storetest.OpenWith(t, storetest.Config{Options: opts})
	if err := module.NewService(db, time.Now).Seed(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

func newService(t *testing.T) *memory.Service {
	t.Helper()
	return memory.NewService(openDB(t, store.Options{}), clock())
}

func mustAdd(t *testing.T, s *memory.Service, scope, text string) memory.Memory {
	t.Helper()
	m, err := s.Add(context.Background(), scope, memory.Memory{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestService_Add(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	t.Run("OK", func(t *testing.T) {
		m := mustAdd(t, s, "kitchen", "  Allergic to peanuts ")
		got, err := s.Get(ctx, "kitchen", m.ID)
		if err != nil || got != m || m.Text != "Allergic to peanuts" || m.Kind != memory.KindFact ||
			m.Sensitivity != memory.Normal || m.OriginModule != "kitchen" {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, c := range []struct {
			scope string
			m     memory.Memory
		}{
			{"kitchen", memory.Memory{Text: " "}},
			{"kitchen", memory.Memory{Text: string(make([]rune, memory.MaxTextLen+1))}},
			{"kitchen", memory.Memory{Text: "x", Kind: "rumour"}},
			{"kitchen", memory.Memory{Text: "x", Sensitivity: "secret"}},
			{"no-such-module", memory.Memory{Text: "x"}},
			{"", memory.Memory{Text: "x"}},
		} {
			if _, err := s.Add(ctx, c.scope, c.m); !errors.Is(err, memory.ErrInvalid) {
				t.Errorf("%q %+v: %v", c.scope, c.m.Kind, err)
			}
		}
	})
}

func TestService_Isolation(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	m := mustAdd(t, s, "tutor", "Year 5 maths")
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.Get(ctx, "kitchen", m.ID); !errors.Is(err, memory.ErrNotFound) {
			t.Error(err)
		}
		if _, err := s.Get(ctx, memory.SharedScope, m.ID); !errors.Is(err, memory.ErrNotFound) {
			t.Error(err)
		}
		if _, err := s.Update(ctx, "kitchen", m.ID, "x", "", ""); !errors.Is(err, memory.ErrNotFound) {
			t.Error(err)
		}
		if err := s.Forget(ctx, "kitchen", m.ID); !errors.Is(err, memory.ErrNotFound) {
			t.Error(err)
		}
		if _, err := s.Share(ctx, "kitchen", m.ID); !errors.Is(err, memory.ErrNotFound) {
			t.Error(err)
		}
		if _, err := s.Unshare(ctx, m.ID); !errors.Is(err, memory.ErrNotFound) {
			t.Error(err)
		}
		if _, err := s.History(ctx, "kitchen", m.ID); !errors.Is(err, memory.ErrNotFound) {
			t.Error(err)
		}
		if _, err := s.Undo(ctx, "kitchen", m.ID); !errors.Is(err, memory.ErrNotFound) {
			t.Error(err)
		}
		if got, _ := s.Search(ctx, "kitchen", "maths", 10); len(got) != 0 {
			t.Error("search leaked across modules")
		}
	})
}

func TestService_UpdateUndo(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	m := mustAdd(t, s, "writer", "Prefers British spelling")
	t.Run("Update", func(t *testing.T) {
		got, err := s.Update(ctx, "writer", m.ID, "Prefers American spelling", memory.KindPreference, memory.Private)
		if err != nil || got.Text != "Prefers American spelling" || got.Kind != memory.KindPreference || got.Sensitivity != memory.Private {
			t.Fatalf("%+v %v", got, err)
		}
		if hits, _ := s.Search(ctx, "writer", "British", 5); len(hits) != 0 {
			t.Error("old text still indexed")
		}
	})
	t.Run("ShareUnshare", func(t *testing.T) {
		if _, err := s.Share(ctx, "writer", m.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, memory.SharedScope, m.ID); err != nil {
			t.Fatal(err)
		}
		got, err := s.Unshare(ctx, m.ID)
		if err != nil || got.Scope != "writer" {
			t.Fatalf("%+v %v", got, err)
		}
		h, _ := s.History(ctx, "writer", m.ID)
		var actions []string
		for _, c := range h {
			actions = append(actions, c.Action)
		}
		if want := "[add update share unshare]"; fmtSlice(actions) != want {
			t.Fatalf("history %v", actions)
		}
	})
	t.Run("Undo", func(t *testing.T) {
		got, err := s.Undo(ctx, "writer", m.ID) // undo unshare -> shared
		if err != nil || got.Scope != memory.SharedScope {
			t.Fatalf("%+v %v", got, err)
		}
		if _, err := s.Undo(ctx, memory.SharedScope, m.ID); err != nil { // undo share -> writer
			t.Fatal(err)
		}
		got, err = s.Undo(ctx, "writer", m.ID) // undo update
		if err != nil || got.Text != "Prefers British spelling" || got.Scope != "writer" {
			t.Fatalf("%+v %v", got, err)
		}
		if _, err := s.Undo(ctx, "writer", m.ID); !errors.Is(err, memory.ErrNothingToUndo) {
			t.Fatal(err)
		}
		if hits, _ := s.Search(ctx, "writer", "British", 5); len(hits) != 1 {
			t.Error("restored text not indexed")
		}
	})
}

func fmtSlice(s []string) string {
	out := "["
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out + "]"
}

func TestService_ListCounts(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	a := mustAdd(t, s, "planner", "one")
	b := mustAdd(t, s, "planner", "two")
	mustAdd(t, s, memory.SharedScope, "three")
	t.Run("List", func(t *testing.T) {
		got, err := s.List(ctx, "planner", 10, 0)
		if err != nil || len(got) != 2 || got[0].ID != b.ID || got[1].ID != a.ID {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("Counts", func(t *testing.T) {
		got, err := s.Counts(ctx)
		if err != nil || got["planner"] != 2 || got[memory.SharedScope] != 1 || len(got) != 2 {
			t.Fatalf("%v %v", got, err)
		}
	})
	t.Run("ForgetModule", func(t *testing.T) {
		if err := s.ForgetModule(ctx, "planner"); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Counts(ctx)
		if got["planner"] != 0 || got[memory.SharedScope] != 1 {
			t.Fatalf("%v", got)
		}
	})
	t.Run("ForgetAll", func(t *testing.T) {
		if err := s.ForgetAll(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Counts(ctx)
		if len(got) != 0 {
			t.Fatalf("%v", got)
		}
	})
}
